#pragma once
// Plugin: a context or an instance plug-in, made by its factory and set fluently, with its
// actions and the pyblish order ranges.

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/publish/context.hpp"
#include "hostbridge/host_rpc/publish/logger.hpp"

namespace hostbridge::publish {

// The pyblish order ranges. type() of a plug-in is read from its order.
namespace order {
constexpr double kCollector = 0.0;   // [0, 1)
constexpr double kValidator = 1.0;   // [1, 2)
constexpr double kExtractor = 2.0;   // [2, 3)
constexpr double kIntegrator = 3.0;  // [3, 4)
}  // namespace order

// "Collector", "Validator", "Extractor", "Integrator" or "Other" (outside [0, 4)).
HOSTBRIDGE_HOST_RPC_EXPORT const char* typeOfOrder(double order);

// What a plug-in runs, as pyblish's ContextPlugin.process(context) and
// InstancePlugin.process(instance): a context plug-in once on the context, an instance plug-in
// once per compatible instance that is toggled on. A repair takes its plug-in's kind.
using ContextProcess = std::function<void(Context& context, Logger& log)>;
using InstanceProcess = std::function<void(Context& context, Instance& instance, Logger& log)>;

// A command the UI offers on a plug-in's menu (pyblish's Action); it runs on the context.
struct HOSTBRIDGE_HOST_RPC_EXPORT Action {
    std::string id;          // unique within its plug-in
    std::string label;       // defaults to id
    std::string on = "all";  // all, failed, succeeded, processed, notProcessed: when the UI offers it
    std::string icon;
    std::string description;
    std::string type = "action";  // action, category (a heading) or separator
    ContextProcess process;       // what it does; empty for category and separator
};

// A plug-in: made by forContext or forInstance, so it is one kind or the other for good; the
// rest is set fluently, e.g.
//   Plugin::forInstance("ValidateNaming", order::kValidator, validate).withFamilies({"model"}).withRepair(rename)
// The with* setters return *this (keep the Plugin by value, not the reference to a temporary).
class HOSTBRIDGE_HOST_RPC_EXPORT Plugin {
public:
    // Throw std::invalid_argument for an empty name or an empty callable.
    static Plugin forContext(std::string name, double order, ContextProcess process);
    static Plugin forInstance(std::string name, double order, InstanceProcess process);

    Plugin& withLabel(std::string label);                     // empty: nil on the wire
    Plugin& withFamilies(std::vector<std::string> families);  // default {"*"}: every instance
    Plugin& withHosts(std::vector<std::string> hosts);        // default {"*"}: every host
    // pyblish's targets: a UI shows and runs the plug-in only when one of them is "default" or
    // a target its host named (docs/ui.md, "Targets"). Default {"default"}.
    Plugin& withTargets(std::vector<std::string> targets);
    Plugin& withOptional(bool optional = true);  // the artist may toggle it off
    Plugin& withActive(bool active);             // false: not run (default true)
    Plugin& withDoc(std::string doc);            // empty: nil on the wire
    Plugin& withAction(Action action);           // appended to actions()
    // The legacy repair, of the plug-in's own kind: std::invalid_argument for the other kind
    // or an empty callable.
    Plugin& withRepair(ContextProcess repair);
    Plugin& withRepair(InstanceProcess repair);

    const std::string& name() const { return m_name; }
    double order() const { return m_order; }
    const std::string& label() const { return m_label; }
    const std::vector<std::string>& families() const { return m_families; }
    const std::vector<std::string>& hosts() const { return m_hosts; }
    const std::vector<std::string>& targets() const { return m_targets; }
    bool isOptional() const { return m_optional; }
    bool isActive() const { return m_active; }
    const std::string& doc() const { return m_doc; }
    const std::vector<Action>& actions() const { return m_actions; }
    bool processesInstances() const { return std::holds_alternative<InstanceProcess>(m_process); }
    bool hasRepair() const;
    // Given by Publisher::reset(), new on every reset; empty in a registry.
    const std::string& id() const { return m_id; }

private:
    using Process = std::variant<ContextProcess, InstanceProcess>;
    Plugin(std::string name, double order, Process process);
    friend class Publisher;  // gives ids and runs the callables

    std::string m_name;
    double m_order = 0;
    std::string m_label;
    std::vector<std::string> m_families{"*"};
    std::vector<std::string> m_hosts{"*"};
    std::vector<std::string> m_targets{"default"};
    bool m_optional = false;
    bool m_active = true;
    std::string m_doc;
    std::vector<Action> m_actions;
    Process m_process;
    Process m_repair;  // of m_process's kind; an empty callable when there is none
    std::string m_id;
};

// pyblish's family match: "*" in the plug-in's families matches all; otherwise the instance's
// family or one of its families is in the list.
HOSTBRIDGE_HOST_RPC_EXPORT bool familiesMatch(const Plugin& plugin, const Instance& instance);

}  // namespace hostbridge::publish
