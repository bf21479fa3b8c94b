#pragma once
// Private: sends a host's commands (reset, disconnect) to its clients' own servers
// (docs/tools.md): `hostbridge.reset()` / `hostbridge.disconnect()` on
// http://127.0.0.1:<port>/ with the token the client gave in hello.
//
// Threads: send() only queues and returns, from any thread (a connection thread running
// hostbridge.resetClient, the host's main thread calling Host::resetClient): nobody waits for
// a client. One sender thread, "hb-clients", started on first use, makes the calls one at a
// time, each bounded by kCallTimeout; a dead client costs at most that. Whatever cannot be
// delivered (a fault, no answer, the queue full, stop() with calls queued) is handed back to
// the registry, whose heartbeat answers then carry it. stop() joins the thread (at most the
// call in flight); a later send() starts it again.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>

#include "client_registry.hpp"

namespace hostbridge::detail {

class ClientCaller {
public:
    static constexpr std::chrono::milliseconds kCallTimeout{2000};
    static constexpr std::size_t kCapacity = 256;  // queued commands; more wait for heartbeats

    explicit ClientCaller(ClientRegistry& registry) : m_registry(registry) {}
    ~ClientCaller() { stop(); }
    ClientCaller(const ClientCaller&) = delete;
    ClientCaller& operator=(const ClientCaller&) = delete;

    // Queues `command` for the client at `target` (target.port != 0).
    void send(const ClientRegistry::Target& target, ClientCommand command);
    // Ends the sender thread; queued commands go back to the registry. Idempotent.
    void stop();

private:
    struct Job {
        ClientRegistry::Target target;
        ClientCommand command;
    };
    void run();

    ClientRegistry& m_registry;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::thread m_thread;
    std::mutex m_joinMutex;
};

}  // namespace hostbridge::detail
