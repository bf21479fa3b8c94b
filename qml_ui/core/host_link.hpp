#pragma once
// HostLink: the UI's calls to a host's publishing service (protocol.md, "Host side"), made on a
// worker thread so the GUI thread never waits for the network.
//
// Threads: HostLink is a GUI-thread object and owns one worker thread (a std::thread started by
// the constructor, ended by the destructor). The worker owns the hostbridge::Client and runs the
// calls one at a time, in the order they were asked for. Every result (a value or a fault,
// including the client's own Timeout / TransportError faults) comes back to the GUI thread as a
// queued call of the callback given to call(). Nothing here blocks the GUI thread: call() only
// queues, and the destructor waits at most kShutdownWait for a call in flight, then leaves the
// worker to end on its own (it holds nothing of HostLink's, and no longer delivers).
//
// Targets: setTarget(port, token) points later calls at http://127.0.0.1:<port>/pyblish. Results
// of calls queued for an earlier target are dropped, never delivered (ids change between hosts).

#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <hostbridge/client.hpp>

#include "host_connection.hpp"

namespace hostbridge::ui {

class HostLink : public QObject, public HostConnection {
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kShutdownWait{2000};

    explicit HostLink(QObject* parent = nullptr);
    ~HostLink() override;

    // HostConnection. Callbacks of calls queued before a setTarget() are dropped. Calls go to
    // the host's Unix socket when its connection file (the same port and token) offers one,
    // else to 127.0.0.1:port (pyblish hosts write no file).
    void setTarget(int port, const std::string& token) override;
    int port() const override { return m_port; }
    // The host's Unix socket the calls go to; empty when they go to its port.
    const std::string& socketPath() const { return m_socketPath; }

    // Queues `method(params)` for the worker; `done` runs on the GUI thread with the outcome,
    // unless the target changed or this link was destroyed in between. Without a target, `done`
    // gets a TransportError fault (queued too, so callers see one order of events).
    void call(const std::string& method, Array params, Callback done,
              std::chrono::milliseconds timeout = kDefaultTimeout) override;

    // Calls queued or running (for tests and the busy indication).
    int pending() const { return m_pending; }
    // Since when the host has owed us an answer: when the call now at the head of the queue
    // was queued, or the previous answer came. nullopt when nothing is pending.
    std::optional<std::chrono::steady_clock::time_point> waitingSince() const { return m_waitingSince; }
    // The timing of the call whose callback runs now (or ran last): inside a callback, its own
    // call's. For the UI's timings (how long the wire took, and the GUI after it).
    const CallTiming& lastCallTiming() const override { return m_lastCallTiming; }

signals:
    void pendingChanged();
    // The host on `port` answered a call (a value or a fault: either way it is alive).
    void answered(int port);
    // A call to the host on `port` could not reach it (refused, reset, closed early).
    void unreachable(int port);

private:
    struct Shared;
    static void runWorker(std::shared_ptr<Shared> shared);  // the worker thread's loop
    void deliver(std::uint64_t generation, const Callback& done, const CallResult& result, const CallTiming& timing);

    std::shared_ptr<Shared> m_shared;
    std::thread m_worker;
    int m_port = 0;
    std::string m_token;
    std::string m_socketPath;
    std::string m_url;  // of the host's /pyblish, over the socket or the port
    std::uint64_t m_generation = 0;
    int m_pending = 0;
    std::optional<std::chrono::steady_clock::time_point> m_waitingSince;
    CallTiming m_lastCallTiming;
};

}  // namespace hostbridge::ui
