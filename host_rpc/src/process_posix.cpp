#include "process.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
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

// Closes every descriptor from 3 on but `keep`. close_range (Linux 5.9) is one system call;
// the loop over every possible descriptor costs milliseconds with a high limit, and runs in
// the child between fork and exec, so it would delay every launch.
void closeDescriptorsBut(int keep, int maxFd) {
#ifdef SYS_close_range
    if ((keep <= 3 || ::syscall(SYS_close_range, 3u, static_cast<unsigned>(keep - 1), 0u) == 0) &&
        ::syscall(SYS_close_range, static_cast<unsigned>(keep + 1), ~0u, 0u) == 0)
        return;
#endif
    for (int fd = 3; fd < maxFd; ++fd)
        if (fd != keep) ::close(fd);
}
}  // namespace

// Double fork and setsid, so the child is not the host's (no zombie, no SIGCHLD, no
// terminal). Everything the children use is prepared before fork: only async-signal-safe
// calls after it, since the host has other threads. A CLOEXEC pipe reports the grandchild's
// pid, or the errno of a failed chdir or exec.
Launched launchDetached(const LaunchSpec& spec) {
    const auto& args = spec.args;
    if (args.empty()) return {0, "nothing to launch"};
    std::vector<std::string> envStrings;
    for (char** e = environ; e && *e; ++e) {
        const bool replaced = std::any_of(spec.environment.begin(), spec.environment.end(), [&](const auto& v) {
            return std::strncmp(*e, v.first.c_str(), v.first.size()) == 0 && (*e)[v.first.size()] == '=';
        });
        if (!replaced) envStrings.emplace_back(*e);
    }
    for (const auto& [name, value] : spec.environment) envStrings.push_back(name + "=" + value);
    std::vector<char*> envp, argv;
    for (auto& s : envStrings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argsCopy = args;
    for (auto& s : argsCopy) argv.push_back(s.data());
    argv.push_back(nullptr);
    const std::string output = spec.stdoutFile.empty() ? "/dev/null" : spec.stdoutFile;
    const std::string errors = spec.stderrFile.empty() ? "/dev/null" : spec.stderrFile;
    const char* folder = spec.workingDirectory.empty() ? nullptr : spec.workingDirectory.c_str();
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
            const int err = ::open(errors.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (in >= 0) ::dup2(in, 0);
            if (out >= 0) ::dup2(out, 1);
            if (err >= 0) ::dup2(err, 2);
            closeDescriptorsBut(pipeFds[1], maxFd);
            if (folder && ::chdir(folder) != 0) {
                const long message[2] = {3, errno};
                [[maybe_unused]] auto ignored = ::write(pipeFds[1], message, sizeof message);
                ::_exit(127);
            }
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
        } else if (message[0] == 3) {
            result.error = "cannot enter " + spec.workingDirectory + " to run " + args[0] + ": " +
                           std::strerror(static_cast<int>(message[1]));
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

bool signalProcess(int pid, bool force) { return pid > 0 && ::kill(pid, force ? SIGKILL : SIGTERM) == 0; }

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
