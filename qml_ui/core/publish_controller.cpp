#include "publish_controller.hpp"

#include <algorithm>
#include <limits>

#include "kept_results.hpp"

namespace hostbridge::ui {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

int severity(ItemState s) {
    switch (s) {
    case ItemState::Failed: return 4;
    case ItemState::Warning: return 3;
    case ItemState::Passed: return 2;
    case ItemState::Processing: return 1;
    case ItemState::Idle: return 0;
    }
    return 0;
}

std::string pairKey(const Pair& p) { return p.pluginId + "|" + p.instanceId; }

}  // namespace

QString describeFault(const Fault& fault, const std::string& method, int port) {
    const QString host = QStringLiteral("the host on port %1").arg(port);
    const QString detail = qs(fault.message());
    QString words;
    switch (fault.code()) {
    case FaultCode::TransportError:
        words = QStringLiteral("Cannot reach %1: is it still running?").arg(host);
        break;
    case FaultCode::Timeout:
        words = QStringLiteral("%1 did not answer %2 in time.").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    case FaultCode::HttpError:
        words = QStringLiteral("%1 refused the call %2 (is it a pyblish host, and is its token right?).").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    case FaultCode::InvalidResponse:
        words = QStringLiteral("%1 answered %2 with something that is not XML-RPC.").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    case FaultCode::Busy:
        words = QStringLiteral("%1 is busy and did not start %2; try again when it is idle.").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    case FaultCode::ShuttingDown:
        words = QStringLiteral("%1 is shutting down.").arg(host);
        words[0] = words[0].toUpper();
        break;
    case FaultCode::MethodNotFound:
        words = QStringLiteral("%1 does not offer %2: is it a pyblish publishing host?").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    default:
        words = QStringLiteral("%1 failed in %2.").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    }
    return detail.isEmpty() ? words : words + QStringLiteral(" (") + detail + QLatin1Char(')');
}

PublishController::PublishController(HostLink& link, InstanceModel& instances, PluginModel& plugins, QObject* parent)
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
    const bool showsItsSession = sameHost && m_ready;
    ++m_run;  // whatever ran before is abandoned
    m_live.end(0);  // and what it was showing live
    m_link.setTarget(port, token);
    m_phase = QStringLiteral("idle");
    m_stopRequested = false;
    // Only a host that handed over its token (a HostBridge host) may keep results: a legacy
    // pyblish host sees exactly pyblish's reset sequence, with no call it does not know first.
    if (forceReset || showsItsSession || token.empty()) reset();
    else resume();
}

void PublishController::disconnectFromHost() {
    const int port = m_link.port();
    ++m_run;
    m_live.end(0);
    m_link.setTarget(0, {});
    m_phase = QStringLiteral("idle");
    m_stopRequested = false;
    forgetSession();
    m_instances.setItems({});
    m_plugins.setItems({});
    m_instances.setEditable(true);
    m_plugins.setEditable(true);
    m_done = m_total = 0;
    setStatus(QStringLiteral("Disconnected from the host on port %1; it comes back when it calls show() again").arg(port));
}

void PublishController::forgetSession() {
    m_ready = m_validated = m_published = false;
    m_processed.clear();
    m_ordersWithError.clear();
    m_outcomes.clear();
    m_history.clear();
}

bool PublishController::begin(const QString& phase) {
    const QString host = QStringLiteral("host 127.0.0.1:%1").arg(m_link.port());
    if (phase == QLatin1String("resetting")) m_log.addSeparator(QStringLiteral("Reset from ") + host);
    else if (phase == QLatin1String("resuming")) m_log.addSeparator(QStringLiteral("Session kept by ") + host);
    else if (phase == QLatin1String("validating")) m_log.addEvent(QStringLiteral("Validation started"));
    else if (phase == QLatin1String("publishing")) m_log.addEvent(QStringLiteral("Publish started"));
    m_phase = phase;
    ++m_run;
    m_stopRequested = false;
    m_done = 0;
    m_total = 0;
    m_failures = 0;
    m_lastOrder = -std::numeric_limits<double>::infinity();
    m_instances.setEditable(false);
    m_plugins.setEditable(false);
    emit runStarted(phase);
    emitChanged();
    return true;
}

void PublishController::finish(bool ok, const QString& status, bool error) {
    m_live.end(0);  // a run that broke off mid-call shows nothing live any more
    const QString ended = m_phase;
    m_log.addEvent(QStringLiteral("Ended: ") + status, error ? LogLevel::Error : LogLevel::Info);
    m_phase = QStringLiteral("idle");
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
    m_link.call(method, std::move(params), [this, run, method, next](const CallResult& result) {
        if (run != m_run) return;
        if (!result) {
            if (m_phase == QLatin1String("resetting")) m_ready = false;
            finish(false, describeFault(result.fault(), method, m_link.port()), true);
            return;
        }
        try {
            next(result.value());
        } catch (const std::exception& e) {  // a shape the protocol does not allow
            finish(false, QStringLiteral("The host's answer to %1 is not as the protocol says: %2")
                              .arg(qs(method), QString::fromUtf8(e.what())), true);
        }
    }, timeout);
}

void PublishController::callRun(const std::string& method, const Pair& pair, ResultKind kind, const std::string& actionLabel,
                                Array params, std::function<void(const Value&)> next) {
    m_liveLine = RunResult{};
    name(m_liveLine, pair, kind, actionLabel);
    m_live.begin(m_link.port(), pair.pluginId, pair.instanceId, instanceIdOf(pair));
    callHost(method, std::move(params), [this, next](const Value& result) {
        const Value* call = result.find("call");
        m_liveShown = m_live.end(call && call->type() == ValueType::Int ? call->asInt() : 0);
        next(result);
        m_liveShown.clear();
    }, kProcessTimeout);
}

void PublishController::name(RunResult& result, const Pair& pair, ResultKind kind, const std::string& actionLabel) const {
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

// ---- resume: the session a host kept -----------------------------------------------------------

void PublishController::resume() {
    begin(QStringLiteral("resuming"));
    forgetSession();
    setStatus(QStringLiteral("Reading the session of the host on port %1").arg(m_link.port()));
    readContext([this] {
        callHost("discover", {}, [this](const Value& plugins) {
            m_plugins.setItems(readPlugins(plugins));
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
                    m_phase = QStringLiteral("idle");
                    reset();
                    return;
                }
                try {
                    showKeptResults(answer.value());
                } catch (const std::exception& e) {
                    finish(false, QStringLiteral("The host's answer to results is not as the protocol says: %1")
                                      .arg(QString::fromUtf8(e.what())), true);
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
        m_phase = QStringLiteral("idle");
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
            m_processed.insert(pairKey(pair));
            ++shown;
        } else if (entry.repair) {
            if (noteSideResult(pair, entry.result, ResultKind::Repair, {}).success) forgetRepaired({pair});
        } else {
            noteSideResult(pair, entry.result, ResultKind::Action, entry.actionId);
        }
    }
    int failures = 0;
    for (const Outcome& o : m_outcomes)
        if (o.state == ItemState::Failed) {
            ++failures;
            m_lastError = qs(labelOfPlugin(o.pair.pluginId)) + QStringLiteral(": ") + o.error;
        }
    auto allProcessed = [this](const std::vector<Pair>& plan) {
        return !plan.empty() &&
               std::all_of(plan.begin(), plan.end(), [this](const Pair& p) { return m_processed.count(pairKey(p)) > 0; });
    };
    const bool failedAfterCollecting =
        std::any_of(m_ordersWithError.begin(), m_ordersWithError.end(), [](double order) { return order >= 1; });
    m_ready = true;
    m_validated = allProcessed(planRun(m_plugins.items(), m_instances.items(), 1.0, 2.0));
    m_published = !failedAfterCollecting &&
                  allProcessed(planRun(m_plugins.items(), m_instances.items(), 1.0, std::numeric_limits<double>::infinity()));
    m_done = m_total = shown;
    QString status = QStringLiteral("The host's session: %1 result(s) kept").arg(shown);
    if (m_published) status += QStringLiteral(", published");
    else if (m_validated) status += QStringLiteral(", validated");
    if (failures > 0) status += QStringLiteral("; %1 failed: %2").arg(failures).arg(m_lastError);
    finish(true, status, failures > 0);
}

// ---- reset -----------------------------------------------------------------------------------

bool PublishController::reset() {
    if (!canReset()) return false;
    begin(QStringLiteral("resetting"));
    forgetSession();
    setStatus(QStringLiteral("Resetting from the host on port %1").arg(m_link.port()));
    callHost("stats", {}, [this](const Value&) {
        callHost("reset", {}, [this](const Value&) {
            readContext([this] {
                callHost("discover", {}, [this](const Value& plugins) {
                    m_plugins.setItems(readPlugins(plugins));
                    m_collectors.clear();
                    for (const PluginInfo& p : m_plugins.items())
                        if (isCollector(p) && p.active) m_collectors.push_back(p);
                    m_total = static_cast<int>(m_collectors.size());
                    emitChanged();
                    resetStep(0);
                });
            });
        });
    });
    return true;
}

void PublishController::readContext(std::function<void()> next) {
    callHost("context", {}, [this, next](const Value& context) {
        const HostLink::CallTiming call = m_link.lastCallTiming();
        const bool replaced = m_instances.setItems(ui::readContext(context));
        m_plugins.updateWork(m_instances.items());
        m_contextTiming = {m_instances.count(), replaced, call.sent, call.received, std::chrono::steady_clock::now()};
        emit contextFilled();
        next();
    });
}

void PublishController::resetStep(std::size_t collector) {
    if (m_stopRequested) {
        m_ready = true;  // what was collected so far can still be validated
        finish(false, QStringLiteral("Reset stopped after %1 of %2 collectors").arg(m_done).arg(m_total), false);
        return;
    }
    if (collector < m_collectors.size()) {
        const PluginInfo plugin = m_collectors[collector];
        m_plugins.setState(plugin.id, ItemState::Processing);
        callRun("process", {plugin.id, {}, plugin.order}, ResultKind::Process, {}, {plugin.raw, Value(), Value()},
                [this, collector, plugin](const Value& result) {
            noteResult({plugin.id, {}, plugin.order}, result);
            ++m_done;
            noteProgress();
            readContext([this, collector] { resetStep(collector + 1); });
        });
        return;
    }
    readContext([this] {
        callHost("stats", {}, [this](const Value&) {
            m_ready = true;
            emitToHost("reset", {});
            const int instances = std::max(0, m_instances.count() - 1);
            if (m_failures > 0)
                finish(true, QStringLiteral("Reset, but %1 collector(s) failed: %2").arg(m_failures).arg(m_lastError), true);
            else
                finish(true, QStringLiteral("Ready: %1 instance(s), %2 plug-in(s)").arg(instances).arg(m_plugins.count()), false);
        });
    });
}

// ---- validate / publish ----------------------------------------------------------------------

bool PublishController::validate() {
    if (!canValidate()) return false;
    runPairs(QStringLiteral("validating"), 1.0, 2.0);
    return true;
}

bool PublishController::publish() {
    if (!canPublish()) return false;
    runPairs(QStringLiteral("publishing"), 1.0, std::numeric_limits<double>::infinity());
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

void PublishController::runPairs(const QString& phase, double minOrder, double maxOrder) {
    begin(phase);
    // Queued on the link before the run's first call: the host has it before any plug-in runs.
    if (!m_comment.isEmpty()) emitToHost("commented", {{"comment", m_comment.toStdString()}});
    m_plan.clear();
    for (const Pair& p : planRun(m_plugins.items(), m_instances.items(), minOrder, maxOrder))
        if (!m_processed.count(pairKey(p))) m_plan.push_back(p);
    m_total = static_cast<int>(m_plan.size());
    setStatus(phase == QLatin1String("validating") ? QStringLiteral("Validating") : QStringLiteral("Publishing"));
    runStep(0);
}

void PublishController::runStep(std::size_t index) {
    const bool validating = m_phase == QLatin1String("validating");
    const QString what = validating ? QStringLiteral("Validation") : QStringLiteral("Publish");
    if (m_stopRequested) {
        finish(false, QStringLiteral("%1 stopped after %2 of %3").arg(what).arg(m_done).arg(m_total), false);
        return;
    }
    if (index >= m_plan.size()) {
        if (validating) m_validated = true;
        else m_published = m_failures == 0;
        emitToHost(validating ? "validated" : "published", {});
        if (m_failures > 0)
            finish(false, QStringLiteral("%1 finished with %2 error(s): %3").arg(what).arg(m_failures).arg(m_lastError), true);
        else
            finish(true, validating ? QStringLiteral("Validation passed") : QStringLiteral("Published"), false);
        return;
    }
    const double order = m_plan[index].order;
    if (order == m_lastOrder) {
        processPair(index);
        return;
    }
    // A new order: the host's stop rule decides whether the run goes on.
    Array errors;
    errors.reserve(m_ordersWithError.size());
    for (double o : m_ordersWithError) errors.emplace_back(o);
    callHost("test", {Struct{{"nextOrder", order}, {"ordersWithError", errors}}}, [this, index, order, what, validating](const Value& answer) {
        if (answer.type() == ValueType::String && !answer.asString().empty()) {
            if (validating) m_validated = true;
            emitToHost(validating ? "validated" : "published", {});
            finish(false, QStringLiteral("%1 stopped by the host: %2").arg(what, qs(answer.asString())), true);
            return;
        }
        m_lastOrder = order;
        processPair(index);
    });
}

void PublishController::processPair(std::size_t index) {
    const Pair pair = m_plan[index];
    const int pluginRow = m_plugins.rowOfId(pair.pluginId);
    const int instanceRow = pair.instanceId.empty() ? 0 : m_instances.rowOfId(pair.instanceId);
    if (pluginRow < 0 || instanceRow < 0 || instanceRow >= m_instances.count()) {
        finish(false, QStringLiteral("Internal error: a planned plug-in or instance is gone"), true);
        return;
    }
    const PluginInfo& plugin = m_plugins.items()[static_cast<std::size_t>(pluginRow)];
    const InstanceInfo& instance = m_instances.items()[static_cast<std::size_t>(instanceRow)];
    m_plugins.setState(pair.pluginId, ItemState::Processing);
    if (!pair.instanceId.empty()) m_instances.setState(pair.instanceId, ItemState::Processing);
    showProgress(QStringLiteral("%1 on %2").arg(qs(plugin.label), qs(instance.label)));
    callRun("process", pair, ResultKind::Process, {}, {plugin.raw, pair.instanceId.empty() ? Value() : instance.raw, Value()},
            [this, index, pair](const Value& result) {
                 noteResult(pair, result);
                 m_processed.insert(pairKey(pair));
                 ++m_done;
                 noteProgress();
                 runStep(index + 1);
             });
}

void PublishController::noteResult(const Pair& pair, const Value& result) {
    const ItemState state = stateOfResult(result);
    RunResult kept = readRunResult(result);
    name(kept, pair, ResultKind::Process, {});
    logResult(kept);
    QString error;
    if (state == ItemState::Failed) {
        ++m_failures;
        if (std::find(m_ordersWithError.begin(), m_ordersWithError.end(), pair.order) == m_ordersWithError.end())
            m_ordersWithError.push_back(pair.order);
        error = qs(describeError(kept.error.value_or(ResultError{})));
        m_lastError = qs(kept.pluginLabel) + QStringLiteral(": ") + error;
    }
    m_history.add(std::move(kept));
    m_outcomes.push_back({pair, state, error});
    showRowsOf(pair);
}

const std::string& PublishController::instanceIdOf(const Pair& pair) const {
    if (!pair.instanceId.empty() || m_instances.items().empty()) return pair.instanceId;
    return m_instances.items().front().id;
}

void PublishController::showRowsOf(const Pair& pair) {
    // Rows keep the worst state since the reset: a plug-in that failed on one instance stays
    // failed. The first error of a row stays its message.
    auto rowOf = [this](auto touches) {
        ItemState state = ItemState::Idle;
        QString error;
        for (const Outcome& o : m_outcomes) {
            if (!touches(o.pair)) continue;
            if (severity(o.state) >= severity(state)) state = o.state;
            if (error.isEmpty()) error = o.error;
        }
        return std::make_pair(state, error);
    };
    const auto plugin = rowOf([&](const Pair& p) { return p.pluginId == pair.pluginId; });
    m_plugins.setState(pair.pluginId, plugin.first, plugin.second);
    const std::string& instanceId = instanceIdOf(pair);
    if (instanceId.empty()) return;
    const auto instance = rowOf([&](const Pair& p) { return instanceIdOf(p) == instanceId; });
    m_instances.setState(instanceId, instance.first, instance.second);
}

RunResult PublishController::noteSideResult(const Pair& pair, const Value& result, ResultKind kind,
                                            const std::string& actionLabel) {
    RunResult kept = readRunResult(result);
    name(kept, pair, kind, actionLabel);
    logResult(kept);
    m_history.add(kept);
    return kept;
}

// ---- actions and repair --------------------------------------------------------------------

QVariantList PublishController::menuOf(int pluginRow) const {
    QVariantList out;
    if (pluginRow < 0 || pluginRow >= m_plugins.count()) return out;
    const PluginInfo& plugin = m_plugins.items()[static_cast<std::size_t>(pluginRow)];
    const ItemState state = m_plugins.stateOf(plugin.id);
    for (const ActionInfo& a : actionsFor(plugin, state))
        out.push_back(QVariantMap{{QStringLiteral("kind"), qs(a.kind)}, {QStringLiteral("id"), qs(a.id)},
                                  {QStringLiteral("label"), qs(a.label)}});
    if (plugin.hasRepair && state == ItemState::Failed) {
        if (!out.isEmpty()) out.push_back(QVariantMap{{QStringLiteral("kind"), QStringLiteral("separator")}});
        out.push_back(QVariantMap{{QStringLiteral("kind"), QStringLiteral("repair")}, {QStringLiteral("id"), QString()},
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
    begin(QStringLiteral("acting"));
    m_total = 1;
    const QString what = QStringLiteral("Action %1 of %2").arg(qs(label), qs(plugin.label));
    m_log.addEvent(what + QStringLiteral(" started"));
    setStatus(what);
    callRun("process", {plugin.id, {}, plugin.order}, ResultKind::Action, label, {plugin.raw, Value(), actionId.toStdString()},
            [this, plugin, label, what](const Value& result) {
        const RunResult kept = noteSideResult({plugin.id, {}, plugin.order}, result, ResultKind::Action, label);
        ++m_done;
        if (kept.success) finish(true, what + QStringLiteral(" ran"), false);
        else finish(false, what + QStringLiteral(" failed: ") + qs(describeError(kept.error.value_or(ResultError{}))), true);
    });
    return true;
}

bool PublishController::repair(int pluginRow) {
    if (!canAct() || pluginRow < 0 || pluginRow >= m_plugins.count()) return false;
    const PluginInfo& plugin = m_plugins.items()[static_cast<std::size_t>(pluginRow)];
    if (!plugin.hasRepair) return false;
    std::vector<Pair> plan;
    for (const Outcome& o : m_outcomes) {
        const bool planned = std::any_of(plan.begin(), plan.end(), [&](const Pair& p) { return pairKey(p) == pairKey(o.pair); });
        if (o.pair.pluginId == plugin.id && o.state == ItemState::Failed && !planned) plan.push_back(o.pair);
    }
    if (plan.empty()) return false;
    begin(QStringLiteral("repairing"));
    m_repairPlan = std::move(plan);
    m_repaired.clear();
    m_total = static_cast<int>(m_repairPlan.size());
    m_log.addEvent(QStringLiteral("Repair of %1 started").arg(qs(plugin.label)));
    setStatus(QStringLiteral("Repairing %1").arg(qs(plugin.label)));
    repairStep(0);
    return true;
}

void PublishController::repairStep(std::size_t index) {
    if (index >= m_repairPlan.size() || m_stopRequested) {
        finishRepair();
        return;
    }
    const Pair pair = m_repairPlan[index];
    const int pluginRow = m_plugins.rowOfId(pair.pluginId);
    const int instanceRow = pair.instanceId.empty() ? -1 : m_instances.rowOfId(pair.instanceId);
    if (pluginRow < 0 || (!pair.instanceId.empty() && instanceRow < 0)) {
        finish(false, QStringLiteral("Internal error: a plug-in or instance to repair is gone"), true);
        return;
    }
    const Value plugin = m_plugins.items()[static_cast<std::size_t>(pluginRow)].raw;
    const Value instance = instanceRow < 0 ? Value() : m_instances.items()[static_cast<std::size_t>(instanceRow)].raw;
    callRun("repair", pair, ResultKind::Repair, {}, {plugin, instance}, [this, index, pair](const Value& result) {
        const RunResult kept = noteSideResult(pair, result, ResultKind::Repair, {});
        if (kept.success) m_repaired.push_back(pair);
        else {
            ++m_failures;
            m_lastError = qs(kept.instanceLabel) + QStringLiteral(": ") + qs(describeError(kept.error.value_or(ResultError{})));
        }
        ++m_done;
        noteProgress();
        repairStep(index + 1);
    });
}

void PublishController::forgetRepaired(const std::vector<Pair>& repaired) {
    // A repaired pair is not processed any more: the next validation runs it again, and until
    // then its failure no longer stands (nor stops a publish through test()).
    for (const Pair& pair : repaired) {
        m_processed.erase(pairKey(pair));
        m_outcomes.erase(std::remove_if(m_outcomes.begin(), m_outcomes.end(),
                                        [&](const Outcome& o) { return pairKey(o.pair) == pairKey(pair); }),
                         m_outcomes.end());
        showRowsOf(pair);
    }
    m_ordersWithError.clear();
    for (const Outcome& o : m_outcomes)
        if (o.state == ItemState::Failed &&
            std::find(m_ordersWithError.begin(), m_ordersWithError.end(), o.pair.order) == m_ordersWithError.end())
            m_ordersWithError.push_back(o.pair.order);
    if (!repaired.empty()) m_validated = m_published = false;
}

void PublishController::finishRepair() {
    forgetRepaired(m_repaired);
    const int repaired = static_cast<int>(m_repaired.size());
    const int planned = static_cast<int>(m_repairPlan.size());
    if (m_failures > 0)
        finish(false, QStringLiteral("Repaired %1 of %2; failed: %3").arg(repaired).arg(planned).arg(m_lastError), true);
    else if (repaired < planned)
        finish(false, QStringLiteral("Repair stopped after %1 of %2").arg(repaired).arg(planned), false);
    else
        finish(true, QStringLiteral("Repaired %1 of %2: validate again to check").arg(repaired).arg(planned), false);
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
