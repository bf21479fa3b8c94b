#pragma once
// Private: what host_rpc's own code (nested calls, ask, the publishing service) reaches inside
// a Host, without making it public API.

#include <functional>
#include <memory>

#include "hostbridge/host_rpc/host.hpp"
#include "main_thread_queue.hpp"

namespace hostbridge::detail {

struct HostInternals {
    // The queue Thread::Main calls wait in: what callFromMainThread serves while it waits.
    static MainThreadQueue& mainThreadQueue(Host& host) { return *host.m_mainThreadQueue; }

    // A function that returns host.uiLink(), and nullptr once the Host is gone; safe to keep
    // beyond the Host's lifetime (PublishingService's live listener holds one). Cheap: a lock
    // and a shared_ptr copy.
    static std::function<std::shared_ptr<UiLink>()> uiLinkSource(const Host& host) {
        return [slot = std::weak_ptr<Host::UiSlot>(host.m_ui)]() -> std::shared_ptr<UiLink> {
            const std::shared_ptr<Host::UiSlot> held = slot.lock();
            if (!held) return nullptr;
            std::lock_guard lock(held->mutex);
            return held->link;
        };
    }
};

}  // namespace hostbridge::detail
