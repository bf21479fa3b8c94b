#include "reset_run.hpp"

#include <algorithm>

#include "publish_controller.hpp"

namespace hostbridge::ui {

ResetRun::ResetRun(PublishController& controller) : m_c(controller) {}

void ResetRun::start() {
    m_c.callHost("stats", {}, [this](const Value&) { resetHost(); });
}

void ResetRun::resetHost() {
    m_c.callHost("reset", {}, [this](const Value&) {
        m_c.readContext([this] {
            m_c.logHeader();
            discover();
        });
    });
}

void ResetRun::discover() {
    m_c.callHost("discover", {}, [this](const Value& plugins) {
        m_c.setPlugins(plugins);
        for (const PluginInfo& p : m_c.m_plugins.items())
            if (isCollector(p) && p.active) m_collectors.push_back(p);
        m_c.m_total = static_cast<int>(m_collectors.size());
        m_c.emitChanged();
        collect(0);
    });
}

void ResetRun::collect(std::size_t collector) {
    if (m_c.m_stopRequested) {
        m_c.m_session.setReady(true);  // what was collected so far can still be validated
        m_c.finish(false, QStringLiteral("Reset stopped after %1 of %2 collectors").arg(m_c.m_done).arg(m_c.m_total),
                   false);
        return;
    }
    if (collector >= m_collectors.size()) {
        finishCollecting();
        return;
    }
    const PluginInfo& plugin = m_collectors[collector];
    const Pair pair{plugin.id, {}, plugin.order};
    m_c.m_plugins.setState(plugin.id, ItemState::Processing);
    m_c.callRun("process", pair, ResultKind::Process, {}, {plugin.raw, Value(), Value()},
                [this, collector, pair](const Value& result) {
        m_c.noteResult(pair, result);
        ++m_c.m_done;
        m_c.noteProgress();
        // Collectors may add instances: the context is read again after each.
        m_c.readContext([this, collector] { collect(collector + 1); });
    });
}

void ResetRun::finishCollecting() {
    m_c.readContext([this] {
        m_c.callHost("stats", {}, [this](const Value&) {
            m_c.m_session.setReady(true);
            m_c.emitToHost("reset", {});
            const int instances = std::max(0, m_c.m_instances.count() - 1);
            if (m_c.m_failures > 0)
                m_c.finish(
                    true,
                    QStringLiteral("Reset, but %1 collector(s) failed: %2").arg(m_c.m_failures).arg(m_c.m_lastError),
                    true);
            else
                m_c.finish(
                    true,
                    QStringLiteral("Ready: %1 instance(s), %2 plug-in(s)").arg(instances).arg(m_c.m_plugins.count()),
                    false);
        });
    });
}

}  // namespace hostbridge::ui
