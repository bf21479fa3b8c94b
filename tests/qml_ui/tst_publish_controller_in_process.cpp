// PublishController against an in-process host (in_process_host.hpp: a MethodTable, no network,
// no child process): the reset sequence, a validation with a failing validator, a publish the
// host's test() stops, a repair, and the validation and publish that then pass.

#include <QSignalSpy>
#include <QtTest>

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

    void validateShowsTheFailureAndPublishIsStoppedByTheHost() {
        Fixture f;
        QVERIFY(f.controller.validate());
        QCOMPARE(f.controller.phase(), PublishController::Phase::Validating);
        QVERIFY(!f.waitRun());
        QCOMPARE(f.lastPhase(), PublishController::Phase::Validating);
        QCOMPARE(f.host.processed().mid(1), (QStringList{"process:ValidateNaming:Bruce", "process:ValidateNaming:Chair",
                                                         "process:ValidateNormals:Bruce", "process:ValidateNormals:Chair"}));
        QCOMPARE(f.pluginState("ValidateNormals"), QStringLiteral("failed"));
        QCOMPARE(f.instanceState("Chair"), QStringLiteral("failed"));
        QCOMPARE(f.instanceState("Bruce"), QStringLiteral("passed"));
        QVERIFY(f.controller.statusText().contains(QStringLiteral("Chair has locked normals")));
        QVERIFY(!f.controller.canValidate() && f.controller.canPublish());

        QVERIFY(f.controller.publish());
        QVERIFY(!f.waitRun());
        QCOMPARE(f.controller.statusText(), QStringLiteral("Publish stopped by the host: failed validation"));
        QVERIFY(!f.host.processed().join(',').contains(QStringLiteral("Extract")));
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
        QCOMPARE(f.host.processed().mid(before + 1), (QStringList{"process:ExtractModel:Bruce", "process:ExtractModel:Chair",
                                                                  "process:IntegrateAsset"}));
        QCOMPARE(f.instanceState("Context"), QStringLiteral("passed"));
        QVERIFY(!f.controller.canPublish() && f.controller.canReset());
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
