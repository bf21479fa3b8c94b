#pragma once
// Test helper: stand_in_ui.py (a Python stdlib stand-in for hostbridge-ui) from C++ tests:
// spawn it, reap what a test started, read what it recorded, link options that launch it.
// Needs STAND_IN_UI (its path) defined by CMake.
#include <hostbridge/client.hpp>
#include <hostbridge/connection_file.hpp>
#include <hostbridge/host_rpc/ui_link.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace hostbridge::test {

using namespace std::chrono_literals;

inline const std::string kStandIn = STAND_IN_UI;

inline bool listening(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

inline bool alive(int pid) {
    if (pid <= 0 || ::kill(pid, 0) != 0) return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

// Processes this test started (directly or through a link): killed at the end of each test.
struct Reaper {
    std::vector<int> pids;
    ~Reaper() {
        for (int pid : pids)
            if (pid > 0 && alive(pid)) ::kill(pid, SIGKILL);
        for (int pid : pids) ::waitpid(pid, nullptr, WNOHANG);
    }
};

// Starts the stand-in ourselves (a UI "already running", or a squatter); waits until it listens.
inline int spawnStandIn(std::uint16_t port, const std::string& mode, const std::string& token) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "HOSTBRIDGE_TOKEN=", 17) != 0) env.emplace_back(*e);
    if (!token.empty()) env.push_back("HOSTBRIDGE_TOKEN=" + token);
    std::vector<char*> envp;
    for (auto& s : env) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args{"python3", kStandIn, "--port", std::to_string(port), "--mode", mode};
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawnp(&pid, "python3", nullptr, nullptr, argv.data(), envp.data()) != 0) return 0;
    for (int i = 0; i < 200 && !listening(port); ++i) std::this_thread::sleep_for(50ms);
    return pid;
}

inline std::string uiFile(std::uint16_t port) { return runtimeDirectory() + "/ui-" + std::to_string(port) + ".json"; }

// A client to the stand-in with the token of its connection file.
inline Client standInClient(std::uint16_t port) {
    const auto info = ConnectionFile::read(uiFile(port));
    return Client("http://127.0.0.1:" + std::to_string(port) + "/", info ? info->token : "", 5s);
}

inline Array calls(std::uint16_t port, const std::string& method = {}) {
    Client client = standInClient(port);
    const CallResult result = client.call("stand_in.calls");
    Array out;
    if (!result) return out;
    for (const Value& call : result.value().asArray())
        if (method.empty() || call.asArray()[1].asString() == method) out.push_back(call);
    return out;
}

// The host a link made directly reports: one that need not exist, the stand-in only records it.
constexpr std::uint16_t kStandInHostPort = 23456;
inline const std::string kStandInHostToken(64, 'h');

inline UiLinkOptions standInOptions(std::uint16_t uiPort) {
    UiLinkOptions options;
    options.uiPort = uiPort;
    options.locator.explicitPath = kStandIn;
    options.heartbeatInterval = 100ms;
    options.maxBackoff = 800ms;
    options.startTimeout = 15s;
    options.probeTimeout = 1s;
    options.callTimeout = 2s;
    options.log = [](const std::string& m) { std::cerr << "[link] " << m << std::endl; };
    return options;
}

}  // namespace hostbridge::test
