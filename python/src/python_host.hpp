#pragma once
// PythonHost: hostbridge::Host as the package's Python Host class builds on it (hostbridge/host.py
// adds bind(), the decorator and the context manager). Blocking calls run with the GIL released,
// and every live PythonHost is stopped by the package's exit hook, before the interpreter
// finalizes, so no connection thread is left to ask for the GIL of a dying interpreter.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/host.hpp"
#include "interpreter.hpp"
#include "waking_executor.hpp"

namespace hostbridge::python {

class PythonHost {
public:
    // GIL held. `log(message)` receives the host's warnings; `mainThreadTimeout` and
    // `clientHeartbeatInterval` (HostOptions::clientHeartbeatInterval) in seconds.
    PythonHost(std::shared_ptr<WakingExecutor> executor, int port, std::string token, bool connectionFile,
               double mainThreadTimeout, py::object log, double clientHeartbeatInterval);
    ~PythonHost();  // GIL held; stops with the GIL released
    PythonHost(const PythonHost&) = delete;
    PythonHost& operator=(const PythonHost&) = delete;

    // GIL held. Host::bind with the callable as an UntypedFunction (python_function.hpp).
    void bind(const std::string& name, py::object function, std::string help, std::vector<Signature> signatures,
              std::size_t minimumArity, long maximumArity, bool mainThread, const std::string& path);

    // GIL released (both may wait: for the bind, for calls in flight to return).
    void start();
    void stop();

    bool running() const;
    std::uint16_t port() const;
    const std::string& token() const;
    std::string url(const std::string& path) const;
    std::optional<std::string> connectionFile() const;
    std::shared_ptr<WakingExecutor> executor() const { return m_executor; }
    Host& host() { return *m_host; }  // for the services bound on it (PublishingService, the UI link)

    // The exit hook: marks the interpreter as exiting and stops every live PythonHost. GIL released.
    static void stopAllForExit();

private:
    std::shared_ptr<WakingExecutor> m_executor;
    std::unique_ptr<Host> m_host;
};

}  // namespace hostbridge::python
