#include "hostbridge/host_rpc/pumped_executor.hpp"

#include <exception>
#include <iostream>

namespace hostbridge {

PumpedExecutor::PumpedExecutor(std::function<void(const std::string& message)> log) : m_log(std::move(log)) {
    if (!m_log) m_log = [](const std::string& message) { std::cerr << "hostbridge: " << message << std::endl; };
}

void PumpedExecutor::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_posted.notify_all();
}

std::size_t PumpedExecutor::pump(std::size_t maxTasks) {
    std::size_t ran = 0;
    while (ran < maxTasks) {
        std::function<void()> task;
        {
            // Take one task at a time and run it unlocked: a task may post, or pump re-entrantly.
            std::lock_guard lock(m_mutex);
            if (m_tasks.empty()) break;
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        ++ran;
        // An exception must not escape into the host's idle loop (a DCC's event callback).
        try {
            task();
        } catch (const std::exception& e) {
            m_log(std::string("a main-thread task threw: ") + e.what());
        } catch (...) {
            m_log("a main-thread task threw an unknown exception");
        }
    }
    return ran;
}

bool PumpedExecutor::waitForWork(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    return m_posted.wait_for(lock, timeout, [this] { return !m_tasks.empty(); });
}

std::size_t PumpedExecutor::pendingCount() const {
    std::lock_guard lock(m_mutex);
    return m_tasks.size();
}

}  // namespace hostbridge
