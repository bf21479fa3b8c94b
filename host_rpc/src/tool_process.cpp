#include "tool_process.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <iterator>
#include <map>

#include "hostbridge/connection_file.hpp"
#include "hostbridge/token.hpp"
#include "process.hpp"
#include "tool_record.hpp"

namespace hostbridge {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// "Port:NNNN" (spaces allowed after the colon): the port a tool serves on, else 0.
std::uint16_t parsePort(const std::string& line) {
    if (line.compare(0, 5, "Port:") != 0) return 0;
    std::size_t i = 5;
    while (i < line.size() && line[i] == ' ') ++i;
    if (i == line.size() || line.size() - i > 5) return 0;
    long port = 0;
    for (; i < line.size(); ++i) {
        if (line[i] < '0' || line[i] > '9') return 0;
        port = port * 10 + (line[i] - '0');
    }
    return port > 0 && port <= 65535 ? static_cast<std::uint16_t>(port) : 0;
}

// "10", "1.5": seconds as hostbridge_tool.py and test_tool.py read $HOSTBRIDGE_HOST_GRACE.
std::string secondsText(milliseconds ms) {
    std::string text = std::to_string(ms.count() / 1000);
    if (const auto rest = ms.count() % 1000; rest != 0) {
        text += "." + std::to_string(1000 + rest).substr(1);
        while (text.back() == '0') text.pop_back();
    }
    return text;
}

bool isOutput(ToolEventKind kind) { return kind == ToolEventKind::Stdout || kind == ToolEventKind::Stderr; }

}  // namespace

std::shared_ptr<ToolLink::Process> ToolLink::Process::obtain(const ToolOptions& options, const std::string& identity) {
    // Weak: the tool's thread ends with the last link to it, not with the process.
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<Process>> registry;
    std::lock_guard lock(mutex);
    std::shared_ptr<Process> process = registry[identity].lock();
    if (!process) {
        process = std::make_shared<Process>(options, identity);
        registry[identity] = process;
    }
    return process;
}

ToolLink::Process::Process(const ToolOptions& options, std::string identity)
    : m_options(options), m_identity(std::move(identity)), m_nextDelay(options.restartDelay) {
    m_status.identity = m_identity;
    m_thread = std::thread([this] {
        detail::nameCurrentThread("hb-tool");
        run();
    });
}

ToolLink::Process::~Process() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_wait.wake();
    if (m_thread.get_id() == std::this_thread::get_id()) m_thread.detach();  // documented misuse: from a callback
    else if (m_thread.joinable()) m_thread.join();
}

void ToolLink::Process::add(const std::shared_ptr<Listener>& listener, bool keepAlive) {
    {
        std::lock_guard lock(m_mutex);
        if (std::find(m_listeners.begin(), m_listeners.end(), listener) == m_listeners.end()) {
            listener->replayUpTo = m_sequence;
            m_listeners.push_back(listener);
        }
        m_keepAlive = m_keepAlive || keepAlive;
        m_startRequested = true;
        // Read at once: a start is under way from the caller's point of view.
        const ToolState s = m_status.state;
        if (s != ToolState::Starting && s != ToolState::Running && s != ToolState::Restarting &&
            s != ToolState::Stopping)
            m_status.state = ToolState::Starting;
    }
    m_changed.notify_all();
    m_wait.wake();
}

void ToolLink::Process::remove(const std::shared_ptr<Listener>& listener) {
    listener->active = false;
    {
        std::lock_guard lock(m_mutex);
        m_listeners.erase(std::remove(m_listeners.begin(), m_listeners.end(), listener), m_listeners.end());
    }
    if (m_thread.get_id() != std::this_thread::get_id()) {
        std::lock_guard waitForCallbacks(m_deliveryMutex);
    }
}

void ToolLink::Process::requestStop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
        m_keepAlive = false;
        if (m_status.state != ToolState::Stopped) m_status.state = ToolState::Stopping;
    }
    m_changed.notify_all();
    m_wait.wake();
}

bool ToolLink::Process::keptAlive() const {
    std::lock_guard lock(m_mutex);
    return m_keepAlive;
}

ToolStatus ToolLink::Process::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::vector<ToolEvent> ToolLink::Process::history() const {
    std::lock_guard lock(m_mutex);
    std::vector<ToolEvent> events;
    events.reserve(m_lifecycle.size() + m_output.size());
    std::merge(m_lifecycle.begin(), m_lifecycle.end(), m_output.begin(), m_output.end(), std::back_inserter(events),
               [](const ToolEvent& a, const ToolEvent& b) { return a.sequence < b.sequence; });
    return events;
}

bool ToolLink::Process::waitFor(const std::function<bool(const ToolStatus&)>& predicate, milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return predicate(m_status); });
}

std::pair<std::uint16_t, std::string> ToolLink::Process::endpoint() const {
    std::lock_guard lock(m_mutex);
    return {m_status.port, m_token};
}

void ToolLink::Process::log(const std::string& message) const {
    // The host's callback runs on the tool's thread: whatever it throws must not end it.
    try {
        if (m_options.log) m_options.log(message);
        else std::cerr << "hostbridge tool " << m_identity << ": " << message << std::endl;
    } catch (...) {
    }
}

void ToolLink::Process::setStatus(const std::function<void(ToolStatus&)>& change) {
    {
        std::lock_guard lock(m_mutex);
        change(m_status);
    }
    m_changed.notify_all();
}

void ToolLink::Process::run() {
    for (;;) {
        bool start = false, stop = false;
        {
            std::lock_guard lock(m_mutex);
            if (m_quit) return;
            start = std::exchange(m_startRequested, false);
            stop = std::exchange(m_stopRequested, false);
        }
        try {
            if (stop) stopTool();
            else if (start) startOrReuse();
            readOutput();
            checkProcess();
            checkTimers();
        } catch (const std::exception& e) {
            log(e.what());
            setStatus([&](ToolStatus& s) {
                s.state = ToolState::Failed;
                s.lastError = e.what();
            });
            emit(ToolEventKind::Failed, e.what());
        }
        deliver();
        m_wait.wait(nextTimeout());
    }
}

void ToolLink::Process::startOrReuse() {
    // A process of ours runs, or a restart is due: that is the tool asked for.
    if (m_pid != 0 || (status().state == ToolState::Restarting)) return;
    if (!attach()) launch(false);
}

// A live record of this identity: a plug-in loaded again or a host restarted finds its tool.
bool ToolLink::Process::attach() {
    const std::optional<detail::ToolRecord> record = detail::readLiveToolRecord(m_identity);
    if (!record) return false;
    m_pid = record->pid;
    m_started = record->started;
    m_port = record->port;
    m_wait.watchProcess(m_pid);
    const std::string out = detail::toolFilePath(m_identity, ".out"), err = detail::toolFilePath(m_identity, ".err");
    m_stdout.open(out);
    m_stderr.open(err);
    m_wait.watchFiles({out, err});
    m_launchedAt = Clock::now();
    m_portDeadline = m_launchedAt + m_options.startTimeout;
    const bool serving = m_port != 0 || !m_options.waitForPort;
    {
        std::lock_guard lock(m_mutex);
        m_token = record->token;
        m_status.pid = m_pid;
        m_status.port = m_port;
        m_status.attached = true;
        m_status.lastError.clear();
        m_status.state = serving ? ToolState::Running : ToolState::Starting;
    }
    m_changed.notify_all();
    writeRecord();  // "hostPid" is this host now
    log("attached to the running tool (process " + std::to_string(m_pid) + ", port " + std::to_string(m_port) + ")");
    emit(ToolEventKind::Attached, m_options.executable);
    return true;
}

void ToolLink::Process::launch(bool restart) {
    const std::string token = generateToken();
    const std::string out = detail::toolFilePath(m_identity, ".out"), err = detail::toolFilePath(m_identity, ".err");
    detail::OutputTail::create(out);
    detail::OutputTail::create(err);
    detail::LaunchSpec spec;
    spec.args.push_back(m_options.executable);
    spec.args.insert(spec.args.end(), m_options.arguments.begin(), m_options.arguments.end());
    std::map<std::string, std::string> environment = m_options.environment;  // ours win over the caller's
    environment[kTokenEnvironmentVariable] = token;
    environment["HOSTBRIDGE_HOST_PID"] = std::to_string(::getpid());
    environment["HOSTBRIDGE_TOOL_IDENTITY"] = m_identity;
    environment["HOSTBRIDGE_TOOL_RECORD"] = detail::toolFilePath(m_identity, ".json");
    // Always set: one inherited from this host (itself a tool) must not apply. 0: never.
    environment["HOSTBRIDGE_HOST_GRACE"] = m_options.outliveHost ? "0" : secondsText(m_options.hostGrace);
    spec.environment.assign(environment.begin(), environment.end());
    spec.workingDirectory = m_options.workingDirectory;
    spec.stdoutFile = out;
    spec.stderrFile = err;
    // Opened before the launch: not a byte the tool writes is missed.
    m_stdout.open(out);
    m_stderr.open(err);
    m_wait.watchFiles({out, err});
    const detail::Launched launched = detail::launchDetached(spec);
    if (launched.pid == 0) {
        log(launched.error);
        m_pid = 0;
        m_port = 0;
        const bool keepAlive = keptAlive();
        setStatus([&](ToolStatus& s) {
            s.state = keepAlive ? ToolState::Restarting : ToolState::Failed;
            s.lastError = launched.error;
            s.pid = 0;
            s.port = 0;
        });
        emit(ToolEventKind::Failed, launched.error);
        m_restartAt = Clock::now() + m_nextDelay;
        m_nextDelay = std::min(m_nextDelay * 2, m_options.maxRestartDelay);
        return;
    }
    m_pid = launched.pid;
    m_started = processStartTime(m_pid);
    m_port = 0;
    m_wait.watchProcess(m_pid);
    m_launchedAt = Clock::now();
    m_portDeadline = m_launchedAt + m_options.startTimeout;
    std::uint64_t restarts = 0;
    {
        std::lock_guard lock(m_mutex);
        m_token = token;
        m_status.pid = m_pid;
        m_status.port = 0;
        m_status.attached = false;
        m_status.lastError.clear();
        ++m_status.launches;
        if (restart) ++m_status.restarts;
        restarts = m_status.restarts;
        m_status.state = m_options.waitForPort ? ToolState::Starting : ToolState::Running;
    }
    m_changed.notify_all();
    writeRecord();
    log((restart ? "launched again (restart " + std::to_string(restarts) + "): " : std::string("launched ")) +
        m_options.executable + " (process " + std::to_string(m_pid) + ")");
    if (restart) emit(ToolEventKind::Restarted, "restart " + std::to_string(restarts));
    else emit(ToolEventKind::Started, m_options.executable);
}

void ToolLink::Process::writeRecord() {
    detail::ToolRecord record;
    record.pid = m_pid;
    record.started = m_started;
    record.port = m_port;
    record.token = endpoint().second;
    record.hostPid = static_cast<int>(::getpid());
    record.outliveHost = m_options.outliveHost;
    try {
        detail::writeToolRecord(m_identity, record);
    } catch (const std::exception& e) {
        log(std::string(e.what()) + " (the tool runs, but no other host can find it)");
    }
}

void ToolLink::Process::readOutput() {
    m_stdout.read([this](std::string line) { onLine(std::move(line), false); });
    m_stderr.read([this](std::string line) { onLine(std::move(line), true); });
}

void ToolLink::Process::onLine(std::string line, bool error) {
    const std::uint16_t port = error ? 0 : parsePort(line);
    if (port == 0) {
        emit(error ? ToolEventKind::Stderr : ToolEventKind::Stdout, std::move(line));
        return;
    }
    const bool changed = port != m_port;
    m_port = port;
    setStatus([&](ToolStatus& s) {
        s.port = port;
        if (s.state == ToolState::Starting) s.state = ToolState::Running;
    });
    if (changed) writeRecord();
    emit(ToolEventKind::Port, std::move(line));
}

// The tool's process is gone (found here, or ended by endProcess): its last output, the
// Exited event, then a restart when it is kept alive.
void ToolLink::Process::processGone(const std::string& why, ToolState otherwise) {
    m_stdout.flush([this](std::string line) { onLine(std::move(line), false); });
    m_stderr.flush([this](std::string line) { onLine(std::move(line), true); });
    m_wait.watchProcess(0);
    emit(ToolEventKind::Exited, why);
    deliver();  // before the state changes: whoever waits for it has the output and the exit by then
    const int gone = m_pid;
    m_pid = 0;
    m_port = 0;
    if (!keptAlive()) {
        ::unlink(detail::toolFilePath(m_identity, ".json").c_str());  // the output stays, to read
        setStatus([&](ToolStatus& s) {
            s.state = otherwise;
            s.pid = 0;
            s.port = 0;
        });
        return;
    }
    // Dying again within a minute doubles the wait: a tool that cannot start never spins.
    if (Clock::now() - m_launchedAt > std::chrono::minutes(1)) m_nextDelay = m_options.restartDelay;
    m_restartAt = Clock::now() + m_nextDelay;
    log("the tool (process " + std::to_string(gone) + ") " + why + "; launching it again in " +
        std::to_string(m_nextDelay.count()) + " ms");
    m_nextDelay = std::min(m_nextDelay * 2, m_options.maxRestartDelay);
    setStatus([&](ToolStatus& s) {
        s.state = ToolState::Restarting;
        s.pid = 0;
        s.port = 0;
    });
}

void ToolLink::Process::checkProcess() {
    if (m_pid != 0 && !detail::processAlive(m_pid)) processGone("exited", ToolState::Exited);
}

void ToolLink::Process::checkTimers() {
    const ToolState state = status().state;
    const auto now = Clock::now();
    if (state == ToolState::Starting && m_pid != 0 && m_port == 0 && m_options.waitForPort && now >= m_portDeadline) {
        const std::string why =
            "no Port: line within " + std::to_string(m_options.startTimeout.count()) + " ms; ending it";
        log(why);
        setStatus([&](ToolStatus& s) { s.lastError = why; });
        emit(ToolEventKind::Failed, why);
        endProcess(false);
        processGone("ended: " + why, ToolState::Failed);
        setStatus([&](ToolStatus& s) { s.lastError = why; });
    } else if (state == ToolState::Restarting && now >= m_restartAt) {
        launch(true);
    }
}

std::optional<milliseconds> ToolLink::Process::nextTimeout() const {
    const ToolState state = status().state;
    const auto until = [](Clock::time_point t) {
        return std::max(milliseconds(0), std::chrono::ceil<milliseconds>(t - Clock::now()));
    };
    if (state == ToolState::Starting && m_port == 0 && m_options.waitForPort) return until(m_portDeadline);
    if (state == ToolState::Restarting) return until(m_restartAt);
    return std::nullopt;
}

bool ToolLink::Process::waitExit(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        readOutput();
        if (!detail::processAlive(m_pid)) return true;
        const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
        if (left <= milliseconds(0)) return false;
        m_wait.wait(left);
    }
}

// Ask (hostbridge.disconnect on its port), then SIGTERM, then SIGKILL, each waited for; never
// a signal to a process that is not the tool's (a reused pid started at another time).
bool ToolLink::Process::endProcess(bool ask) {
    if (m_pid == 0 || !detail::processAlive(m_pid)) return true;
    if (ask && m_port != 0) {
        try {
            Client client("http://127.0.0.1:" + std::to_string(m_port) + "/", endpoint().second, m_options.stopTimeout);
            client.call("hostbridge.disconnect");
        } catch (const std::exception&) {
            // Not a tool that follows the protocol: the signals below end it.
        }
        if (waitExit(m_options.stopTimeout)) return true;
    }
    for (const bool force : {false, true}) {
        if (processStartTime(m_pid) != m_started) return true;  // gone, and the pid reused
        detail::signalProcess(m_pid, force);
        if (waitExit(m_options.stopTimeout)) return true;
    }
    log("the tool (process " + std::to_string(m_pid) + ") survived SIGKILL for " +
        std::to_string(m_options.stopTimeout.count()) + " ms");
    return false;
}

void ToolLink::Process::stopTool() {
    // A stop before the start got this far still means the tool of this identity, wherever it runs.
    if (m_pid == 0) attach();
    if (m_pid != 0) {
        endProcess(true);
        processGone("stopped", ToolState::Stopping);
    }
    m_wait.watchFiles({});
    m_stdout.close();
    m_stderr.close();
    detail::removeToolFiles(m_identity);
    // Delivered before the state changes: whoever waits for Stopped has every event by then.
    emit(ToolEventKind::Stopped, {});
    deliver();
    setStatus([](ToolStatus& s) {
        s.state = ToolState::Stopped;
        s.pid = 0;
        s.port = 0;
    });
}

void ToolLink::Process::emit(ToolEventKind kind, std::string text) {
    std::lock_guard lock(m_mutex);
    ToolEvent event{kind, std::move(text), m_pid, m_port, ++m_sequence, false};
    std::deque<ToolEvent>& kept = isOutput(kind) ? m_output : m_lifecycle;
    kept.push_back(std::move(event));
    const std::size_t cap = isOutput(kind) ? m_options.keepLines : kMaxLifecycle;
    while (kept.size() > cap) kept.pop_front();
}

// Each receiver gets what it has not had yet, lifecycle and output merged in order; for a new
// one, that is the replay. Only this thread appends, so the queues are read without the lock.
void ToolLink::Process::deliver() {
    std::lock_guard delivering(m_deliveryMutex);
    std::vector<std::shared_ptr<Listener>> listeners;
    {
        std::lock_guard lock(m_mutex);
        listeners = m_listeners;
    }
    const auto after = [](const std::deque<ToolEvent>& events, std::uint64_t sequence) {
        return std::upper_bound(events.begin(), events.end(), sequence,
                                [](std::uint64_t s, const ToolEvent& e) { return s < e.sequence; });
    };
    for (const auto& listener : listeners) {
        if (listener->delivered >= m_sequence) continue;
        auto a = after(m_lifecycle, listener->delivered), b = after(m_output, listener->delivered);
        while (listener->active && (a != m_lifecycle.end() || b != m_output.end())) {
            const bool fromA = b == m_output.end() || (a != m_lifecycle.end() && a->sequence < b->sequence);
            ToolEvent event = fromA ? *a++ : *b++;
            event.replayed = event.sequence <= listener->replayUpTo;
            listener->delivered = event.sequence;
            if (!listener->callback) continue;
            try {
                listener->callback(event);
            } catch (const std::exception& e) {
                log(std::string("onEvent threw: ") + e.what());
            } catch (...) {
                log("onEvent threw");
            }
        }
        listener->delivered = m_sequence;
    }
}

}  // namespace hostbridge
