#include "process.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

extern char** environ;

namespace hostbridge::detail {

namespace {
void anchor() {}  // an address inside this library, for dladdr
}  // namespace

// Double fork and setsid, so the UI is not the host's child (no zombie, no SIGCHLD, no
// terminal). Everything the children use is prepared before fork: only async-signal-safe
// calls after it, since the host has other threads. A CLOEXEC pipe reports the grandchild's
// pid, or the errno of a failed exec.
Launched launchDetached(const std::vector<std::string>& args, const std::string& variable, const std::string& value,
                        const std::string& logFile) {
    std::vector<std::string> envStrings;
    const std::string prefix = variable + "=";
    for (char** e = environ; e && *e; ++e)
        if (std::strncmp(*e, prefix.c_str(), prefix.size()) != 0) envStrings.emplace_back(*e);
    envStrings.push_back(prefix + value);
    std::vector<char*> envp, argv;
    for (auto& s : envStrings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argsCopy = args;
    for (auto& s : argsCopy) argv.push_back(s.data());
    argv.push_back(nullptr);
    const std::string output = logFile.empty() ? "/dev/null" : logFile;
    const int maxFd =
        static_cast<int>(std::min<long>(::sysconf(_SC_OPEN_MAX) > 0 ? ::sysconf(_SC_OPEN_MAX) : 1024, 65536));

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
    Launched result;
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

std::string currentExecutablePath() {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : self.string();
}

std::string currentLibraryPath() {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void*>(&anchor), &info) == 0 || !info.dli_fname || info.dli_fname[0] != '/')
        return {};
    return info.dli_fname;
}

bool isExecutableFile(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

void nameCurrentThread(const char* name) { ::pthread_setname_np(::pthread_self(), name); }

}  // namespace hostbridge::detail
