#include "publish_items.hpp"

#include <algorithm>
#include <iterator>

#include <hostbridge/log_level.hpp>

namespace hostbridge::ui {
namespace {

std::string stringOr(const Value& s, const char* key, const std::string& fallback = {}) {
    const Value* v = s.find(key);
    return v && v->type() == ValueType::String ? v->asString() : fallback;
}

bool boolOr(const Value& s, const char* key, bool fallback) {
    const Value* v = s.find(key);
    return v && v->type() == ValueType::Boolean ? v->asBool() : fallback;
}

std::vector<std::string> strings(const Value& s, const char* key) {
    std::vector<std::string> out;
    const Value* v = s.find(key);
    if (!v || v->type() != ValueType::Array) return out;
    for (const Value& item : v->asArray())
        if (item.type() == ValueType::String) out.push_back(item.asString());
    return out;
}

// A required string / number member; a mismatch names the member (".order: expected double, got string").
const std::string& requiredString(const Value& s, const char* key) {
    try {
        return s.at(key).asString();
    } catch (const ConversionError& e) {
        throw e.path().empty() ? e.within(std::string(".") + key) : e;
    }
}

double requiredNumber(const Value& s, const char* key) {
    try {
        return s.at(key).asDouble();
    } catch (const ConversionError& e) {
        throw e.path().empty() ? e.within(std::string(".") + key) : e;
    }
}

InstanceInfo readInstance(const Value& value, bool isContext) {
    InstanceInfo info;
    info.raw = value;
    info.isContext = isContext;
    info.id = requiredString(value, "id");
    info.name = stringOr(value, "name");
    const Value* data = value.find("data");
    const Value empty = Struct{};
    const Value& d = data && data->type() == ValueType::Struct ? *data : empty;
    info.label = stringOr(d, "label", info.name);
    if (info.label.empty()) info.label = info.name;
    if (!isContext) {
        info.family = stringOr(d, "family");
        info.families = strings(d, "families");
        info.publish = boolOr(d, "publish", true);
        info.optional = boolOr(d, "optional", true);
        info.category = stringOr(d, "category");
    }
    info.comment = stringOr(d, "comment");
    return info;
}

}  // namespace

const char* itemStateName(ItemState state) {
    switch (state) {
    case ItemState::Idle: return "idle";
    case ItemState::Processing: return "processing";
    case ItemState::Passed: return "passed";
    case ItemState::Warning: return "warning";
    case ItemState::Failed: return "failed";
    }
    return "idle";
}

const std::string& InstanceInfo::section() const {
    static const std::string context = "Context";
    if (isContext) return context;
    return category.empty() ? family : category;
}

const char* sectionOfOrder(double order) {
    if (order >= 0 && order < 1) return "Collect";
    if (order >= 1 && order < 2) return "Validate";
    if (order >= 2 && order < 3) return "Extract";
    if (order >= 3 && order < 4) return "Integrate";
    return "Other";
}

bool isCollector(const PluginInfo& plugin) { return plugin.order >= 0 && plugin.order < 1; }

std::vector<InstanceInfo> readContext(const Value& context) {
    std::vector<InstanceInfo> out;
    try {
        out.push_back(readInstance(context, true));
        if (const Value* children = context.find("children"); children && !children->isNil()) {
            const Array& list = children->asArray();
            for (std::size_t i = 0; i < list.size(); ++i) {
                try {
                    out.push_back(readInstance(list[i], false));
                } catch (const ConversionError& e) {
                    throw e.within("[" + std::to_string(i) + "]").within(".children");
                }
            }
        }
    } catch (const ConversionError& e) {
        throw e.within("context");
    }
    std::stable_sort(out.begin() + 1, out.end(),
                     [](const InstanceInfo& a, const InstanceInfo& b) { return a.section() < b.section(); });
    return out;
}

std::vector<PluginInfo> readPlugins(const Value& plugins) {
    std::vector<PluginInfo> out;
    const Array& list = plugins.asArray();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Value& p = list[i];
        try {
            PluginInfo info;
            info.raw = p;
            info.id = requiredString(p, "id");
            info.name = stringOr(p, "name");
            info.label = stringOr(p, "label", info.name);
            if (info.label.empty()) info.label = info.name;
            info.order = requiredNumber(p, "order");
            info.optional = boolOr(p, "optional", false);
            info.active = boolOr(p, "active", true);
            info.contextEnabled = boolOr(p, "contextEnabled", false) && !boolOr(p, "instanceEnabled", false);
            info.hasRepair = boolOr(p, "hasRepair", false);
            info.families = strings(p, "families");
            if (const Value* targets = p.find("targets"); targets && targets->type() == ValueType::Array)
                info.targets = strings(p, "targets");
            info.doc = stringOr(p, "doc");
            info.path = stringOr(p, "path");
            if (const Value* actions = p.find("actions"); actions && actions->type() == ValueType::Array) {
                for (const Value& a : actions->asArray()) {
                    if (a.type() != ValueType::Struct) continue;
                    ActionInfo action;
                    action.id = stringOr(a, "id");
                    action.label = stringOr(a, "label", action.id);
                    if (action.label.empty()) action.label = action.id;
                    action.on = stringOr(a, "on", "all");
                    action.kind = stringOr(a, "__type__", "action");
                    action.active = boolOr(a, "active", true);
                    info.actions.push_back(std::move(action));
                }
            }
            out.push_back(std::move(info));
        } catch (const ConversionError& e) {
            throw e.within("plugins[" + std::to_string(i) + "]");
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const PluginInfo& a, const PluginInfo& b) { return a.order < b.order; });
    return out;
}

bool targetsMatch(const PluginInfo& plugin, const std::vector<std::string>& targets) {
    return std::any_of(plugin.targets.begin(), plugin.targets.end(), [&](const std::string& target) {
        return target == "default" || std::find(targets.begin(), targets.end(), target) != targets.end();
    });
}

bool familiesMatch(const PluginInfo& plugin, const InstanceInfo& instance) {
    const auto& f = plugin.families;
    if (std::find(f.begin(), f.end(), "*") != f.end()) return true;
    if (std::find(f.begin(), f.end(), instance.family) != f.end()) return true;
    return std::any_of(instance.families.begin(), instance.families.end(),
                       [&](const std::string& family) { return std::find(f.begin(), f.end(), family) != f.end(); });
}

std::vector<Pair> pairsFor(const PluginInfo& plugin, const std::vector<InstanceInfo>& instances) {
    std::vector<Pair> out;
    if (!plugin.active) return out;
    const bool star = std::find(plugin.families.begin(), plugin.families.end(), "*") != plugin.families.end();
    if (plugin.contextEnabled) {
        const bool any = star || std::any_of(instances.begin(), instances.end(), [&](const InstanceInfo& i) {
                             return !i.isContext && i.publish && familiesMatch(plugin, i);
                         });
        if (any) out.push_back({plugin.id, {}, plugin.order});
        return out;
    }
    for (const InstanceInfo& i : instances)
        if (!i.isContext && i.publish && familiesMatch(plugin, i)) out.push_back({plugin.id, i.id, plugin.order});
    return out;
}

bool couldProcess(const PluginInfo& plugin, const std::vector<InstanceInfo>& instances) {
    const bool star = std::find(plugin.families.begin(), plugin.families.end(), "*") != plugin.families.end();
    if (plugin.contextEnabled && star) return true;
    return std::any_of(instances.begin(), instances.end(),
                       [&](const InstanceInfo& i) { return !i.isContext && i.publish && familiesMatch(plugin, i); });
}

std::vector<Pair> planRun(const std::vector<PluginInfo>& plugins, const std::vector<InstanceInfo>& instances,
                          double minOrder, double maxOrder) {
    std::vector<Pair> out;
    for (const PluginInfo& p : plugins) {
        if (p.order < minOrder || p.order >= maxOrder) continue;
        auto pairs = pairsFor(p, instances);
        out.insert(out.end(), pairs.begin(), pairs.end());
    }
    return out;
}

bool isActionRule(const std::string& on) {
    return std::any_of(std::begin(kActionRules), std::end(kActionRules), [&](const char* rule) { return on == rule; });
}

std::vector<ActionInfo> actionsFor(const PluginInfo& plugin, ItemState state) {
    const bool failed = state == ItemState::Failed;
    const bool warning = state == ItemState::Warning;
    const bool succeeded = state == ItemState::Passed || warning;
    auto fits = [&](const std::string& on) {
        if (on == "all") return true;
        if (on == "failed") return failed;
        if (on == "warning") return warning;
        if (on == "failedOrWarning") return failed || warning;
        if (on == "succeeded") return succeeded;
        if (on == "processed") return succeeded || failed;
        if (on == "notProcessed") return state == ItemState::Idle;
        return false;  // a rule pyblish does not have: the controller says so in the log
    };
    std::vector<ActionInfo> kept;
    for (const ActionInfo& a : plugin.actions)
        if (a.active && (a.kind != "action" || fits(a.on))) kept.push_back(a);
    // A heading or separator with no action right after it would label nothing, and a separator
    // first in the menu separates nothing.
    std::vector<ActionInfo> out;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        const bool decoration = kept[i].kind != "action";
        if (decoration && (i + 1 == kept.size() || kept[i + 1].kind != "action")) continue;
        if (kept[i].kind == "separator" && out.empty()) continue;
        out.push_back(kept[i]);
    }
    return out;
}

ItemState stateOfResult(const Value& result) {
    const Value* error = result.find("error");
    const Value* success = result.find("success");
    if ((error && !error->isNil()) || (success && success->type() == ValueType::Boolean && !success->asBool()))
        return ItemState::Failed;
    if (const Value* records = result.find("records"); records && records->type() == ValueType::Array) {
        for (const Value& r : records->asArray()) {
            const Value* level = r.find("levelno");
            if (level && level->type() == ValueType::Int && logLevelOf(level->asInt()) >= LogLevel::Warning)
                return ItemState::Warning;
        }
    }
    return ItemState::Passed;
}

}  // namespace hostbridge::ui
