#include "hostbridge/host_rpc/publish/plugin.hpp"

#include <algorithm>
#include <stdexcept>

namespace hostbridge::publish {

namespace {

template <typename F>
F required(F callable, const std::string& pluginName, const char* what) {
    if (!callable) throw std::invalid_argument("plug-in '" + pluginName + "' needs a " + what + " callable");
    return callable;
}

}  // namespace

const char* typeOfOrder(double order) {
    if (order >= 0 && order < 1) return "Collector";
    if (order >= 1 && order < 2) return "Validator";
    if (order >= 2 && order < 3) return "Extractor";
    if (order >= 3 && order < 4) return "Integrator";
    return "Other";
}

Plugin::Plugin(std::string name, double order, Process process)
    : m_name(std::move(name)), m_order(order), m_process(std::move(process)) {
    if (m_name.empty()) throw std::invalid_argument("a plug-in needs a name");
}

Plugin Plugin::forContext(std::string name, double order, ContextProcess process) {
    process = required(std::move(process), name, "process");
    return Plugin(std::move(name), order, std::move(process));
}

Plugin Plugin::forInstance(std::string name, double order, InstanceProcess process) {
    process = required(std::move(process), name, "process");
    return Plugin(std::move(name), order, std::move(process));
}

Plugin& Plugin::withLabel(std::string label) {
    m_label = std::move(label);
    return *this;
}

Plugin& Plugin::withFamilies(std::vector<std::string> families) {
    m_families = std::move(families);
    return *this;
}

Plugin& Plugin::withHosts(std::vector<std::string> hosts) {
    m_hosts = std::move(hosts);
    return *this;
}

Plugin& Plugin::withTargets(std::vector<std::string> targets) {
    m_targets = std::move(targets);
    return *this;
}

Plugin& Plugin::withOptional(bool optional) {
    m_optional = optional;
    return *this;
}

Plugin& Plugin::withActive(bool active) {
    m_active = active;
    return *this;
}

Plugin& Plugin::withDoc(std::string doc) {
    m_doc = std::move(doc);
    return *this;
}

Plugin& Plugin::withAction(Action action) {
    m_actions.push_back(std::move(action));
    return *this;
}

Plugin& Plugin::withRepair(ContextProcess repair) {
    if (processesInstances())
        throw std::invalid_argument("plug-in '" + m_name + "' processes instances: its repair takes the instance too");
    m_repair = required(std::move(repair), m_name, "repair");
    return *this;
}

Plugin& Plugin::withRepair(InstanceProcess repair) {
    if (!processesInstances())
        throw std::invalid_argument("plug-in '" + m_name + "' processes the context: its repair takes no instance");
    m_repair = required(std::move(repair), m_name, "repair");
    return *this;
}

bool Plugin::hasRepair() const {
    return std::visit([](const auto& repair) { return static_cast<bool>(repair); }, m_repair);
}

bool familiesMatch(const Plugin& plugin, const Instance& instance) {
    const auto& wanted = plugin.families();
    auto has = [&](const std::string& family) {
        return std::find(wanted.begin(), wanted.end(), family) != wanted.end();
    };
    if (has("*") || has(instance.family)) return true;
    return std::any_of(instance.families.begin(), instance.families.end(), has);
}

}  // namespace hostbridge::publish
