// HostGreeting against a real host_rpc Host on loopback (heartbeat interval 100 ms): hello with
// the UI's own port and token, heartbeats keeping it connected, hostbridge.reset() and
// hostbridge.disconnect() served into the UI's table and emitted on the GUI thread, the same
// commands arriving in a heartbeat's answer when the UI's server cannot be reached, hello again
// (a new id) after greetAgain(), and goodbye when the greeting ends. Bounded waits (QTRY_*).

#include <QSignalSpy>
#include <QtTest>

#include <chrono>
#include <memory>

#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/pumped_executor.hpp>
#include <hostbridge/server.hpp>

#include "gui_thread_bridge.hpp"
#include "host_greeting.hpp"
#include "unused_port.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;
using namespace std::chrono_literals;

namespace {

// The host the UI greets: its client methods run on connection threads, so its main thread
// (an executor nobody pumps) never matters.
std::unique_ptr<Host> startHost() {
    HostOptions options;
    options.clientHeartbeatInterval = 100ms;
    options.writeConnectionFile = false;
    auto host = std::make_unique<Host>(std::make_shared<PumpedExecutor>(), options);
    host->start();
    return host;
}

QString onlyClientId(const Host& host) {
    const auto clients = host.clients();
    return clients.size() == 1 ? QString::fromStdString(clients[0].id) : QString();
}

}  // namespace

class TestHostGreeting : public QObject {
    Q_OBJECT
private slots:
    void greetsWithItsOwnServerAndHeartbeats() {
        auto host = startHost();
        HostGreeting greeting;
        greeting.setOwnServer(4321, "ui-token");
        greeting.greet(host->port(), host->token());
        QTRY_VERIFY_WITH_TIMEOUT(host->clients().size() == 1, 5000);
        const ClientInfo client = host->clients()[0];
        QVERIFY(client.name == "hostbridge-ui");
        QCOMPARE(client.pid, static_cast<int>(QCoreApplication::applicationPid()));
        QCOMPARE(static_cast<int>(client.port), 4321);
        QTest::qWait(700);  // seven intervals: gone unless the heartbeats come
        QVERIFY(host->clients()[0].state == ClientState::Connected);
    }

    void obeysResetAndDisconnectServedOnItsOwnServer() {
        auto host = startHost();
        GuiThreadBridge bridge;
        HostGreeting greeting;
        auto table = std::make_shared<MethodTable>();
        greeting.bindInto(*table, bridge);
        Server server;
        server.route("/", table);
        server.start();
        greeting.setOwnServer(server.port(), server.token());
        greeting.greet(host->port(), host->token());
        QTRY_VERIFY_WITH_TIMEOUT(!onlyClientId(*host).isEmpty(), 5000);
        QSignalSpy resets(&greeting, &HostGreeting::resetRequested);
        QSignalSpy disconnects(&greeting, &HostGreeting::disconnectRequested);
        host->resetClient(onlyClientId(*host).toStdString());
        QTRY_COMPARE_WITH_TIMEOUT(resets.count(), 1, 5000);
        host->disconnectClient(onlyClientId(*host).toStdString());
        QTRY_COMPARE_WITH_TIMEOUT(disconnects.count(), 1, 5000);
        QTest::qWait(300);
        QCOMPARE(resets.count(), 1);  // delivered by the call: not again by a heartbeat
        bridge.beginShutdown();
        server.stop();
    }

    void obeysCommandsInHeartbeatAnswersWhenItsServerIsUnreachable() {
        auto host = startHost();
        HostGreeting greeting;
        greeting.setOwnServer(hostbridge::testing::unusedLoopbackPort(), "ui-token");
        greeting.greet(host->port(), host->token());
        QTRY_VERIFY_WITH_TIMEOUT(!onlyClientId(*host).isEmpty(), 5000);
        QSignalSpy disconnects(&greeting, &HostGreeting::disconnectRequested);
        host->disconnectClient(onlyClientId(*host).toStdString());
        QTRY_COMPARE_WITH_TIMEOUT(disconnects.count(), 1, 5000);
    }

    void greetsAgainWithANewIdAndSaysGoodbyeAtTheEnd() {
        auto host = startHost();
        QString first;
        {
            HostGreeting greeting;
            greeting.setOwnServer(4321, {});
            greeting.greet(host->port(), host->token());
            QTRY_VERIFY_WITH_TIMEOUT(!onlyClientId(*host).isEmpty(), 5000);
            first = onlyClientId(*host);
            greeting.greetAgain();
            QTRY_VERIFY_WITH_TIMEOUT(!onlyClientId(*host).isEmpty() && onlyClientId(*host) != first, 5000);
        }
        QVERIFY(host->clients().empty());  // the destructor said goodbye
    }

    void greetsNoTokenlessHost() {
        auto host = startHost();
        HostGreeting greeting;
        greeting.setOwnServer(4321, {});
        greeting.greet(host->port(), {});
        QTest::qWait(300);
        QVERIFY(host->clients().empty());
    }
};

QTEST_GUILESS_MAIN(TestHostGreeting)
#include "tst_host_greeting.moc"
