#pragma once
// MainThreadQueue: runs bound methods on the host's main thread for the connection threads
// that receive them, with a deadline, cancellation and a fast shutdown.
//
// Threads:
//  - call() runs on a connection thread. It queues the call, posts one task to the Executor
//    and waits. The main thread runs the handler (parameter conversion included) and hands
//    back a value or a Fault; the connection thread answers.
//  - runPending() runs on the main thread: from the task posted to the Executor, or from
//    callFromMainThread() while the main thread waits for a peer (nested_call.hpp).
//
// Deadline: a call that the main thread has not STARTED within timeout() is cancelled (it
// will never run, even when the main thread frees up later) and answered with
// FaultCode::Busy. A call that has started runs to its end on the main thread, and its
// result is the answer: the deadline tells "busy" from "working", the caller's own client
// timeout bounds a long piece of work.
//
// Shutdown: after shutdown(), queued calls are cancelled and every waiting connection thread
// answers FaultCode::ShuttingDown at once, also for a call that is running (its result is
// dropped). So stopping never waits for the main thread, which may be the very thread that
// stops the host (platform.md: a blocking queued call deadlocks there).

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "hostbridge/host_rpc/executor.hpp"
#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/method_table.hpp"

namespace hostbridge {

class HOSTBRIDGE_HOST_RPC_EXPORT MainThreadQueue {
public:
    // `executor` must not be null. `timeout`: how long a call may wait for the main thread to
    // start it.
    MainThreadQueue(std::shared_ptr<Executor> executor, std::chrono::milliseconds timeout);
    ~MainThreadQueue();  // shuts down
    MainThreadQueue(const MainThreadQueue&) = delete;
    MainThreadQueue& operator=(const MainThreadQueue&) = delete;

    // Any thread. Applies to calls made after it.
    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const;

    // Connection thread: runs `handler(params)` on the main thread and returns its value.
    // Throws Fault: the handler's own, InvalidParams for a ConversionError, ApplicationError
    // ("NAME failed: ...") for any other exception (converted on the main thread; only the
    // Fault crosses threads), Busy at the deadline, ShuttingDown during shutdown,
    // InternalError when the executor refuses the task. Never call it on the main thread
    // itself (it would wait for itself until the deadline).
    Value call(const std::string& name, std::shared_ptr<const Handler> handler, const Array& params);

    // A Handler that runs `handler` through call(): what Host::bindOnMainThread binds.
    // The returned handler keeps this queue's state alive, not the queue object.
    Handler wrap(const std::string& name, Handler handler);

    // Main thread: runs up to `maxCalls` queued calls now, in order; returns how many ran.
    std::size_t runPending(std::size_t maxCalls = static_cast<std::size_t>(-1));

    // Any thread: blocks until a call is queued or `timeout` passes; true when calls wait.
    bool waitForCall(std::chrono::milliseconds timeout);

    // Any thread: cancels queued calls, makes waiting connection threads answer ShuttingDown
    // at once and refuses new calls with ShuttingDown. Returns without waiting for anything.
    void shutdown();
    // Accepts calls again after shutdown() (Host::start does this).
    void reopen();
    bool shuttingDown() const;

    // Calls queued and not started. Any thread.
    std::size_t pendingCount() const;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

}  // namespace hostbridge
