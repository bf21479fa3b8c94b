// PublishController driving the stand-in pyblish host (pyblish_stand_in_host.py, a separate
// Python process) through HostLink's worker thread: the reset sequence, validate with a
// failing validator, publish stopped by test(), a full publish, stop, toggles sent as events,
// no double-firing, and faults in words. The host's call log is the evidence.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "unused_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "host_link.hpp"
#include "item_details.hpp"
#include "publish_controller.hpp"
#include "stand_in_host.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

namespace {

struct Fixture {
    HostLink link;
    InstanceModel instances;
    PluginModel plugins;
    PublishController controller{link, instances, plugins};
    QSignalSpy finished{&controller, &PublishController::runFinished};

    // Waits for the next runFinished; returns its `ok`.
    bool waitRun() {
        const int before = finished.count();
        if (!QTest::qWaitFor([&] { return finished.count() > before; }, kWaitMs)) return false;
        return finished.last().at(1).toBool();
    }
    int rowOf(const std::string& name) const {
        for (int i = 0; i < instances.count(); ++i)
            if (instances.items()[static_cast<std::size_t>(i)].name == name) return i;
        return -1;
    }
    QString pluginState(const std::string& name) const {
        for (int i = 0; i < plugins.count(); ++i)
            if (plugins.items()[static_cast<std::size_t>(i)].name == name)
                return plugins.index(i).data(PluginModel::StateRole).toString();
        return {};
    }
    QString instanceState(const std::string& name) const {
        return instances.index(rowOf(name)).data(InstanceModel::StateRole).toString();
    }
    int pluginRow(const std::string& name) const {
        for (int i = 0; i < plugins.count(); ++i)
            if (plugins.items()[static_cast<std::size_t>(i)].name == name) return i;
        return -1;
    }
    // The log's lines as "kind|plugin|instance|message".
    QStringList logLines() {
        RunLogModel& log = controller.log();
        QStringList out;
        for (int row = 0; row < log.count(); ++row) {
            const QModelIndex i = log.index(row);
            out << QStringList{i.data(RunLogModel::KindRole).toString(), i.data(RunLogModel::PluginRole).toString(),
                               i.data(RunLogModel::InstanceRole).toString(),
                               i.data(RunLogModel::MessageRole).toString()}
                       .join('|');
        }
        return out;
    }
};

}  // namespace

class TestPublishController : public QObject {
    Q_OBJECT

private slots:
    void resetFollowsTheProtocolSequence() {
        StandInHost host;
        QVERIFY(host.port() > 0);
        Fixture f;
        QVERIFY(!f.controller.canReset());  // no host yet
        f.controller.connectToHost(host.port(), "");
        QVERIFY(f.controller.running());
        QVERIFY(!f.controller.reset());  // no double-firing
        QVERIFY(f.waitRun());
        // emit("reset") is an event nothing waits for: it reaches the host just after.
        QVERIFY(QTest::qWaitFor([&] { return host.methods().size() >= 11; }, kWaitMs));
        QCOMPARE(host.methods(), (QStringList{"stats", "reset", "context", "discover", "process", "context", "process",
                                              "context", "context", "stats", "emit"}));
        QCOMPARE(host.processed(), (QStringList{"CollectInstances", "CollectUser"}));
        QCOMPARE(host.callsOf("emit").first().value("params").toArray().at(0).toString(), QStringLiteral("reset"));
        // The context first, then by family: camera before model.
        QCOMPARE(f.instances.count(), 4);
        QVERIFY(f.instances.items()[0].isContext);
        QCOMPARE(f.instances.items()[1].name, std::string("Camera1"));
        QCOMPARE(f.plugins.count(), 8);
        QCOMPARE(f.pluginState("CollectInstances"), QStringLiteral("passed"));
        for (int row = 0; row < f.plugins.count(); ++row)  // greyed: there is no rig
            QCOMPARE(f.plugins.hasWork(row), f.plugins.items()[static_cast<std::size_t>(row)].name != "ValidateRig");
        QVERIFY(f.controller.statusText().startsWith(QStringLiteral("Ready: 3 instance(s)")));
        QVERIFY(f.controller.canValidate() && f.controller.canPublish() && !f.controller.canStop());
        QCOMPARE(f.controller.progressDone(), 2);
        QCOMPARE(f.controller.progressTotal(), 2);
    }

    void failingValidatorStopsPublish() {
        StandInHost host;
        Fixture f;
        f.controller.connectToHost(host.port(), "");
        QVERIFY(f.waitRun());
        QVERIFY(f.controller.validate());
        QVERIFY(!f.controller.validate() && !f.controller.publish());  // buttons disabled while running
        QVERIFY(!f.waitRun());                                         // finished with errors
        QVERIFY(f.controller.hasError());
        QVERIFY2(f.controller.statusText().contains(QStringLiteral("Chair has locked normals")),
                 qPrintable(f.controller.statusText()));
        QCOMPARE(host.processed().mid(2),
                 (QStringList{"ValidateNaming:Bruce", "ValidateNaming:Chair", "ValidateNormals:Bruce",
                              "ValidateNormals:Chair", "ValidateCamera:Camera1"}));
        QCOMPARE(f.pluginState("ValidateNormals"), QStringLiteral("failed"));
        QCOMPARE(f.pluginState("ValidateRig"), QStringLiteral("idle"));  // nothing to process: skipped
        QCOMPARE(f.pluginState("ValidateCamera"), QStringLiteral("warning"));
        QCOMPARE(f.instanceState("Chair"), QStringLiteral("failed"));
        QCOMPARE(f.instanceState("Bruce"), QStringLiteral("passed"));
        QVERIFY(f.instances.index(f.rowOf("Chair"))
                    .data(InstanceModel::ErrorRole)
                    .toString()
                    .contains("validate_normals.py, line 42"));
        // test() before each new order: 1, then 1.1.
        const auto tests = host.callsOf("test");
        QCOMPARE(tests.size(), 2);
        QCOMPARE(tests[1].value("params").toArray().at(0).toObject().value("nextOrder").toDouble(), 1.1);
        QCOMPARE(
            tests[1].value("params").toArray().at(0).toObject().value("ordersWithError").toArray().at(0).toDouble(),
            1.0);
        QVERIFY(QTest::qWaitFor([&] { return host.callsOf("emit").size() == 2; }, kWaitMs));
        QCOMPARE(host.callsOf("emit").last().value("params").toArray().at(0).toString(), QStringLiteral("validated"));
        QVERIFY(!f.controller.canValidate());

        // Publish does not start after a failed validation: it says why, and asks the host nothing.
        QVERIFY(!f.controller.publish());
        QVERIFY2(f.controller.statusText().startsWith(
                     QStringLiteral("Publish will not run: validation failed (Validate normals on Chair")),
                 qPrintable(f.controller.statusText()));
        QCOMPARE(host.callsOf("test").size(), 2);

        // A publish started without validating asks test() before order 2, and the host says
        // stop: nothing is extracted.
        QVERIFY(f.controller.reset());
        QVERIFY(f.waitRun());
        QVERIFY(f.controller.publish());
        QVERIFY(!f.waitRun());
        QVERIFY2(f.controller.statusText().contains(QStringLiteral("failed validation")),
                 qPrintable(f.controller.statusText()));
        QVERIFY(!host.processed().join(",").contains("Extract"));
        QCOMPARE(host.callsOf("test").last().value("params").toArray().at(0).toObject().value("nextOrder").toDouble(),
                 2.0);
    }

    void publishWithTheFailingInstanceToggledOff() {
        StandInHost host;
        Fixture f;
        f.controller.connectToHost(host.port(), "");
        QVERIFY(f.waitRun());
        QVERIFY(f.instances.toggle(f.rowOf("Chair")));
        QVERIFY(f.controller.publish());
        QVERIFY(f.waitRun());
        QCOMPARE(f.controller.statusText(), QStringLiteral("Published"));
        QCOMPARE(host.processed().mid(2),
                 (QStringList{"ValidateNaming:Bruce", "ValidateNormals:Bruce", "ValidateCamera:Camera1",
                              "ExtractModel:Bruce", "IntegrateAsset"}));
        QCOMPARE(f.controller.progressDone(), 5);
        QCOMPARE(f.controller.progressTotal(), 5);
        QCOMPARE(f.instanceState("Chair"), QStringLiteral("idle"));
        QCOMPARE(f.instanceState("Context"), QStringLiteral("passed"));  // the context plug-ins' results
        QVERIFY(QTest::qWaitFor([&] { return host.callsOf("emit").size() == 3; }, kWaitMs));
        const auto emits = host.callsOf("emit");
        QCOMPARE(emits[1].value("params").toArray().at(0).toString(), QStringLiteral("instanceToggled"));
        const QJsonObject kwargs = emits[1].value("params").toArray().at(1).toObject();
        QCOMPARE(kwargs.value("instance").toString(), QStringLiteral("Chair-2") /* ids change on reset */);
        QCOMPARE(kwargs.value("new_value").toBool(), false);
        QCOMPARE(emits.last().value("params").toArray().at(0).toString(), QStringLiteral("published"));
        QVERIFY(!f.controller.canPublish() && !f.controller.canValidate() && f.controller.canReset());
        // test() once per order: 1, 1.1, 2, 3.
        QCOMPARE(host.callsOf("test").size(), 4);
    }

    void detailsAndLogFollowTheRuns() {
        StandInHost host;
        Fixture f;
        ItemDetails details(f.instances, f.plugins, f.controller.history());
        f.controller.connectToHost(host.port(), "");
        QVERIFY(f.waitRun());
        const QString separator = QStringLiteral("separator|||Reset from host 127.0.0.1:%1").arg(host.port());
        QCOMPARE(f.logLines().first(), separator);
        QVERIFY(f.logLines().contains("record|Collect instances|Context|collected 3 instances"));
        QVERIFY(details.showPlugin(f.pluginRow("ValidateNormals")));
        QCOMPARE(details.runs(), 0);
        QVERIFY(details.documentation().startsWith(QStringLiteral("Models must not have locked normals.")));
        QVERIFY(details.path().endsWith(QStringLiteral("pyblish_stand_in_host.py")));

        QVERIFY(f.controller.validate());
        QVERIFY(!f.waitRun());  // with an error
        QVERIFY(details.open());
        QCOMPARE(details.itemState(), QStringLiteral("failed"));
        QCOMPARE(details.runs(), 2);  // Bruce and Chair
        QCOMPARE(details.totalMs(), 3.0);
        QCOMPARE(details.errors().size(), 1);
        const QVariantMap error = details.errors().first().toMap();
        QCOMPARE(error.value("file").toString(), QStringLiteral("validate_normals.py"));
        QCOMPARE(error.value("line").toInt(), 42);
        QCOMPARE(error.value("function").toString(), QStringLiteral("process"));
        QCOMPARE(error.value("source").toString(), QStringLiteral("Chair"));
        QCOMPARE(details.records().first().toMap().value("levelName").toString(), QStringLiteral("ERROR"));
        QVERIFY(details.showInstance(f.rowOf("Camera1")));
        QCOMPARE(details.records().first().toMap().value("message").toString(),
                 QStringLiteral("Camera1 has no focal length keyed"));

        const QStringList lines = f.logLines();
        QVERIFY(lines.contains("event|||Validation started"));
        QVERIFY(lines.contains("record|Validate normals|Chair|Chair: 12 faces with locked normals"));
        QVERIFY(lines.contains(
            "error|Validate normals|Chair|Chair has locked normals (validate_normals.py, line 42, in process)"));
        QVERIFY2(lines.last().startsWith("event|||Ended: Validation finished with 1 error(s)"),
                 qPrintable(lines.last()));
        QCOMPARE(f.controller.log().index(f.controller.log().count() - 1).data(RunLogModel::LevelRole).toInt(), 40);

        // A reset clears the history and closes the page (new ids); the log keeps it all.
        const int before = f.controller.log().count();
        QVERIFY(f.controller.reset());
        QVERIFY(f.waitRun());
        QVERIFY(!details.open());
        QVERIFY(
            f.controller.history().ofPlugin(f.plugins.items()[std::size_t(f.pluginRow("ValidateNormals"))].id).empty());
        QCOMPARE(f.logLines().mid(0, before), lines);
        QCOMPARE(f.logLines().at(before), separator);
    }

    void actionsAndRepair() {
        StandInHost host;
        Fixture f;
        f.controller.connectToHost(host.port(), "");
        QVERIFY(f.waitRun());
        const int normals = f.pluginRow("ValidateNormals");
        auto menu = [&] {
            QStringList out;
            for (const QVariant& entry : f.controller.menuOf(normals)) {
                const QVariantMap e = entry.toMap();
                const QString kind = e.value("kind").toString();
                out << (kind == QLatin1String("separator") ? kind : kind + ":" + e.value("label").toString());
            }
            return out;
        };
        // Not processed yet: "Preview" (notProcessed) and "Report" (all); never "Hidden" (inactive).
        QCOMPARE(menu(), (QStringList{"action:Report", "action:Preview"}));
        QVERIFY(f.controller.menuOf(f.pluginRow("ValidateNaming")).isEmpty());
        QVERIFY(!f.controller.repair(normals));  // nothing failed yet

        QVERIFY(f.controller.validate());
        QVERIFY(!f.controller.runAction(normals, "Report"));  // not while a run goes on
        QVERIFY(!f.waitRun());
        QCOMPARE(menu(), (QStringList{"category:Scene", "action:Select faces", "separator", "action:Report",
                                      "separator", "repair:Repair"}));
        QVERIFY(!f.controller.runAction(normals, "Preview"));  // not offered for a failed plug-in
        QVERIFY(!f.controller.runAction(normals, "Hidden"));

        // An action: process(plugin, nil, id); the row keeps its state, the log and page get it.
        const int processCalls = host.callsOf("process").size();
        QVERIFY(f.controller.runAction(normals, "SelectFaces"));
        QVERIFY(!f.controller.canAct() && !f.controller.runAction(normals, "Report") && !f.controller.validate());
        QVERIFY(f.waitRun());
        const QJsonArray params = host.callsOf("process").last().value("params").toArray();
        QCOMPARE(host.callsOf("process").size(), processCalls + 1);
        QCOMPARE(params.at(0).toObject().value("name").toString(), QStringLiteral("ValidateNormals"));
        QVERIFY(params.at(1).isNull());
        QCOMPARE(params.at(2).toString(), QStringLiteral("SelectFaces"));
        QCOMPARE(f.pluginState("ValidateNormals"), QStringLiteral("failed"));
        QVERIFY2(f.controller.statusText().contains("Select faces"), qPrintable(f.controller.statusText()));
        QVERIFY(f.logLines().contains(QString::fromUtf8(
            "record|Validate normals \u00b7 action Select faces|Context|Select faces: done on the scene")));
        QCOMPARE(f.controller.history().results().back().kind, ResultKind::Action);
        QVERIFY(!f.controller.canValidate());  // an action changes nothing of the run

        // Repair: repair(plugin, Chair) for the one failed pair, then Chair counts as not validated.
        QVERIFY(f.controller.repair(normals));
        QVERIFY(!f.controller.repair(normals));  // once
        QVERIFY(f.waitRun());
        const auto repairs = host.callsOf("repair");
        QCOMPARE(repairs.size(), 1);
        QCOMPARE(repairs[0].value("params").toArray().at(0).toObject().value("name").toString(),
                 QStringLiteral("ValidateNormals"));
        QCOMPARE(repairs[0].value("params").toArray().at(1).toObject().value("name").toString(),
                 QStringLiteral("Chair"));
        QVERIFY2(f.controller.statusText().startsWith("Repaired 1 of 1"), qPrintable(f.controller.statusText()));
        QCOMPARE(f.pluginState("ValidateNormals"), QStringLiteral("passed"));  // Bruce's result stands
        QCOMPARE(f.instanceState("Chair"), QStringLiteral("passed"));          // ValidateNaming's
        QVERIFY(f.instances.index(f.rowOf("Chair")).data(InstanceModel::ErrorRole).toString().isEmpty());
        QVERIFY(!menu().contains("repair:Repair"));
        QVERIFY(f.controller.canValidate());
        const int before = host.processed().size();
        QVERIFY(f.controller.validate());
        QVERIFY(f.waitRun());  // only the repaired pair runs again, and passes
        QCOMPARE(host.processed().mid(before), QStringList{"ValidateNormals:Chair"});
        QVERIFY(f.controller.publish());  // test() no longer stops it
        QVERIFY(f.waitRun());
        QCOMPARE(f.controller.statusText(), QStringLiteral("Published"));
    }

    void commentReachesTheHost() {
        StandInHost host;
        Fixture f;
        f.controller.connectToHost(host.port(), "");
        QVERIFY(f.waitRun());
        auto comments = [&] {
            QStringList out;
            for (const auto& c : host.callsOf("emit")) {
                const QJsonArray p = c.value("params").toArray();
                if (p.at(0).toString() == QLatin1String("commented"))
                    out << p.at(1).toObject().value("comment").toString();
            }
            return out;
        };
        QSignalSpy changed(&f.controller, &PublishController::commentChanged);
        f.controller.setComment("fixed the normals");
        f.controller.setComment("fixed the normals");  // editing finished again, same text: nothing new
        QCOMPARE(changed.count(), 1);
        QVERIFY(QTest::qWaitFor([&] { return comments().size() == 1; }, kWaitMs));
        QCOMPARE(comments(), QStringList{"fixed the normals"});
        // Before a validation, ahead of its first call.
        const int before = host.methods().size();
        QVERIFY(f.controller.validate());
        QVERIFY(!f.waitRun());
        QCOMPARE(comments().size(), 2);
        QCOMPARE(host.methods().mid(before, 2), (QStringList{"emit", "test"}));
        QCOMPARE(comments().last(), QStringLiteral("fixed the normals"));
        f.controller.setComment("");  // cleared: the host is told
        QVERIFY(QTest::qWaitFor([&] { return comments().size() == 3; }, kWaitMs));
        QCOMPARE(comments().last(), QString());
    }

    void stopFinishesTheRunningPair() {
        StandInHost host({QStringLiteral("--delay"), QStringLiteral("0.3")});
        Fixture f;
        f.controller.connectToHost(host.port(), "");
        QVERIFY(f.waitRun());
        QVERIFY(f.controller.publish());
        QVERIFY(QTest::qWaitFor([&] { return host.processed().size() == 3; }, kWaitMs));  // the first validator runs
        QVERIFY(f.controller.stop());
        QVERIFY(!f.controller.canStop());  // once
        QVERIFY(!f.waitRun());
        QVERIFY2(f.controller.statusText().contains(QStringLiteral("stopped after 1 of")),
                 qPrintable(f.controller.statusText()));
        QCOMPARE(host.processed().size(), 3);  // the pair in flight finished; nothing after it
        QCOMPARE(f.pluginState("ValidateNaming"), QStringLiteral("passed"));
        QVERIFY(host.callsOf("emit").last().value("params").toArray().at(0).toString() != QLatin1String("published"));
        // The run can go on from where it stopped.
        QVERIFY(f.controller.canPublish());
    }

    void deadHostInWords() {
        Fixture f;
        const int port = hostbridge::testing::unusedLoopbackPort();
        f.controller.connectToHost(port, "");
        QVERIFY(!f.waitRun());
        QVERIFY(f.controller.hasError());
        QVERIFY2(f.controller.statusText().startsWith(QStringLiteral("Cannot reach the host on port %1").arg(port)),
                 qPrintable(f.controller.statusText()));
        QVERIFY(!f.controller.canValidate());
        QVERIFY(f.controller.canReset());  // try again later
    }

    void faultWords_data() {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("start");
        QTest::newRow("timeout") << int(FaultCode::Timeout) << "The host on port 9001 did not answer process in time.";
        QTest::newRow("busy") << int(FaultCode::Busy) << "The host on port 9001 is busy";
        QTest::newRow("missing") << int(FaultCode::MethodNotFound) << "The host on port 9001 does not offer process";
        QTest::newRow("http") << int(FaultCode::HttpError) << "The host on port 9001 refused the call process";
        QTest::newRow("host's own") << 1 << "The host on port 9001 failed in process. (<class 'KeyError'>";
    }
    void faultWords() {
        QFETCH(int, code);
        QFETCH(QString, start);
        const QString words = describeFault(Fault(code, "<class 'KeyError'>:gone"), "process", 9001);
        QVERIFY2(words.startsWith(start), qPrintable(words));
    }
};

QTEST_GUILESS_MAIN(TestPublishController)
#include "tst_publish_controller.moc"
