#include "raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

#include "hostbridge/base64.hpp"

namespace rawhttp {

using Clock = std::chrono::steady_clock;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    const std::size_t first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const std::size_t last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

// Parses "HTTP/1.1 403 Forbidden\r\nName: value\r\n..." (without the blank line).
bool parseHead(const std::string& text, Response& out) {
    std::size_t lineEnd = text.find("\r\n");
    const std::string statusLine = text.substr(0, lineEnd);
    if (statusLine.rfind("HTTP/1.", 0) != 0 || statusLine.size() < 12) return false;
    try {
        out.status = std::stoi(statusLine.substr(9, 3));
    } catch (...) {
        return false;
    }
    while (lineEnd != std::string::npos) {
        const std::size_t start = lineEnd + 2;
        lineEnd = text.find("\r\n", start);
        const std::string line = text.substr(start, lineEnd == std::string::npos ? std::string::npos : lineEnd - start);
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        out.headers.emplace_back(lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
    }
    return true;
}

}  // namespace

std::optional<std::string> Response::header(const std::string& lowerName) const {
    for (const auto& h : headers)
        if (h.first == lowerName) return h.second;
    return std::nullopt;
}

bool Response::hasHeaderWithPrefix(const std::string& lowerPrefix) const {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return h.first.rfind(lowerPrefix, 0) == 0; });
}

namespace {
std::mutex socketsMutex;
std::map<std::uint16_t, std::string> sockets;

std::string socketFor(std::uint16_t port) {
    if (!overUnixSocket()) return {};
    std::lock_guard lock(socketsMutex);
    const auto found = sockets.find(port);
    return found == sockets.end() ? std::string() : found->second;
}
}  // namespace

bool overUnixSocket() {
    const char* transport = std::getenv("HOSTBRIDGE_TEST_TRANSPORT");
    return transport && std::string(transport) == "unix";
}

void registerSocket(std::uint16_t port, const std::string& path) {
    std::lock_guard lock(socketsMutex);
    sockets[port] = path;
}

Connection::Connection(std::uint16_t port) {
    if (const std::string path = socketFor(port); !path.empty()) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) m_fd = fd;
        else if (fd >= 0) ::close(fd);
        return;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return;
    }
    m_fd = fd;
}

Connection::~Connection() {
    if (m_fd >= 0) ::close(m_fd);
}

bool Connection::send(const std::string& bytes) {
    if (m_fd < 0) return false;
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        // MSG_NOSIGNAL: a server that already closed must give EPIPE, not kill the test.
        const ssize_t n = ::send(m_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

int Connection::readSome(Clock::time_point deadline) {
    if (m_fd < 0 || m_closed) return 0;
    for (;;) {
        // A deadline already past still gets one look without waiting, so callers can poll.
        const auto left = std::max<long long>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
        pollfd p{m_fd, POLLIN, 0};
        const int rc = ::poll(&p, 1, static_cast<int>(left));
        if (rc < 0 && errno == EINTR) continue;
        if (rc == 0) {
            if (Clock::now() >= deadline) return -1;
            continue;
        }
        char chunk[65536];
        const ssize_t n = rc < 0 ? -1 : ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            m_buffer.append(chunk, static_cast<std::size_t>(n));
            return 1;
        }
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        m_closed = true;  // 0: orderly close; <0: ECONNRESET and the like
        return 0;
    }
}

std::optional<Response> Connection::readResponse(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::size_t headEnd;
    while ((headEnd = m_buffer.find("\r\n\r\n")) == std::string::npos) {
        if (readSome(deadline) != 1) return std::nullopt;
    }
    Response response;
    if (!parseHead(m_buffer.substr(0, headEnd), response)) return std::nullopt;
    m_buffer.erase(0, headEnd + 4);
    if (const auto length = response.header("content-length")) {
        const std::size_t expected = std::stoull(*length);
        while (m_buffer.size() < expected) {
            if (readSome(deadline) != 1) break;  // truncated: return what came
        }
        const std::size_t take = std::min(expected, m_buffer.size());
        response.body = m_buffer.substr(0, take);
        m_buffer.erase(0, take);
    } else {
        while (readSome(deadline) == 1) {
        }
        response.body.swap(m_buffer);
    }
    response.closedByServer = m_closed;
    return response;
}

bool Connection::waitForClose(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const int r = readSome(deadline);
        if (r == 0) return true;
        if (r < 0) return false;
        if (m_buffer.size() > (1u << 20)) m_buffer.clear();  // bounded, however much arrives
    }
}

bool Connection::isClosedByServer() { return waitForClose(std::chrono::milliseconds(0)); }

std::optional<Response> exchange(std::uint16_t port, const std::string& request, std::chrono::milliseconds timeout) {
    Connection connection(port);
    if (!connection.isOpen()) return std::nullopt;
    // A server may answer and close before it took all of the request; the answer still counts.
    connection.send(request);
    return connection.readResponse(timeout);
}

std::string head(const std::string& method, const std::string& target, const std::vector<std::string>& headerLines) {
    std::string text = method + " " + target + " HTTP/1.1\r\n";
    for (const auto& line : headerLines) text += line + "\r\n";
    return text + "\r\n";
}

std::string basicAuthorization(const std::string& user, const std::string& password) {
    const std::string pair = user + ":" + password;
    return "Basic " + hostbridge::encodeBase64(hostbridge::Bytes(pair.begin(), pair.end()));
}

std::optional<int> faultCodeOf(const std::string& body) {
    if (body.find("<fault>") == std::string::npos) return std::nullopt;
    const std::size_t name = body.find("faultCode");
    if (name == std::string::npos) return std::nullopt;
    // The code is the first <int> or <i4> after the member name.
    const std::size_t open = body.find('>', body.find("<i", body.find("<value>", name)));
    if (open == std::string::npos) return std::nullopt;
    try {
        return std::stoi(body.substr(open + 1, 12));
    } catch (...) {
        return std::nullopt;
    }
}

std::string methodCallXml(const std::string& method, const std::vector<std::string>& stringParams) {
    std::string xml = "<?xml version=\"1.0\"?>\r\n<methodCall><methodName>" + method + "</methodName><params>";
    for (const auto& p : stringParams) xml += "<param><value><string>" + p + "</string></value></param>";
    return xml + "</params></methodCall>";
}

}  // namespace rawhttp
