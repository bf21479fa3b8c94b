#pragma once
// Private: a Host's state, and what host_rpc's own code (nested calls, ask, the publishing
// service) reaches inside a Host, without making it public API.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "host_clients.hpp"
#include "hostbridge/connection_file.hpp"
#include "hostbridge/host_rpc/host.hpp"
#include "hostbridge/server.hpp"
#include "main_thread_queue.hpp"

namespace hostbridge {

// The UI link lives in a shared slot that the publishing service's live listener holds weakly
// (HostInternals::uiLinkSource), so the listener may outlive the Host.
struct UiSlot {
    std::mutex mutex;
    std::shared_ptr<UiLink> link;
    // The port while serving, 0 otherwise. linkUi() makes its link for this port and installs
    // it only if the slot still holds that port, so a linkUi() racing stop() (or a stop() and
    // start() on another port) never leaves a link heartbeating a port nobody serves.
    std::uint16_t port = 0;
};

struct Host::State {
    // What exists only while serving: made in start(), destroyed in stop(). A fresh Server per
    // run lets a Host start again after stop() without relying on a Server being restartable.
    struct Serving {
        std::unique_ptr<Server> server;
        std::unique_ptr<ConnectionFile> connectionFile;
    };
    // What the queries read, under infoMutex only (never `lifecycle`: stop() holds that while it
    // joins connection threads, and a method asking for port() must not wait for it).
    struct Info {
        std::uint16_t port = 0;  // 0: not serving
        std::string connectionFilePath;
        std::string socketPath;
    };

    State(std::shared_ptr<Executor> executor, HostOptions hostOptions);

    // The table served at `path` ("/RPC2" is "/"), made on first use. Throws
    // std::invalid_argument for a path that does not start with "/".
    std::shared_ptr<MethodTable> tableAt(const std::string& path);
    // The same without making one: nullptr for a path never bound.
    std::shared_ptr<MethodTable> findTable(const std::string& path) const;

    std::mutex lifecycle;  // serialises start() and stop(), which may come from two threads at once
    mutable std::mutex infoMutex;
    Info info;
    HostOptions options;
    // Before `methods`, whose hostbridge.* functions use it: destroyed after them.
    std::unique_ptr<detail::HostClients> clients;
    std::shared_ptr<MethodTable> methods;
    mutable std::mutex pathsMutex;
    std::map<std::string, std::shared_ptr<MethodTable>> extraPaths;  // path -> table, besides "/" and "/RPC2"
    MainThreadQueue mainThreadQueue;
    std::unique_ptr<Serving> serving;
    std::shared_ptr<UiSlot> ui = std::make_shared<UiSlot>();
};

namespace detail {

struct HostInternals {
    // The queue Thread::Main calls wait in: what callFromMainThread serves while it waits.
    static MainThreadQueue& mainThreadQueue(Host& host) { return host.m_state->mainThreadQueue; }

    // A function that returns host.uiLink(), and nullptr once the Host is gone; safe to keep
    // beyond the Host's lifetime (PublishingService's live listener holds one). Cheap: a lock
    // and a shared_ptr copy.
    static std::function<std::shared_ptr<UiLink>()> uiLinkSource(const Host& host) {
        return [slot = std::weak_ptr<UiSlot>(host.m_state->ui)]() -> std::shared_ptr<UiLink> {
            const std::shared_ptr<UiSlot> held = slot.lock();
            if (!held) return nullptr;
            std::lock_guard lock(held->mutex);
            return held->link;
        };
    }
};

}  // namespace detail
}  // namespace hostbridge
