#pragma once
// PumpedExecutor: an Executor for hosts that own their main loop, or that can call a function
// from an idle callback. post() queues; pump(), called on the main thread, runs what is queued.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

#include "hostbridge/host_rpc/executor.hpp"
#include "hostbridge/host_rpc/host_rpc_export.hpp"

namespace hostbridge {

class HOSTBRIDGE_HOST_RPC_EXPORT PumpedExecutor : public Executor {
public:
    // `log` receives a message when a task throws (default: standard error).
    explicit PumpedExecutor(std::function<void(const std::string& message)> log = {});

    // Any thread: queues the task and wakes waitForWork().
    void post(std::function<void()> task) override;

    // Main thread (by definition: the thread that pumps is "the main thread" for host_rpc).
    // Runs up to `maxTasks` tasks in the order posted and returns how many ran. Tasks posted
    // while pumping wait for a later pump() beyond that bound, so one call never runs forever
    // and an idle callback stays short. A task that throws is logged and dropped; the others
    // still run. Safe to call re-entrantly from inside a task.
    std::size_t pump(std::size_t maxTasks = 64);

    // Main thread: blocks until a task is queued or `timeout` passes; true when tasks wait.
    // For a main loop that sleeps between frames but should react to calls at once.
    bool waitForWork(std::chrono::milliseconds timeout);

    // Tasks queued and not yet run. Any thread.
    std::size_t pendingCount() const;

private:
    std::function<void(const std::string&)> m_log;
    mutable std::mutex m_mutex;
    std::condition_variable m_posted;
    std::deque<std::function<void()>> m_tasks;
};

}  // namespace hostbridge
