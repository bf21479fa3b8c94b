#pragma once
// WakingExecutor: the executor behind hostbridge.executors. A PumpedExecutor whose post() also
// calls a wake-up callable (a Qt signal's emit, for QtExecutor), so an event loop pumps when work
// arrives instead of polling. Python sees it as hostbridge.executors.PumpExecutor.

#include <functional>
#include <mutex>
#include <string>

#include "hostbridge/host_rpc/pumped_executor.hpp"
#include "interpreter.hpp"

namespace hostbridge::python {

class WakingExecutor : public PumpedExecutor {
public:
    // `log` receives a message when a task or the wake-up callable fails.
    explicit WakingExecutor(std::function<void(const std::string& message)> log);

    // Any thread without the GIL: queues the task, then calls the wake-up callable with the GIL
    // taken (skipped once Python is exiting; a wake-up that raises is logged).
    void post(std::function<void()> task) override;

    // GIL held. None: no wake-up (the loop pumps on its own schedule).
    void setWake(py::object wake);

private:
    std::function<void(const std::string&)> m_log;
    std::mutex m_wakeMutex;
    SharedObject m_wake;
};

}  // namespace hostbridge::python
