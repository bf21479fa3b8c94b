#include "kept_results.hpp"

#include <string>

namespace hostbridge::ui {
namespace {

std::string idAt(const Value& result, const char* member, std::size_t index) {
    const std::string where = "results[" + std::to_string(index) + "]." + member;
    const Value* item = result.find(member);
    if (!item || item->isNil()) return {};
    const Value* id = item->type() == ValueType::Struct ? item->find("id") : nullptr;
    if (!id || id->type() != ValueType::String) throw ConversionError(where + ".id", "expected a string id");
    return id->asString();
}

}  // namespace

std::vector<KeptResult> readKeptResults(const Value& results) {
    if (results.type() != ValueType::Array) throw ConversionError("results", "expected an array of Result");
    std::vector<KeptResult> kept;
    std::size_t index = 0;
    for (const Value& result : results.asArray()) {
        if (result.type() != ValueType::Struct)
            throw ConversionError("results[" + std::to_string(index) + "]", "expected a Result struct");
        KeptResult entry;
        entry.pluginId = idAt(result, "plugin", index);
        if (entry.pluginId.empty())
            throw ConversionError("results[" + std::to_string(index) + "].plugin",
                                  "missing: a Result names its plug-in");
        entry.instanceId = idAt(result, "instance", index);
        if (const Value* action = result.find("action"); action && action->type() == ValueType::String)
            entry.actionId = action->asString();
        if (const Value* repair = result.find("repair"); repair && repair->type() == ValueType::Boolean)
            entry.repair = repair->asBool();
        entry.result = result;
        kept.push_back(std::move(entry));
        ++index;
    }
    return kept;
}

}  // namespace hostbridge::ui
