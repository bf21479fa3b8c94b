#include "repair_run.hpp"

#include "publish_controller.hpp"

namespace hostbridge::ui {

RepairRun::RepairRun(PublishController& controller, std::vector<Pair> plan)
    : m_c(controller), m_plan(std::move(plan)) {}

void RepairRun::start() { repair(0); }

void RepairRun::repair(std::size_t index) {
    if (index >= m_plan.size() || m_c.m_stopRequested) {
        end();
        return;
    }
    const Pair pair = m_plan[index];
    const int pluginRow = m_c.m_plugins.rowOfId(pair.pluginId);
    const int instanceRow = pair.instanceId.empty() ? -1 : m_c.m_instances.rowOfId(pair.instanceId);
    if (pluginRow < 0 || (!pair.instanceId.empty() && instanceRow < 0)) {
        m_c.finish(false, QStringLiteral("Internal error: a plug-in or instance to repair is gone"), true);
        return;
    }
    const Value plugin = m_c.m_plugins.items()[static_cast<std::size_t>(pluginRow)].raw;
    const Value instance =
        instanceRow < 0 ? Value() : m_c.m_instances.items()[static_cast<std::size_t>(instanceRow)].raw;
    m_c.callRun("repair", pair, ResultKind::Repair, {}, {plugin, instance}, [this, index, pair](const Value& result) {
        const RunResult kept = m_c.noteSideResult(pair, result, ResultKind::Repair, {});
        if (kept.success) {
            m_repaired.push_back(pair);
        } else {
            ++m_c.m_failures;
            m_c.m_lastError = QString::fromStdString(kept.instanceLabel) + QStringLiteral(": ") +
                              QString::fromStdString(describeError(kept.error.value_or(ResultError{})));
        }
        ++m_c.m_done;
        m_c.noteProgress();
        repair(index + 1);
    });
}

void RepairRun::end() {
    m_c.forgetRepaired(m_repaired);
    const int repaired = static_cast<int>(m_repaired.size());
    const int planned = static_cast<int>(m_plan.size());
    if (m_c.m_failures > 0)
        m_c.finish(false,
                   QStringLiteral("Repaired %1 of %2; failed: %3").arg(repaired).arg(planned).arg(m_c.m_lastError),
                   true);
    else if (repaired < planned)
        m_c.finish(false, QStringLiteral("Repair stopped after %1 of %2").arg(repaired).arg(planned), false);
    else
        m_c.finish(true, QStringLiteral("Repaired %1 of %2: validate again to check").arg(repaired).arg(planned),
                   false);
}

}  // namespace hostbridge::ui
