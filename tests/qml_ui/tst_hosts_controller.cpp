// HostsController with real hosts: switching between two stand-in pyblish hosts, resetting and
// disconnecting one; a slow call shown as busy while heartbeats arrive; a killed host shown as
// disconnected within seconds; and a restarted UI showing the session the real demo host kept
// (results()) instead of resetting it away.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <hostbridge/client.hpp>
#include <hostbridge/connection_file.hpp>

#include "hosts_controller.hpp"
#include "stand_in_host.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

namespace {

// What main() wires together for one window, without the window.
struct Ui {
    HostRegistry hosts;
    HostLink link;
    InstanceModel instances;
    PluginModel plugins;
    PublishController publishController{link, instances, plugins};
    HostsController controller{hosts, link, publishController};
    QSignalSpy finished{&publishController, &PublishController::runFinished};

    Ui() { hosts.startRefreshing(std::chrono::milliseconds(100)); }

    // A host's show(port, settings), as UiService passes it on.
    void show(int port, const std::string& token = {}) {
        hosts.noteShow(port, std::nullopt, token);
        publishController.connectToHost(port, token);
    }
    // Waits for the next run to end; returns "<phase>:<ok>".
    QString waitRun() {
        const int before = finished.count();
        if (!QTest::qWaitFor([&] { return finished.count() > before; }, kWaitMs)) return QStringLiteral("timeout");
        return PublishController::phaseName(finished.last().at(0).value<PublishController::Phase>()) +
               (finished.last().at(1).toBool() ? ":ok" : ":failed");
    }
    QString pluginState(const std::string& name) const {
        for (int i = 0; i < plugins.count(); ++i)
            if (plugins.items()[static_cast<std::size_t>(i)].name == name)
                return plugins.index(i).data(PluginModel::StateRole).toString();
        return QStringLiteral("<no plug-in %1>").arg(QString::fromStdString(name));
    }
    int pluginRow(const std::string& name) const {
        for (int i = 0; i < plugins.count(); ++i)
            if (plugins.items()[static_cast<std::size_t>(i)].name == name) return i;
        return -1;
    }
    QString stateOf(int port) const {
        const int row = hosts.rowOfPort(port);
        return row < 0 ? QStringLiteral("<unknown>") : hostStateName(hosts.stateAt(row));
    }
};

// The real demo host (examples/demo_host) serving only, with its token from its connection file.
class DemoHost {
public:
    DemoHost() {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(DEMO_HOST), {QStringLiteral("--no-ui"), QStringLiteral("--port"),
                                                    QStringLiteral("0"), QStringLiteral("--output"), m_output.path()});
        m_port = readAnnouncedPort(m_process);
        if (m_port == 0) return;
        for (const ConnectionInfo& info : ConnectionFile::list("host"))
            if (info.pid == static_cast<int>(m_process.processId())) m_token = info.token;
    }
    ~DemoHost() {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) m_process.kill(), m_process.waitForFinished(3000);
    }
    int port() const { return m_port; }
    const std::string& token() const { return m_token; }
    // The host's kept results, asked by an independent client.
    std::size_t keptResults() const {
        Client client("http://127.0.0.1:" + std::to_string(m_port) + "/pyblish", m_token);
        const CallResult answer = client.call("results");
        return answer ? answer.value().asArray().size() : 0;
    }

private:
    QTemporaryDir m_output;
    QProcess m_process;
    int m_port = 0;
    std::string m_token;
};

}  // namespace

class TestHostsController : public QObject {
    Q_OBJECT

private slots:
    void switchResetAndDisconnect() {
        StandInHost first;
        StandInHost second;
        QVERIFY(first.port() > 0 && second.port() > 0);
        Ui ui;
        ui.show(first.port());
        QCOMPARE(ui.waitRun(), QStringLiteral("resetting:ok"));
        ui.show(second.port());
        QCOMPARE(ui.waitRun(), QStringLiteral("resetting:ok"));
        QCOMPARE(ui.hosts.count(), 2);
        QCOMPARE(ui.hosts.currentPort(), second.port());

        // Back to the first: a tokenless (pyblish) host is reset, with pyblish's sequence.
        const int firstCallsBefore = first.calls().size();
        QVERIFY(ui.controller.switchTo(first.port()));
        QCOMPARE(ui.hosts.currentPort(), first.port());
        QCOMPARE(ui.link.port(), first.port());
        QCOMPARE(ui.waitRun(), QStringLiteral("resetting:ok"));
        QCOMPARE(first.methods().mid(firstCallsBefore, 2), (QStringList{"stats", "reset"}));
        QVERIFY(!ui.controller.switchTo(4));  // not a host that called

        // No switching while a run goes on (the run would be abandoned under the artist).
        QVERIFY(ui.publishController.validate());
        QVERIFY(!ui.controller.switchTo(second.port()));
        QVERIFY(!ui.controller.resetHost(second.port()));
        QCOMPARE(ui.waitRun(), QStringLiteral("validating:failed"));  // the stand-in's failing validator

        // Reset a host that is not the current one: it becomes current, reset from scratch.
        const int secondCallsBefore = second.calls().size();
        QVERIFY(ui.controller.resetHost(second.port()));
        QCOMPARE(ui.waitRun(), QStringLiteral("resetting:ok"));
        QCOMPARE(ui.hosts.currentPort(), second.port());
        QCOMPARE(second.methods().mid(secondCallsBefore, 2), (QStringList{"stats", "reset"}));

        // Disconnect the current host: the views empty, no calls go to it any more.
        QVERIFY(ui.instances.count() > 0);
        QVERIFY(QTest::qWaitFor([&] { return ui.link.pending() == 0; }, kWaitMs));  // emit("reset") answered
        QVERIFY(ui.controller.disconnectHost(second.port()));
        QCOMPARE(ui.hosts.count(), 1);
        QCOMPARE(ui.hosts.currentPort(), 0);
        QCOMPARE(ui.instances.count(), 0);
        QCOMPARE(ui.plugins.count(), 0);
        QVERIFY(!ui.publishController.canReset());
        QVERIFY(ui.publishController.statusText().contains(QStringLiteral("Disconnected")));
        const int secondCallsAfter = second.calls().size();
        QTest::qWait(2500);  // the liveness probe must not ping a host we left
        QCOMPARE(second.calls().size(), secondCallsAfter);
        // A heartbeat brings it back to the list (not current until it shows or is chosen).
        ui.hosts.noteHeartbeat(second.port());
        QCOMPARE(ui.hosts.count(), 2);
        QCOMPARE(ui.hosts.currentPort(), 0);
    }

    void slowCallIsBusyWhileHeartbeatsArrive() {
        StandInHost host({QStringLiteral("--delay"), QStringLiteral("3")});
        QVERIFY(host.port() > 0);
        Ui ui;
        // The host's heartbeats, as UiService would note them, every 300 ms.
        QTimer heartbeats;
        QObject::connect(&heartbeats, &QTimer::timeout, [&] { ui.hosts.noteHeartbeat(host.port()); });
        heartbeats.start(300);
        ui.show(host.port());
        QCOMPARE(ui.waitRun(), QStringLiteral("resetting:ok"));  // its collectors are slow too
        QCOMPARE(ui.stateOf(host.port()), QStringLiteral("connected"));
        QVERIFY(ui.publishController.validate());
        QVERIFY(QTest::qWaitFor([&] { return ui.stateOf(host.port()) == QLatin1String("busy"); }, 5000));
        QVERIFY2(ui.hosts.currentDetail().startsWith(QStringLiteral("working on a call for")),
                 qPrintable(ui.hosts.currentDetail()));
        QVERIFY(ui.publishController.stop());  // the pair in flight finishes, nothing after it
        QVERIFY(QTest::qWaitFor([&] { return !ui.publishController.running(); }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return ui.stateOf(host.port()) == QLatin1String("connected"); }, 2000));
    }

    void killedHostIsDisconnectedWithinSeconds() {
        auto host = std::make_unique<StandInHost>();
        const int port = host->port();
        QVERIFY(port > 0);
        Ui ui;
        ui.show(port);
        QCOMPARE(ui.waitRun(), QStringLiteral("resetting:ok"));
        QCOMPARE(ui.stateOf(port), QStringLiteral("connected"));
        host.reset();  // the host process ends; it sends no heartbeats (none were sent at all)
        QElapsedTimer clock;
        clock.start();
        // No heartbeat is late yet (there never were any): the probe's refused ping tells.
        QVERIFY(QTest::qWaitFor([&] { return ui.stateOf(port) == QLatin1String("disconnected"); }, 6000));
        qInfo("disconnected %lld ms after the host ended", static_cast<long long>(clock.elapsed()));
        // The window stays usable: the artist can disconnect it and nothing hangs.
        QVERIFY(ui.controller.disconnectHost(port));
        QCOMPARE(ui.hosts.count(), 0);
    }

    void restartedUiShowsTheKeptSession() {
        DemoHost host;
        QVERIFY(host.port() > 0);
        QVERIFY(!host.token().empty());
        std::size_t kept = 0;
        {
            Ui first;
            first.show(host.port(), host.token());
            // A fresh host kept nothing: the UI collects (resets) from it.
            QCOMPARE(first.waitRun(), QStringLiteral("resetting:ok"));
            QVERIFY(first.publishController.validate());
            QCOMPARE(first.waitRun(), QStringLiteral("validating:failed"));  // ValidateNaming fails on tree_geo
            QCOMPARE(first.pluginState("ValidateNaming"), QStringLiteral("failed"));
            kept = host.keptResults();
            QVERIFY(kept > 0);
        }  // the UI goes away

        Ui second;  // a restarted UI, shown by the same host
        second.show(host.port(), host.token());
        QCOMPARE(second.waitRun(), QStringLiteral("resuming:ok"));
        QCOMPARE(host.keptResults(), kept);  // nothing was reset away
        QCOMPARE(second.pluginState("ValidateNaming"), QStringLiteral("failed"));
        QVERIFY(second.publishController.hasError());
        QVERIFY2(second.publishController.statusText().contains(QStringLiteral("'tree_geo' should end with _GEO")),
                 qPrintable(second.publishController.statusText()));
        QVERIFY(!second.publishController.canValidate());  // validated already
        QVERIFY(second.publishController.canPublish());    // the host's test() decides, as after a validate

        // The session goes on in this UI: repair, then validate again (only the repaired pair).
        QVERIFY(second.publishController.repair(second.pluginRow("ValidateNaming")));
        QCOMPARE(second.waitRun(), QStringLiteral("repairing:ok"));
        QVERIFY(second.publishController.validate());
        QCOMPARE(second.waitRun(), QStringLiteral("validating:ok"));
        QCOMPARE(second.pluginState("ValidateNaming"), QStringLiteral("passed"));

        {
            Ui third;  // restarted again: the kept failure, repair and re-validation replay as they ran
            third.show(host.port(), host.token());
            QCOMPARE(third.waitRun(), QStringLiteral("resuming:ok"));
            QCOMPARE(third.pluginState("ValidateNaming"), QStringLiteral("passed"));
            QVERIFY2(!third.publishController.hasError(), qPrintable(third.publishController.statusText()));
            QVERIFY(!third.publishController.canValidate());
            QVERIFY(third.publishController.canPublish());
        }

        // The same host showing the window again: pyblish's behaviour, a fresh session.
        second.show(host.port(), host.token());
        QCOMPARE(second.waitRun(), QStringLiteral("resetting:ok"));
        QVERIFY(host.keptResults() < kept);  // only the collectors' results of the new session
        QCOMPARE(second.pluginState("ValidateNaming"), QStringLiteral("idle"));
    }
};

QTEST_GUILESS_MAIN(TestHostsController)
#include "tst_hosts_controller.moc"
