// PublishController's plug-in menu: a plug-in's actions for its state, then Repair, and an
// action run on the host (docs/ui.md, "Actions and repair").
#include "publish_controller.hpp"

#include <algorithm>

namespace hostbridge::ui {
namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

QVariantList PublishController::menuOf(int pluginRow) const {
    QVariantList out;
    if (pluginRow < 0 || pluginRow >= m_plugins.count()) return out;
    const PluginInfo& plugin = m_plugins.items()[static_cast<std::size_t>(pluginRow)];
    const ItemState state = m_plugins.stateOf(plugin.id);
    for (const ActionInfo& a : actionsFor(plugin, state))
        out.push_back(QVariantMap{{QStringLiteral("kind"), qs(a.kind)},
                                  {QStringLiteral("id"), qs(a.id)},
                                  {QStringLiteral("label"), qs(a.label)}});
    if (plugin.hasRepair && state == ItemState::Failed) {
        if (!out.isEmpty()) out.push_back(QVariantMap{{QStringLiteral("kind"), QStringLiteral("separator")}});
        out.push_back(QVariantMap{{QStringLiteral("kind"), QStringLiteral("repair")},
                                  {QStringLiteral("id"), QString()},
                                  {QStringLiteral("label"), QStringLiteral("Repair")}});
    }
    return out;
}

bool PublishController::runAction(int pluginRow, const QString& actionId) {
    if (!canAct() || pluginRow < 0 || pluginRow >= m_plugins.count()) return false;
    const PluginInfo plugin = m_plugins.items()[static_cast<std::size_t>(pluginRow)];
    const auto offered = actionsFor(plugin, m_plugins.stateOf(plugin.id));
    const auto action = std::find_if(offered.begin(), offered.end(), [&](const ActionInfo& a) {
        return a.kind == "action" && a.id == actionId.toStdString();
    });
    if (action == offered.end()) return false;
    const std::string label = action->label;
    begin(Phase::Acting);
    m_total = 1;
    const QString what = QStringLiteral("Action %1 of %2").arg(qs(label), qs(plugin.label));
    m_log.addEvent(what + QStringLiteral(" started"));
    setStatus(what);
    callRun("process", {plugin.id, {}, plugin.order}, ResultKind::Action, label,
            {plugin.raw, Value(), actionId.toStdString()},
            [this, plugin, label, what](const Value& result) {
        const RunResult kept = noteSideResult({plugin.id, {}, plugin.order}, result, ResultKind::Action, label);
        ++m_done;
        if (kept.success) finish(true, what + QStringLiteral(" ran"), false);
        else
            finish(false, what + QStringLiteral(" failed: ") + qs(describeError(kept.error.value_or(ResultError{}))),
                   true);
    });
    return true;
}

}  // namespace hostbridge::ui
