// Server and Client over real loopback sockets on port 0: round trips, routes, tokens,
// keep-alive, timeouts, large bodies, concurrency and stopping.
#include <hostbridge/client.hpp>
#include <hostbridge/server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <sstream>
#include <thread>

using namespace hostbridge;
using namespace std::chrono_literals;

namespace {

class ServerClient : public testing::Test {
protected:
    void SetUp() override {
        m_table = std::make_shared<MethodTable>();
        m_table->bind("add", [](int a, int b) { return a + b; });
        m_table->bind("echo", [](const Value& v) { return v; });
        m_table->bind("sleep", [this](int ms) {
            std::unique_lock lock(m_mutex);
            m_released.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_release; });
            return ms;
        });
        m_table->bind("fail", [](int code, const std::string& message) -> int { throw Fault(code, message); });
    }
    void TearDown() override { releaseSleepers(); }

    void start(ServerOptions options = {}) {
        m_server = std::make_unique<Server>(std::move(options));
        m_server->route("/", m_table);
        m_server->route("/RPC2", m_table);
        m_server->start();
    }
    Client client(const std::string& path = "/") { return Client(m_server->url(path), m_server->token()); }
    void releaseSleepers() {
        {
            std::lock_guard lock(m_mutex);
            m_release = true;
        }
        m_released.notify_all();
    }

    std::shared_ptr<MethodTable> m_table;
    std::unique_ptr<Server> m_server;
    std::mutex m_mutex;
    std::condition_variable m_released;
    bool m_release = false;
};

}  // namespace

TEST_F(ServerClient, BindsPortZeroAndReportsThePortItGot) {
    start();
    EXPECT_GT(m_server->port(), 0);
    EXPECT_EQ(m_server->url("/RPC2"), "http://127.0.0.1:" + std::to_string(m_server->port()) + "/RPC2");
    Server second;
    second.route("/", m_table);
    second.start();
    EXPECT_NE(second.port(), m_server->port());
}

TEST_F(ServerClient, CallsReturnValuesAndFaults) {
    start();
    Client c = client();
    const CallResult sum = c.call("add", 2, 40);
    ASSERT_TRUE(sum) << sum.fault().what();
    EXPECT_EQ(sum.as<int>(), 42);
    const CallResult failed = c.call("fail", 17, "seventeen");
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.fault().code(), 17);
    EXPECT_STREQ(failed.fault().what(), "seventeen");
    EXPECT_THROW(failed.value(), Fault);
}

TEST_F(ServerClient, EveryTypeRoundTripsThroughTheWire) {
    start();
    Client c = client("/RPC2");
    const Value everything(Struct{{"int", 7},
                                  {"big", std::int64_t(1) << 40},
                                  {"bool", true},
                                  {"double", -0.125},
                                  {"string", "tab\there\r\nnewline ✓"},
                                  {"empty", ""},
                                  {"nil", Value()},
                                  {"bytes", Bytes{0, 10, 13, 255}},
                                  {"when", DateTime(std::chrono::microseconds(1795255200123456))},
                                  {"array", Array{Array{}, Struct{}, Array{1, Array{2, Array{3}}}}}});
    const CallResult echoed = c.call("echo", everything);
    ASSERT_TRUE(echoed) << echoed.fault().what();
    EXPECT_EQ(echoed.value(), everything);
}

TEST_F(ServerClient, ServesEachRouteAndOnlyThose) {
    start();
    EXPECT_TRUE(client("/").call("add", 1, 1));
    EXPECT_TRUE(client("/RPC2").call("add", 1, 1));
    const CallResult missing = client("/pyblish").call("add", 1, 1);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.fault().code(), FaultCode::HttpError);
    EXPECT_NE(std::string(missing.fault().what()).find("404"), std::string::npos);
}

TEST_F(ServerClient, TokenIsRequiredByDefault) {
    start();
    EXPECT_GE(m_server->token().size(), 32u);
    const CallResult anonymous = Client(m_server->url()).call("add", 1, 1);
    ASSERT_FALSE(anonymous);
    EXPECT_EQ(anonymous.fault().code(), FaultCode::HttpError);
    EXPECT_NE(std::string(anonymous.fault().what()).find("401"), std::string::npos);
    EXPECT_FALSE(Client(m_server->url(), "wrong").call("add", 1, 1));
    // A token in the URL is what stock clients use.
    const std::string withToken =
        "http://someone:" + m_server->token() + "@127.0.0.1:" + std::to_string(m_server->port()) + "/";
    EXPECT_TRUE(Client(withToken).call("add", 1, 1));
}

TEST_F(ServerClient, TokenCanBeSwitchedOffOrHandedIn) {
    ServerOptions open;
    open.requireToken = false;
    start(open);
    EXPECT_TRUE(m_server->token().empty());
    EXPECT_TRUE(Client(m_server->url()).call("add", 1, 1));

    ServerOptions given;
    given.token = "handed-in-by-the-parent";
    Server server(given);
    server.route("/", m_table);
    server.start();
    EXPECT_EQ(server.token(), "handed-in-by-the-parent");
    EXPECT_TRUE(Client(server.url(), "handed-in-by-the-parent").call("add", 1, 1));
}

TEST_F(ServerClient, OneConnectionServesManyCalls) {
    start();
    Client c = client();
    for (int i = 0; i < 200; ++i) ASSERT_EQ(c.call("add", i, 1).as<int>(), i + 1);
    // Keep-alive: the 200 calls above were 200 requests, but the server saw one connection
    // (a second client would show as a second connection in the request count only).
    EXPECT_EQ(m_server->requestCount(), 200u);
}

TEST_F(ServerClient, ClientReconnectsAfterTheServerClosedAnIdleConnection) {
    ServerOptions options;
    options.idleTimeout = 100ms;
    start(options);
    Client c = client();
    ASSERT_TRUE(c.call("add", 1, 1));
    std::this_thread::sleep_for(300ms);  // the server has dropped the idle connection by now
    EXPECT_TRUE(c.call("add", 2, 2));
}

TEST_F(ServerClient, ACallTimesOutAndTheClientStaysUsable) {
    start();
    Client c(m_server->url(), m_server->token(), 200ms);
    const auto begin = std::chrono::steady_clock::now();
    const CallResult slow = c.call("sleep", 5000);
    ASSERT_FALSE(slow);
    EXPECT_EQ(slow.fault().code(), FaultCode::Timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 3s);
    releaseSleepers();
    EXPECT_TRUE(c.call("add", 1, 2));
}

TEST_F(ServerClient, ErrorsNeverShowTheTokenOfAUrl) {
    try {
        Client("https://user:SECRET@127.0.0.1:1/");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()).find("SECRET"), std::string::npos) << e.what();
    }
    start();
    const std::string url = "http://user:SECRET@127.0.0.1:" + std::to_string(m_server->port()) + "/";
    Client c(url);
    EXPECT_EQ(c.url().find("SECRET"), std::string::npos);
    const CallResult refused = c.call("add", 1, 1);
    EXPECT_EQ(std::string(refused.fault().what()).find("SECRET"), std::string::npos);
}

TEST_F(ServerClient, ValuesThatCannotBeSentFailBeforeSending) {
    start();
    Client c = client();
    const CallResult bad = c.call("echo", std::string("bell\x07"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.fault().code(), FaultCode::InvalidParams);
    EXPECT_EQ(m_server->requestCount(), 0u);
}

TEST_F(ServerClient, UnreachableServerIsATransportError) {
    start();
    const std::uint16_t port = m_server->port();
    m_server->stop();
    const CallResult refused = Client("http://127.0.0.1:" + std::to_string(port) + "/", "t", 1s).call("add", 1, 1);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.fault().code(), FaultCode::TransportError);
}

TEST_F(ServerClient, LargeBodiesWork) {
    start();
    Client c = client();
    const std::string big(12 * 1024 * 1024, 'x');
    const CallResult echoed = c.call("echo", big);
    ASSERT_TRUE(echoed) << echoed.fault().what();
    EXPECT_EQ(echoed.value().asString().size(), big.size());
}

TEST_F(ServerClient, BodiesOverTheCapAreRefused) {
    ServerOptions options;
    options.maxBodyBytes = 64 * 1024;
    start(options);
    Client c = client();
    const CallResult tooBig = c.call("echo", std::string(100 * 1024, 'x'));
    ASSERT_FALSE(tooBig);
    EXPECT_EQ(tooBig.fault().code(), FaultCode::HttpError);
    EXPECT_NE(std::string(tooBig.fault().what()).find("413"), std::string::npos);
    EXPECT_TRUE(c.call("add", 1, 1));
}

TEST_F(ServerClient, ATakenPortIsAClearError) {
    start();
    ServerOptions same;
    same.port = m_server->port();
    Server second(same);
    second.route("/", m_table);
    try {
        second.start();
        FAIL();
    } catch (const ServerError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "port " + std::to_string(m_server->port()) + " on 127.0.0.1 is already in use");
    }
}

TEST_F(ServerClient, SixtyFourConcurrentClientsAllComplete) {
    start();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 64; ++t)
        threads.emplace_back([&, t] {
            Client c = client();
            for (int i = 0; i < 100; ++i)
                if (!c.call("add", t, i) || c.call("add", t, i).as<int>() != t + i) ++failures;
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures, 0);
}

TEST_F(ServerClient, SlowHandlersDoNotBlockOtherCalls) {
    start();
    std::thread sleeper([&] { client().call("sleep", 10000); });
    std::this_thread::sleep_for(50ms);
    Client c(m_server->url(), m_server->token(), 2s);
    EXPECT_TRUE(c.call("add", 1, 1));
    releaseSleepers();
    sleeper.join();
}

TEST_F(ServerClient, StopClosesIdleKeptAliveConnections) {
    start();
    std::vector<Client> idle;
    for (int i = 0; i < 16; ++i) {
        idle.push_back(client());
        ASSERT_TRUE(idle.back().call("add", 1, 1));
    }
    const auto begin = std::chrono::steady_clock::now();
    m_server->stop();
    // A sanity bound only; tests/bench measures the real figure (P6).
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 1s);
    EXPECT_FALSE(m_server->running());
    EXPECT_FALSE(idle.front().call("add", 1, 1));
}

TEST_F(ServerClient, StopFromAHandlerIsAFaultNotACrash) {
    Server* self = nullptr;
    m_table->bind("quit", [&self] { self->stop(); });
    start();
    self = m_server.get();
    const CallResult quit = client().call("quit");
    ASSERT_FALSE(quit);
    EXPECT_EQ(quit.fault().code(), FaultCode::ApplicationError);
    EXPECT_NE(std::string(quit.fault().what()).find("answer first"), std::string::npos) << quit.fault().what();
    EXPECT_TRUE(client().call("add", 1, 1));
}

TEST_F(ServerClient, LocalhostMeansTheIpv4Loopback) {
    start();
    EXPECT_TRUE(
        Client("http://localhost:" + std::to_string(m_server->port()) + "/", m_server->token()).call("add", 1, 1));
}

TEST_F(ServerClient, ListensOnLoopbackOnly) {
    start();
    // The kernel's table of listening sockets says which address the port is bound to
    // (checked there rather than by connecting to another address of this machine).
    std::ifstream table("/proc/net/tcp");
    if (!table) GTEST_SKIP() << "no /proc/net/tcp";
    char portHex[8];
    std::snprintf(portHex, sizeof portHex, "%04X", m_server->port());
    std::string line, boundAddress;
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        if (state == "0A" && local.size() == 13 && local.substr(9) == portHex) boundAddress = local.substr(0, 8);
    }
    EXPECT_EQ(boundAddress, "0100007F");  // 127.0.0.1, little-endian hex
}
