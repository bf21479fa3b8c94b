// PublishController's resume: the session a host kept (its context, plug-ins and results) shown
// as it was left, when the UI is shown again or replaced by a new one.
#include <algorithm>
#include <limits>

#include "kept_results.hpp"
#include "publish_controller.hpp"

namespace hostbridge::ui {
namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

void PublishController::resume() {
    begin(Phase::Resuming);
    forgetSession();
    setStatus(QStringLiteral("Reading the session of the host on port %1").arg(m_link.port()));
    readContext([this] {
        callHost("discover", {}, [this](const Value& plugins) {
            setPlugins(plugins);
            m_plugins.updateWork(m_instances.items());
            const std::uint64_t run = m_run;
            m_link.call("results", {}, [this, run](const CallResult& answer) {
                if (run != m_run) return;
                if (!answer) {
                    const int code = answer.fault().code();
                    if (code == FaultCode::TransportError || code == FaultCode::Timeout || code == FaultCode::Busy ||
                        code == FaultCode::ShuttingDown) {
                        finish(false, describeFault(answer.fault(), "results", m_link.port()), true);
                        return;
                    }
                    // Not a HostBridge host (pyblish-rpc has no results()): start its session
                    // afresh, as pyblish does on every show.
                    m_phase = Phase::Idle;
                    reset();
                    return;
                }
                try {
                    showKeptResults(answer.value());
                } catch (const std::exception& e) {
                    finish(false, describeBadAnswer("results", e.what()), true);
                }
            });
        });
    });
}

void PublishController::showKeptResults(const Value& results) {
    const std::vector<KeptResult> kept = readKeptResults(results);
    const auto collected = [&kept](const PluginInfo& plugin) {
        return !isCollector(plugin) || !plugin.active ||
               std::any_of(kept.begin(), kept.end(),
                           [&plugin](const KeptResult& k) { return k.isProcess() && k.pluginId == plugin.id; });
    };
    const auto pastCollecting = [this](const KeptResult& k) {
        const int row = m_plugins.rowOfId(k.pluginId);
        return row >= 0 && !isCollector(m_plugins.items()[static_cast<std::size_t>(row)]);
    };
    // Nothing ran yet, or the collection was cut short with nothing run after it (a UI killed
    // during reset): its instances are not the whole scene, so collect now rather than show
    // part of a session. An artist who stopped a reset and validated what was collected keeps it.
    const bool cutShort = !std::all_of(m_plugins.items().begin(), m_plugins.items().end(), collected) &&
                          std::none_of(kept.begin(), kept.end(), pastCollecting);
    if (kept.empty() || cutShort) {
        m_phase = Phase::Idle;
        reset();
        return;
    }
    // Replayed in the order they ran, through the same paths as live results: a passed repair
    // takes its pair's failure back, as it did when it ran.
    int shown = 0;
    for (const KeptResult& entry : kept) {
        const int row = m_plugins.rowOfId(entry.pluginId);
        if (row < 0) continue;
        const Pair pair{entry.pluginId, entry.instanceId, m_plugins.items()[static_cast<std::size_t>(row)].order};
        if (entry.isProcess()) {
            noteResult(pair, entry.result);
            m_session.markProcessed(pair);
            ++shown;
        } else if (entry.repair) {
            if (noteSideResult(pair, entry.result, ResultKind::Repair, {}).success) forgetRepaired({pair});
        } else {
            noteSideResult(pair, entry.result, ResultKind::Action, entry.actionId);
        }
    }
    int failures = 0;
    for (const PublishSession::Outcome& o : m_session.outcomes())
        if (o.state == ItemState::Failed) {
            ++failures;
            m_lastError = qs(labelOfPlugin(o.pair.pluginId)) + QStringLiteral(": ") + o.error;
        }
    m_session.setReady(true);
    m_session.setValidated(m_session.allProcessed(planRun(m_plugins.items(), m_instances.items(), 1.0, 2.0)));
    m_session.setPublished(!m_session.failedAfterCollecting() &&
                           m_session.allProcessed(planRun(m_plugins.items(), m_instances.items(), 1.0,
                                                          std::numeric_limits<double>::infinity())));
    m_done = m_total = shown;
    QString status = QStringLiteral("The host's session: %1 result(s) kept").arg(shown);
    if (m_session.published()) status += QStringLiteral(", published");
    else if (m_session.validated()) status += QStringLiteral(", validated");
    if (failures > 0) status += QStringLiteral("; %1 failed: %2").arg(failures).arg(m_lastError);
    finish(true, status, failures > 0);
}

}  // namespace hostbridge::ui
