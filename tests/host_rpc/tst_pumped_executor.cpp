// PumpedExecutor: tasks run on the thread that pumps, in order, a bounded number per pump,
// never inline in post(), and a throwing task does not stop the others.
#include <hostbridge/host_rpc/pumped_executor.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace hostbridge;
using namespace std::chrono_literals;

TEST(PumpedExecutor, TasksRunOnThePumpingThreadInOrderAndNeverInPost) {
    PumpedExecutor executor;
    std::vector<int> order;
    std::vector<std::thread::id> threads;
    std::thread poster([&] {
        for (int i = 0; i < 3; ++i)
            executor.post([&, i] {
                order.push_back(i);
                threads.push_back(std::this_thread::get_id());
            });
    });
    poster.join();
    EXPECT_TRUE(order.empty());  // post() only queues
    EXPECT_EQ(executor.pendingCount(), 3u);

    std::thread::id pumpingThread;
    std::thread pumper([&] {
        pumpingThread = std::this_thread::get_id();
        executor.pump();
    });
    pumper.join();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
    ASSERT_EQ(threads.size(), 3u);
    for (const auto& id : threads) EXPECT_EQ(id, pumpingThread);
    EXPECT_EQ(executor.pendingCount(), 0u);
}

TEST(PumpedExecutor, PumpRunsAtMostTheGivenNumberOfTasks) {
    PumpedExecutor executor;
    int ran = 0;
    for (int i = 0; i < 10; ++i) executor.post([&] { ++ran; });
    EXPECT_EQ(executor.pump(3), 3u);
    EXPECT_EQ(ran, 3);
    EXPECT_EQ(executor.pendingCount(), 7u);
    EXPECT_EQ(executor.pump(), 7u);
    EXPECT_EQ(executor.pump(), 0u);
}

TEST(PumpedExecutor, ATaskThatKeepsPostingDoesNotKeepOnePumpRunning) {
    PumpedExecutor executor;
    int ran = 0;
    std::function<void()> again = [&] {
        ++ran;
        executor.post(again);
    };
    executor.post(again);
    EXPECT_EQ(executor.pump(5), 5u);
    EXPECT_EQ(ran, 5);
    EXPECT_EQ(executor.pendingCount(), 1u);
}

TEST(PumpedExecutor, AThrowingTaskIsLoggedAndTheOthersRun) {
    std::vector<std::string> logged;
    PumpedExecutor executor([&](const std::string& message) { logged.push_back(message); });
    int ran = 0;
    executor.post([&] { ++ran; });
    executor.post([] { throw std::runtime_error("boom"); });
    executor.post([] { throw 42; });
    executor.post([&] { ++ran; });
    EXPECT_EQ(executor.pump(), 4u);
    EXPECT_EQ(ran, 2);
    ASSERT_EQ(logged.size(), 2u);
    EXPECT_NE(logged[0].find("boom"), std::string::npos);
}

TEST(PumpedExecutor, WaitForWorkWakesWhenATaskIsPosted) {
    PumpedExecutor executor;
    EXPECT_FALSE(executor.waitForWork(1ms));
    std::thread poster([&] {
        std::this_thread::sleep_for(20ms);
        executor.post([] {});
    });
    // Generous bound: the point is that it returns true because of the post.
    EXPECT_TRUE(executor.waitForWork(10s));
    poster.join();
    EXPECT_EQ(executor.pump(), 1u);
}
