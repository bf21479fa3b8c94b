#pragma once
// Private: UiPusher, what a host tells the UI without waiting for it: live updates of running plug-ins
// (publish_update) and notices to the artist (notify); protocol.md, "Live updates, notices and
// questions". A UiLink owns one and tells it where the UI is (setEndpoint).
//
// push() and notify() only put the item in a bounded queue (a short lock, no I/O) and return:
// the plug-in's thread never waits for the network. One sender thread, "hb-ui-push", takes
// everything queued, in order, and sends each run of updates as publish_update calls (at most
// maxBatch updates per call) and each notice as a notify call, each call with callTimeout.
//
// Drops: an item is dropped, and counted (dropped()), when no UI is connected (no endpoint),
// the queue is full (a slow UI), or a call fails (a dead or deaf UI: a fault, a transport
// error or the timeout). After a failed call the sender drops what is queued and backs off
// (100 ms doubling up to maxBackoff), and items pushed meanwhile are dropped at once, so a dead
// UI costs the host no memory and no waiting, only drops. Drops are logged once per burst: a
// line when they start and one with the count when the UI takes items again.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "hostbridge/host_rpc/publishing.hpp"
#include "hostbridge/host_rpc/ui_link.hpp"

namespace hostbridge {

// Where the UI serves, with its token: the URL of its Unix socket when it offers one, else of
// 127.0.0.1:port.
struct UiEndpoint {
    std::string url;
    std::string token;
};

struct UiPusherOptions {
    std::uint16_t hostPort = 0;    // sent as publish_update's and notify's `port`
    std::size_t capacity = 10000;  // queued items; more are dropped
    std::size_t maxBatch = 1000;   // updates per publish_update call
    std::chrono::milliseconds callTimeout{2000};
    std::chrono::milliseconds maxBackoff{5000};
    // Receives the drop reports; default: standard error.
    std::function<void(const std::string& message)> log;
};

class UiPusher {
public:
    explicit UiPusher(UiPusherOptions options);  // starts the sender thread
    ~UiPusher();                                 // stop()
    UiPusher(const UiPusher&) = delete;
    UiPusher& operator=(const UiPusher&) = delete;

    // Where to send from now on; nullopt: nowhere (items are dropped). Any thread.
    void setEndpoint(std::optional<UiEndpoint> endpoint);

    // Queue and return at once; any thread (see the top of this file for drops).
    void push(const publish::LiveUpdate& update);
    void notify(NoticeLevel level, std::string title, std::string message);

    // Ends the sender thread, waiting at most for the call in flight (callTimeout); what is
    // still queued is discarded, later items are ignored (neither is counted). Idempotent.
    void stop();

    std::uint64_t dropped() const;  // items (updates and notices) that never reached the UI
    std::uint64_t sent() const;     // items the UI took

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The wire struct of one update: {kind: "record", plugin, instance|nil, index, record} or
// {kind: "progress", plugin, instance|nil, done, total, message}.
Value liveUpdateToValue(const publish::LiveUpdate& update);

}  // namespace hostbridge
