#include "main_thread_queue.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace hostbridge {

namespace {

enum class Status { Queued, Running, Done, Cancelled };

struct FaultData {
    int code = 0;
    std::string message;
};

struct Call {
    std::string name;
    std::shared_ptr<const Handler> handler;
    Array params;
    Status status = Status::Queued;
    std::optional<Value> value;
    std::optional<FaultData> fault;
};

// Runs a handler and turns whatever it throws into a code and a message here, on the main
// thread, with the codes MethodTable::call would use. Only plain data crosses to the
// connection thread, which throws a Fault of its own: not even the exception's message buffer
// is shared between threads (std::runtime_error's is reference-counted).
void runHandler(Call& call, std::optional<Value>& value, std::optional<FaultData>& fault) {
    try {
        value = (*call.handler)(call.params);
    } catch (const Fault& f) {
        fault = FaultData{f.code(), std::string(f.what())};
    } catch (const ConversionError& e) {
        fault = FaultData{FaultCode::InvalidParams, std::string(e.what())};
    } catch (const std::exception& e) {
        fault = FaultData{FaultCode::ApplicationError, call.name + " failed: " + e.what()};
    } catch (...) {
        fault = FaultData{FaultCode::ApplicationError, call.name + " failed with an unknown exception"};
    }
}

}  // namespace

struct MainThreadQueue::State {
    std::shared_ptr<Executor> executor;
    mutable std::mutex mutex;
    std::condition_variable changed;  // a call's status changed, or shutdown: waiting connection threads
    std::condition_variable queued;   // a call was queued: waitForCall()
    std::deque<std::shared_ptr<Call>> calls;
    std::chrono::milliseconds timeout{10000};
    bool stopping = false;

    std::size_t runPending(std::size_t maxCalls) {
        std::size_t ran = 0;
        while (ran < maxCalls) {
            std::shared_ptr<Call> call;
            {
                std::lock_guard lock(mutex);
                if (calls.empty()) break;
                call = std::move(calls.front());
                calls.pop_front();
                // Cancelled calls are taken out of the queue when cancelled; this is a guard.
                if (call->status != Status::Queued) continue;
                call->status = Status::Running;
            }
            std::optional<Value> value;
            std::optional<FaultData> fault;
            runHandler(*call, value, fault);
            {
                std::lock_guard lock(mutex);
                call->status = Status::Done;
                call->value = std::move(value);
                call->fault = std::move(fault);
                call->handler.reset();  // release the user's function and parameters here, not later
                call->params.clear();
            }
            changed.notify_all();
            ++ran;
        }
        return ran;
    }

    // The connection thread's side of MainThreadQueue::call(); `self` is this state, which
    // the posted task holds weakly.
    static Value call(std::shared_ptr<State> self, const std::string& name, std::shared_ptr<const Handler> handler,
                      const Array& params);

    // Takes a queued call out of the queue so it can never run. Caller holds the mutex.
    void cancel(const std::shared_ptr<Call>& call) {
        call->status = Status::Cancelled;
        calls.erase(std::remove(calls.begin(), calls.end(), call), calls.end());
        call->handler.reset();
        call->params.clear();
    }
};

MainThreadQueue::MainThreadQueue(std::shared_ptr<Executor> executor, std::chrono::milliseconds timeout)
    : m_state(std::make_shared<State>()) {
    if (!executor) throw std::invalid_argument("MainThreadQueue needs an executor");
    m_state->executor = std::move(executor);
    m_state->timeout = timeout;
}

MainThreadQueue::~MainThreadQueue() { shutdown(); }

void MainThreadQueue::setTimeout(std::chrono::milliseconds timeout) {
    std::lock_guard lock(m_state->mutex);
    m_state->timeout = timeout;
}

std::chrono::milliseconds MainThreadQueue::timeout() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->timeout;
}

Value MainThreadQueue::State::call(std::shared_ptr<State> self, const std::string& name,
                                   std::shared_ptr<const Handler> handler, const Array& params) {
    State& s = *self;
    auto call = std::make_shared<Call>();
    call->name = name;
    call->handler = std::move(handler);
    call->params = params;
    std::chrono::milliseconds timeout{};
    std::chrono::steady_clock::time_point deadline;
    {
        std::lock_guard lock(s.mutex);
        if (s.stopping) throw Fault(FaultCode::ShuttingDown, "the host is shutting down; '" + name + "' was not run");
        timeout = s.timeout;
        deadline = std::chrono::steady_clock::now() + timeout;
        s.calls.push_back(call);
    }
    s.queued.notify_all();

    // One task per call, holding the state weakly: a task the host's queue runs after the Host
    // is gone finds nothing to do. Posted unlocked, in case an executor runs it inline.
    std::weak_ptr<State> weak = self;
    std::optional<std::string> refusal;
    try {
        s.executor->post([weak] {
            if (auto state = weak.lock()) state->runPending(1);
        });
    } catch (const std::exception& e) {
        refusal = e.what();
    } catch (...) {
        refusal = "unknown exception";
    }
    if (refusal) {
        std::lock_guard lock(s.mutex);
        if (call->status == Status::Queued) {
            s.cancel(call);
            throw Fault(FaultCode::InternalError, "the main thread refused '" + name + "': " + *refusal);
        }
        // Otherwise an inline executor ran it before throwing: its outcome is the answer.
    }

    std::unique_lock lock(s.mutex);
    for (;;) {
        if (call->status == Status::Done) break;
        if (s.stopping) {
            if (call->status == Status::Queued) s.cancel(call);
            throw Fault(FaultCode::ShuttingDown, "the host is shutting down; '" + name + "' was not answered");
        }
        if (call->status == Status::Queued) {
            if (std::chrono::steady_clock::now() >= deadline) {
                s.cancel(call);
                throw Fault(FaultCode::Busy, "the host's main thread is busy: '" + name + "' did not start within " +
                                                 std::to_string(timeout.count()) + " ms and was cancelled");
            }
            s.changed.wait_until(lock, deadline);
        } else {
            // Running: the main thread is doing this very work; wait for it (or for shutdown).
            s.changed.wait(lock);
        }
    }
    if (call->fault) throw Fault(call->fault->code, call->fault->message);
    return std::move(*call->value);
}

Value MainThreadQueue::call(const std::string& name, std::shared_ptr<const Handler> handler, const Array& params) {
    // A copy of the state pointer: the queue object may be destroyed while this thread waits.
    return State::call(m_state, name, std::move(handler), params);
}

Handler MainThreadQueue::wrap(const std::string& name, Handler handler) {
    auto shared = std::make_shared<const Handler>(std::move(handler));
    std::weak_ptr<State> weak = m_state;
    return [weak, name, shared](const Array& params) -> Value {
        auto state = weak.lock();
        if (!state) throw Fault(FaultCode::ShuttingDown, "the host is gone; '" + name + "' was not run");
        return State::call(state, name, shared, params);
    };
}

std::size_t MainThreadQueue::runPending(std::size_t maxCalls) { return m_state->runPending(maxCalls); }

bool MainThreadQueue::waitForCall(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_state->mutex);
    return m_state->queued.wait_for(lock, timeout, [this] { return !m_state->calls.empty(); });
}

void MainThreadQueue::shutdown() {
    {
        std::lock_guard lock(m_state->mutex);
        m_state->stopping = true;
        while (!m_state->calls.empty()) m_state->cancel(m_state->calls.front());
    }
    m_state->changed.notify_all();
}

void MainThreadQueue::reopen() {
    std::lock_guard lock(m_state->mutex);
    m_state->stopping = false;
}

bool MainThreadQueue::shuttingDown() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->stopping;
}

std::size_t MainThreadQueue::pendingCount() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->calls.size();
}

}  // namespace hostbridge
