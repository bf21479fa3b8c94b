// Many clients at once: 64 threads, each with its own hostbridge::Client, make 200 calls each.
// Every call must succeed with the right answer (no connection cap stalls, no lost or crossed
// answers), within a generous bound.

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "counting_server.hpp"
#include "hostbridge/client.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(Concurrency, SixtyFourClientsTimesTwoHundredCallsAllSucceed) {
    constexpr int kThreads = 64;
    constexpr int kCalls = 200;
    CountingServer s;
    std::atomic<int> succeeded{0};
    std::atomic<int> wrong{0};
    std::vector<std::string> firstFailure(kThreads);
    const auto start = Clock::now();
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                hostbridge::Client client(s.url("/RPC2"), s.token(), 10s);
                for (int i = 0; i < kCalls; ++i) {
                    const auto result = client.call("add", t, i);
                    if (result && result.value() == hostbridge::Value(t + i)) {
                        ++succeeded;
                    } else {
                        ++wrong;
                        if (firstFailure[t].empty())
                            firstFailure[t] = result ? "wrong answer" : result.fault().message();
                    }
                }
            });
        }
        for (auto& thread : threads) thread.join();
    }
    const auto took = Clock::now() - start;
    EXPECT_EQ(succeeded, kThreads * kCalls);
    EXPECT_EQ(wrong, 0);
    for (int t = 0; t < kThreads; ++t)
        EXPECT_TRUE(firstFailure[t].empty()) << "thread " << t << ": " << firstFailure[t];
    EXPECT_EQ(s.handlerCalls(), kThreads * kCalls);
    // Sanity bound only (12,800 loopback calls take well under a second on a workstation).
    EXPECT_LT(took, 60s);
    EXPECT_TRUE(s.answersNormalCall());
}
