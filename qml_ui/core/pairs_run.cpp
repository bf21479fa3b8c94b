#include "pairs_run.hpp"

#include <limits>

#include "publish_controller.hpp"

namespace hostbridge::ui {
namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

PairsRun::PairsRun(PublishController& controller, double minOrder, double maxOrder)
    : m_c(controller), m_minOrder(minOrder), m_maxOrder(maxOrder),
      m_lastOrder(-std::numeric_limits<double>::infinity()) {}

bool PairsRun::validating() const { return m_c.m_phase == PublishController::Phase::Validating; }

QString PairsRun::what() const { return validating() ? QStringLiteral("Validation") : QStringLiteral("Publish"); }

void PairsRun::start() {
    // Queued on the link before the run's first call: the host has it before any plug-in runs.
    m_c.sendComments();
    m_plan = m_c.m_session.unprocessed(planRun(m_c.m_plugins.items(), m_c.m_instances.items(), m_minOrder, m_maxOrder));
    m_c.m_total = static_cast<int>(m_plan.size());
    m_c.setStatus(validating() ? QStringLiteral("Validating") : QStringLiteral("Publishing"));
    step(0);
}

void PairsRun::step(std::size_t index) {
    if (m_c.m_stopRequested) {
        m_c.finish(false, QStringLiteral("%1 stopped after %2 of %3").arg(what()).arg(m_c.m_done).arg(m_c.m_total),
                   false);
        return;
    }
    if (index >= m_plan.size()) {
        end();
        return;
    }
    const double order = m_plan[index].order;
    if (order == m_lastOrder) {
        process(index);
        return;
    }
    // A new order: the host's stop rule decides whether the run goes on.
    Array errors;
    errors.reserve(m_c.m_session.ordersWithError().size());
    for (double o : m_c.m_session.ordersWithError()) errors.emplace_back(o);
    m_c.callHost("test", {Struct{{"nextOrder", order}, {"ordersWithError", errors}}},
                 [this, index, order](const Value& answer) {
        if (answer.type() == ValueType::String && !answer.asString().empty()) {
            if (validating()) m_c.m_session.setValidated(true);
            m_c.emitToHost(validating() ? "validated" : "published", {});
            m_c.finish(false, QStringLiteral("%1 stopped by the host: %2").arg(what(), qs(answer.asString())), true);
            return;
        }
        m_lastOrder = order;
        process(index);
    });
}

void PairsRun::process(std::size_t index) {
    const Pair pair = m_plan[index];
    const int pluginRow = m_c.m_plugins.rowOfId(pair.pluginId);
    const int instanceRow = pair.instanceId.empty() ? 0 : m_c.m_instances.rowOfId(pair.instanceId);
    if (pluginRow < 0 || instanceRow < 0 || instanceRow >= m_c.m_instances.count()) {
        m_c.finish(false, QStringLiteral("Internal error: a planned plug-in or instance is gone"), true);
        return;
    }
    const PluginInfo& plugin = m_c.m_plugins.items()[static_cast<std::size_t>(pluginRow)];
    const InstanceInfo& instance = m_c.m_instances.items()[static_cast<std::size_t>(instanceRow)];
    m_c.m_plugins.setState(pair.pluginId, ItemState::Processing);
    if (!pair.instanceId.empty()) m_c.m_instances.setState(pair.instanceId, ItemState::Processing);
    m_c.showProgress(QStringLiteral("%1 on %2").arg(qs(plugin.label), qs(instance.label)));
    m_c.callRun("process", pair, ResultKind::Process, {},
                {plugin.raw, pair.instanceId.empty() ? Value() : instance.raw, Value()},
                [this, index, pair](const Value& result) {
        m_c.noteResult(pair, result);
        m_c.m_session.markProcessed(pair);
        ++m_c.m_done;
        m_c.noteProgress();
        const bool pluginDone = index + 1 >= m_plan.size() || m_plan[index + 1].pluginId != pair.pluginId;
        if (!pluginDone) {
            step(index + 1);
            return;
        }
        // The plug-in may have added, removed, relabelled or switched off instances: the
        // context is read again once it is done (not after each pair: a publish of 100
        // instances would read it 1000 times), and the rest of the run follows what it says.
        m_c.readContext([this, pluginId = pair.pluginId] {
            planAfter(pluginId);
            step(0);
        });
    });
}

void PairsRun::planAfter(const std::string& pluginId) {
    const std::vector<PluginInfo>& plugins = m_c.m_plugins.items();
    const int row = m_c.m_plugins.rowOfId(pluginId);
    const std::vector<PluginInfo> rest(plugins.begin() + (row + 1), plugins.end());
    m_plan = m_c.m_session.unprocessed(planRun(rest, m_c.m_instances.items(), m_minOrder, m_maxOrder));
    m_c.m_total = m_c.m_done + static_cast<int>(m_plan.size());
}

void PairsRun::end() {
    const bool validation = validating();
    if (validation) m_c.m_session.setValidated(true);
    else m_c.m_session.setPublished(m_c.m_failures == 0);
    m_c.emitToHost(validation ? "validated" : "published", {});
    if (m_c.m_failures > 0) {
        m_c.finish(
            false,
            QStringLiteral("%1 finished with %2 error(s): %3").arg(what()).arg(m_c.m_failures).arg(m_c.m_lastError),
            true);
        if (validation) m_c.showValidationFailure();
    } else m_c.finish(true, validation ? QStringLiteral("Validation passed") : QStringLiteral("Published"), false);
}

}  // namespace hostbridge::ui
