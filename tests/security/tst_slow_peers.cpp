// Check 9: slow or stuck peers. Header, body and idle timeouts close them; a connection cap
// turns the excess away; none of it delays a normal call, and stop() does not wait for them.

#include <algorithm>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "counting_server.hpp"
#include "hostbridge/client.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

hostbridge::ServerOptions shortTimeouts() {
    hostbridge::ServerOptions options;
    options.headerTimeout = 500ms;
    options.bodyTimeout = 500ms;
    options.idleTimeout = 500ms;
    return options;
}

}  // namespace

TEST(SlowPeers, TrickledHeadsAreClosedAndDoNotDelayANormalCall) {
    CountingServer s(shortTimeouts());
    // A complete request, of which one byte goes out every 100 ms: never done within 500 ms.
    const std::string request = s.request(echoPingXml());
    constexpr int kSlow = 50;
    constexpr int kRounds = 50;  // at most 50 x 100 ms
    ASSERT_GT(request.size(), std::size_t(kRounds));

    std::vector<std::unique_ptr<rawhttp::Connection>> slow;
    for (int i = 0; i < kSlow; ++i) {
        slow.push_back(std::make_unique<rawhttp::Connection>(s.port()));
        ASSERT_TRUE(slow.back()->isOpen());
    }
    std::vector<std::optional<Clock::duration>> closedAfter(kSlow);
    auto allClosed = [&] {
        return std::all_of(closedAfter.begin(), closedAfter.end(), [](const auto& c) { return c.has_value(); });
    };

    const auto start = Clock::now();
    bool calledWhileTrickling = false;
    for (int round = 0; round < kRounds && !allClosed(); ++round) {
        for (int i = 0; i < kSlow; ++i) {
            if (closedAfter[i]) continue;
            if (!slow[i]->send(std::string(1, request[round]))) closedAfter[i] = Clock::now() - start;
        }
        if (round == 2) {
            // Every slow connection is mid-head now.
            EXPECT_TRUE(
                std::none_of(closedAfter.begin(), closedAfter.end(), [](const auto& c) { return c.has_value(); }));
            hostbridge::Client client(s.url("/RPC2"), s.token(), 5s);
            const auto callStart = Clock::now();
            const auto result = client.call("add", 2, 3);
            const auto took = Clock::now() - callStart;
            ASSERT_TRUE(result) << result.fault().message();
            EXPECT_EQ(result.as<int>(), 5);
            EXPECT_LT(took, 1s) << "a normal call waits for no slow peer";
            calledWhileTrickling = true;
        }
        std::this_thread::sleep_for(100ms);
        for (int i = 0; i < kSlow; ++i)
            if (!closedAfter[i] && slow[i]->isClosedByServer()) closedAfter[i] = Clock::now() - start;
    }
    EXPECT_TRUE(calledWhileTrickling);
    EXPECT_TRUE(allClosed()) << "every trickling connection is closed by the server";
    for (const auto& after : closedAfter) {
        // Closed by the header timeout (500 ms from the first byte), not at once.
        if (after) {
            EXPECT_GE(*after, 400ms);
        }
    }
    EXPECT_EQ(s.handlerCalls(), 1) << "no trickled request reached a handler";
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(SlowPeers, SilentConnectionIsClosedAfterTheHeaderTimeout) {
    CountingServer s(shortTimeouts());
    rawhttp::Connection silent(s.port());
    ASSERT_TRUE(silent.isOpen());
    const auto start = Clock::now();
    EXPECT_TRUE(silent.waitForClose(5s));
    EXPECT_GE(Clock::now() - start, 400ms);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(SlowPeers, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
    CountingServer s(shortTimeouts());
    rawhttp::Connection c(s.port());
    ASSERT_TRUE(c.send(s.request(echoPingXml())));
    const auto response = c.readResponse(3s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_FALSE(response->closedByServer) << "HTTP/1.1 keeps the connection";
    const auto start = Clock::now();
    EXPECT_TRUE(c.waitForClose(5s));
    EXPECT_GE(Clock::now() - start, 400ms);
    // A client whose kept-alive connection was closed while idle simply reconnects.
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(SlowPeers, StalledBodyIsCutOffByTheBodyTimeout) {
    CountingServer s(shortTimeouts());
    const std::string request = s.request(echoPingXml());
    rawhttp::Connection c(s.port());
    ASSERT_TRUE(c.send(request.substr(0, request.size() - 10)));  // the last 10 bytes never come
    const auto response = c.readResponse(5s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 408);
    EXPECT_TRUE(c.waitForClose(3s));
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(SlowPeers, ConnectionsOverTheCapGet503) {
    hostbridge::ServerOptions options;
    options.maxConnections = 4;
    CountingServer s(options);
    std::vector<std::unique_ptr<rawhttp::Connection>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<rawhttp::Connection>(s.port()));
        ASSERT_TRUE(idle.back()->isOpen());
    }
    // Accepted in order, so the four are in when the fifth arrives. It sends nothing, so the
    // server's close cannot turn into a reset that would swallow the answer.
    rawhttp::Connection fifth(s.port());
    ASSERT_TRUE(fifth.isOpen());
    const auto response = fifth.readResponse(3s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 503);
    EXPECT_EQ(s.handlerCalls(), 0);

    idle.clear();
    // The server notices the closed connections on its own schedule: retry, bounded.
    bool served = false;
    for (int attempt = 0; attempt < 30 && !served; ++attempt) {
        served = s.answersNormalCall();
        if (!served) std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(served);
}

TEST(SlowPeers, AtTheCapTheLongestIdleKeepAliveConnectionMakesRoom) {
    hostbridge::ServerOptions options;
    options.maxConnections = 4;
    CountingServer s(options);
    std::vector<std::unique_ptr<hostbridge::Client>> clients;
    for (int i = 0; i < 4; ++i) {  // each keeps its connection open, idle, after its call
        clients.push_back(std::make_unique<hostbridge::Client>(s.url("/RPC2"), s.token(), 5s));
        ASSERT_TRUE(clients.back()->call("add", i, 1));
        std::this_thread::sleep_for(20ms);  // the first is the longest idle
    }
    hostbridge::Client fifth(s.url("/RPC2"), s.token(), 5s);
    const auto start = Clock::now();
    const auto result = fifth.call("add", 2, 3);
    ASSERT_TRUE(result) << result.fault().message();  // before: 503, too many connections
    EXPECT_LT(Clock::now() - start, 1s);
    // The clients whose connections were closed reconnect on their next call.
    for (auto& client : clients) EXPECT_TRUE(client->call("add", 1, 1));
}

TEST(SlowPeers, StopIsQuickWithIdleKeepAliveClients) {
    CountingServer s;  // default 60 s idle timeout: the clients would stay for a minute
    std::vector<std::unique_ptr<hostbridge::Client>> clients;
    for (int i = 0; i < 10; ++i) {
        clients.push_back(std::make_unique<hostbridge::Client>(s.url("/RPC2"), s.token(), 5s));
        ASSERT_TRUE(clients.back()->call("add", i, 1));
    }
    // A trickling head and a silent connection are open too.
    rawhttp::Connection trickling(s.port());
    trickling.send("POST /RP");
    rawhttp::Connection silent(s.port());

    const auto start = Clock::now();
    s.server().stop();
    EXPECT_LT(Clock::now() - start, 1s);
    EXPECT_FALSE(s.server().running());
    EXPECT_TRUE(trickling.waitForClose(1s));
    EXPECT_TRUE(silent.waitForClose(1s));
    const auto after = clients.front()->call("add", 1, 1);
    ASSERT_TRUE(after.isFault());
    EXPECT_EQ(after.fault().code(), hostbridge::FaultCode::TransportError) << after.fault().message();
}
