#pragma once
// Calling a peer from the main thread without deadlocking on a call back.
//
// The trap: the main thread calls the UI and blocks; the UI, before answering, calls a
// main-thread method of this host; that call waits for the main thread, which waits for the
// UI. Nobody moves until the Busy deadline. callFromMainThread() avoids it: the blocking
// client call runs on a worker thread, and the main thread keeps running this host's queued
// main-thread calls until the answer is in.

#include <string>

#include "hostbridge/client.hpp"
#include "hostbridge/host_rpc/host_rpc_export.hpp"

namespace hostbridge {

class Host;

// Main thread only (the thread the host's Executor runs tasks on). Calls `method` on `client`
// and returns its outcome (value or fault; the client's timeout bounds the wait). While
// waiting, runs the Thread::Main calls queued on `host`, so a peer may call back into this
// host's main-thread methods before it answers. Calls may nest to any depth. Other work of the
// host application does not run meanwhile (the main thread is inside this function, as in a
// modal loop). `client` is used from a worker thread only while this function runs; do not use
// it from elsewhere at the same time. Works with any Executor, since it runs the host's queue
// directly, not through the executor.
HOSTBRIDGE_HOST_RPC_EXPORT CallResult callFromMainThread(Host& host, Client& client, const std::string& method,
                                                         const Array& params = {});

}  // namespace hostbridge
