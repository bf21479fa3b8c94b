// GuiThreadBridge: work from a server thread runs on the GUI thread; results and faults come
// back; once shutdown begins, callers fail fast with a fault instead of hanging (also behind
// a real hostbridge::Server being stopped, the deadlock BlockingQueuedConnection would give).

#include <QtTest>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include <hostbridge/client.hpp>
#include <hostbridge/server.hpp>

#include "gui_thread_bridge.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// A worker thread's outcome: the value or the fault code, and how long the call took.
struct Outcome {
    std::optional<int> value;
    int faultCode = 0;
    Clock::duration took{};
};

template <typename Work>
Outcome callFromWorker(GuiThreadBridge& bridge, Work work, std::atomic<bool>& done) {
    Outcome outcome;
    const auto start = Clock::now();
    try {
        outcome.value = bridge.call(work);
    } catch (const Fault& f) {
        outcome.faultCode = f.code();
    }
    outcome.took = Clock::now() - start;
    done = true;
    return outcome;
}

}  // namespace

class TestGuiThreadBridge : public QObject {
    Q_OBJECT

private slots:
    void callRunsOnGuiThread() {
        GuiThreadBridge bridge;
        QThread* guiThread = QThread::currentThread();
        QThread* ranOn = nullptr;
        std::atomic<bool> done{false};
        Outcome outcome;
        std::thread worker([&] {
            outcome = callFromWorker(
                bridge,
                [&] {
                ranOn = QThread::currentThread();
                return 42;
                },
                done);
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 5000);  // spins the GUI event loop meanwhile
        worker.join();
        QCOMPARE(ranOn, guiThread);
        QCOMPARE(outcome.value, std::optional<int>(42));
    }

    void faultComesBack() {
        GuiThreadBridge bridge;
        std::atomic<bool> done{false};
        Outcome outcome;
        std::thread worker([&] {
            outcome = callFromWorker(
                bridge, []() -> int { throw Fault(77, "no such shot"); }, done);
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 5000);
        worker.join();
        QCOMPARE(outcome.faultCode, 77);
    }

    void callOnGuiThreadRunsInline() {
        GuiThreadBridge bridge;
        // No event loop runs here: a queued call would never complete.
        QCOMPARE(bridge.call([] { return 7; }), 7);
    }

    void failsFastAfterShutdown() {
        GuiThreadBridge bridge;
        bridge.beginShutdown();
        bool ran = false;
        std::atomic<bool> done{false};
        Outcome outcome;
        std::thread worker([&] {
            outcome = callFromWorker(
                bridge,
                [&] {
                ran = true;
                return 1;
                },
                done);
        });
        worker.join();
        QCOMPARE(outcome.faultCode, int(FaultCode::ShuttingDown));
        QVERIFY(outcome.took < 100ms);
        QCoreApplication::processEvents();
        QVERIFY(!ran);
    }

    void shutdownReleasesAWaitingCall() {
        GuiThreadBridge bridge;
        bool ran = false;
        std::atomic<bool> done{false};
        Outcome outcome;
        // The GUI thread does not process events: the call stays queued, its caller waiting.
        std::thread worker([&] {
            outcome = callFromWorker(
                bridge,
                [&] {
                ran = true;
                return 1;
                },
                done);
        });
        std::this_thread::sleep_for(100ms);
        QVERIFY(!done);
        const auto shutdownAt = Clock::now();
        bridge.beginShutdown();
        worker.join();
        QCOMPARE(outcome.faultCode, int(FaultCode::ShuttingDown));
        QVERIFY(Clock::now() - shutdownAt < 200ms);  // within a few 20 ms slices, not a timeout
        QCoreApplication::processEvents();           // the queued work is dropped, not run late
        QVERIFY(!ran);
    }

    void stuckGuiThreadTimesOutAndTheWorkNeverRunsLate() {
        GuiThreadBridge bridge(200ms);
        std::atomic<bool> done{false};
        bool ran = false;
        Outcome outcome;
        std::thread worker([&] {
            outcome = callFromWorker(
                bridge,
                [&] {
                ran = true;
                return 1;
                },
                done);
        });
        worker.join();  // the GUI thread is "stuck" in join()
        QCOMPARE(outcome.faultCode, int(FaultCode::Busy));
        QVERIFY(outcome.took >= 200ms);
        QVERIFY(outcome.took < 2s);
        QCoreApplication::processEvents();  // the abandoned work is dropped: the caller was told Busy
        QVERIFY(!ran);
    }

    void workThatStartedBeforeTheDeadlineAnswers() {
        GuiThreadBridge bridge(300ms);
        std::atomic<bool> done{false};
        std::atomic<bool> started{false};
        Outcome outcome;
        std::thread worker([&] {
            outcome = callFromWorker(
                bridge,
                [&] {
                started = true;
                std::this_thread::sleep_for(600ms);  // outlives the deadline once started
                return 7;
                },
                done);
        });
        // Serve events until the work has started: well within the 300 ms deadline.
        for (int i = 0; i < 50 && !started; ++i) {
            QCoreApplication::processEvents();
            if (!started) std::this_thread::sleep_for(2ms);
        }
        QVERIFY(started);
        worker.join();
        QCOMPARE(outcome.faultCode, 0);
        QCOMPARE(outcome.value, 7);
    }

    void postRunsOnGuiThreadAndIsDroppedAfterShutdown() {
        GuiThreadBridge bridge;
        QThread* ranOn = nullptr;
        std::thread([&] { bridge.post([&] { ranOn = QThread::currentThread(); }); }).join();
        QTRY_COMPARE_WITH_TIMEOUT(ranOn, QThread::currentThread(), 5000);

        bool ranLate = false;
        std::thread([&] { bridge.post([&] { ranLate = true; }); }).join();
        bridge.beginShutdown();
        QCoreApplication::processEvents();
        QVERIFY(!ranLate);
    }

    // The shutdown order of hostbridge-ui: the event loop has ended with a call in flight;
    // beginShutdown() then Server::stop() must return promptly, and the caller gets a fault.
    void serverStopsWithACallInFlight() {
        GuiThreadBridge bridge;
        auto table = std::make_shared<MethodTable>();
        table->bind("windowWork", [&bridge] { return bridge.call([] { return 1; }); });
        ServerOptions options;
        options.requireToken = false;
        Server server(options);
        server.route("/", table);
        server.start();

        std::optional<CallResult> result;
        std::thread caller([&] {
            Client client(server.url(), {}, 10s);
            result = client.call("windowWork");
        });
        // Wait until the request is being handled (it cannot finish: no events are processed).
        const auto until = Clock::now() + 5s;
        while (server.requestCount() == 0 && Clock::now() < until) std::this_thread::sleep_for(5ms);
        QCOMPARE(server.requestCount(), std::uint64_t(1));
        std::this_thread::sleep_for(50ms);

        const auto stopAt = Clock::now();
        bridge.beginShutdown();
        server.stop();
        QVERIFY(Clock::now() - stopAt < 1s);
        caller.join();
        QVERIFY(result.has_value());
        QVERIFY(result->isFault());
        QCOMPARE(result->fault().code(), int(FaultCode::ShuttingDown));
    }
};

QTEST_GUILESS_MAIN(TestGuiThreadBridge)
#include "tst_gui_thread_bridge.moc"
