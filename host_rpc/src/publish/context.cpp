#include "hostbridge/host_rpc/publish/context.hpp"

namespace hostbridge::publish {

Instance& Context::createInstance(const std::string& name, const std::string& family) {
    auto instance = std::make_unique<Instance>();
    instance->id = m_nextInstanceId ? m_nextInstanceId() : name;
    instance->name = name;
    instance->label = name;
    instance->family = family;
    m_instances.push_back(std::move(instance));
    return *m_instances.back();
}

Instance* Context::find(const std::string& instanceId) const {
    for (const auto& instance : m_instances)
        if (instance->id == instanceId) return instance.get();
    return nullptr;
}

}  // namespace hostbridge::publish
