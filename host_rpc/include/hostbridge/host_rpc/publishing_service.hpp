#pragma once
// PublishingService: a Publisher served on a Host at "/pyblish", wire-compatible with
// pyblish-rpc 0.3 (docs/publishing.md, ../shared/notes/protocol.md).
//
//   hostbridge::Host host(mainLoop);
//   auto publisher = std::make_shared<hostbridge::publish::Publisher>(registry, options);
//   hostbridge::PublishingService service(host, publisher);   // before host.start()
//   service.onEmit([](const std::string& signal, const hostbridge::Struct& kwargs) { ... });
//   host.start();
//
// Methods: ping, stats (connection thread, never the main thread); reset, context, discover,
// process, repair, test, emit and results (HostBridge's own: the kept Results of the
// session) on the host's main thread, with the Host's deadline (Busy) and shutdown rules.
// Faults: InvalidParams for an id that is not in this session (ids change on reset), a
// missing `id` member, or repair of a plug-in without one. A failing plug-in is not a fault:
// its Result says success false and carries the Error.
//
// Live updates: the constructor installs the publisher's live listener (setLiveListener), which
// forwards every record and progress of a running plug-in to host.uiLink() when there is one
// (UiLink::pushUpdate: queued, never waiting); without a link nothing is sent.
//
// Lifetime: construct before Host::start() (routes are fixed while serving). The methods stay
// bound in the Host's table and keep working (with the publisher) if the service object goes
// first; `host` must outlive the service object.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/host.hpp"
#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/publishing.hpp"

namespace hostbridge {

namespace publish {
// The wire shapes of protocol.md. `order` is an <int> when whole, a <double> otherwise.
HOSTBRIDGE_HOST_RPC_EXPORT Value pluginToValue(const Plugin& plugin);
HOSTBRIDGE_HOST_RPC_EXPORT Value instanceToValue(const Instance& instance);
HOSTBRIDGE_HOST_RPC_EXPORT Value contextToValue(const Context& context);
HOSTBRIDGE_HOST_RPC_EXPORT Value recordToValue(const Record& record);
HOSTBRIDGE_HOST_RPC_EXPORT Value errorToValue(const Error& error);
// Plugin and instance are looked up in `publisher` by id (nil when no longer there).
HOSTBRIDGE_HOST_RPC_EXPORT Value resultToValue(const Result& result, Publisher& publisher);
}  // namespace publish

class HOSTBRIDGE_HOST_RPC_EXPORT PublishingService {
public:
    // Called on the main thread for every emit(signal, kwargs), after the service has applied
    // instanceToggled / pluginToggled to the instance's publish flag / the plug-in's active flag,
    // commented ({comment: str}; anything else is an InvalidParams fault) to the context's data
    // "comment", and instanceCommented ({instance: id, comment: str}) to that instance's data
    // "comment" (an unknown id or a comment not a string: InvalidParams).
    using EmitCallback = std::function<void(const std::string& signal, const Struct& kwargs)>;

    // Binds the methods at `path` of `host`. `publisher` must not be null.
    PublishingService(Host& host, std::shared_ptr<publish::Publisher> publisher, const std::string& path = "/pyblish");

    // Any thread.
    void onEmit(EmitCallback callback);
    // Calls to this service so far (what stats() reports).
    int requestCount() const { return m_state->requests.load(); }

private:
    // What the bound methods share. They hold it, not `this`, so the methods stay safe in the
    // Host's table even after the service object is gone.
    struct State {
        Host* host = nullptr;
        std::shared_ptr<publish::Publisher> publisher;
        std::atomic<int> requests{0};
        std::mutex callbacksMutex;
        std::vector<EmitCallback> callbacks;
        void emit(const std::string& signal, const Struct& kwargs);  // main thread
    };
    template <typename F>
    void bindCounted(const std::string& name, F function, std::string help, Thread thread);

    std::string m_path;
    std::shared_ptr<State> m_state;
};

}  // namespace hostbridge
