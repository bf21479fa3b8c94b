// HostLink: calls run on its worker thread and answer on the GUI thread, which stays responsive
// meanwhile; order, timeouts, no target, a new target dropping old answers, and a destructor
// that does not wait for a slow call. Against the stand-in pyblish host (a child process), which
// writes no connection file and so is called over TCP; and against an in-process server whose
// connection file offers its Unix socket, which the link then uses.

#include <QElapsedTimer>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <memory>

#include <hostbridge/connection_file.hpp>
#include <hostbridge/protocol.hpp>
#include <hostbridge/server.hpp>

#include "host_link.hpp"
#include "stand_in_host.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

class TestHostLink : public QObject {
    Q_OBJECT

private slots:
    void answersOnTheGuiThreadInOrder() {
        StandInHost host;
        QVERIFY(host.port() > 0);
        HostLink link;
        link.setTarget(host.port(), "");
        QStringList answers;
        bool onGuiThread = true;
        for (const char* method : {"ping", "stats", "discover"}) {
            link.call(method, {}, [&, method](const CallResult& result) {
                onGuiThread = onGuiThread && QThread::currentThread() == thread();
                answers << (result ? QString::fromLatin1(method) : QStringLiteral("fault"));
            });
        }
        QCOMPARE(link.pending(), 3);
        QVERIFY(answers.isEmpty());  // call() only queues
        QVERIFY(QTest::qWaitFor([&] { return answers.size() == 3; }, kWaitMs));
        QCOMPARE(answers, (QStringList{"ping", "stats", "discover"}));
        QVERIFY(onGuiThread);
        QCOMPARE(link.pending(), 0);
    }

    void guiThreadRunsWhileACallIsSlow() {
        StandInHost host({QStringLiteral("--delay"), QStringLiteral("0.5")});
        HostLink link;
        link.setTarget(host.port(), "");
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(20);
        bool done = false;
        // process with an unknown id: the host answers with its own fault after the delay.
        link.call("process", {Struct{{"id", "nope"}}, Value(), Value()}, [&](const CallResult& result) {
            QVERIFY(result.isFault());
            QVERIFY(QString::fromStdString(result.fault().message()).contains("KeyError"));
            done = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return done; }, kWaitMs));
        QVERIFY2(ticks >= 10, qPrintable(QString::number(ticks)));  // the event loop kept running
    }

    void timeoutIsAFault() {
        StandInHost host({QStringLiteral("--delay"), QStringLiteral("2")});
        HostLink link;
        link.setTarget(host.port(), "");
        int code = 0;
        link.call(
            "process", {Struct{{"id", "x"}}, Value(), Value()},
            [&](const CallResult& result) { code = result ? 1 : result.fault().code(); },
            std::chrono::milliseconds(300));
        QVERIFY(QTest::qWaitFor([&] { return code != 0; }, kWaitMs));
        QCOMPARE(code, int(FaultCode::Timeout));
    }

    void aHostWhoseConnectionFileOffersASocketIsCalledThere() {
        auto table = std::make_shared<MethodTable>();
        table->bind("ping", [] { return Struct{{"message", Value("Hello, whirled!")}}; });
        ServerOptions options;
        options.socketPath = [](std::uint16_t port) { return socketPathFor(protocol::kHostKind, port); };
        Server server(options);
        server.route(protocol::kPyblishPath, table);
        server.start();
        const ConnectionFile file(protocol::kHostKind, server.port(), server.token(), server.url(),
                                  server.socketPath());
        QVERIFY(!server.socketPath().empty());

        HostLink link;
        link.setTarget(server.port(), server.token());
        QCOMPARE(link.socketPath(), server.socketPath());
        bool answered = false;
        link.call("ping", {}, [&](const CallResult& result) { answered = result && result.value().find("message"); });
        QVERIFY(QTest::qWaitFor([&] { return answered; }, kWaitMs));
        // Another token is another host as far as the file goes: the port, not its socket.
        link.setTarget(server.port(), "not-its-token");
        QVERIFY(link.socketPath().empty());
        // A port with no file (a pyblish host): TCP.
        link.setTarget(server.port() == 65535 ? 65534 : server.port() + 1, server.token());
        QVERIFY(link.socketPath().empty());
    }

    void withoutATargetTheFaultIsQueued() {
        HostLink link;
        int code = 0;
        link.call("ping", {}, [&](const CallResult& result) { code = result.fault().code(); });
        QCOMPARE(code, 0);  // never inline
        QVERIFY(QTest::qWaitFor([&] { return code != 0; }, kWaitMs));
        QCOMPARE(code, int(FaultCode::TransportError));
    }

    void aNewTargetDropsAnswersForTheOld() {
        StandInHost slow({QStringLiteral("--delay"), QStringLiteral("0.5")});
        StandInHost other;
        HostLink link;
        link.setTarget(slow.port(), "");
        bool oldAnswered = false;
        link.call("process", {Struct{{"id", "x"}}, Value(), Value()}, [&](const CallResult&) { oldAnswered = true; });
        link.call("ping", {}, [&](const CallResult&) { oldAnswered = true; });  // still queued
        QTest::qWait(100);
        link.setTarget(other.port(), "");
        QCOMPARE(link.pending(), 0);
        bool newAnswered = false;
        link.call("ping", {}, [&](const CallResult& result) { newAnswered = bool(result); });
        QVERIFY(QTest::qWaitFor([&] { return newAnswered; }, kWaitMs));
        QTest::qWait(700);  // the old call has answered by now
        QVERIFY(!oldAnswered);
        QCOMPARE(slow.methods().count(QStringLiteral("ping")), 0);  // the queued one never went out
    }

    void destructorDoesNotWaitForASlowCall() {
        StandInHost host({QStringLiteral("--delay"), QStringLiteral("6")});
        auto link = std::make_unique<HostLink>();
        link->setTarget(host.port(), "");
        bool answered = false;
        link->call("process", {Struct{{"id", "x"}}, Value(), Value()}, [&](const CallResult&) { answered = true; });
        QVERIFY(QTest::qWaitFor([&] { return host.methods().contains(QStringLiteral("process")); }, kWaitMs));
        QElapsedTimer timer;
        timer.start();
        link.reset();
        QVERIFY2(timer.elapsed() < HostLink::kShutdownWait.count() + 1000,
                 qPrintable(QString::number(timer.elapsed())));
        QTest::qWait(50);
        QVERIFY(!answered);
    }
};

QTEST_GUILESS_MAIN(TestHostLink)
#include "tst_host_link.moc"
