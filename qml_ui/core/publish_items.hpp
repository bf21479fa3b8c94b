#pragma once
// The publishing items the UI shows and drives (protocol.md, "Data shapes"), read from the
// host's Values, and the run rules: ordering, family matching, which pairs a run processes.
// Plain C++ (no Qt objects), so the rules are tested on their own.

#include <optional>
#include <string>
#include <vector>

#include <hostbridge/value.hpp>

namespace hostbridge::ui {

// Per-row state shown in the views.
enum class ItemState { Idle, Processing, Passed, Warning, Failed };
const char* itemStateName(ItemState state);  // "idle", "processing", "passed", "warning", "failed"

struct InstanceInfo {
    std::string id;
    std::string name;
    std::string label;                  // data.label, else the name
    std::string family;                 // data.family
    std::string category;               // data.category (pyblish-qml 1.x groups by it when set)
    std::string comment;                // data.comment: the host's, until the artist writes one
    std::vector<std::string> families;  // data.families
    bool publish = true;                // data.publish (the artist's toggle)
    bool optional = true;               // data.optional: false makes the instance mandatory
    bool isContext = false;
    Value raw;  // as the host sent it (sent back to process())

    // The instance's section in the list: "Context" for the context, else its category when
    // it has one, else its family.
    const std::string& section() const;
};

// An entry of a plug-in's action menu (protocol.md, "Action").
struct ActionInfo {
    std::string id;
    std::string label;            // label, else the id
    std::string on = "all";       // one of kActionRules (an unknown rule: never shown)
    std::string kind = "action";  // __type__: action | category | separator
    bool active = true;
};

struct PluginInfo {
    std::string id;
    std::string name;
    std::string label;  // label, else the name
    double order = 0;
    bool optional = false;
    bool active = true;           // the artist's toggle (only optional plug-ins change it)
    bool contextEnabled = false;  // runs once on the context (instanceEnabled: once per instance)
    bool hasRepair = false;
    std::vector<std::string> families;
    std::vector<std::string> targets{"default"};  // pyblish's default when the host sends none
    std::string doc;
    std::string path;  // the plug-in's source file, as the host says
    std::vector<ActionInfo> actions;
    Value raw;
};

// The section of an order: "Collect" [0,1), "Validate" [1,2), "Extract" [2,3),
// "Integrate" [3,4), "Other" otherwise.
const char* sectionOfOrder(double order);
bool isCollector(const PluginInfo& plugin);

// Reads a Context value: the context itself first, then its instances sorted by section()
// (stable: the host's order within a section).
// Throws ConversionError naming the field for a value that is not a Context.
std::vector<InstanceInfo> readContext(const Value& context);
// Reads discover()'s list, sorted by order (stable: the host's order among equals).
std::vector<PluginInfo> readPlugins(const Value& plugins);

// pyblish's plugins_by_targets: a plug-in is shown and run when one of its targets is "default" or
// one of `targets` (the host's, from show's settings).
bool targetsMatch(const PluginInfo& plugin, const std::vector<std::string>& targets);

// protocol.md: families ["*"] match everything; else the instance's family or any of its
// families must be in the plug-in's list.
bool familiesMatch(const PluginInfo& plugin, const InstanceInfo& instance);

// One process() call of a run. instanceId empty: the context.
struct Pair {
    std::string pluginId;
    std::string instanceId;
    double order = 0;
};

// The pairs `plugin` processes against `instances` (the context first, as readContext gives):
// an instance plug-in once per compatible, toggled-on instance; a context plug-in once, on the
// context, when families ["*"] or some toggled-on instance is compatible; an inactive plug-in
// never. Empty: nothing to process (the view greys it).
std::vector<Pair> pairsFor(const PluginInfo& plugin, const std::vector<InstanceInfo>& instances);
// Whether pairsFor() would give any pair were the plug-in active (the view greys it when not),
// without building the pairs (a context may hold 10,000 instances).
bool couldProcess(const PluginInfo& plugin, const std::vector<InstanceInfo>& instances);

// The pairs of every plug-in with minOrder <= order < maxOrder, in plug-in order.
std::vector<Pair> planRun(const std::vector<PluginInfo>& plugins, const std::vector<InstanceInfo>& instances,
                          double minOrder, double maxOrder);

// The `on` rules of pyblish's actions, the only ones actionsFor() knows.
inline constexpr const char* kActionRules[] = {"all",       "notProcessed", "processed",      "failed",
                                               "succeeded", "warning",      "failedOrWarning"};
bool isActionRule(const std::string& on);

// The entries of `plugin`'s action menu when the plug-in is in `state` (pyblish's rules):
// inactive actions are dropped, an action stays when its `on` fits the state (all; failed;
// warning; failedOrWarning; succeeded: passed or warning; processed: passed, warning or failed;
// notProcessed: idle; an unknown rule never), and a category or separator stays only when an
// action follows it directly (and a separator not first).
std::vector<ActionInfo> actionsFor(const PluginInfo& plugin, ItemState state);

// A Result's state: failed with an error, warning with a record at level >= 30, else passed.
ItemState stateOfResult(const Value& result);

}  // namespace hostbridge::ui
