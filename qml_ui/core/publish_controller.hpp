#pragma once
// PublishController: drives a host's publishing service for the views (protocol.md, "The UI
// drives a run"): reset, validate, publish, stop, with progress, a status line and buttons that
// cannot double-fire.
//
// Split by concern: a HostConnection carries the calls (HostLink: a worker thread), InstanceModel /
// PluginModel hold what the views show, publish_items.hpp has the run rules (order, family
// match, pairs), PublishSession the session's rules (outcomes, row states, repaired pairs),
// ResetRun / PairsRun / RepairRun each drive one kind of run step by step. This class starts
// runs, owns the run's shared state (phase, progress, status) and writes results into the models.
//
// Threads: a GUI-thread object. Every host call goes through the HostConnection and its answer
// arrives as a callback on the GUI thread, so no method here blocks.
//
// Runs: one at a time. reset() runs the reset sequence (stats, reset, context, discover, each
// active collector followed by context, context, stats, emit "reset"); validate() runs the
// pairs with 1 <= order < 2, publish() every pair with order >= 1 not yet processed since the
// reset; both read the context again after each plug-in and plan the rest from it. Before the
// first pair of each new order the host's test() is asked; a string answer stops the run with
// that reason. After a failed validation publish() does not start and says why. stop() lets
// the pair in flight finish, then stops. A run that ends (not stopped by the artist, not broken
// by a fault) emits "validated" / "published".

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <utility>

#include "fault_words.hpp"
#include "host_connection.hpp"
#include "item_history.hpp"
#include "live_activity.hpp"
#include "publish_models.hpp"
#include "publish_session.hpp"
#include "run_log_model.hpp"

namespace hostbridge::ui {

// A context() answer shown: how many rows, whether they replaced the rows shown before (new
// ids) or only updated them, when the link sent the call and got the whole answer, and when
// both models were filled from it (steady clock; the UI's timings).
struct ContextTiming {
    int rows = 0;
    bool replaced = false;
    std::chrono::steady_clock::time_point sent;
    std::chrono::steady_clock::time_point received;
    std::chrono::steady_clock::time_point filled;
};

class PublishController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(Phase phase READ phase NOTIFY changed)
    Q_PROPERTY(bool running READ running NOTIFY changed)
    Q_PROPERTY(bool canReset READ canReset NOTIFY changed)
    Q_PROPERTY(bool canValidate READ canValidate NOTIFY changed)
    Q_PROPERTY(bool canPublish READ canPublish NOTIFY changed)
    Q_PROPERTY(bool canStop READ canStop NOTIFY changed)
    // Progress and status change with every plug-in run: a signal of their own, so the views'
    // bindings on the run's state (can*, phase) are not evaluated a thousand times a publish.
    // While a run goes on it comes at most every kProgressNoticeInterval (the values are
    // always current; only the notice is paced): laying out a status text per plug-in run cost
    // more than the run itself (100 instances x 10 no-op plug-ins, docs/performance.md P8).
    Q_PROPERTY(int progressDone READ progressDone NOTIFY progressChanged)
    Q_PROPERTY(int progressTotal READ progressTotal NOTIFY progressChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY progressChanged)
    Q_PROPERTY(bool hasError READ hasError NOTIFY progressChanged)
    Q_PROPERTY(int hostPort READ hostPort NOTIFY changed)
    Q_PROPERTY(QObject* live READ liveObject CONSTANT)  // LiveActivity
    // An action or a repair may start: no run goes on and the session is known.
    Q_PROPERTY(bool canAct READ canAct NOTIFY changed)
    // The artist's comment for this publish (the comment box).
    Q_PROPERTY(QString comment READ comment NOTIFY commentChanged)

public:
    // What goes on: Idle, or the kind of run (Resuming: reading the session a host kept;
    // Acting: an action).
    enum class Phase { Idle, Resuming, Resetting, Validating, Publishing, Acting, Repairing };
    Q_ENUM(Phase)
    // "idle", "resuming", "resetting", "validating", "publishing", "acting", "repairing": the
    // phase's word in ui.state and ui.timings.
    static QString phaseName(Phase phase);

    // Timeouts per call: quick service calls, and process/repair (a plug-in may run for minutes
    // in a DCC; a dead host still fails at once with a refused connection).
    static constexpr std::chrono::milliseconds kCallTimeout{10000};
    static constexpr std::chrono::milliseconds kProcessTimeout{600000};
    static constexpr std::chrono::milliseconds kProgressNoticeInterval{50};

    PublishController(HostConnection& link, InstanceModel& instances, PluginModel& plugins, QObject* parent = nullptr);

    // The host to work for (its show(), --host-port, or the artist switching to it): points
    // the link at it. The host the window already shows a session of: reset from it (what
    // pyblish does on every show), unless a run goes on (it continues). Another host that
    // handed over a token (a HostBridge host): show the session it kept (results()) when it
    // has one, else reset from it. A tokenless (legacy pyblish) host: reset from it.
    // `forceReset`: reset in every case (the artist asked for it).
    void connectToHost(int port, const std::string& token, bool forceReset = false);
    // Works for no host any more (the artist disconnected it): abandons a run, empties the views.
    void disconnectFromHost();

    Q_INVOKABLE bool reset();
    Q_INVOKABLE bool validate();
    // False when refused: a run goes on, or a validation failed (pyblish would stop the publish
    // before extraction): the status line then says why, and failureToShow() points at it.
    Q_INVOKABLE bool publish();
    Q_INVOKABLE bool stop();

    // The menu of a plug-in row: its actions for the plug-in's current state (actionsFor()),
    // then "Repair" when it has a repair and failed. Each entry: {kind: "action" | "category" |
    // "separator" | "repair", id, label}. Empty for a row without any.
    Q_INVOKABLE QVariantList menuOf(int pluginRow) const;
    // Runs one action of a plug-in on the host: process(plugin, nil, actionId), as a run of its
    // own (nothing else meanwhile). The result goes to the log and the detail page; it changes
    // no row state (pyblish-qml's rule), a failure shows in the status line. False when refused
    // (a run goes on, or the action is not in the plug-in's menu now).
    Q_INVOKABLE bool runAction(int pluginRow, const QString& actionId);
    // repair(plugin, instance) for each failed pair of the plug-in (instance nil for a context
    // plug-in), one at a time. A pair whose repair passes counts as not processed again: its
    // failure is forgotten, rows go back to what the other results say, and Validate re-runs
    // only those pairs. False when refused (no repair, nothing failed, or a run goes on).
    Q_INVOKABLE bool repair(int pluginRow);

    // The comment box's text, when its editing is finished: a changed text reaches the host as
    // emit("commented", {"comment": text}) (pyblish-qml's event; a HostBridge host puts it in
    // the context's data "comment"). Until the artist writes one, the box shows the host's
    // context data "comment" (read with every context). Before each validate and publish the
    // comment (when not empty) and every instance comment of the artist's
    // (InstanceModel::setComment, sent as emit("instanceCommented", {instance, comment})) go
    // again, as a reset gives the host a fresh context.
    Q_INVOKABLE void setComment(const QString& text);
    QString comment() const { return m_comment; }

    // The targets the host named (show's `targets`): from the next discover() on, only plug-ins
    // with the target "default" or one of these are shown and run (targetsMatch); the others
    // are left out and the log says how many.
    void setTargets(std::vector<std::string> targets) { m_targets = std::move(targets); }
    const std::vector<std::string>& targets() const { return m_targets; }
    InstanceModel& instances() { return m_instances; }

    Phase phase() const { return m_phase; }
    bool running() const { return m_phase != Phase::Idle; }
    bool canReset() const { return !running() && m_link.hasTarget(); }
    bool canValidate() const {
        return !running() && m_session.ready() && !m_session.validated() && !m_session.published();
    }
    bool canPublish() const { return !running() && m_session.ready() && !m_session.published(); }
    bool canStop() const { return running() && !m_stopRequested; }
    bool canAct() const { return !running() && m_session.ready(); }
    int progressDone() const { return m_done; }
    int progressTotal() const { return m_total; }
    QString statusText() const { return m_status; }
    bool hasError() const { return m_hasError; }
    int hostPort() const { return m_link.port(); }

    // Every result since the reset (the detail pages read it), and the session's log (every
    // record, error and run event; a reset adds a separator line, it never clears the log).
    const ItemHistory& history() const { return m_history; }
    RunLogModel& log() { return m_log; }
    // The call in flight's live records and progress (publish_update goes to its apply()).
    LiveActivity* live() { return &m_live; }
    QObject* liveObject() { return &m_live; }
    const ContextTiming& lastContextTiming() const { return m_contextTiming; }

signals:
    // Anything but the progress changed (the phase, what may start, the host).
    void changed();
    // progressDone, progressTotal, statusText or hasError changed.
    void progressChanged();
    void commentChanged();
    // A run ended (reset, validate or publish; stopped or not): `phase` is the one that ended.
    void runFinished(hostbridge::ui::PublishController::Phase phase, bool ok);
    // A run began (`phase` as phase() says); runFinished follows when it ends, well or not. A
    // run abandoned instead (another host shown, the host disconnected, a resumed session found
    // cut short and reset) gets no runFinished: the next run starts, or the controller is idle.
    void runStarted(hostbridge::ui::PublishController::Phase phase);
    // A context() answer is in the models now (lastContextTiming()).
    void contextFilled();
    // The views bring these rows into view: the first failed validation, when a validation
    // ends with errors and when Publish refuses to run after one; their sections are opened
    // first when folded. -1: no such row.
    void failureToShow(int pluginRow, int instanceRow);

private:
    // The sequencers drive their runs through the steps below (one kind of run each).
    friend class ResetRun;
    friend class PairsRun;
    friend class RepairRun;

    // A run of `phase` begins: the run before it is abandoned (retireRun).
    void begin(Phase phase);
    // Makes the sequencer `Run` for the run begun and starts it; it is this run's until the next.
    template <typename Run, typename... Args>
    void drive(Args&&... args) {
        auto* run = new Run(*this, std::forward<Args>(args)...);
        run->setParent(this);
        m_sequencer = run;
        run->start();
    }
    // The sequencer of the run before is deleted later: its callback may be what began this one.
    void retireRun();
    void finish(bool ok, const QString& status, bool error);
    void setStatus(const QString& status, bool error = false);
    // The status line while a run goes on: progressChanged, paced (noteProgress).
    void showProgress(const QString& status);
    void noteProgress();  // progressChanged within kProgressNoticeInterval, once for many changes
    void emitChanged();   // changed() and progressChanged(): anything may have changed
    // Calls `method` for the current run; a fault ends the run with the fault in words, and an
    // answer of the wrong shape (`next` throws) with that. Nothing runs for an abandoned run.
    void callHost(const std::string& method, Array params, std::function<void(const Value&)> next,
                  std::chrono::milliseconds timeout = kCallTimeout);

    void forgetSession();  // what the UI knew of the host's session since its last reset
    // discover()'s answer into the plug-in model; actions with an `on` rule pyblish does not
    // have are never shown, and the log says which.
    void setPlugins(const Value& discovered);
    // The log's header of a reset or a kept session, from the context just read: host, user,
    // versions and targets (run_header.hpp).
    void logHeader();
    // The comment and the artist's instance comments to the host, before a validate or publish.
    void sendComments();
    // failureToShow() for the session's first failed validation, if any.
    void showValidationFailure();
    void resume();
    void showKeptResults(const Value& results);
    // A process() or repair() of `pair`: what the host pushes while it runs shows live
    // (LiveActivity), and its Result then adds only the records not shown yet.
    void callRun(const std::string& method, const Pair& pair, ResultKind kind, const std::string& actionLabel,
                 Array params, std::function<void(const Value&)> next);
    void logResult(const RunResult& result);
    // Fills in what a result is of: its kind, ids and labels.
    void name(RunResult& result, const Pair& pair, ResultKind kind, const std::string& actionLabel) const;
    // context() into the instance model, then `next`.
    void readContext(std::function<void()> next);
    // A process() result of `pair`: history, log, outcome and rows.
    void noteResult(const Pair& pair, const Value& result);
    // A result of an action or repair: into the history and the log, no row state.
    RunResult noteSideResult(const Pair& pair, const Value& result, ResultKind kind, const std::string& actionLabel);
    // Passed repairs: the session forgets them and their rows show what is left.
    void forgetRepaired(const std::vector<Pair>& repaired);
    // A row's state and message from the session's outcomes.
    void showRowsOf(const Pair& pair);
    // The context's id for a context pair. A reference: showRowsOf() compares it for every
    // outcome since the reset, once per plug-in run.
    const std::string& contextId() const;
    std::string labelOfPlugin(const std::string& id) const;
    std::string labelOfInstance(const std::string& id) const;  // "" : the context
    void emitToHost(const std::string& signal, Struct kwargs);

    HostConnection& m_link;
    InstanceModel& m_instances;
    PluginModel& m_plugins;

    Phase m_phase = Phase::Idle;
    QString m_status = QStringLiteral("No host yet");
    bool m_hasError = false;
    std::uint64_t m_run = 0;         // callbacks of an abandoned run (a new host) are ignored
    QObject* m_sequencer = nullptr;  // the run's ResetRun, PairsRun or RepairRun (a child)
    bool m_stopRequested = false;
    int m_done = 0;
    int m_total = 0;
    int m_failures = 0;  // failed pairs in the current run
    QString m_lastError;
    PublishSession m_session;
    ItemHistory m_history;
    RunLogModel m_log;
    LiveActivity m_live;
    RunResult m_liveLine;       // kind, ids and labels of the call in flight, for its live log lines
    std::set<int> m_liveShown;  // record indices of the Result being noted that were shown live
    QString m_comment;
    bool m_commentByArtist = false;  // false: the box follows the host's context data "comment"
    std::vector<std::string> m_targets;
    ContextTiming m_contextTiming;
    QTimer m_progressNotice;  // paces progressChanged during a run
};

}  // namespace hostbridge::ui
