#pragma once
// HostConnection: how the publishing controller reaches a host's publishing service
// (protocol.md, "Host side"). HostLink is the real one, over the network on a worker thread;
// tests also use one that dispatches into an in-process MethodTable.
//
// Contract for every implementation: call() never blocks and never runs `done` before it
// returns; `done` runs later on the GUI thread, once, with a value or a fault, unless the
// target changed in between (then it never runs).

#include <chrono>
#include <functional>
#include <string>

#include <hostbridge/client.hpp>

namespace hostbridge::ui {

class HostConnection {
public:
    using Callback = std::function<void(const CallResult&)>;
    // When a call was sent and when its whole answer was read (steady clock).
    struct CallTiming {
        std::chrono::steady_clock::time_point sent;
        std::chrono::steady_clock::time_point received;
    };
    static constexpr std::chrono::milliseconds kDefaultTimeout{10000};  // quick calls

    virtual ~HostConnection() = default;

    // Later calls go to the host on 127.0.0.1:`port`; `token` empty for legacy tokenless hosts.
    // Callbacks of calls made before are dropped. Port 0: no host.
    virtual void setTarget(int port, const std::string& token) = 0;
    virtual int port() const = 0;
    bool hasTarget() const { return port() > 0; }

    // `method(params)` for the target, answered through `done` as the contract above says;
    // without a target `done` gets a TransportError fault.
    virtual void call(const std::string& method, Array params, Callback done,
                      std::chrono::milliseconds timeout = kDefaultTimeout) = 0;

    // The timing of the call whose callback runs now (or ran last).
    virtual const CallTiming& lastCallTiming() const = 0;
};

}  // namespace hostbridge::ui
