#pragma once
// Host: what a DCC plug-in embeds. One XML-RPC server on 127.0.0.1, its own method table at
// "/" and "/RPC2" (and one per extra path, such as "/pyblish" for PublishingService), a
// connection file while it serves, and methods that run either on a connection thread or on
// the host application's main thread.
//
//   auto loop = std::make_shared<hostbridge::PumpedExecutor>();   // or the DCC's own Executor
//   hostbridge::Host host(loop);
//   host.bind("scene.rename", [&](std::string from, std::string to) { return scene.rename(from, to); },
//             "scene.rename(from, to): renames a node; returns its new name.", {hostbridge::Thread::Main});
//   host.bind("status", [] { return std::string("idle"); });     // on a connection thread, at "/"
//   host.start();                  // serving; host.port(), host.token()
//   ... main loop: loop->pump(); ...
//   host.stop();
//
// Threads (docs/architecture.md):
//  - start()/stop(): any thread, typically the main thread; never from a Thread::Connection
//    method of this host (it would wait for itself). stop() from a Thread::Main method is
//    allowed: that method's caller then gets ShuttingDown. bind(): any thread, any time.
//  - Thread::Connection: the function runs on a server connection thread, concurrently with
//    other calls. For work that must not touch the scene: status, liveness, pure computation.
//  - Thread::Main: the function runs on the main thread through the Executor. A call the main
//    thread has not started within the main-thread timeout is answered Busy (and never runs);
//    one that has started runs to its end. During stop() waiting callers get ShuttingDown.
//  - ping (built in) runs on a connection thread and never waits for the main thread, so a
//    busy host still answers it.
// Errors: a function throws Fault(code, message) to answer with a fault of its own (use
// positive codes); any other exception becomes ApplicationError ("NAME failed: ...").

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/client_info.hpp"
#include "hostbridge/host_rpc/executor.hpp"
#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/method_table.hpp"

namespace hostbridge {

class UiLink;
struct UiLinkOptions;
namespace detail {
struct HostInternals;
}

// The thread a bound function runs on (see the top of this file).
enum class Thread {
    Connection,  // the server connection thread that received the call
    Main,        // the host application's main thread, through the Host's Executor
};

// Where and how Host::bind serves a function: host.bind(name, fn, help, {Thread::Main, "/pyblish"}).
struct HOSTBRIDGE_HOST_RPC_EXPORT BindOptions {
    Thread thread = Thread::Connection;
    // "/" is also served as "/RPC2"; any other path ("/pyblish") has a table of its own, with
    // nothing bound (not even ping). A path first used while serving is served from the next start().
    std::string path = "/";
};

struct HOSTBRIDGE_HOST_RPC_EXPORT HostOptions {
    std::uint16_t port = 0;  // 0: the operating system picks; port() tells which
    std::string token;       // empty: a fresh 256-bit token, kept for the Host's lifetime
    // How long a main-thread method may wait for the main thread to start it (Busy after).
    std::chrono::milliseconds mainThreadTimeout{10000};
    // Answers system.listMethods / methodHelp / methodSignature on every path (multicall always).
    bool introspection = true;
    // Writes host-<pid>.json into the runtime directory while serving, and serves the Unix
    // socket host-<pid>.sock beside it (named in the file as "socket"). The names hold the
    // process id only, so one Host per process should write them.
    bool writeConnectionFile = true;
    // Receives warnings (from the server too); default: standard error.
    std::function<void(const std::string& message)> log;
    // The heartbeat interval hostbridge.hello gives clients; their states follow from it
    // (client_info.hpp). Must be positive.
    std::chrono::milliseconds clientHeartbeatInterval{1000};
};

class HOSTBRIDGE_HOST_RPC_EXPORT Host {
public:
    // `executor` runs Thread::Main methods; it must not be null.
    explicit Host(std::shared_ptr<Executor> executor, HostOptions options = {});
    ~Host();  // stops
    Host(const Host&) = delete;
    Host& operator=(const Host&) = delete;

    // Binds `function` under `name` at options.path, to run on options.thread. `function` is
    // any typed callable (arity and types from its parameters, as MethodTable::bind) or an
    // UntypedFunction. Rebinding a name replaces it. Throws std::invalid_argument for a bad name
    // or a path that does not start with "/". Any thread, any time, before or while serving.
    template <typename F>
    void bind(const std::string& name, F function, std::string help = {}, BindOptions options = {}) {
        bindUntyped(name, detail::untypedOf(std::move(function)), std::move(help), std::move(options));
    }
    // Removes a method bound at `path`; false when it was not bound. Any thread.
    bool unbind(const std::string& name, const std::string& path = "/");
    // The names served at `path`, sorted, system.* included (empty for a path never bound).
    std::vector<std::string> methodNames(const std::string& path = "/") const;
    // Calls a method of `path` in-process, as a connection thread would: a Thread::Main method
    // waits for the main thread, so never call it there. Throws Fault as a call on the wire
    // would answer it (MethodNotFound for a path never bound).
    Value call(const std::string& name, const Array& params = {}, const std::string& path = "/") const;

    // How long a Thread::Main call may wait for the main thread to start it (Busy after);
    // HostOptions::mainThreadTimeout at first. Any thread; applies to calls made after it.
    void setMainThreadTimeout(std::chrono::milliseconds timeout);

    // Binds 127.0.0.1 and serves; writes the connection file. Throws ServerError when the port
    // cannot be bound, std::runtime_error when the connection file cannot be written (the
    // server is stopped again then). No effect while running.
    void start();
    // Fails pending main-thread calls with ShuttingDown, stops the server (joining its
    // threads) and removes the connection file. Idempotent. Never waits for the main thread.
    void stop();

    // Any thread, also from a method of this host.
    bool running() const;
    std::uint16_t port() const;  // 0 when not serving
    const std::string& token() const;
    std::string url(const std::string& path = "/") const;  // without the token; empty when not serving
    std::string connectionFilePath() const;                // empty when none is written
    std::string socketPath() const;                        // the Unix socket served; empty when none

    // The link to the publishing UI (ui_link.hpp), owned by this host: made with this host's
    // port and token, replacing (stopping) an
    // earlier link. Call it while serving; throws std::logic_error otherwise (also when stop()
    // wins a race with this call: the new link is then stopped, never left running). After a
    // restart the old link stays stopped: link again. stop() stops the
    // link first, so the UI's heartbeats end before the server goes. Any thread but the link's.
    UiLink& linkUi(UiLinkOptions options);
    // The current link; nullptr when none. Shared: it stays usable while held, even when
    // linkUi() replaces it (a replaced link is stopped: it sends nothing more).
    std::shared_ptr<UiLink> uiLink() const;

    // The clients that said hostbridge.hello (docs/tools.md), oldest first. Any thread.
    std::vector<ClientInfo> clients() const;
    // Ask client `id` to reset (drop its connection and say hello again) or to disconnect (shut
    // down): through its own server's hostbridge.reset() / hostbridge.disconnect() when it has
    // one, called on the host's "hb-clients" thread with a 2 s timeout, else (or when that call
    // fails) in the answer to its next heartbeat. Return at once, from any thread. Throw
    // Fault(kUnknownClientFault) for an id not listed.
    void resetClient(const std::string& id);
    void disconnectClient(const std::string& id);

private:
    friend struct detail::HostInternals;  // host_rpc's own code: the queue, the link's slot
    void bindUntyped(const std::string& name, UntypedFunction function, std::string help, BindOptions options);

    struct State;  // everything else, in host_rpc/src/host_internals.hpp
    std::unique_ptr<State> m_state;
};

}  // namespace hostbridge
