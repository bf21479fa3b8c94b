#include "item_history.hpp"

namespace hostbridge::ui {

void ItemHistory::add(RunResult result) {
    m_results.push_back(std::move(result));
    emit changed();
}

void ItemHistory::clear() {
    if (m_results.empty()) return;
    m_results.clear();
    emit changed();
}

std::vector<const RunResult*> ItemHistory::ofPlugin(const std::string& pluginId) const {
    std::vector<const RunResult*> out;
    for (const RunResult& r : m_results)
        if (r.pluginId == pluginId) out.push_back(&r);
    return out;
}

std::vector<const RunResult*> ItemHistory::ofInstance(const std::string& instanceId) const {
    std::vector<const RunResult*> out;
    for (const RunResult& r : m_results)
        if (r.instanceId == instanceId) out.push_back(&r);
    return out;
}

}  // namespace hostbridge::ui
