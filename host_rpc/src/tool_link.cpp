#include "hostbridge/host_rpc/tool_link.hpp"

#include <stdexcept>

#include "tool_process.hpp"

namespace hostbridge {

const char* toString(ToolEventKind kind) {
    switch (kind) {
    case ToolEventKind::Started: return "started";
    case ToolEventKind::Attached: return "attached";
    case ToolEventKind::Port: return "port";
    case ToolEventKind::Stdout: return "stdout";
    case ToolEventKind::Stderr: return "stderr";
    case ToolEventKind::Exited: return "exited";
    case ToolEventKind::Restarted: return "restarted";
    case ToolEventKind::Failed: return "failed";
    case ToolEventKind::Stopped: return "stopped";
    }
    return "?";
}

const char* toString(ToolState state) {
    switch (state) {
    case ToolState::Idle: return "idle";
    case ToolState::Starting: return "starting";
    case ToolState::Running: return "running";
    case ToolState::Restarting: return "restarting";
    case ToolState::Exited: return "exited";
    case ToolState::Failed: return "failed";
    case ToolState::Stopping: return "stopping";
    case ToolState::Stopped: return "stopped";
    case ToolState::Detached: return "detached";
    }
    return "?";
}

ToolLink::ToolLink(ToolOptions options) : m_options(std::move(options)), m_identity(identityOf(m_options)) {
    if (m_options.executable.empty()) throw std::invalid_argument("ToolLink: no executable");
    if (m_options.restartDelay <= std::chrono::milliseconds(0)) m_options.restartDelay = std::chrono::milliseconds(1);
    if (m_options.maxRestartDelay < m_options.restartDelay) m_options.maxRestartDelay = m_options.restartDelay;
}

ToolLink::~ToolLink() { detach(); }

void ToolLink::start() {
    if (!m_process) {
        m_process = Process::obtain(m_options, m_identity);
        m_listener = std::make_shared<Listener>();
        m_listener->callback = m_options.onEvent;
        m_detached = false;
    }
    m_process->add(m_listener, m_options.keepAlive);
}

void ToolLink::stop() {
    if (m_process) m_process->requestStop();
}

void ToolLink::detach() {
    if (!m_process) return;
    m_process->remove(m_listener);
    m_listener.reset();
    m_process.reset();  // the last link ends the tool's thread here
    m_detached = true;
}

bool ToolLink::waitForPort(std::chrono::milliseconds timeout) const {
    if (!m_process) return false;
    const auto ended = [](ToolState s) {
        return s == ToolState::Exited || s == ToolState::Failed || s == ToolState::Stopping || s == ToolState::Stopped;
    };
    m_process->waitFor([&](const ToolStatus& s) { return s.port != 0 || ended(s.state); }, timeout);
    return m_process->status().port != 0;
}

bool ToolLink::waitFor(const std::function<bool(ToolState)>& predicate, std::chrono::milliseconds timeout) const {
    if (!m_process) return predicate(status().state);
    return m_process->waitFor([&](const ToolStatus& s) { return predicate(s.state); }, timeout);
}

Client ToolLink::client(std::chrono::milliseconds timeout) const {
    if (!m_process) throw std::logic_error("ToolLink::client: the tool is not started");
    const auto [port, token] = m_process->endpoint();
    if (port == 0) throw std::logic_error("ToolLink::client: the tool's port is not known yet");
    return Client("http://127.0.0.1:" + std::to_string(port) + "/", token, timeout);
}

ToolStatus ToolLink::status() const {
    if (m_process) return m_process->status();
    ToolStatus status;
    status.identity = m_identity;
    status.state = m_detached ? ToolState::Detached : ToolState::Idle;
    return status;
}

std::vector<ToolEvent> ToolLink::history() const { return m_process ? m_process->history() : std::vector<ToolEvent>{}; }

}  // namespace hostbridge
