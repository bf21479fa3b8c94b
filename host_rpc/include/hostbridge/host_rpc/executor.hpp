#pragma once
// Executor: how host_rpc hands work to the host application's main thread.
//
// DCC hosts (Maya, Houdini, Unreal, a Qt tool) only allow scene edits on their main thread,
// and every one of them has its own way to queue work there. A host gives host_rpc that way
// as an Executor; host_rpc never creates the main thread and never blocks it.

#include <functional>

#include "hostbridge/host_rpc/host_rpc_export.hpp"

namespace hostbridge {

class HOSTBRIDGE_HOST_RPC_EXPORT Executor {
public:
    virtual ~Executor() = default;

    // Queues `task` to run later on the host's main thread, in the order posted.
    // Contract: called from any thread (host_rpc calls it from connection threads), returns
    // without waiting for the task, and never runs the task inline on the calling thread.
    // host_rpc's tasks do not throw and return quickly when there is nothing to do; a task may
    // still run after the Host is gone (it then does nothing), so an executor may keep tasks
    // queued for as long as it likes, or drop them when the application quits.
    // May throw to refuse the task (e.g. the application is quitting): the call then fails
    // with a fault instead of waiting.
    virtual void post(std::function<void()> task) = 0;
};

}  // namespace hostbridge
