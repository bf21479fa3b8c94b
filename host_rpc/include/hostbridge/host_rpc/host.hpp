#pragma once
// Host: what a DCC plug-in embeds. One XML-RPC server on 127.0.0.1, its own method table at
// "/" and "/RPC2" (and one per extra path, such as "/pyblish" for PublishingService), a
// connection file while it serves, and methods that run either on a connection thread or on
// the host application's main thread.
//
//   auto loop = std::make_shared<hostbridge::PumpedExecutor>();   // or the DCC's own Executor
//   hostbridge::Host host(loop);
//   host.bindOnMainThread("scene.rename", [&](std::string from, std::string to) { return scene.rename(from, to); },
//                         "scene.rename(from, to): renames a node; returns its new name.");
//   host.start();                  // serving; host.port(), host.token()
//   ... main loop: loop->pump(); ...
//   host.stop();
//
// Threads (docs/architecture.md):
//  - start()/stop(): any thread, typically the main thread; never from a bind() method of this
//    host (it would wait for itself). stop() from a bindOnMainThread() method is allowed: that
//    method's caller then gets ShuttingDown. bind*(): any thread, any time.
//  - bind(): the function runs on a server connection thread, concurrently with other calls.
//    For work that must not touch the scene: status, liveness, pure computation.
//  - bindOnMainThread(): the function runs on the main thread through the Executor, with the
//    deadline and shutdown rules of main_thread_queue.hpp (Busy, ShuttingDown).
//  - ping (built in) runs on a connection thread and never waits for the main thread, so a
//    busy host still answers it.
// Errors: a function throws Fault(code, message) to answer with a fault of its own (use
// positive codes); any other exception becomes ApplicationError ("NAME failed: ...").

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "hostbridge/host_rpc/executor.hpp"
#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/main_thread_queue.hpp"
#include "hostbridge/method_table.hpp"

namespace hostbridge {

class UiLink;
struct UiLinkOptions;

struct HOSTBRIDGE_HOST_RPC_EXPORT HostOptions {
    std::uint16_t port = 0;  // 0: the operating system picks; port() tells which
    std::string token;       // empty: a fresh 256-bit token, kept for the Host's lifetime
    // How long a main-thread method may wait for the main thread to start it (Busy after).
    std::chrono::milliseconds mainThreadTimeout{10000};
    // Writes host-<pid>.json into the runtime directory while serving. The file name holds the
    // process id only, so one Host per process should write it.
    bool writeConnectionFile = true;
    // Receives warnings (from the server too); default: standard error.
    std::function<void(const std::string& message)> log;
};

class HOSTBRIDGE_HOST_RPC_EXPORT Host {
public:
    // `mainThread` runs main-thread methods; it must not be null.
    explicit Host(std::shared_ptr<Executor> mainThread, HostOptions options = {});
    ~Host();  // stops
    Host(const Host&) = delete;
    Host& operator=(const Host&) = delete;

    // Binds `function` to run on a connection thread (see above). Same rules as
    // MethodTable::bind: arity and types from the callable; throws std::invalid_argument
    // for a bad name. Any time, before or while serving.
    template <typename F>
    void bind(const std::string& name, F function, std::string help = {}) {
        m_methods->bind(name, std::move(function), std::move(help));
    }

    // Binds `function` to run on the main thread; the caller waits for it (see above).
    template <typename F>
    void bindOnMainThread(const std::string& name, F function, std::string help = {}) {
        m_methods->bindHandler(name, m_mainThread->wrap(name, makeHandler(std::move(function))), std::move(help),
                               signaturesOf<F>());
    }

    // The table served at "/" and "/RPC2", for bindHandler/unbind/setIntrospection.
    std::shared_ptr<MethodTable> methods() const { return m_methods; }

    // Extra paths (e.g. "/pyblish", where the publishing service lives): a method table of
    // their own, created on first use, with nothing bound (not even ping). "/" and "/RPC2"
    // give methods(). A path first used while serving is served from the next start().
    // Throws std::invalid_argument for a path that does not start with "/". Any thread.
    std::shared_ptr<MethodTable> methodsAt(const std::string& path);
    template <typename F>
    void bindAt(const std::string& path, const std::string& name, F function, std::string help = {}) {
        methodsAt(path)->bind(name, std::move(function), std::move(help));
    }
    template <typename F>
    void bindOnMainThreadAt(const std::string& path, const std::string& name, F function, std::string help = {}) {
        methodsAt(path)->bindHandler(name, m_mainThread->wrap(name, makeHandler(std::move(function))),
                                     std::move(help), signaturesOf<F>());
    }
    // The main-thread queue: setTimeout(), and what callFromMainThread() pumps.
    MainThreadQueue& mainThread() { return *m_mainThread; }

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
    std::string connectionFilePath() const;                 // empty when none is written

    // The link to the publishing UI (ui_link.hpp), owned by this host: made with this host's
    // port and token (options.hostPort and hostToken are filled in), replacing (stopping) an
    // earlier link. Call it while serving; throws std::logic_error otherwise (also when stop()
    // wins a race with this call: the new link is then stopped, never left running). After a
    // restart the old link stays stopped: link again. stop() stops the
    // link first, so the UI's heartbeats end before the server goes. Any thread but the link's.
    UiLink& linkUi(UiLinkOptions options);
    // The current link; nullptr when none. Shared: it stays usable while held, even when
    // linkUi() replaces it (a replaced link is stopped: it sends nothing more).
    std::shared_ptr<UiLink> uiLink() const;
    // A function that returns uiLink(), and nullptr once this Host is gone; safe to keep
    // beyond the Host's lifetime (PublishingService's live listener holds one). Cheap: a lock
    // and a shared_ptr copy.
    std::function<std::shared_ptr<UiLink>()> uiLinkSource() const;

private:
    struct Serving;
    struct Info {
        std::uint16_t port = 0;  // 0: not serving
        std::string connectionFilePath;
    };
    std::mutex m_lifecycle;  // serialises start() and stop(), which may come from two threads at once
    mutable std::mutex m_infoMutex;
    Info m_info;
    HostOptions m_options;
    std::shared_ptr<MethodTable> m_methods;
    std::mutex m_pathsMutex;
    std::map<std::string, std::shared_ptr<MethodTable>> m_extraPaths;  // path -> table, besides "/" and "/RPC2"
    std::unique_ptr<MainThreadQueue> m_mainThread;
    std::unique_ptr<Serving> m_serving;
    // The link lives in a shared slot so uiLinkSource() can outlive the Host.
    struct UiSlot {
        std::mutex mutex;
        std::shared_ptr<UiLink> link;
        // The port while serving, 0 otherwise. linkUi() makes its link for this port and
        // installs it only if the slot still holds that port, so a linkUi() racing stop() (or a
        // stop() and start() on another port) never leaves a link heartbeating a port nobody serves.
        std::uint16_t port = 0;
    };
    std::shared_ptr<UiSlot> m_ui = std::make_shared<UiSlot>();
};

}  // namespace hostbridge
