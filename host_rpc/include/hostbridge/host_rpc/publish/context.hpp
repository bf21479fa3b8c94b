#pragma once
// Context and Instance: what plug-ins publish. Not thread-safe: one thread (the host's main
// thread) uses them.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/value.hpp"

namespace hostbridge::publish {

class Publisher;

// Something to publish, made by a collector with Context::createInstance.
struct HOSTBRIDGE_HOST_RPC_EXPORT Instance {
    std::string id;  // set by createInstance; changes on every reset
    std::string name;
    std::string label;  // defaults to name
    std::string family;
    std::vector<std::string> families;  // further families, besides `family`
    Struct data;                        // anything the plug-ins share; sent inside Instance.data
    bool publish = true;                // toggled off: not processed (UI toggles reach it through emit)
};

// Made by Publisher::reset(). One made by hand (to unit-test a plug-in) works too; its
// instances then take their names as ids.
class HOSTBRIDGE_HOST_RPC_EXPORT Context {
public:
    Context(std::string id, Struct data) : m_id(std::move(id)), m_data(std::move(data)) {}
    const std::string& id() const { return m_id; }
    Struct& data() { return m_data; }
    const Struct& data() const { return m_data; }

    // Adds an instance with a fresh id and returns it (the reference stays valid until reset).
    Instance& createInstance(const std::string& name, const std::string& family);
    const std::vector<std::unique_ptr<Instance>>& instances() const { return m_instances; }
    Instance* find(const std::string& instanceId) const;  // nullptr when not in this context

private:
    friend class Publisher;
    std::string m_id;
    Struct m_data;
    std::vector<std::unique_ptr<Instance>> m_instances;
    std::function<std::string()> m_nextInstanceId;
};

}  // namespace hostbridge::publish
