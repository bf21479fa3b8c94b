// Load on the real programs: 64 clients, each a hostbridge::Client on its own kept-alive
// connection, call one hostbridge-hello-host (add, on its connection threads) and one
// hostbridge-demo-host (scene.ls, on its main thread) as fast as they can for 3 s. No call may
// fail or take 1 s or more; calls/s and latencies are printed. tst_concurrency proves the same
// on an in-process Server; this proves it on the programs users run (their own wiring, and the
// host's main-thread queue with 64 callers waiting on it). C++ clients, because 64 Python
// threads are held back by the GIL (about 5,000 calls/s from 8 or 64 threads alike) and would
// measure Python, not the server. Under HOSTBRIDGE_TEST_TRANSPORT=unix (CTest
// security_load_processes_unix) the clients call each program's Unix socket instead of its port.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "hostbridge/client.hpp"
#include "raw_http.hpp"
#include "server_process.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kClients = 64;
constexpr auto kDuration = 3s;
constexpr auto kStall = 1s;  // any call this slow is a stall

struct Load {
    long calls = 0;
    long failures = 0;
    long idleClients = 0;  // clients that made no call at all
    std::string firstFailure;
    double seconds = 0;
    std::vector<double> latenciesMs;  // every call's, sorted
    double percentile(double q) const {
        if (latenciesMs.empty()) return 0;
        return latenciesMs[std::min(latenciesMs.size() - 1, static_cast<std::size_t>(q * latenciesMs.size()))];
    }
};

// kClients threads call `call` (true: the right answer) on their own Client until kDuration
// has passed, all starting together.
Load hammer(const ServerProcess& server, const std::function<bool(hostbridge::Client&, int client, int i)>& call) {
    Load load;
    std::mutex mutex;
    std::condition_variable started;
    int ready = 0;
    bool go = false;
    std::vector<std::thread> threads;
    for (int t = 0; t < kClients; ++t) {
        threads.emplace_back([&, t] {
            hostbridge::Client client(server.url(), server.token(), 10s);
            std::vector<double> latencies;
            latencies.reserve(1 << 14);
            long failures = 0;
            std::string firstFailure;
            {
                std::unique_lock lock(mutex);
                ++ready;
                started.notify_all();
                started.wait(lock, [&] { return go; });
            }
            const auto end = Clock::now() + kDuration;
            for (int i = 0; Clock::now() < end; ++i) {
                const auto start = Clock::now();
                bool ok = false;
                try {
                    ok = call(client, t, i);
                } catch (const std::exception& e) {
                    if (firstFailure.empty()) firstFailure = e.what();
                }
                latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
                if (!ok) {
                    ++failures;
                    if (firstFailure.empty()) firstFailure = "wrong answer";
                }
            }
            std::lock_guard lock(mutex);
            load.calls += static_cast<long>(latencies.size());
            if (latencies.empty()) ++load.idleClients;
            load.failures += failures;
            if (load.firstFailure.empty()) load.firstFailure = firstFailure;
            load.latenciesMs.insert(load.latenciesMs.end(), latencies.begin(), latencies.end());
        });
    }
    {
        std::unique_lock lock(mutex);
        started.wait(lock, [&] { return ready == kClients; });
        go = true;
    }
    started.notify_all();
    const auto start = Clock::now();
    for (auto& thread : threads) thread.join();
    load.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(load.latenciesMs.begin(), load.latenciesMs.end());
    return load;
}

void report(const std::string& what, const Load& load) {
    std::cout << std::fixed << std::setprecision(1) << what << " over "
              << (rawhttp::overUnixSocket() ? "the Unix socket" : "TCP") << ": " << kClients << " clients for "
              << load.seconds << " s: " << load.calls << " calls, " << static_cast<long>(load.calls / load.seconds)
              << " calls/s; latency median " << load.percentile(0.5) << " ms, p99 " << load.percentile(0.99)
              << " ms, max " << load.percentile(1.0) << " ms; " << load.failures << " failed" << std::endl;
}

void expectNoFailureNorStall(const Load& load) {
    EXPECT_EQ(load.failures, 0) << load.firstFailure;
    const double stallMs = std::chrono::duration<double, std::milli>(kStall).count();
    EXPECT_LT(load.percentile(1.0), stallMs) << "a call stalled";
    EXPECT_EQ(load.idleClients, 0) << "some client made no call";
}

}  // namespace

TEST(LoadProcesses, SixtyFourClientsCallTheHelloHostsAdd) {
    ServerProcess host(HOSTBRIDGE_BIN_DIR "/hostbridge-hello-host", {"--port", "0"});
    const Load load = hammer(host, [](hostbridge::Client& client, int t, int i) {
        const auto result = client.call("add", t, i);
        return result && result.as<long long>() == t + i;
    });
    report("hostbridge-hello-host add", load);
    expectNoFailureNorStall(load);
    EXPECT_TRUE(host.running());
}

TEST(LoadProcesses, SixtyFourClientsCallTheDemoHostsMainThread) {
    ServerProcess host(HOSTBRIDGE_BIN_DIR "/hostbridge-demo-host", {"--port", "0", "--no-ui"});
    const Load load = hammer(host, [](hostbridge::Client& client, int, int) {
        const auto result = client.call("scene.ls");  // pumped by the host's main loop, one call at a time
        return result && result.value().type() == hostbridge::ValueType::Array && result.value().asArray().size() == 13;
    });
    report("hostbridge-demo-host scene.ls (main thread)", load);
    expectNoFailureNorStall(load);
    EXPECT_TRUE(host.running());
}
