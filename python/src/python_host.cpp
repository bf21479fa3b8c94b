#include "python_host.hpp"

#include <chrono>
#include <cmath>
#include <mutex>
#include <set>
#include <stdexcept>

#include "python_function.hpp"

namespace hostbridge::python {

namespace {
// Every live PythonHost, for the exit hook. The mutex is held while the hook stops them, so a
// host destroyed meanwhile on another thread waits until it is stopped.
std::mutex g_liveMutex;
std::set<PythonHost*> g_live;

HostOptions hostOptions(int port, std::string token, bool connectionFile, double mainThreadTimeout, py::object log,
                        double clientHeartbeatInterval) {
    if (port < 0 || port > 65535) throw py::value_error("port must be 0-65535, got " + std::to_string(port));
    if (!(mainThreadTimeout > 0 && std::isfinite(mainThreadTimeout)))
        throw py::value_error("main_thread_timeout must be a positive number of seconds");
    HostOptions options;
    options.port = static_cast<std::uint16_t>(port);
    options.token = std::move(token);
    options.writeConnectionFile = connectionFile;
    options.mainThreadTimeout = std::chrono::milliseconds(std::llround(mainThreadTimeout * 1000));
    if (!(clientHeartbeatInterval >= 0.05 && clientHeartbeatInterval <= 3600))
        throw py::value_error("client_heartbeat_interval must be 0.05 to 3600 seconds");
    options.clientHeartbeatInterval = std::chrono::milliseconds(std::llround(clientHeartbeatInterval * 1000));
    if (!log.is_none())
        options.log = [log = share(std::move(log))](const std::string& message) { logThrough(log, message); };
    return options;
}
}  // namespace

PythonHost::PythonHost(std::shared_ptr<WakingExecutor> executor, int port, std::string token, bool connectionFile,
                       double mainThreadTimeout, py::object log, double clientHeartbeatInterval)
    : m_executor(std::move(executor)) {
    if (!m_executor) throw py::type_error("executor must be a hostbridge.executors.PumpExecutor");
    m_host = std::make_unique<Host>(m_executor, hostOptions(port, std::move(token), connectionFile, mainThreadTimeout,
                                                            std::move(log), clientHeartbeatInterval));
    std::lock_guard lock(g_liveMutex);
    g_live.insert(this);
}

PythonHost::~PythonHost() {
    py::gil_scoped_release released;
    {
        std::lock_guard lock(g_liveMutex);
        g_live.erase(this);
    }
    m_host.reset();
}

void PythonHost::bind(const std::string& name, py::object function, std::string help, std::vector<Signature> signatures,
                      std::size_t minimumArity, long maximumArity, bool mainThread, const std::string& path) {
    m_host->bind(
        name,
        UntypedFunction{makePythonHandler(std::move(function), minimumArity, maximumArity), std::move(signatures)},
        std::move(help), {mainThread ? Thread::Main : Thread::Connection, path});
}

void PythonHost::start() { m_host->start(); }

void PythonHost::stop() { m_host->stop(); }

bool PythonHost::running() const { return m_host->running(); }

std::uint16_t PythonHost::port() const { return m_host->port(); }

const std::string& PythonHost::token() const { return m_host->token(); }

std::string PythonHost::url(const std::string& path) const { return m_host->url(path); }

std::optional<std::string> PythonHost::connectionFile() const {
    std::string path = m_host->connectionFilePath();
    if (path.empty()) return std::nullopt;
    return path;
}

void PythonHost::stopAllForExit() {
    markExiting();
    std::lock_guard lock(g_liveMutex);
    for (PythonHost* host : g_live) host->m_host->stop();
}

}  // namespace hostbridge::python
