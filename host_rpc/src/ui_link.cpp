#include "hostbridge/host_rpc/ui_link.hpp"

#include "hostbridge/client.hpp"
#include "hostbridge/connection_file.hpp"
#include "hostbridge/protocol.hpp"
#include "hostbridge/token.hpp"
#include "join_once.hpp"
#include "ui_ask.hpp"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

extern char** environ;

namespace hostbridge {

const char* const kUiExecutableName = "hostbridge-ui";
const char* const kUiEnvironmentVariable = "HOSTBRIDGE_UI";

namespace fs = std::filesystem;

// ---- locator ------------------------------------------------------------------------------

namespace {

bool isExecutableFile(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

void addDirectory(std::vector<std::string>& out, const fs::path& dir) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return;
    const std::string canonical = fs::weakly_canonical(dir, ec).string();
    const std::string name = ec ? dir.string() : canonical;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
}

void anchor() {}

}  // namespace

std::vector<std::string> installedDirectories() {
    std::vector<std::string> out;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        addDirectory(out, self.parent_path());
        addDirectory(out, self.parent_path().parent_path() / "bin");
    }
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void*>(&anchor), &info) != 0 && info.dli_fname && info.dli_fname[0] == '/') {
        const fs::path library = fs::path(info.dli_fname).parent_path();
        addDirectory(out, library);
        addDirectory(out, library.parent_path() / "bin");
    }
    return out;
}

std::string findUiExecutable(const UiLocatorOptions& options) {
    std::vector<std::string> tried;
    auto candidate = [&](const fs::path& path, const std::string& how) -> bool {
        tried.push_back(how + " " + path.string());
        return isExecutableFile(path);
    };
    auto fileOrFolder = [&](const std::string& given, const std::string& how) -> std::string {
        std::error_code ec;
        fs::path path = given;
        if (fs::is_directory(path, ec)) path /= kUiExecutableName;
        return candidate(path, how) ? path.string() : std::string();
    };
    if (!options.explicitPath.empty()) {
        if (auto found = fileOrFolder(options.explicitPath, "explicit path"); !found.empty()) return found;
    }
    const char* env = options.getenv ? options.getenv(kUiEnvironmentVariable) : std::getenv(kUiEnvironmentVariable);
    if (env && *env) {
        if (auto found = fileOrFolder(env, std::string("$") + kUiEnvironmentVariable); !found.empty()) return found;
    } else {
        tried.push_back(std::string("$") + kUiEnvironmentVariable + " (not set)");
    }
    std::vector<std::string> dirs = options.directories;
    if (options.useDefaultDirectories)
        for (const auto& d : installedDirectories())
            if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
    for (const auto& dir : dirs)
        if (candidate(fs::path(dir) / kUiExecutableName, "installation")) return (fs::path(dir) / kUiExecutableName).string();
    if (options.searchPath) {
        const char* path = options.getenv ? options.getenv("PATH") : std::getenv("PATH");
        std::stringstream stream(path ? path : "");
        std::string dir;
        bool any = false;
        while (std::getline(stream, dir, ':')) {
            if (dir.empty()) continue;
            any = true;
            if (candidate(fs::path(dir) / kUiExecutableName, "$PATH")) return (fs::path(dir) / kUiExecutableName).string();
        }
        if (!any) tried.push_back("$PATH (empty)");
    }
    std::string message = std::string("no executable ") + kUiExecutableName + " found; tried: ";
    for (std::size_t i = 0; i < tried.size(); ++i) message += (i ? "; " : "") + tried[i];
    message += std::string(". Pass its path (--ui PATH) or set $") + kUiEnvironmentVariable + ".";
    throw UiNotFound(message);
}

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

// ---- processes ----------------------------------------------------------------------------

namespace {

// True while `pid` runs (not a zombie).
bool processAlive(int pid) {
    if (pid <= 0) return false;
    if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) return true;
    const char state = line[close + 2];
    return state != 'Z' && state != 'X';
}

// Whether something accepts TCP connections on 127.0.0.1:port (bounded by `timeout`, also
// when a squatter's backlog is full and the handshake would otherwise hang).
bool somethingListens(std::uint16_t port, std::chrono::milliseconds timeout) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (!connected && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        int error = 0;
        socklen_t length = sizeof error;
        // No answer in time counts as taken: something holds the port without serving it.
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) connected = true;
        else connected = ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
    }
    ::close(fd);
    return connected;
}

struct Launch {
    int pid = 0;
    std::string error;
};

// Starts `argv` detached: double fork, setsid, stdin /dev/null, stdout and stderr to `logFile`
// (or /dev/null), no other descriptors, signal mask and handlers reset, `token` in the
// environment. Everything the children use is prepared before fork (only async-signal-safe
// calls after it, since the host has other threads).
Launch launchDetached(const std::vector<std::string>& args, const std::string& token, const std::string& logFile) {
    std::vector<std::string> envStrings;
    const std::string tokenPrefix = std::string(kTokenEnvironmentVariable) + "=";
    for (char** e = environ; e && *e; ++e)
        if (std::strncmp(*e, tokenPrefix.c_str(), tokenPrefix.size()) != 0) envStrings.emplace_back(*e);
    envStrings.push_back(tokenPrefix + token);
    std::vector<char*> envp, argv;
    for (auto& s : envStrings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argsCopy = args;
    for (auto& s : argsCopy) argv.push_back(s.data());
    argv.push_back(nullptr);
    const std::string output = logFile.empty() ? "/dev/null" : logFile;
    const int maxFd = static_cast<int>(std::min<long>(::sysconf(_SC_OPEN_MAX) > 0 ? ::sysconf(_SC_OPEN_MAX) : 1024, 65536));

    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) return {0, std::string("pipe: ") + std::strerror(errno)};
    const pid_t child = ::fork();
    if (child < 0) {
        const int err = errno;
        ::close(pipeFds[0]);
        ::close(pipeFds[1]);
        return {0, std::string("fork: ") + std::strerror(err)};
    }
    if (child == 0) {
        ::close(pipeFds[0]);
        ::setsid();
        const pid_t grandchild = ::fork();
        if (grandchild == 0) {
            sigset_t none;
            sigemptyset(&none);
            ::sigprocmask(SIG_SETMASK, &none, nullptr);
            for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT}) ::signal(sig, SIG_DFL);
            const int in = ::open("/dev/null", O_RDONLY);
            const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (in >= 0) ::dup2(in, 0);
            if (out >= 0) {
                ::dup2(out, 1);
                ::dup2(out, 2);
            }
            for (int fd = 3; fd < maxFd; ++fd)
                if (fd != pipeFds[1]) ::close(fd);
            ::execve(argv[0], argv.data(), envp.data());
            const long message[2] = {2, errno};
            [[maybe_unused]] auto ignored = ::write(pipeFds[1], message, sizeof message);
            ::_exit(127);
        }
        const long message[2] = {1, grandchild < 0 ? -static_cast<long>(errno) : static_cast<long>(grandchild)};
        [[maybe_unused]] auto ignored = ::write(pipeFds[1], message, sizeof message);
        ::_exit(0);
    }
    ::close(pipeFds[1]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    Launch result;
    long message[2];
    for (;;) {  // until EOF: the grandchild's exec closes its end (CLOEXEC)
        const ssize_t n = ::read(pipeFds[0], message, sizeof message);
        if (n < 0 && errno == EINTR) continue;
        if (n != static_cast<ssize_t>(sizeof message)) break;
        if (message[0] == 1) {
            if (message[1] < 0) result.error = std::string("fork: ") + std::strerror(static_cast<int>(-message[1]));
            else result.pid = static_cast<int>(message[1]);
        } else if (message[0] == 2) {
            result.error = "cannot run " + args[0] + ": " + std::strerror(static_cast<int>(message[1]));
            result.pid = 0;
        }
    }
    ::close(pipeFds[0]);
    if (result.pid == 0 && result.error.empty()) result.error = "cannot start " + args[0];
    return result;
}

std::string describe(const Fault& fault) { return fault.message() + " (code " + std::to_string(fault.code()) + ")"; }

}  // namespace

// ---- the link -----------------------------------------------------------------------------

struct UiLink::Impl {
    enum class Command { Connect, Hide, Quit };
    struct Work {
        Command command;
        Struct settings;
    };

    UiLinkOptions& options;
    mutable std::mutex mutex;
    mutable std::condition_variable changed;  // state changes, for waitFor()
    std::condition_variable wake;             // work queued or stop
    std::deque<Work> queue;
    bool stopping = false;
    UiLinkState state = UiLinkState::Idle;
    std::string lastError;
    int uiPid = 0;
    bool launched = false;
    std::uint64_t heartbeats = 0;
    std::uint64_t launches = 0;
    std::optional<UiEndpoint> endpoint;  // the shown UI, for ask(); the pusher has its own copy
    std::thread thread;
    std::mutex joinMutex;  // stop(): one joiner at a time
    std::unique_ptr<UiPusher> pusher;

    // Link thread only.
    std::string uiToken;
    std::unique_ptr<Client> client;
    Struct showSettings;
    bool beating = false;  // heartbeats on (after a show, until quit)
    std::chrono::milliseconds wait{0};
    std::chrono::steady_clock::time_point nextBeat;

    explicit Impl(UiLinkOptions& o) : options(o) {}

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
            if (state == UiLinkState::Stopped) return;
            state = s;
            lastError = error;
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
            if (!application || application->type() != ValueType::String || application->asString() != "hostbridge-ui") {
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
        if (file && (file->kind != protocol::kUiKind || file->port != port || !ConnectionFile::writerRunning(*file))) file.reset();
        if (file || somethingListens(port, options.probeTimeout)) {
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
                if (confirm({}, pingWhy) != 0) pingWhy = "its ping answers as a HostBridge UI, but no live connection file names it";
                why += "; " + pingWhy;
            }
            if (pid == 0) {
                const std::string message = "port " + std::to_string(port) +
                                            " on 127.0.0.1 is held by something that is not a confirmed HostBridge UI (" +
                                            why + "); not using it and not launching a UI";
                log(message);
                setState(UiLinkState::Squatter, message);
                return false;
            }
            uiToken = file->token;
            client = std::make_unique<Client>(uiUrl(), uiToken, options.callTimeout);
            {
                std::lock_guard lock(mutex);
                uiPid = pid;
                launched = false;
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
        const Launch started = launchDetached(args, token, options.uiLogFile);
        if (started.pid == 0) {
            log(started.error);
            setState(UiLinkState::Failed, started.error);
            return false;
        }
        {
            std::lock_guard lock(mutex);
            uiPid = started.pid;
            launched = true;
            ++launches;
        }
        log("launched " + executable + " --port " + std::to_string(port) + " (process " + std::to_string(started.pid) + ")");
        const auto deadline = std::chrono::steady_clock::now() + options.startTimeout;
        std::string why = "no ui-" + std::to_string(port) + ".json yet";
        while (std::chrono::steady_clock::now() < deadline) {
            if (!processAlive(started.pid)) {
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
                    uiToken = token;
                    client = std::make_unique<Client>(uiUrl(), uiToken, options.callTimeout);
                    return true;
                }
                why = confirmWhy;
            }
            if (!pause(std::chrono::milliseconds(50))) return false;
        }
        const std::string message = executable + " (process " + std::to_string(started.pid) + ") did not serve on port " +
                                    std::to_string(port) + " within " + std::to_string(options.startTimeout.count()) +
                                    " ms (" + why + ")";
        log(message);
        setState(UiLinkState::Failed, message);
        return false;
    }

    bool show() {
        const CallResult result = client->call("show", static_cast<int>(options.hostPort), showSettings);
        if (!result) {
            const std::string message = "show failed: " + describe(result.fault());
            log(message);
            setState(UiLinkState::Unreachable, message);
            return false;
        }
        setEndpoint(UiEndpoint{options.uiPort, uiToken});
        setState(UiLinkState::Connected);
        return true;
    }

    void doConnect(Struct settings) {
        settings["HostToken"] = options.hostToken;
        if (!settings.count("HeartbeatInterval"))
            settings["HeartbeatInterval"] = static_cast<double>(options.heartbeatInterval.count()) / 1000.0;
        showSettings = std::move(settings);
        beating = false;
        client.reset();
        {
            std::lock_guard lock(mutex);
            uiPid = 0;
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
            ++heartbeats;
        }
        const CallResult result = client ? client->call("heartbeat", static_cast<int>(options.hostPort))
                                         : CallResult(Fault(0, "no UI"));
        if (result) {
            bool connected = false;
            {
                std::lock_guard lock(mutex);
                connected = state == UiLinkState::Connected;
            }
            if (wait != options.heartbeatInterval || !connected) {
                if (wait != options.heartbeatInterval) log("the UI answers again; heartbeats every " +
                                                           std::to_string(options.heartbeatInterval.count()) + " ms");
                wait = options.heartbeatInterval;
                setState(UiLinkState::Connected);
            }
            nextBeat = std::chrono::steady_clock::now() + wait;
            return;
        }
        const int pid = [&] {
            std::lock_guard lock(mutex);
            return uiPid;
        }();
        if (options.keepAlive && !processAlive(pid)) {
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

UiLink::UiLink(UiLinkOptions options) : m_options(std::move(options)), m_impl(std::make_unique<Impl>(m_options)) {
    if (m_options.heartbeatInterval <= std::chrono::milliseconds(0)) m_options.heartbeatInterval = std::chrono::seconds(1);
    if (m_options.maxBackoff < m_options.heartbeatInterval) m_options.maxBackoff = m_options.heartbeatInterval;
    UiPusherOptions push;
    push.hostPort = m_options.hostPort;
    push.capacity = m_options.pushCapacity;
    push.callTimeout = m_options.pushTimeout;
    push.log = m_options.log;
    m_impl->pusher = std::make_unique<UiPusher>(std::move(push));
    m_impl->thread = std::thread([impl = m_impl.get()] {
        ::pthread_setname_np(::pthread_self(), "hb-ui-link");
        impl->run();
    });
}

UiLink::~UiLink() { stop(); }

void UiLink::connect(Struct settings) {
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->stopping) return;
        m_impl->queue.push_back({Impl::Command::Connect, std::move(settings)});
        if (m_impl->state != UiLinkState::Stopped) m_impl->state = UiLinkState::Connecting;
    }
    m_impl->wake.notify_all();
}

void UiLink::hide() {
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->stopping) return;
        m_impl->queue.push_back({Impl::Command::Hide, {}});
    }
    m_impl->wake.notify_all();
}

void UiLink::quit() {
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->stopping) return;
        m_impl->queue.push_back({Impl::Command::Quit, {}});
    }
    m_impl->wake.notify_all();
}

void UiLink::stop() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
        m_impl->state = UiLinkState::Stopped;
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

std::string UiLink::ask(const UiQuestion& question, MainThreadQueue* serveWhileWaiting) const {
    std::optional<UiEndpoint> shown;
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->state != UiLinkState::Stopped) shown = m_impl->endpoint;
    }
    return askUi(shown, m_options.hostPort, question, m_options.askMargin, serveWhileWaiting,
                 [this](const std::string& message) { m_impl->log(message); });
}

UiLinkState UiLink::state() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->state;
}
std::string UiLink::lastError() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->lastError;
}
int UiLink::uiPid() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->uiPid;
}
bool UiLink::launchedUi() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->launched;
}
std::uint64_t UiLink::heartbeatsSent() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->heartbeats;
}
std::uint64_t UiLink::launches() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->launches;
}
bool UiLink::waitFor(const std::function<bool(UiLinkState)>& predicate, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_impl->mutex);
    return m_impl->changed.wait_for(lock, timeout, [&] { return predicate(m_impl->state); });
}

}  // namespace hostbridge
