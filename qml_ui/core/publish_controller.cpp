#include "publish_controller.hpp"

#include <algorithm>
#include <limits>

#include "kept_results.hpp"
#include "pairs_run.hpp"
#include "repair_run.hpp"
#include "reset_run.hpp"

namespace hostbridge::ui {
namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

QString PublishController::phaseName(Phase phase) {
    switch (phase) {
    case Phase::Idle: return QStringLiteral("idle");
    case Phase::Resuming: return QStringLiteral("resuming");
    case Phase::Resetting: return QStringLiteral("resetting");
    case Phase::Validating: return QStringLiteral("validating");
    case Phase::Publishing: return QStringLiteral("publishing");
    case Phase::Acting: return QStringLiteral("acting");
    case Phase::Repairing: return QStringLiteral("repairing");
    }
    return QStringLiteral("idle");
}

PublishController::PublishController(HostConnection& link, InstanceModel& instances, PluginModel& plugins,
                                     QObject* parent)
    : QObject(parent), m_link(link), m_instances(instances), m_plugins(plugins) {
    m_progressNotice.setSingleShot(true);
    m_progressNotice.setInterval(kProgressNoticeInterval);
    connect(&m_progressNotice, &QTimer::timeout, this, &PublishController::progressChanged);
    // The artist's toggles reach the host as events (its callbacks), and change what has work.
    connect(&m_instances, &InstanceModel::toggled, this, [this](const QString& id, bool now, bool before) {
        m_plugins.updateWork(m_instances.items());
        emitToHost("instanceToggled", {{"instance", id.toStdString()}, {"new_value", now}, {"old_value", before}});
    });
    connect(&m_live, &LiveActivity::recordArrived, this, [this](const ResultRecord& record) {
        RunResult line = m_liveLine;
        line.records = {record};
        m_log.addResult(line);
    });
    connect(&m_plugins, &PluginModel::toggled, this, [this](const QString& id, bool now, bool before) {
        emitToHost("pluginToggled", {{"plugin", id.toStdString()}, {"new_value", now}, {"old_value", before}});
    });
}

void PublishController::connectToHost(int port, const std::string& token, bool forceReset) {
    const bool sameHost = port == m_link.port();
    if (sameHost && running() && !forceReset) return;  // show() again from the same host mid-run
    const bool showsItsSession = sameHost && m_session.ready();
    ++m_run;  // whatever ran before is abandoned
    retireRun();
    m_live.end(0);  // and what it was showing live
    m_link.setTarget(port, token);
    m_phase = Phase::Idle;
    m_stopRequested = false;
    // Only a host that handed over its token (a HostBridge host) may keep results: a legacy
    // pyblish host sees exactly pyblish's reset sequence, with no call it does not know first.
    if (forceReset || showsItsSession || token.empty()) reset();
    else resume();
}

void PublishController::disconnectFromHost() {
    const int port = m_link.port();
    ++m_run;
    retireRun();
    m_live.end(0);
    m_link.setTarget(0, {});
    m_phase = Phase::Idle;
    m_stopRequested = false;
    forgetSession();
    m_instances.setItems({});
    m_plugins.setItems({});
    m_instances.setEditable(true);
    m_plugins.setEditable(true);
    m_done = m_total = 0;
    setStatus(
        QStringLiteral("Disconnected from the host on port %1; it comes back when it calls show() again").arg(port));
}

void PublishController::forgetSession() {
    m_session.clear();
    m_history.clear();
}

void PublishController::begin(Phase phase) {
    const QString host = QStringLiteral("host 127.0.0.1:%1").arg(m_link.port());
    if (phase == Phase::Resetting) m_log.addSeparator(QStringLiteral("Reset from ") + host);
    else if (phase == Phase::Resuming) m_log.addSeparator(QStringLiteral("Session kept by ") + host);
    else if (phase == Phase::Validating) m_log.addEvent(QStringLiteral("Validation started"));
    else if (phase == Phase::Publishing) m_log.addEvent(QStringLiteral("Publish started"));
    m_phase = phase;
    ++m_run;
    retireRun();
    m_stopRequested = false;
    m_done = 0;
    m_total = 0;
    m_failures = 0;
    m_instances.setEditable(false);
    m_plugins.setEditable(false);
    emit runStarted(phase);
    emitChanged();
}

void PublishController::retireRun() {
    if (m_sequencer) m_sequencer->deleteLater();
    m_sequencer = nullptr;
}

void PublishController::finish(bool ok, const QString& status, bool error) {
    m_live.end(0);  // a run that broke off mid-call shows nothing live any more
    const Phase ended = m_phase;
    m_log.addEvent(QStringLiteral("Ended: ") + status, error ? LogLevel::Error : LogLevel::Info);
    m_phase = Phase::Idle;
    m_stopRequested = false;
    m_instances.setEditable(true);
    m_plugins.setEditable(true);
    setStatus(status, error);
    emit runFinished(ended, ok);
}

void PublishController::setStatus(const QString& status, bool error) {
    m_status = status;
    m_hasError = error;
    emitChanged();
}

void PublishController::showProgress(const QString& status) {
    m_status = status;
    m_hasError = false;
    noteProgress();
}

void PublishController::noteProgress() {
    if (!m_progressNotice.isActive()) m_progressNotice.start();
}

void PublishController::emitChanged() {
    emit changed();
    emit progressChanged();
}

void PublishController::callHost(const std::string& method, Array params, std::function<void(const Value&)> next,
                                 std::chrono::milliseconds timeout) {
    const std::uint64_t run = m_run;
    m_link.call(
        method, std::move(params),
        [this, run, method, next](const CallResult& result) {
        if (run != m_run) return;
        if (!result) {
            if (m_phase == Phase::Resetting) m_session.setReady(false);
            finish(false, describeFault(result.fault(), method, m_link.port()), true);
            return;
        }
        try {
            next(result.value());
        } catch (const std::exception& e) {  // a shape the protocol does not allow
            finish(false, describeBadAnswer(method, e.what()), true);
        }
        },
        timeout);
}

void PublishController::callRun(const std::string& method, const Pair& pair, ResultKind kind,
                                const std::string& actionLabel, Array params, std::function<void(const Value&)> next) {
    m_liveLine = RunResult{};
    name(m_liveLine, pair, kind, actionLabel);
    m_live.begin(m_link.port(), pair.pluginId, pair.instanceId,
                 pair.instanceId.empty() ? contextId() : pair.instanceId);
    callHost(
        method, std::move(params),
        [this, next](const Value& result) {
        const Value* call = result.find("call");
        m_liveShown = m_live.end(call && call->type() == ValueType::Int ? call->asInt() : 0);
        next(result);
        m_liveShown.clear();
        },
        kProcessTimeout);
}

void PublishController::name(RunResult& result, const Pair& pair, ResultKind kind,
                             const std::string& actionLabel) const {
    result.kind = kind;
    result.pluginId = pair.pluginId;
    result.instanceId = pair.instanceId;
    // Labels are kept with the result: ids and rows change on every reset.
    result.pluginLabel = labelOfPlugin(pair.pluginId);
    result.instanceLabel = labelOfInstance(pair.instanceId);
    result.actionLabel = actionLabel;
}

void PublishController::logResult(const RunResult& result) {
    if (m_liveShown.empty()) {
        m_log.addResult(result);
        return;
    }
    // The records shown live are in the log already: only the rest (and the error) go in now.
    RunResult rest = result;
    rest.records.clear();
    for (std::size_t i = 0; i < result.records.size(); ++i)
        if (!m_liveShown.count(static_cast<int>(i))) rest.records.push_back(result.records[i]);
    m_log.addResult(rest);
}

void PublishController::readContext(std::function<void()> next) {
    callHost("context", {}, [this, next](const Value& context) {
        const HostConnection::CallTiming call = m_link.lastCallTiming();
        const bool replaced = m_instances.setItems(ui::readContext(context));
        m_plugins.updateWork(m_instances.items());
        m_contextTiming = {m_instances.count(), replaced, call.sent, call.received, std::chrono::steady_clock::now()};
        emit contextFilled();
        next();
    });
}

// ---- the runs' starts (their steps: reset_run, pairs_run, repair_run) ----------------------------

bool PublishController::reset() {
    if (!canReset()) return false;
    begin(Phase::Resetting);
    forgetSession();
    setStatus(QStringLiteral("Resetting from the host on port %1").arg(m_link.port()));
    drive<ResetRun>();
    return true;
}

bool PublishController::validate() {
    if (!canValidate()) return false;
    begin(Phase::Validating);
    drive<PairsRun>(1.0, 2.0);
    return true;
}

bool PublishController::publish() {
    if (!canPublish()) return false;
    if (const PublishSession::Outcome* failure = m_session.validationFailure()) {
        // Starting would only reach the host's test(), which stops before extraction.
        const QString why = QStringLiteral(
                                "Publish will not run: validation failed (%1 on %2: %3). Repair it and "
                                "validate again, or reset")
                                .arg(qs(labelOfPlugin(failure->pair.pluginId)),
                                     qs(labelOfInstance(failure->pair.instanceId)), failure->error);
        m_log.addEvent(why, LogLevel::Warning);
        setStatus(why, true);
        showValidationFailure();
        return false;
    }
    begin(Phase::Publishing);
    drive<PairsRun>(1.0, std::numeric_limits<double>::infinity());
    return true;
}

bool PublishController::repair(int pluginRow) {
    if (!canAct() || pluginRow < 0 || pluginRow >= m_plugins.count()) return false;
    const PluginInfo& plugin = m_plugins.items()[static_cast<std::size_t>(pluginRow)];
    if (!plugin.hasRepair) return false;
    std::vector<Pair> plan = m_session.failedPairsOf(plugin.id);
    if (plan.empty()) return false;
    const QString label = qs(plugin.label);
    begin(Phase::Repairing);
    m_total = static_cast<int>(plan.size());
    m_log.addEvent(QStringLiteral("Repair of %1 started").arg(label));
    setStatus(QStringLiteral("Repairing %1").arg(label));
    drive<RepairRun>(std::move(plan));
    return true;
}

bool PublishController::stop() {
    if (!canStop()) return false;
    m_stopRequested = true;
    m_log.addEvent(QStringLiteral("Stop requested: the current plug-in finishes, then the run stops"));
    setStatus(QStringLiteral("Stopping after the current plug-in"));
    return true;
}

void PublishController::setComment(const QString& text) {
    if (text == m_comment) return;
    m_comment = text;
    emit commentChanged();
    emitToHost("commented", {{"comment", text.toStdString()}});
}

void PublishController::setPlugins(const Value& discovered) {
    m_plugins.setItems(readPlugins(discovered));
    for (const PluginInfo& plugin : m_plugins.items())
        for (const ActionInfo& action : plugin.actions)
            if (action.kind == "action" && !isActionRule(action.on))
                m_log.addEvent(QStringLiteral("Action %1 of %2 is never shown: its \"on\" is %3, not a rule of pyblish")
                                   .arg(qs(action.label), qs(plugin.label), qs(action.on)),
                               LogLevel::Warning);
}

void PublishController::showValidationFailure() {
    const PublishSession::Outcome* failure = m_session.validationFailure();
    if (!failure) return;
    const std::string& instanceId = failure->pair.instanceId.empty() ? contextId() : failure->pair.instanceId;
    emit failureToShow(m_plugins.rowOfId(failure->pair.pluginId), m_instances.rowOfId(instanceId));
}

// ---- results -----------------------------------------------------------------------------------

void PublishController::noteResult(const Pair& pair, const Value& result) {
    const ItemState state = stateOfResult(result);
    RunResult kept = readRunResult(result);
    name(kept, pair, ResultKind::Process, {});
    logResult(kept);
    QString error;
    if (state == ItemState::Failed) {
        ++m_failures;
        error = qs(describeError(kept.error.value_or(ResultError{})));
        m_lastError = qs(kept.pluginLabel) + QStringLiteral(": ") + error;
    }
    m_history.add(std::move(kept));
    m_session.noteOutcome(pair, state, error);
    showRowsOf(pair);
}

const std::string& PublishController::contextId() const {
    static const std::string none;
    return m_instances.items().empty() ? none : m_instances.items().front().id;
}

void PublishController::showRowsOf(const Pair& pair) {
    const PublishSession::RowState plugin = m_session.pluginRow(pair.pluginId);
    m_plugins.setState(pair.pluginId, plugin.state, plugin.error);
    const std::string& instanceId = pair.instanceId.empty() ? contextId() : pair.instanceId;
    if (instanceId.empty()) return;
    const PublishSession::RowState instance = m_session.instanceRow(instanceId, contextId());
    m_instances.setState(instanceId, instance.state, instance.error);
}

RunResult PublishController::noteSideResult(const Pair& pair, const Value& result, ResultKind kind,
                                            const std::string& actionLabel) {
    RunResult kept = readRunResult(result);
    name(kept, pair, kind, actionLabel);
    logResult(kept);
    m_history.add(kept);
    return kept;
}

void PublishController::forgetRepaired(const std::vector<Pair>& repaired) {
    m_session.forgetRepaired(repaired);
    for (const Pair& pair : repaired) showRowsOf(pair);
}

// ---- actions -----------------------------------------------------------------------------------

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

std::string PublishController::labelOfPlugin(const std::string& id) const {
    const int row = m_plugins.rowOfId(id);
    return row < 0 ? id : m_plugins.items()[static_cast<std::size_t>(row)].label;
}

std::string PublishController::labelOfInstance(const std::string& id) const {
    if (id.empty()) return "Context";
    const int row = m_instances.rowOfId(id);
    return row < 0 ? id : m_instances.items()[static_cast<std::size_t>(row)].label;
}

void PublishController::emitToHost(const std::string& signal, Struct kwargs) {
    if (!m_link.hasTarget()) return;
    // Events for the host's callbacks: nothing waits for them, and a failure only shows in words.
    const int port = m_link.port();
    const std::uint64_t run = m_run;
    m_link.call("emit", {signal, std::move(kwargs)}, [this, signal, port, run](const CallResult& result) {
        if (result) return;
        const QString words = describeFault(result.fault(), "emit " + signal, port);
        m_log.addEvent(words, LogLevel::Error);
        // The status line belongs to what runs now: an old run's late failure only goes to the log.
        if (!running() && run == m_run) setStatus(words, true);
    });
}

}  // namespace hostbridge::ui
