#pragma once
// PluginRegistry: the plug-ins a host offers, thread-safe.

#include <mutex>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/publish/plugin.hpp"

namespace hostbridge::publish {

// The plug-ins a host offers. Publisher::reset() takes a fresh copy of them.
class HOSTBRIDGE_HOST_RPC_EXPORT PluginRegistry {
public:
    // Throws std::invalid_argument for a name already registered. Any thread.
    void add(Plugin plugin);
    std::vector<Plugin> plugins() const;  // in the order added

private:
    mutable std::mutex m_mutex;
    std::vector<Plugin> m_plugins;
};

}  // namespace hostbridge::publish
