#include "hostbridge/host_rpc/publish/plugin_registry.hpp"

#include <stdexcept>

namespace hostbridge::publish {

void PluginRegistry::add(Plugin plugin) {
    std::lock_guard lock(m_mutex);
    for (const Plugin& other : m_plugins)
        if (other.name() == plugin.name())
            throw std::invalid_argument("a plug-in named '" + plugin.name() + "' is already registered");
    m_plugins.push_back(std::move(plugin));
}

std::vector<Plugin> PluginRegistry::plugins() const {
    std::lock_guard lock(m_mutex);
    return m_plugins;
}

}  // namespace hostbridge::publish
