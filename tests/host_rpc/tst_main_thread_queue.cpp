// MainThreadQueue without sockets: the test thread plays a connection thread, MainLoop plays
// the host's main thread. Handlers run there; faults come back; a blocked main thread gives
// Busy at the deadline and the late call never runs; shutdown fails waiting calls at once.
#include "main_thread_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>

#include "main_loop.hpp"

using namespace hostbridge;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// An Executor whose main thread never comes: for calls that must stay queued.
class NeverRuns : public Executor {
public:
    void post(std::function<void()> task) override {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    void runAll() {
        std::vector<std::function<void()>> tasks;
        {
            std::lock_guard lock(m_mutex);
            tasks.swap(m_tasks);
        }
        for (auto& task : tasks) task();
    }

private:
    std::mutex m_mutex;
    std::vector<std::function<void()>> m_tasks;
};

class Refuses : public Executor {
public:
    void post(std::function<void()>) override { throw std::runtime_error("the application is quitting"); }
};

int faultCode(const std::function<void()>& f) {
    try {
        f();
    } catch (const Fault& fault) {
        return fault.code();
    }
    return 0;
}

// Waits (bounded) until `queue` holds `count` calls.
bool waitForPending(MainThreadQueue& queue, std::size_t count) {
    for (int i = 0; i < 2000; ++i) {
        if (queue.pendingCount() == count) return true;
        std::this_thread::sleep_for(1ms);
    }
    return false;
}

}  // namespace

TEST(MainThreadQueue, RunsTheHandlerOnTheMainThreadAndReturnsItsValue) {
    test::MainLoop loop;
    MainThreadQueue queue(loop.executor(), 10s);
    std::thread::id ranOn;
    Handler add = queue.wrap("add", makeHandler([&](int a, int b) {
                                 ranOn = std::this_thread::get_id();
                                 return a + b;
                             }));
    EXPECT_EQ(add(Array{2, 40}), Value(42));
    EXPECT_EQ(ranOn, loop.id());
    EXPECT_NE(ranOn, std::this_thread::get_id());
}

TEST(MainThreadQueue, ExceptionsOnTheMainThreadComeBackAsFaults) {
    test::MainLoop loop;
    MainThreadQueue queue(loop.executor(), 10s);
    Handler own = queue.wrap("own", makeHandler([]() -> int { throw Fault(7, "seven"); }));
    Handler std = queue.wrap("std", makeHandler([]() -> int { throw std::runtime_error("boom"); }));
    Handler odd = queue.wrap("odd", makeHandler([]() -> int { throw 42; }));
    Handler typed = queue.wrap("typed", makeHandler([](int a) { return a; }));
    try {
        own(Array{});
        FAIL() << "no fault";
    } catch (const Fault& fault) {
        EXPECT_EQ(fault.code(), 7);
        EXPECT_STREQ(fault.what(), "seven");
    }
    try {
        std(Array{});
        FAIL() << "no fault";
    } catch (const Fault& fault) {
        EXPECT_EQ(fault.code(), FaultCode::ApplicationError);
        EXPECT_STREQ(fault.what(), "std failed: boom");
    }
    EXPECT_EQ(faultCode([&] { odd(Array{}); }), FaultCode::ApplicationError);
    EXPECT_EQ(faultCode([&] { typed(Array{"text"}); }), FaultCode::InvalidParams);
    EXPECT_EQ(faultCode([&] { typed(Array{}); }), FaultCode::InvalidParams);
    // The main thread survived all of it.
    EXPECT_EQ(typed(Array{5}), Value(5));
}

TEST(MainThreadQueue, ABlockedMainThreadGivesBusyAtTheDeadlineAndTheCallNeverRunsLater) {
    test::MainLoop loop;
    MainThreadQueue queue(loop.executor(), 300ms);
    std::atomic<bool> ran{false};
    Handler late = queue.wrap("late", makeHandler([&] { ran = true; }));
    loop.block();
    const auto start = Clock::now();
    EXPECT_EQ(faultCode([&] { late(Array{}); }), FaultCode::Busy);
    const auto waited = Clock::now() - start;
    EXPECT_GE(waited, 300ms);  // not before its deadline
    EXPECT_LT(waited, 10s);    // sanity bound only
    EXPECT_EQ(queue.pendingCount(), 0u);
    loop.release();
    loop.drain();  // the task posted for the call has run by now, and found nothing to do
    EXPECT_FALSE(ran);
}

TEST(MainThreadQueue, ACallThatHasStartedRunsToItsEndPastTheDeadline) {
    test::MainLoop loop;
    MainThreadQueue queue(loop.executor(), 100ms);
    Handler slow = queue.wrap("slow", makeHandler([] {
                                  std::this_thread::sleep_for(400ms);
                                  return 1;
                              }));
    EXPECT_EQ(slow(Array{}), Value(1));
}

TEST(MainThreadQueue, ShutdownFailsQueuedCallsAtOnceAndTheyNeverRun) {
    auto never = std::make_shared<NeverRuns>();
    MainThreadQueue queue(never, 60s);
    std::atomic<int> ran{0};
    Handler work = queue.wrap("work", makeHandler([&] { ++ran; }));
    std::vector<std::future<int>> calls;
    for (int i = 0; i < 3; ++i)
        calls.push_back(std::async(std::launch::async, [&] { return faultCode([&] { work(Array{}); }); }));
    ASSERT_TRUE(waitForPending(queue, 3));
    const auto start = Clock::now();
    queue.shutdown();
    for (auto& call : calls) {
        ASSERT_EQ(call.wait_for(10s), std::future_status::ready);
        EXPECT_EQ(call.get(), FaultCode::ShuttingDown);
    }
    EXPECT_LT(Clock::now() - start, 10s);  // far from the 60 s deadline
    never->runAll();                       // the main thread comes back after all
    EXPECT_EQ(ran, 0);
    // New calls are refused at once; reopen() accepts them again.
    EXPECT_EQ(faultCode([&] { work(Array{}); }), FaultCode::ShuttingDown);
    queue.reopen();
    auto again = std::async(std::launch::async, [&] { work(Array{}); });
    ASSERT_TRUE(waitForPending(queue, 1));
    EXPECT_EQ(queue.runPending(), 1u);  // the main thread may also run the queue directly
    again.get();
    EXPECT_EQ(ran, 1);
}

TEST(MainThreadQueue, ShutdownAnswersACallThatIsRunningWithoutWaitingForIt) {
    test::MainLoop loop;
    MainThreadQueue queue(loop.executor(), 10s);
    std::promise<void> started;
    std::promise<void> finish;
    std::shared_future<void> finishing = finish.get_future().share();
    Handler stuck = queue.wrap("stuck", makeHandler([&] {
                                   started.set_value();
                                   finishing.wait_for(30s);
                               }));
    auto call = std::async(std::launch::async, [&] { return faultCode([&] { stuck(Array{}); }); });
    ASSERT_EQ(started.get_future().wait_for(10s), std::future_status::ready);
    queue.shutdown();
    ASSERT_EQ(call.wait_for(10s), std::future_status::ready);
    EXPECT_EQ(call.get(), FaultCode::ShuttingDown);
    finish.set_value();
    loop.drain();
}

TEST(MainThreadQueue, AnExecutorThatRefusesGivesAFaultNotAWait) {
    MainThreadQueue queue(std::make_shared<Refuses>(), 60s);
    Handler work = queue.wrap("work", makeHandler([] {}));
    EXPECT_EQ(faultCode([&] { work(Array{}); }), FaultCode::InternalError);
    EXPECT_EQ(queue.pendingCount(), 0u);
}

TEST(MainThreadQueue, ATaskThatRunsAfterTheQueueIsGoneDoesNothing) {
    auto never = std::make_shared<NeverRuns>();
    std::atomic<bool> ran{false};
    Handler work;
    std::future<int> call;
    {
        MainThreadQueue queue(never, 60s);
        work = queue.wrap("work", makeHandler([&] { ran = true; }));
        call = std::async(std::launch::async, [&] { return faultCode([&] { work(Array{}); }); });
        ASSERT_TRUE(waitForPending(queue, 1));
    }  // destroyed: shuts down
    ASSERT_EQ(call.wait_for(10s), std::future_status::ready);
    EXPECT_EQ(call.get(), FaultCode::ShuttingDown);
    never->runAll();
    EXPECT_FALSE(ran);
    EXPECT_EQ(faultCode([&] { work(Array{}); }), FaultCode::ShuttingDown);
}

TEST(MainThreadQueue, RejectsANullExecutor) { EXPECT_THROW(MainThreadQueue(nullptr, 1s), std::invalid_argument); }
