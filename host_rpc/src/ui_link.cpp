#include "hostbridge/host_rpc/ui_link.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "hostbridge/client.hpp"
#include "hostbridge/connection_file.hpp"
#include "hostbridge/protocol.hpp"
#include "hostbridge/token.hpp"
#include "join_once.hpp"
#include "port_probe.hpp"
#include "process.hpp"
#include "ui_ask.hpp"
#include "ui_pusher.hpp"

namespace hostbridge {

const char* toString(UiLinkState state) {
    switch (state) {
    case UiLinkState::Idle: return "idle";
    case UiLinkState::Connecting: return "connecting";
    case UiLinkState::Connected: return "connected";
    case UiLinkState::Unreachable: return "unreachable";
    case UiLinkState::Squatter: return "squatter";
    case UiLinkState::Failed: return "failed";
    case UiLinkState::Stopped: return "stopped";
    }
    return "?";
}

const char* toString(NoticeLevel level) {
    switch (level) {
    case NoticeLevel::Info: return "info";
    case NoticeLevel::Warning: return "warning";
    case NoticeLevel::Error: return "error";
    }
    return "info";
}

namespace {

std::string describe(const Fault& fault) { return fault.message() + " (code " + std::to_string(fault.code()) + ")"; }

}  // namespace

struct UiLink::Impl {
    struct Work {
        Command command;
        Struct settings;
    };

    UiLinkOptions& options;
    const std::uint16_t hostPort;
    const std::string hostToken;
    mutable std::mutex mutex;
    mutable std::condition_variable changed;  // state changes, for waitFor()
    std::condition_variable wake;             // work queued or stop
    std::deque<Work> queue;
    bool stopping = false;
    UiLinkStatus status;                 // what status() reads, all of it under `mutex`
    std::optional<UiEndpoint> endpoint;  // the shown UI, for ask(); the pusher has its own copy
    std::thread thread;
    std::mutex joinMutex;  // stop(): one joiner at a time
    std::unique_ptr<UiPusher> pusher;

    // Link thread only.
    std::string uiToken;
    std::string uiCallUrl;
    std::unique_ptr<Client> client;
    Struct showSettings;
    bool beating = false;  // heartbeats on (after a show, until quit)
    std::chrono::milliseconds wait{0};
    std::chrono::steady_clock::time_point nextBeat;

    Impl(UiLinkOptions& o, std::uint16_t port, std::string token)
        : options(o), hostPort(port), hostToken(std::move(token)) {}

    void log(const std::string& message) {
        // The host's callback runs on the link thread: whatever it throws must not end it.
        try {
            if (options.log) options.log(message);
            else std::cerr << "hostbridge ui link: " << message << std::endl;
        } catch (...) {
        }
    }
    void setState(UiLinkState s, const std::string& error = {}) {
        {
            std::lock_guard lock(mutex);
            if (status.state == UiLinkState::Stopped) return;
            status.state = s;
            status.lastError = error;
        }
        changed.notify_all();
    }
    bool stopRequested() {
        std::lock_guard lock(mutex);
        return stopping;
    }
    // Sleeps up to `d`; false when stop() was asked meanwhile.
    bool pause(std::chrono::milliseconds d) {
        std::unique_lock lock(mutex);
        return !wake.wait_for(lock, d, [&] { return stopping; });
    }
    std::string uiUrl() const { return "http://127.0.0.1:" + std::to_string(options.uiPort) + "/"; }

    // The confirmed UI of `file` becomes the one called: over the Unix socket its file offers,
    // else its port (the ping that confirmed it went to the port, which is what it claims).
    void useUi(const ConnectionInfo& file, std::string token) {
        uiToken = std::move(token);
        uiCallUrl = file.socket.empty() ? uiUrl() : "unix:" + file.socket;
        client = std::make_unique<Client>(uiCallUrl, uiToken, options.callTimeout);
        std::lock_guard lock(mutex);
        status.overUnixSocket = !file.socket.empty();
    }

    // Pings what serves the UI port with `token`: the process id of a HostBridge UI, or 0 and
    // `why` says what answered instead.
    int confirm(const std::string& token, std::string& why) {
        try {
            Client probe(uiUrl(), token, options.probeTimeout);
            const CallResult result = probe.call("ping");
            if (!result) {
                why = "its ping failed: " + describe(result.fault());
                return 0;
            }
            const Value* application = result.value().find("application");
            const Value* pid = result.value().find("pid");
            if (!application || application->type() != ValueType::String ||
                application->asString() != "hostbridge-ui") {
                why = "its ping did not answer application \"hostbridge-ui\"";
                return 0;
            }
            if (!pid || pid->type() != ValueType::Int || pid->asInt() <= 0) {
                why = "its ping answered no process id";
                return 0;
            }
            return static_cast<int>(pid->asInt());
        } catch (const std::exception& e) {
            why = std::string("cannot call it: ") + e.what();
            return 0;
        }
    }

    std::string connectionFilePath() const {
        return runtimeDirectory() + "/" + protocol::kUiKind + "-" + std::to_string(options.uiPort) + ".json";
    }

    // Reuse or launch; true when a confirmed UI is in `client`.
    // Where ask() and the pusher send: the UI once shown, nothing while there is none.
    void setEndpoint(std::optional<UiEndpoint> shown) {
        {
            std::lock_guard lock(mutex);
            endpoint = shown;
        }
        pusher->setEndpoint(std::move(shown));
    }

    bool attach() {
        setState(UiLinkState::Connecting);
        setEndpoint(std::nullopt);
        client.reset();
        const std::uint16_t port = options.uiPort;
        std::optional<ConnectionInfo> file;
        try {
            file = ConnectionFile::read(connectionFilePath());
        } catch (const std::exception& e) {
            log(std::string("cannot read the UI's connection file: ") + e.what());
        }
        if (file && (file->kind != protocol::kUiKind || file->port != port || !ConnectionFile::writerRunning(*file)))
            file.reset();
        if (file || detail::somethingListens(port, options.probeTimeout)) {
            std::string why = file ? "" : "it wrote no ui-" + std::to_string(port) + ".json";
            int pid = 0;
            if (file) {
                pid = confirm(file->token, why);
                if (pid != 0 && pid != file->pid) {
                    why = "its ping answered process " + std::to_string(pid) + ", not " + std::to_string(file->pid) +
                          " of ui-" + std::to_string(port) + ".json";
                    pid = 0;
                }
            } else {
                std::string pingWhy;
                // Bounded by probeTimeout; tells what it is. A ping that answers as a UI is not
                // enough without a live file: only the file carries the token to trust.
                if (confirm({}, pingWhy) != 0)
                    pingWhy = "its ping answers as a HostBridge UI, but no live connection file names it";
                why += "; " + pingWhy;
            }
            if (pid == 0) {
                const std::string message =
                    "port " + std::to_string(port) +
                    " on 127.0.0.1 is held by something that is not a confirmed HostBridge UI (" + why +
                    "); not using it and not launching a UI";
                log(message);
                setState(UiLinkState::Squatter, message);
                return false;
            }
            useUi(*file, file->token);
            {
                std::lock_guard lock(mutex);
                status.uiPid = pid;
                status.launchedUi = false;
            }
            log("using the HostBridge UI already running on port " + std::to_string(port) + " (process " +
                std::to_string(pid) + ")");
            return true;
        }
        return launch();
    }

    bool launch() {
        const std::uint16_t port = options.uiPort;
        std::string executable;
        try {
            executable = findUiExecutable(options.locator);
        } catch (const std::exception& e) {
            log(e.what());
            setState(UiLinkState::Failed, e.what());
            return false;
        }
        std::string token;
        try {
            token = generateToken();
        } catch (const std::exception& e) {
            setState(UiLinkState::Failed, e.what());
            return false;
        }
        std::vector<std::string> args{executable, "--port", std::to_string(port)};
        args.insert(args.end(), options.uiArguments.begin(), options.uiArguments.end());
        detail::LaunchSpec spec;
        spec.args = std::move(args);
        spec.environment = {{kTokenEnvironmentVariable, token}};
        spec.stdoutFile = spec.stderrFile = options.uiLogFile;
        const detail::Launched started = detail::launchDetached(spec);
        if (started.pid == 0) {
            log(started.error);
            setState(UiLinkState::Failed, started.error);
            return false;
        }
        {
            std::lock_guard lock(mutex);
            status.uiPid = started.pid;
            status.launchedUi = true;
            ++status.launches;
        }
        log("launched " + executable + " --port " + std::to_string(port) + " (process " + std::to_string(started.pid) +
            ")");
        const auto deadline = std::chrono::steady_clock::now() + options.startTimeout;
        std::string why = "no ui-" + std::to_string(port) + ".json yet";
        while (std::chrono::steady_clock::now() < deadline) {
            if (!detail::processAlive(started.pid)) {
                const std::string message = executable + " (process " + std::to_string(started.pid) +
                                            ") exited before serving on port " + std::to_string(port) +
                                            (options.uiLogFile.empty() ? "" : "; see " + options.uiLogFile);
                log(message);
                setState(UiLinkState::Failed, message);
                return false;
            }
            std::optional<ConnectionInfo> file;
            try {
                file = ConnectionFile::read(connectionFilePath());
            } catch (const std::exception&) {
            }
            if (file && file->pid == started.pid) {
                std::string confirmWhy;
                if (confirm(token, confirmWhy) == started.pid) {
                    useUi(*file, token);
                    return true;
                }
                why = confirmWhy;
            }
            if (!pause(std::chrono::milliseconds(50))) return false;
        }
        const std::string message = executable + " (process " + std::to_string(started.pid) +
                                    ") did not serve on port " + std::to_string(port) + " within " +
                                    std::to_string(options.startTimeout.count()) + " ms (" + why + ")";
        log(message);
        setState(UiLinkState::Failed, message);
        return false;
    }

    bool show() {
        const CallResult result = client->call("show", static_cast<int>(hostPort), showSettings);
        if (!result) {
            const std::string message = "show failed: " + describe(result.fault());
            log(message);
            setState(UiLinkState::Unreachable, message);
            return false;
        }
        setEndpoint(UiEndpoint{uiCallUrl, uiToken});
        setState(UiLinkState::Connected);
        return true;
    }

    void doConnect(Struct settings) {
        settings["HostToken"] = hostToken;
        if (!settings.count("HeartbeatInterval"))
            settings["HeartbeatInterval"] = static_cast<double>(options.heartbeatInterval.count()) / 1000.0;
        showSettings = std::move(settings);
        beating = false;
        client.reset();
        {
            std::lock_guard lock(mutex);
            status.uiPid = 0;
        }
        // With keepAlive a failed attach or show is retried on the heartbeat schedule (with
        // its backoff): a squatter that leaves, or a UI installed later, is picked up.
        const bool ok = attach() && show();
        if (!ok && !options.keepAlive) return;
        beating = true;
        wait = options.heartbeatInterval;
        nextBeat = std::chrono::steady_clock::now() + wait;
    }

    void doSimple(const char* method) {
        if (!client) {
            log(std::string(method) + ": no UI connected");
            return;
        }
        const CallResult result = client->call(method);
        if (!result) log(std::string(method) + " failed: " + describe(result.fault()));
    }

    void beat() {
        {
            std::lock_guard lock(mutex);
            ++status.heartbeats;
        }
        const CallResult result =
            client ? client->call("heartbeat", static_cast<int>(hostPort)) : CallResult(Fault(0, "no UI"));
        if (result) {
            bool connected = false;
            {
                std::lock_guard lock(mutex);
                connected = status.state == UiLinkState::Connected;
            }
            if (wait != options.heartbeatInterval || !connected) {
                if (wait != options.heartbeatInterval)
                    log("the UI answers again; heartbeats every " + std::to_string(options.heartbeatInterval.count()) +
                        " ms");
                wait = options.heartbeatInterval;
                setState(UiLinkState::Connected);
            }
            nextBeat = std::chrono::steady_clock::now() + wait;
            return;
        }
        const int pid = [&] {
            std::lock_guard lock(mutex);
            return status.uiPid;
        }();
        if (options.keepAlive && !detail::processAlive(pid)) {
            log(pid > 0 ? "the UI (process " + std::to_string(pid) + ") is gone; launching it again"
                        : std::string("no UI yet; looking for one (or launching it) again"));
            if (attach() && show()) {
                wait = options.heartbeatInterval;
                nextBeat = std::chrono::steady_clock::now() + wait;
                return;
            }
        } else {
            setState(UiLinkState::Unreachable, "heartbeat failed: " + describe(result.fault()));
        }
        wait = std::min(std::max(wait * 2, options.heartbeatInterval), options.maxBackoff);
        log("the UI does not answer; next try in " + std::to_string(wait.count()) + " ms");
        nextBeat = std::chrono::steady_clock::now() + wait;
    }

    void run() {
        std::unique_lock lock(mutex);
        for (;;) {
            if (stopping) return;
            if (!queue.empty()) {
                Work work = std::move(queue.front());
                queue.pop_front();
                lock.unlock();
                try {
                    switch (work.command) {
                    case Command::Connect: doConnect(std::move(work.settings)); break;
                    case Command::Hide: doSimple("hide"); break;
                    case Command::Quit:
                        beating = false;
                        setEndpoint(std::nullopt);
                        doSimple("quit");
                        client.reset();
                        setState(UiLinkState::Idle);
                        break;
                    }
                } catch (const std::exception& e) {
                    log(std::string("ui link: ") + e.what());
                    setState(UiLinkState::Failed, e.what());
                }
                lock.lock();
                continue;
            }
            if (beating && std::chrono::steady_clock::now() >= nextBeat) {
                lock.unlock();
                try {
                    beat();
                } catch (const std::exception& e) {
                    log(std::string("heartbeat: ") + e.what());
                    nextBeat = std::chrono::steady_clock::now() + options.maxBackoff;
                }
                lock.lock();
                continue;
            }
            if (beating) wake.wait_until(lock, nextBeat);
            else wake.wait(lock);
        }
    }
};

UiLink::UiLink(std::uint16_t hostPort, std::string hostToken, UiLinkOptions options)
    : m_options(std::move(options)), m_impl(std::make_unique<Impl>(m_options, hostPort, std::move(hostToken))) {
    if (m_options.heartbeatInterval <= std::chrono::milliseconds(0))
        m_options.heartbeatInterval = std::chrono::seconds(1);
    if (m_options.maxBackoff < m_options.heartbeatInterval) m_options.maxBackoff = m_options.heartbeatInterval;
    UiPusherOptions push;
    push.hostPort = hostPort;
    push.capacity = m_options.pushCapacity;
    push.callTimeout = m_options.pushTimeout;
    push.log = m_options.log;
    m_impl->pusher = std::make_unique<UiPusher>(std::move(push));
    m_impl->thread = std::thread([impl = m_impl.get()] {
        detail::nameCurrentThread("hb-ui-link");
        impl->run();
    });
}

UiLink::~UiLink() { stop(); }

void UiLink::enqueue(Command command, Struct settings) {
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->stopping) return;
        m_impl->queue.push_back({command, std::move(settings)});
        // Read at once: a connect() is under way from the caller's point of view.
        if (command == Command::Connect && m_impl->status.state != UiLinkState::Stopped)
            m_impl->status.state = UiLinkState::Connecting;
    }
    m_impl->wake.notify_all();
}

void UiLink::connect(Struct settings) { enqueue(Command::Connect, std::move(settings)); }
void UiLink::hide() { enqueue(Command::Hide, {}); }
void UiLink::quit() { enqueue(Command::Quit, {}); }

void UiLink::stop() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
        m_impl->status.state = UiLinkState::Stopped;
    }
    m_impl->wake.notify_all();
    m_impl->changed.notify_all();
    detail::joinOnce(m_impl->joinMutex, m_impl->thread);  // Host::stop, linkUi and destructors may race
    m_impl->pusher->stop();
}

void UiLink::pushUpdate(const publish::LiveUpdate& update) { m_impl->pusher->push(update); }

void UiLink::notify(NoticeLevel level, const std::string& title, const std::string& message) {
    m_impl->pusher->notify(level, title, message);
}

std::uint64_t UiLink::droppedUpdates() const { return m_impl->pusher->dropped(); }
std::uint64_t UiLink::sentUpdates() const { return m_impl->pusher->sent(); }

std::string UiLink::ask(const UiQuestion& question) const { return askServing(question, nullptr); }

std::string UiLink::askServing(const UiQuestion& question, Host* host) const {
    std::optional<UiEndpoint> shown;
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->status.state != UiLinkState::Stopped) shown = m_impl->endpoint;
    }
    return askUi(shown, m_impl->hostPort, question, m_options.askMargin, host,
                 [this](const std::string& message) { m_impl->log(message); });
}

UiLinkStatus UiLink::status() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->status;
}

bool UiLink::waitFor(const std::function<bool(UiLinkState)>& predicate, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_impl->mutex);
    return m_impl->changed.wait_for(lock, timeout, [&] { return predicate(m_impl->status.state); });
}

}  // namespace hostbridge
