#include "waking_executor.hpp"

namespace hostbridge::python {

WakingExecutor::WakingExecutor(std::function<void(const std::string& message)> log)
    : PumpedExecutor(log), m_log(std::move(log)) {}

void WakingExecutor::post(std::function<void()> task) {
    PumpedExecutor::post(std::move(task));
    SharedObject wake;
    {
        std::lock_guard lock(m_wakeMutex);
        wake = m_wake;
    }
    if (!wake || !interpreterUsable()) return;
    std::string failure;
    {
        ThreadGil gil;
        try {
            (*wake)();
        } catch (const py::error_already_set& e) {
            failure = e.what();
        }
    }
    if (!failure.empty() && m_log)
        m_log("the executor's wake-up failed (the task waits for the next pump): " + failure);
}

void WakingExecutor::setWake(py::object wake) {
    SharedObject held = wake.is_none() ? nullptr : share(std::move(wake));
    std::lock_guard lock(m_wakeMutex);
    std::swap(m_wake, held);
    // `held` (the old callable) is released here, GIL held: share()'s deleter sees that.
}

}  // namespace hostbridge::python
