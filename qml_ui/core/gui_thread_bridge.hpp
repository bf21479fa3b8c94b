#pragma once
// GuiThreadBridge: how a server connection thread gets work done on the GUI thread.
//
// Threads: the bridge lives on the GUI thread (the thread that created it and runs the Qt event
// loop). call() and post() may be used from any thread; the work always runs on the GUI thread.
// call() queues the work and waits for it on a future in short slices, so it fails at once
// (a Fault, not a hang) when shutdown starts. Qt::BlockingQueuedConnection is deliberately not
// used: when the app shuts down with a call in flight, the GUI thread joins the server while
// the server thread waits for the GUI thread, and both wait forever.

#include <QObject>
#include <QThread>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <type_traits>

#include <hostbridge/fault.hpp>

namespace hostbridge::ui {

class GuiThreadBridge : public QObject {
    Q_OBJECT
public:
    // `callTimeout`: how long call() waits for a GUI thread that does not get to the work
    // (a modal loop, a long layout); past it the caller gets a Busy fault.
    explicit GuiThreadBridge(std::chrono::milliseconds callTimeout = std::chrono::seconds(10),
                             QObject* parent = nullptr);

    // Runs `work` on the GUI thread and returns its result (or rethrows its exception) on the
    // calling thread. On the GUI thread itself it runs inline. The same rule as a host's
    // main-thread calls: work the GUI thread has not started by the deadline is cancelled (it
    // never runs later) and the caller gets Fault Busy; work that has started runs to its end
    // and answers. Throws Fault ShuttingDown when shutdown has begun (the work is then not run,
    // or its result is dropped).
    template <typename Work>
    auto call(Work work) -> std::invoke_result_t<Work> {
        using Result = std::invoke_result_t<Work>;
        if (QThread::currentThread() == thread()) return work();
        throwIfShuttingDown();
        auto task = std::make_shared<std::packaged_task<Result()>>(std::move(work));
        auto state = std::make_shared<std::atomic<int>>(kQueued);
        std::future<Result> future = task->get_future();
        // The task is destroyed unrun when shutdown began or the caller gave up before the GUI
        // thread got to it, or when the event is dropped with this object: the future then
        // reports broken_promise.
        enqueue([this, task, state] {
            int expected = kQueued;
            if (!m_shuttingDown && state->compare_exchange_strong(expected, kStarted)) (*task)();
        });
        task.reset();
        waitFor(future, *state);
        try {
            return future.get();
        } catch (const std::future_error&) {
            throw Fault(FaultCode::ShuttingDown, shuttingDownMessage());
        }
    }

    // Queues `work` for the GUI thread and returns at once. Dropped once shutdown has begun.
    void post(std::function<void()> work);

    // Any thread. From now on call() fails fast and queued work is dropped. Idempotent.
    void beginShutdown();
    bool shuttingDown() const { return m_shuttingDown; }

    std::chrono::milliseconds callTimeout() const { return m_callTimeout; }

private:
    void enqueue(std::function<void()> work);
    void throwIfShuttingDown() const;
    static std::string shuttingDownMessage();

    // Waits in short slices so shutdown is noticed within one slice. Past the deadline the
    // work is cancelled if the GUI thread has not started it; started work is waited for.
    template <typename Future>
    void waitFor(const Future& future, std::atomic<int>& state) const {
        const auto deadline = std::chrono::steady_clock::now() + m_callTimeout;
        while (future.wait_for(kWaitSlice) != std::future_status::ready) {
            throwIfShuttingDown();
            int expected = kQueued;
            if (std::chrono::steady_clock::now() >= deadline && state.compare_exchange_strong(expected, kAbandoned))
                throw Fault(FaultCode::Busy, "the UI window did not get to the call within " +
                                                 std::to_string(m_callTimeout.count()) + " ms");
        }
    }

    enum : int { kQueued, kStarted, kAbandoned };
    static constexpr std::chrono::milliseconds kWaitSlice{20};
    const std::chrono::milliseconds m_callTimeout;
    std::atomic<bool> m_shuttingDown{false};
};

}  // namespace hostbridge::ui
