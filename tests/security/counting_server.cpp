#include "counting_server.hpp"

#include <chrono>

#include "hostbridge/client.hpp"
#include "hostbridge/connection_file.hpp"
#include "hostbridge/url.hpp"

using namespace std::chrono_literals;

CountingServer::CountingServer(hostbridge::ServerOptions options, bool introspection)
    : m_table(std::make_shared<hostbridge::MethodTable>()) {
    m_table->bind("echo", [this](const hostbridge::Value& v) {
        ++m_calls;
        return v;
    });
    m_table->bind("add", [this](int a, int b) {
        ++m_calls;
        return std::int64_t{a} + b;  // cannot overflow, unlike an int sum
    });
    m_table->setIntrospection(introspection);
    options.address = "127.0.0.1";
    options.port = 0;
    options.log = [this](const std::string& message) {
        std::lock_guard lock(m_logMutex);
        m_logged.push_back(message);
    };
    if (rawhttp::overUnixSocket())
        options.socketPath = [](std::uint16_t port) {
            return hostbridge::runtimeDirectory() + "/counting-" + std::to_string(port) + ".sock";
        };
    m_server = std::make_unique<hostbridge::Server>(options);
    m_server->route("/RPC2", m_table);
    m_server->route("/", m_table);
    m_server->start();
    if (rawhttp::overUnixSocket()) rawhttp::registerSocket(port(), m_server->socketPath());
}

CountingServer::~CountingServer() { m_server->stop(); }

std::vector<std::string> CountingServer::logged() const {
    std::lock_guard lock(m_logMutex);
    return m_logged;
}

std::string CountingServer::url(const std::string& path) const {
    if (!rawhttp::overUnixSocket()) return m_server->url(path);
    hostbridge::Url url;
    url.socketPath = m_server->socketPath();
    url.path = path;
    return url.printable();
}

std::string CountingServer::hostLine() const { return "Host: 127.0.0.1:" + std::to_string(port()); }

std::string CountingServer::authorizationLine() const { return "Authorization: Bearer " + token(); }

std::string CountingServer::request(const std::string& body, const std::vector<std::string>& extraHeaders) const {
    std::vector<std::string> lines = {hostLine(), "Content-Type: text/xml", authorizationLine(),
                                      "Content-Length: " + std::to_string(body.size())};
    lines.insert(lines.end(), extraHeaders.begin(), extraHeaders.end());
    return rawhttp::head("POST", "/RPC2", lines) + body;
}

bool CountingServer::answersNormalCall() {
    const int before = m_calls;
    hostbridge::Client client(url("/RPC2"), token(), 5s);
    const hostbridge::CallResult result = client.call("echo", std::string("ping"));
    return result && result.value() == hostbridge::Value("ping") && m_calls == before + 1;
}

std::string echoPingXml() { return rawhttp::methodCallXml("echo", {"ping"}); }
