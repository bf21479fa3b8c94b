#pragma once
// The Results a HostBridge host kept for its session (its `results()` method, docs/publishing.md),
// read so that a UI that was not there when they ran (restarted, or switched to this host) can
// show them again. Plain C++ (no Qt objects).

#include <string>
#include <vector>

#include <hostbridge/value.hpp>

namespace hostbridge::ui {

struct KeptResult {
    std::string pluginId;
    std::string instanceId;  // empty: the context
    std::string actionId;    // empty: process() or repair() itself
    bool repair = false;
    Value result;  // as the host sent it
    bool isProcess() const { return actionId.empty() && !repair; }
};

// Reads results()'s list in the order it came. Throws ConversionError naming the field for an
// entry that is not a Result with a plug-in id.
std::vector<KeptResult> readKeptResults(const Value& results);

}  // namespace hostbridge::ui
