#pragma once
// A HostBridge executable under test as a child process (the C++ side of
// tests/support/hostbridge_process.py): started with its arguments in this test's environment
// (so in its HOSTBRIDGE_RUNTIME_DIR), its "Port:NNNN" line awaited within a deadline, its token
// read from the connection file it wrote, with its Unix socket. SIGKILLed and reaped on destruction.
// Under HOSTBRIDGE_TEST_TRANSPORT=unix (rawhttp::overUnixSocket) url() names that socket.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

class ServerProcess {
public:
    // Runs `executable` with `arguments`, plus `environment` ("NAME=value") on top of this
    // process's. `connectionFile` is its file name in the runtime directory, with "{pid}" or
    // "{port}" replaced ("host-{pid}.json", "ui-{port}.json"). Throws std::runtime_error when it
    // does not start, announce its port within `startTimeout` or write its file, or, over Unix
    // sockets, names no socket there.
    ServerProcess(const std::string& executable, const std::vector<std::string>& arguments,
                  const std::string& connectionFile = "host-{pid}.json",
                  const std::vector<std::string>& environment = {},
                  std::chrono::milliseconds startTimeout = std::chrono::seconds(20));
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    pid_t pid() const { return m_pid; }
    std::uint16_t port() const { return m_port; }
    const std::string& token() const { return m_token; }
    // Where a Client calls it: its port, or its socket under HOSTBRIDGE_TEST_TRANSPORT=unix.
    std::string url(const std::string& path = "/RPC2") const;
    // Whether it still runs (reaps it when it has exited).
    bool running();

private:
    pid_t m_pid = -1;
    int m_stdout = -1;  // read end of its stdout, kept open so it never gets SIGPIPE
    std::uint16_t m_port = 0;
    std::string m_token;
    std::string m_socket;  // empty when its connection file names none
};
