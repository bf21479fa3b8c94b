// HostRegistry: liveness rules (data-driven) and the model under QAbstractItemModelTester,
// with a clock the test moves by hand (no sleeping).

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "host_registry.hpp"

using namespace hostbridge::ui;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

Q_DECLARE_METATYPE(HostState)

class TestHostRegistry : public QObject {
    Q_OBJECT

    HostRegistry::Clock::time_point m_now{};

    std::unique_ptr<HostRegistry> makeRegistry() {
        m_now = HostRegistry::Clock::time_point{} + 1000s;
        return std::make_unique<HostRegistry>([this] { return m_now; });
    }
    static QString stateOf(const HostRegistry& r, int port) {
        return r.data(r.index(r.rowOfPort(port)), HostRegistry::StateRole).toString();
    }

private slots:
    void stateForSilence_data() {
        QTest::addColumn<qint64>("silenceMs");
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<HostState>("expected");
        QTest::newRow("fresh") << qint64(0) << qint64(1000) << HostState::Connected;
        QTest::newRow("2.5 s at 1 s interval") << qint64(2500) << qint64(1000) << HostState::Connected;
        QTest::newRow("just late") << qint64(2501) << qint64(1000) << HostState::Busy;
        QTest::newRow("5 s: still busy") << qint64(5000) << qint64(1000) << HostState::Busy;
        QTest::newRow("past 5 s: gone") << qint64(5001) << qint64(1000) << HostState::Disconnected;
        QTest::newRow("fast heartbeats keep the 2.5 s floor") << qint64(2000) << qint64(100) << HostState::Connected;
        QTest::newRow("10 s interval: 20 s is fine") << qint64(20000) << qint64(10000) << HostState::Connected;
        QTest::newRow("10 s interval: 30 s is late") << qint64(30000) << qint64(10000) << HostState::Busy;
        QTest::newRow("10 s interval: 51 s is gone") << qint64(51000) << qint64(10000) << HostState::Disconnected;
    }
    void stateForSilence() {
        QFETCH(qint64, silenceMs);
        QFETCH(qint64, intervalMs);
        QFETCH(HostState, expected);
        HostLiveness liveness;
        liveness.silence = milliseconds(silenceMs);
        liveness.heartbeatInterval = milliseconds(intervalMs);
        QCOMPARE(hostStateFor(liveness), expected);
    }

    // Heartbeats arriving do not hide a call the host has sat on; a refusal is final.
    void stateForCalls_data() {
        QTest::addColumn<qint64>("silenceMs");
        QTest::addColumn<qint64>("waitingMs");
        QTest::addColumn<bool>("refused");
        QTest::addColumn<HostState>("expected");
        QTest::newRow("quick call") << qint64(0) << qint64(1500) << false << HostState::Connected;
        QTest::newRow("slow call, heartbeats fine") << qint64(500) << qint64(2001) << false << HostState::Busy;
        QTest::newRow("ten-minute plug-in, heartbeats fine")
            << qint64(500) << qint64(600000) << false << HostState::Busy;
        QTest::newRow("slow call and silent too long")
            << qint64(6000) << qint64(6000) << false << HostState::Disconnected;
        QTest::newRow("refused, even just heard from") << qint64(0) << qint64(0) << true << HostState::Disconnected;
    }
    void stateForCalls() {
        QFETCH(qint64, silenceMs);
        QFETCH(qint64, waitingMs);
        QFETCH(bool, refused);
        QFETCH(HostState, expected);
        HostLiveness liveness;
        liveness.silence = milliseconds(silenceMs);
        liveness.waiting = milliseconds(waitingMs);
        liveness.refused = refused;
        QCOMPARE(hostStateFor(liveness), expected);
    }

    void stateNames() {
        QCOMPARE(hostStateName(HostState::Connected), QStringLiteral("connected"));
        QCOMPARE(hostStateName(HostState::Busy), QStringLiteral("busy"));
        QCOMPARE(hostStateName(HostState::Disconnected), QStringLiteral("disconnected"));
    }

    void roleNamesAvoidItemState() {
        auto registry = makeRegistry();
        const auto names = registry->roleNames().values();
        QVERIFY(names.contains("hostState"));
        QVERIFY(!names.contains("state"));  // every QML Item has a "state" property already
        QVERIFY(names.contains("port"));
        QVERIFY(names.contains("lastHeartbeat"));
        QVERIFY(names.contains("isCurrent"));
    }

    void modelUnderTester() {
        auto registry = makeRegistry();
        QAbstractItemModelTester tester(registry.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy countSpy(registry.get(), &HostRegistry::countChanged);

        registry->noteHeartbeat(9001);
        registry->noteHeartbeat(9002);
        registry->noteHeartbeat(9001);  // known host: no new row
        QCOMPARE(registry->rowCount(), 2);
        QCOMPARE(countSpy.count(), 2);
        QCOMPARE(registry->data(registry->index(0), HostRegistry::PortRole).toInt(), 9001);
        QCOMPARE(registry->data(registry->index(1), HostRegistry::PortRole).toInt(), 9002);
        QVERIFY(registry->data(registry->index(0), HostRegistry::LastHeartbeatRole).toDateTime().isValid());
        QCOMPARE(stateOf(*registry, 9001), QStringLiteral("connected"));
        QCOMPARE(registry->currentPort(), 0);
        QCOMPARE(registry->currentState(), QString());

        // Silence makes hosts late (busy), then gone; a heartbeat brings one back.
        m_now += 3s;
        registry->refresh();
        QCOMPARE(stateOf(*registry, 9001), QStringLiteral("busy"));
        QCOMPARE(registry->data(registry->index(0), HostRegistry::SilenceSecondsRole).toInt(), 3);
        registry->noteHeartbeat(9001);
        QCOMPARE(stateOf(*registry, 9001), QStringLiteral("connected"));
        m_now += 3s;
        registry->refresh();
        QCOMPARE(stateOf(*registry, 9002), QStringLiteral("disconnected"));
        QCOMPARE(stateOf(*registry, 9001), QStringLiteral("busy"));
    }

    void refreshSignalsOnlyChanges() {
        auto registry = makeRegistry();
        registry->noteHeartbeat(9001);
        QSignalSpy changed(registry.get(), &QAbstractItemModel::dataChanged);
        m_now += 200ms;
        registry->refresh();  // same state, still "0 s ago": nothing to repaint
        QCOMPARE(changed.count(), 0);
        m_now += 1s;
        registry->refresh();  // the age in seconds moved
        QCOMPARE(changed.count(), 1);
    }

    void showMakesCurrent() {
        auto registry = makeRegistry();
        QAbstractItemModelTester tester(registry.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy currentSpy(registry.get(), &HostRegistry::currentChanged);

        registry->noteShow(9001);  // a host that never sent a heartbeat
        QCOMPARE(registry->rowCount(), 1);
        QCOMPARE(registry->currentPort(), 9001);
        QCOMPARE(registry->currentState(), QStringLiteral("connected"));
        QVERIFY(!registry->data(registry->index(0), HostRegistry::LastHeartbeatRole).toDateTime().isValid());
        QVERIFY(registry->data(registry->index(0), HostRegistry::IsCurrentRole).toBool());
        QCOMPARE(currentSpy.count(), 1);

        QSignalSpy changed(registry.get(), &QAbstractItemModel::dataChanged);
        registry->noteShow(9002, 10s);
        QCOMPARE(registry->currentPort(), 9002);
        QVERIFY(!registry->data(registry->index(0), HostRegistry::IsCurrentRole).toBool());
        QVERIFY(registry->data(registry->index(1), HostRegistry::IsCurrentRole).toBool());
        // The old current row was told that it changed too.
        bool oldRowSignalled = false;
        for (const auto& args : changed) oldRowSignalled |= args.at(0).toModelIndex().row() == 0;
        QVERIFY(oldRowSignalled);

        // 9002 announced a 10 s heartbeat interval: 20 s of silence is still fine for it.
        m_now += 20s;
        registry->refresh();
        QCOMPARE(stateOf(*registry, 9002), QStringLiteral("connected"));
        QCOMPARE(stateOf(*registry, 9001), QStringLiteral("disconnected"));

        // The current host's state changing is signalled for the window's header.
        currentSpy.clear();
        m_now += 10s;  // 30 s of silence at a 10 s interval: late
        registry->refresh();
        QCOMPARE(registry->currentState(), QStringLiteral("busy"));
        QCOMPARE(currentSpy.count(), 1);
    }

    void ourCallsTellLiveness() {
        auto registry = makeRegistry();
        QAbstractItemModelTester tester(registry.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        registry->noteShow(9001);  // e.g. --host-port: a host that sends no heartbeats
        const auto started = m_now;
        registry->noteWaiting(9001, started);
        m_now += 1s;
        registry->refresh();
        QCOMPARE(registry->currentState(), QStringLiteral("connected"));
        m_now += 2s;  // heard from 3 s ago, a call waiting 3 s: busy, and why
        registry->noteHeartbeat(9001);
        QCOMPARE(registry->currentState(), QStringLiteral("busy"));
        QCOMPARE(registry->currentDetail(), QStringLiteral("working on a call for 3 s"));
        registry->noteWaiting(9001, std::nullopt);
        registry->noteAnswer(9001);
        QCOMPARE(registry->currentState(), QStringLiteral("connected"));
        QCOMPARE(registry->currentDetail(), QString());

        // Answers keep a host without heartbeats alive; silence then makes it late.
        m_now += 4s;
        registry->noteAnswer(9001);
        QCOMPARE(registry->currentState(), QStringLiteral("connected"));
        m_now += 3s;
        registry->refresh();
        QCOMPARE(registry->currentState(), QStringLiteral("busy"));
        QCOMPARE(registry->currentDetail(), QStringLiteral("no heartbeat for 3 s"));

        // A refused connection: disconnected at once, until the host shows life again.
        registry->noteRefused(9001);
        QCOMPARE(registry->currentState(), QStringLiteral("disconnected"));
        QCOMPARE(registry->currentDetail(), QStringLiteral("its port refused the connection"));
        registry->noteHeartbeat(9001);
        QCOMPARE(registry->currentState(), QStringLiteral("connected"));

        // Calls to hosts the registry does not know change nothing (no row appears).
        registry->noteAnswer(9500);
        registry->noteRefused(9500);
        registry->noteWaiting(9500, m_now);
        QCOMPARE(registry->rowCount(), 1);
    }

    void switchAndForget() {
        auto registry = makeRegistry();
        QAbstractItemModelTester tester(registry.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        registry->noteShow(9001, std::nullopt, "token-of-9001");
        registry->noteShow(9002, std::nullopt, "token-of-9002");
        registry->noteHeartbeat(9003);
        QCOMPARE(registry->tokenOf(9001), std::string("token-of-9001"));
        QCOMPARE(registry->tokenOf(9003), std::string());
        QCOMPARE(registry->currentPort(), 9002);

        QVERIFY(registry->makeCurrent(9001));
        QCOMPARE(registry->currentPort(), 9001);
        QVERIFY(registry->data(registry->index(0), HostRegistry::IsCurrentRole).toBool());
        QVERIFY(!registry->data(registry->index(1), HostRegistry::IsCurrentRole).toBool());
        QVERIFY(!registry->makeCurrent(9999));
        QCOMPARE(registry->currentPort(), 9001);

        QSignalSpy countSpy(registry.get(), &HostRegistry::countChanged);
        QVERIFY(registry->forget(9002));
        QCOMPARE(registry->rowCount(), 2);
        QCOMPARE(registry->currentPort(), 9001);
        QVERIFY(registry->forget(9001));  // the current one: none is current after it
        QCOMPARE(registry->currentPort(), 0);
        QCOMPARE(registry->currentState(), QString());
        QVERIFY(!registry->forget(9001));
        QCOMPARE(countSpy.count(), 2);

        // A forgotten host that is alive comes back with its next heartbeat.
        registry->noteHeartbeat(9002);
        QCOMPARE(registry->rowOfPort(9002), 1);
        QCOMPARE(registry->tokenOf(9002), std::string());  // its token went with it
    }

    void invalidIndexHasNoData() {
        auto registry = makeRegistry();
        registry->noteHeartbeat(9001);
        QVERIFY(!registry->data(QModelIndex(), HostRegistry::PortRole).isValid());
        QVERIFY(!registry->data(registry->index(5), HostRegistry::PortRole).isValid());
        QCOMPARE(registry->rowCount(registry->index(0)), 0);
    }
};

QTEST_GUILESS_MAIN(TestHostRegistry)
#include "tst_host_registry.moc"
