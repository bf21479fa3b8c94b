#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "hostbridge/connection_file.hpp"
#include "hostbridge/url.hpp"
#include "raw_http.hpp"

extern char** environ;

namespace {

std::string replaced(std::string text, const std::string& key, const std::string& value) {
    const auto at = text.find(key);
    if (at != std::string::npos) text.replace(at, key.size(), value);
    return text;
}

}  // namespace

ServerProcess::ServerProcess(const std::string& executable, const std::vector<std::string>& arguments,
                             const std::string& connectionFile, const std::vector<std::string>& environment,
                             std::chrono::milliseconds startTimeout) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> argvStrings{executable};
    argvStrings.insert(argvStrings.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& a : argvStrings) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envStrings;
    for (char** e = environ; *e; ++e) envStrings.emplace_back(*e);
    envStrings.insert(envStrings.end(), environment.begin(), environment.end());
    std::vector<char*> envp;
    for (auto& e : envStrings) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    const int rc = ::posix_spawn(&m_pid, executable.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    m_stdout = out[0];
    if (rc != 0) {
        m_pid = -1;
        throw std::runtime_error("cannot start " + executable);
    }

    // A constructor that throws runs no destructor: the child must not outlive the failure.
    auto fail = [this](const std::string& why) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
        ::close(m_stdout);
        throw std::runtime_error(why);
    };
    // The first line is "Port:NNNN", printed once it serves (after writing its connection file).
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + startTimeout;
    while (line.find('\n') == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{m_stdout, POLLIN, 0};
        char chunk[256];
        ssize_t n = 0;
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0 ||
            (n = ::read(m_stdout, chunk, sizeof chunk)) <= 0)
            fail(executable + " did not announce its port (got \"" + line + "\")");
        line.append(chunk, static_cast<std::size_t>(n));
    }
    if (line.rfind("Port:", 0) != 0) fail(executable + " printed \"" + line + "\", not Port:");
    m_port = static_cast<std::uint16_t>(std::stoi(line.substr(5)));
    const std::string file =
        hostbridge::runtimeDirectory() + "/" +
        replaced(replaced(connectionFile, "{pid}", std::to_string(m_pid)), "{port}", std::to_string(m_port));
    const auto info = hostbridge::ConnectionFile::read(file);
    if (!info) fail(executable + " wrote no " + file);
    m_token = info->token;
    m_socket = info->socket;
    if (rawhttp::overUnixSocket() && m_socket.empty()) fail(executable + " names no Unix socket in " + file);
}

ServerProcess::~ServerProcess() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    if (m_stdout >= 0) ::close(m_stdout);
}

std::string ServerProcess::url(const std::string& path) const {
    if (!rawhttp::overUnixSocket()) return "http://127.0.0.1:" + std::to_string(m_port) + path;
    hostbridge::Url url;
    url.socketPath = m_socket;
    url.path = path;
    return url.printable();
}

bool ServerProcess::running() {
    if (m_pid <= 0) return false;
    if (::waitpid(m_pid, nullptr, WNOHANG) == 0) return true;
    m_pid = -1;  // reaped: its pid may be reused, so it is never signalled again
    return false;
}
