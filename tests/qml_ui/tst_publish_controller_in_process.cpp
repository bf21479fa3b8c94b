// PublishController against an in-process host (in_process_host.hpp: a MethodTable, no network,
// no child process): the reset sequence, a validation with a failing validator after which
// Publish says why it will not run, a publish the host's test() stops, a repair, and the
// validation and publish that then pass; plug-ins that change the context during a run; action
// rules pyblish does not have.

#include <QSignalSpy>
#include <QtTest>

#include "auto_run.hpp"
#include "in_process_host.hpp"
#include "publish_controller.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;
using hostbridge::ui::testing::InProcessHost;

namespace {

constexpr int kWaitMs = 5000;

struct Fixture {
    InProcessHost host;
    InstanceModel instances;
    PluginModel plugins;
    PublishController controller{host, instances, plugins};
    QSignalSpy finished{&controller, &PublishController::runFinished};

    Fixture() {
        controller.connectToHost(InProcessHost::kPort, "");
        waitRun();
    }
    // Waits for the next runFinished; returns its `ok`.
    bool waitRun() {
        const int before = finished.count();
        if (!QTest::qWaitFor([&] { return finished.count() > before; }, kWaitMs)) return false;
        return finished.last().at(1).toBool();
    }
    PublishController::Phase lastPhase() const { return finished.last().at(0).value<PublishController::Phase>(); }
    int pluginRow(const std::string& name) const {
        for (int i = 0; i < plugins.count(); ++i)
            if (plugins.items()[static_cast<std::size_t>(i)].name == name) return i;
        return -1;
    }
    QString pluginState(const std::string& name) const {
        return plugins.index(pluginRow(name)).data(PluginModel::StateRole).toString();
    }
    QStringList logMessages() {
        QStringList out;
        for (int i = 0; i < controller.log().count(); ++i)
            out << controller.log().index(i).data(RunLogModel::MessageRole).toString();
        return out;
    }
    int instanceRow(const std::string& name) const {
        for (int i = 0; i < instances.count(); ++i)
            if (instances.items()[static_cast<std::size_t>(i)].name == name) return i;
        return -1;
    }
    QString instanceState(const std::string& name) const {
        for (int i = 0; i < instances.count(); ++i)
            if (instances.items()[static_cast<std::size_t>(i)].name == name)
                return instances.index(i).data(InstanceModel::StateRole).toString();
        return {};
    }
};

}  // namespace

class TestPublishControllerInProcess : public QObject {
    Q_OBJECT

private slots:
    void resetFollowsTheProtocolSequence() {
        Fixture f;
        QCOMPARE(f.lastPhase(), PublishController::Phase::Resetting);
        QVERIFY(f.finished.last().at(1).toBool());
        QCOMPARE(f.controller.phase(), PublishController::Phase::Idle);
        QVERIFY(QTest::qWaitFor([&] { return f.host.calls().size() >= 9; }, kWaitMs));  // emit comes after
        QCOMPARE(f.host.calls(), (QStringList{"stats", "reset", "context", "discover", "process:CollectInstances",
                                              "context", "context", "stats", "emit"}));
        QCOMPARE(f.instances.count(), 3);  // the context, Bruce, Chair
        QCOMPARE(f.plugins.count(), 5);
        QCOMPARE(f.controller.statusText(), QStringLiteral("Ready: 2 instance(s), 5 plug-in(s)"));
        QVERIFY(f.controller.canValidate() && f.controller.canPublish());
    }

    void validateShowsTheFailureAndPublishSaysWhyItWillNotRun() {
        Fixture f;
        QSignalSpy shown(&f.controller, &PublishController::failureToShow);
        // Folded sections of the failure are opened to show it.
        f.plugins.setFoldedSections({QStringLiteral("Collect"), QStringLiteral("Validate")});
        f.instances.toggleFolded(QStringLiteral("model"));
        QVERIFY(f.controller.validate());
        QCOMPARE(f.controller.phase(), PublishController::Phase::Validating);
        QVERIFY(!f.waitRun());
        QCOMPARE(f.lastPhase(), PublishController::Phase::Validating);
        QCOMPARE(f.host.processed().mid(1),
                 (QStringList{"process:ValidateNaming:Bruce", "process:ValidateNaming:Chair",
                              "process:ValidateNormals:Bruce", "process:ValidateNormals:Chair"}));
        QCOMPARE(f.pluginState("ValidateNormals"), QStringLiteral("failed"));
        QCOMPARE(f.instanceState("Chair"), QStringLiteral("failed"));
        QCOMPARE(f.instanceState("Bruce"), QStringLiteral("passed"));
        QVERIFY(f.controller.statusText().contains(QStringLiteral("Chair has locked normals")));
        QVERIFY(!f.controller.canValidate() && f.controller.canPublish());
        // The first failed row is brought into view: ValidateNormals, and Chair (row 2).
        QCOMPARE(shown.count(), 1);
        QCOMPARE(shown.last().at(0).toInt(), f.pluginRow("ValidateNormals"));
        QCOMPARE(shown.last().at(1).toInt(), 2);
        QCOMPARE(f.plugins.foldedSections(), QStringList{"Collect"});
        QCOMPARE(f.instances.foldedSections(), QStringList{"Collect"});  // the default, no instance's

        // Publish does not start (pyblish stops it before extraction): it says why, and no call
        // reaches the host.
        const int calls = f.host.calls().size();
        QVERIFY(!f.controller.publish());
        QCOMPARE(f.controller.phase(), PublishController::Phase::Idle);
        QCOMPARE(f.controller.statusText(),
                 QStringLiteral(
                     "Publish will not run: validation failed (ValidateNormals on Chair: Chair has locked "
                     "normals (validate_normals.py, line 42, in process)). Repair it and validate again, or reset"));
        QVERIFY(f.controller.hasError());
        QCOMPARE(shown.count(), 2);
        QCOMPARE(f.host.calls().size(), calls);
    }

    void publishWithoutValidatingIsStoppedByTheHost() {
        Fixture f;
        QVERIFY(f.controller.publish());
        QVERIFY(!f.waitRun());
        QCOMPARE(f.controller.statusText(), QStringLiteral("Publish stopped by the host: failed validation"));
        QVERIFY(!f.host.processed().join(',').contains(QStringLiteral("Extract")));
    }

    // pyblish-qml reads the context after each process(): this UI after each plug-in, and the
    // rest of the run follows what it says.
    void theRunFollowsWhatPluginsDoToTheContext() {
        Fixture f;
        f.host.onProcess = [](const std::string& plugin, const std::string& instance,
                              std::vector<InProcessHost::SceneInstance>& scene) {
            if (plugin != "ValidateNaming") return;
            if (instance == "Bruce") {
                scene.push_back({"Table", "Table"});
                scene[1].label = "Chair v2";
            } else if (instance == "Chair") {
                scene[1].publish = false;
                scene.erase(scene.begin());  // Bruce
            }
        };
        const int before = f.host.calls().size();
        QVERIFY(f.controller.validate());
        QVERIFY(f.waitRun());
        QCOMPARE(f.controller.statusText(), QStringLiteral("Validation passed"));
        QCOMPARE(f.host.processed().mid(1), (QStringList{"process:ValidateNaming:Bruce", "process:ValidateNaming:Chair",
                                                         "process:ValidateNormals:Table"}));
        QCOMPARE(f.host.calls().mid(before).count(QStringLiteral("context")), 2);  // once per plug-in
        QCOMPARE(f.instances.count(), 3);                                          // the context, Chair, Table
        QCOMPARE(f.instances.rowOfId("Bruce-1"), -1);
        const int chair = f.instances.rowOfId("Chair-1");
        QCOMPARE(f.instances.index(chair).data(InstanceModel::LabelRole).toString(), QStringLiteral("Chair v2"));
        QCOMPARE(f.instances.index(chair).data(InstanceModel::PublishRole).toBool(), false);
        QCOMPARE(f.instanceState("Table"), QStringLiteral("passed"));
        QCOMPARE(f.controller.progressDone(), 3);
        QCOMPARE(f.controller.progressTotal(), 3);

        QVERIFY(f.controller.publish());
        QVERIFY(f.waitRun());
        QCOMPARE(f.controller.statusText(), QStringLiteral("Published"));
        // Table came after ValidateNaming had started: the publish validates it before extracting.
        QCOMPARE(f.host.processed().mid(4),
                 (QStringList{"process:ValidateNaming:Table", "process:ExtractModel:Table", "process:IntegrateAsset"}));
    }

    void actionsWithRulesPyblishDoesNotHaveAreNotShown() {
        InProcessHost host;
        host.namingActions =
            Array{Struct{{"id", "Fix"}, {"label", "Fix"}, {"on", "failedOrWarning"}, {"__type__", "action"}},
                  Struct{{"id", "Odd"}, {"label", "Odd"}, {"on", "sometimes"}, {"__type__", "action"}},
                  Struct{{"id", "Look"}, {"label", "Look"}, {"on", "notProcessed"}, {"__type__", "action"}}};
        InstanceModel instances;
        PluginModel plugins;
        PublishController controller{host, instances, plugins};
        QSignalSpy finished{&controller, &PublishController::runFinished};
        controller.connectToHost(InProcessHost::kPort, "");
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        int row = 0;
        while (plugins.items()[static_cast<std::size_t>(row)].name != "ValidateNaming") ++row;
        const QVariantList menu = controller.menuOf(row);
        QCOMPARE(menu.size(), 1);
        QCOMPARE(menu[0].toMap().value("label").toString(), QStringLiteral("Look"));
        QVERIFY(!controller.runAction(row, QStringLiteral("Odd")));
        bool logged = false;
        for (int i = 0; i < controller.log().count(); ++i)
            logged |=
                controller.log().index(i).data(RunLogModel::MessageRole).toString() ==
                QStringLiteral(
                    "Action Odd of ValidateNaming is never shown: its \"on\" is sometimes, not a rule of pyblish");
        QVERIFY(logged);
    }

    void repairThenValidateAndPublishPass() {
        Fixture f;
        QVERIFY(f.controller.validate());
        QVERIFY(!f.waitRun());
        const QVariantList menu = f.controller.menuOf(f.pluginRow("ValidateNormals"));
        QCOMPARE(menu.last().toMap().value("kind").toString(), QStringLiteral("repair"));
        QVERIFY(!f.controller.repair(f.pluginRow("ValidateNaming")));  // no repair, nothing failed
        QVERIFY(f.controller.repair(f.pluginRow("ValidateNormals")));
        QCOMPARE(f.controller.phase(), PublishController::Phase::Repairing);
        QVERIFY(f.waitRun());
        QCOMPARE(f.lastPhase(), PublishController::Phase::Repairing);
        QCOMPARE(f.controller.statusText(), QStringLiteral("Repaired 1 of 1: validate again to check"));
        QVERIFY(f.host.calls().contains(QStringLiteral("repair:ValidateNormals:Chair")));
        // Its failure is taken back: the rows show what the other results say.
        QCOMPARE(f.instanceState("Chair"), QStringLiteral("passed"));
        QCOMPARE(f.pluginState("ValidateNormals"), QStringLiteral("passed"));

        // Only the repaired pair runs again.
        const int before = f.host.processed().size();
        QVERIFY(f.controller.validate());
        QVERIFY(f.waitRun());
        QCOMPARE(f.host.processed().mid(before), (QStringList{"process:ValidateNormals:Chair"}));
        QCOMPARE(f.controller.statusText(), QStringLiteral("Validation passed"));

        QVERIFY(f.controller.publish());
        QVERIFY(f.waitRun());
        QCOMPARE(f.controller.statusText(), QStringLiteral("Published"));
        QCOMPARE(f.host.processed().mid(before + 1),
                 (QStringList{"process:ExtractModel:Bruce", "process:ExtractModel:Chair", "process:IntegrateAsset"}));
        QCOMPARE(f.instanceState("Context"), QStringLiteral("passed"));
        QVERIFY(!f.controller.canPublish() && f.controller.canReset());
    }

    // The publish's comment is the host's until the artist writes one; the artist's and every
    // instance comment reach the host at once and again before a validate or publish (a reset
    // gives the host a fresh context).
    void commentsReachTheHost() {
        InProcessHost host;
        host.initialComment = "noted by the host";
        InstanceModel instances;
        PluginModel plugins;
        PublishController controller{host, instances, plugins};
        QSignalSpy finished{&controller, &PublishController::runFinished};
        controller.connectToHost(InProcessHost::kPort, "");
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        QCOMPARE(controller.comment(), QStringLiteral("noted by the host"));  // pre-filled

        controller.setComment(QStringLiteral("line one\nline two"));
        const int chair = [&] {
            for (int i = 0; i < instances.count(); ++i)
                if (instances.items()[static_cast<std::size_t>(i)].name == "Chair") return i;
            return -1;
        }();
        QVERIFY(instances.setComment(chair, QStringLiteral("chair note")));
        QVERIFY(QTest::qWaitFor([&] { return host.scene()[1].comment == "chair note"; }, kWaitMs));
        QCOMPARE(host.contextComment, std::string("line one\nline two"));

        // A reset: the host forgets, the UI does not; Validate sends both again before any plug-in.
        QVERIFY(controller.reset());
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 2; }, kWaitMs));
        // The reset's last call, emit("reset"), is answered after the run has ended.
        QVERIFY(QTest::qWaitFor([&] { return !host.emits.empty() && host.emits.back().first == "reset"; }, kWaitMs));
        QCOMPARE(host.contextComment, std::string("noted by the host"));
        QCOMPARE(controller.comment(), QStringLiteral("line one\nline two"));  // the artist's stays
        QVERIFY(host.scene()[1].comment.empty());
        const int emitsBefore = static_cast<int>(host.emits.size());
        const int callsBefore = host.calls().size();
        QVERIFY(controller.validate());
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 3; }, kWaitMs));
        QCOMPARE(host.contextComment, std::string("line one\nline two"));
        QCOMPARE(host.scene()[1].comment, std::string("chair note"));
        QCOMPARE(host.emits[static_cast<std::size_t>(emitsBefore)].first, std::string("commented"));
        QCOMPARE(host.emits[static_cast<std::size_t>(emitsBefore) + 1].first, std::string("instanceCommented"));
        // Both before the validation's first call.
        QCOMPARE(host.calls().mid(callsBefore, 3), (QStringList{"emit", "emit", "test"}));
    }

    // Only plug-ins with the target "default" or one the host named are shown and run; the log
    // says which were left out and starts the session with host, user, versions and targets.
    void targetsFilterPluginsAndTheLogHeaderNamesThem() {
        Fixture f;  // no targets named
        QCOMPARE(f.plugins.count(), 5);
        const QStringList first = f.logMessages();
        QVERIFY2(first.size() > 1 && first[1].startsWith(QStringLiteral("Host in-process on port 4242, user artist; "
                                                                        "versions: HostBridge UI ")),
                 qPrintable(first.join('\n')));
        QVERIFY(first[1].contains(QStringLiteral("pyblishVersion 1.8.0")));
        QVERIFY(first[1].endsWith(QStringLiteral("; targets: default")));

        f.host.targetsOf["ExtractModel"] = Array{"farm"};
        f.host.targetsOf["ValidateNaming"] = Array{"default", "farm"};
        QVERIFY(f.controller.reset());
        QVERIFY(f.waitRun());
        QCOMPARE(f.plugins.count(), 4);
        QCOMPARE(f.pluginRow("ExtractModel"), -1);
        QVERIFY(f.pluginRow("ValidateNaming") >= 0);
        QVERIFY(f.logMessages().contains(
            QStringLiteral("1 plug-in(s) left out, none of their targets is default or the host's: ExtractModel")));
        f.controller.setTargets({"farm"});
        QVERIFY(f.controller.reset());
        QVERIFY(f.waitRun());
        QCOMPARE(f.plugins.count(), 5);
        QVERIFY(f.logMessages().filter(QStringLiteral("; targets: default, farm")).size() == 1);
    }

    // show's autoValidate / autoPublish: the run follows the reset that show started, once.
    void autoValidateAndAutoPublish() {
        InProcessHost host;
        InstanceModel instances;
        PluginModel plugins;
        PublishController controller{host, instances, plugins};
        AutoRun autoRun(controller);
        QSignalSpy started{&controller, &PublishController::runStarted};
        QSignalSpy finished{&controller, &PublishController::runFinished};
        const auto phases = [&started] {
            QStringList out;
            for (const auto& args : started)
                out << PublishController::phaseName(args.at(0).value<PublishController::Phase>());
            return out;
        };

        autoRun.arm(true, false);
        controller.connectToHost(InProcessHost::kPort, "");
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 2; }, kWaitMs));
        QCOMPARE(phases(), (QStringList{"resetting", "validating"}));
        QCOMPARE(autoRun.armed(), AutoRun::Step::None);

        // Once only: the artist's next reset is not followed by a run.
        QVERIFY(controller.reset());
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 3; }, kWaitMs));
        QTest::qWait(50);
        QCOMPARE(phases().size(), 3);

        autoRun.arm(true, true);  // autoPublish wins: a publish validates first
        QVERIFY(controller.reset());
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 5; }, kWaitMs));
        QCOMPARE(phases().mid(3), (QStringList{"resetting", "publishing"}));
        QVERIFY(host.processed().contains(QStringLiteral("process:ValidateNaming:Bruce")));

        // A stopped reset disarms it.
        autoRun.arm(true, false);
        QVERIFY(controller.reset());
        QVERIFY(controller.stop());
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 6; }, kWaitMs));
        QTest::qWait(50);
        QCOMPARE(phases().size(), 6);
        QCOMPARE(autoRun.armed(), AutoRun::Step::None);
    }

    void aStoppedResetKeepsWhatItRead() {
        InProcessHost host;
        InstanceModel instances;
        PluginModel plugins;
        PublishController controller{host, instances, plugins};
        QSignalSpy finished{&controller, &PublishController::runFinished};
        controller.connectToHost(InProcessHost::kPort, "");
        QVERIFY(controller.stop());  // before the first answer: the run stops before any collector
        QVERIFY(!controller.canStop());
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        QCOMPARE(controller.statusText(), QStringLiteral("Reset stopped after 0 of 1 collectors"));
        QVERIFY(host.processed().isEmpty());
        QVERIFY(controller.canValidate());  // what was read can be validated
    }
};

QTEST_GUILESS_MAIN(TestPublishControllerInProcess)
#include "tst_publish_controller_in_process.moc"
