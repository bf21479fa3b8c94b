// A Host's clients over real loopback sockets: hello, heartbeat, goodbye and the list on the
// wire and in C++ (Host::clients), the heartbeat interval of HostOptions, unknown ids, and
// resetClient / disconnectClient reaching a client's own server (a hostbridge::Server standing
// in for a tool), or its next heartbeat when it serves nothing or is dead, without the caller
// waiting for it. Introspection lists the methods with help.
#include <hostbridge/client.hpp>
#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/server.hpp>

#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <thread>

#include "main_loop.hpp"
#include "unused_port.hpp"

using namespace hostbridge;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

HostOptions quickHeartbeats() {
    HostOptions options;
    options.clientHeartbeatInterval = 200ms;
    options.writeConnectionFile = false;
    return options;
}

Client clientOf(const Host& host) { return Client(host.url("/"), host.token(), 10s); }

Struct helloOf(const std::string& name, int port, const std::string& token = {}) {
    Struct hello{{"name", name}, {"pid", static_cast<int>(::getpid())}, {"port", port}};
    if (!token.empty()) hello["token"] = token;
    return hello;
}

std::string hello(Client& client, const Struct& what) {
    const CallResult result = client.call("hostbridge.hello", what);
    if (!result) ADD_FAILURE() << result.fault().message();
    return result ? result.value().at("id").asString() : std::string();
}

// A tool's own server: counts hostbridge.reset and hostbridge.disconnect calls.
struct StandInTool {
    std::atomic<int> resets{0};
    std::atomic<int> disconnects{0};
    Server server;
    StandInTool() {
        auto table = std::make_shared<MethodTable>();
        table->bind("hostbridge.reset", [this] { return ++resets > 0; });
        table->bind("hostbridge.disconnect", [this] { return ++disconnects > 0; });
        server.route("/", table);
        server.start();
    }
};

template <typename Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (predicate()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return predicate();
}

}  // namespace

TEST(HostClients, HelloGivesAnIdAndTheIntervalAndTheClientIsListedOnTheWireAndInCpp) {
    test::MainLoop loop;
    Host host(loop.executor(), quickHeartbeats());
    host.start();
    Client client = clientOf(host);
    const CallResult answer = client.call("hostbridge.hello", helloOf("asset-browser", 0));
    ASSERT_TRUE(answer) << answer.fault().message();
    const std::string id = answer.value().at("id").asString();
    EXPECT_DOUBLE_EQ(answer.value().at("heartbeatInterval").asDouble(), 0.2);

    const auto listed = host.clients();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, id);
    EXPECT_EQ(listed[0].name, "asset-browser");
    EXPECT_EQ(listed[0].pid, ::getpid());
    EXPECT_EQ(listed[0].state, ClientState::Connected);

    const CallResult wire = client.call("hostbridge.clients");
    ASSERT_TRUE(wire) << wire.fault().message();
    ASSERT_EQ(wire.value().asArray().size(), 1u);
    const Value& entry = wire.value().asArray()[0];
    EXPECT_EQ(entry.at("id").asString(), id);
    EXPECT_EQ(entry.at("state").asString(), "connected");
    EXPECT_EQ(entry.at("port").asInt(), 0);
    EXPECT_EQ(entry.at("since").asString().size(), 24u);  // 2026-12-04T23:10:00.125Z
    EXPECT_EQ(entry.at("since").asString().back(), 'Z');
    EXPECT_EQ(entry.find("token"), nullptr);

    EXPECT_TRUE(client.call("hostbridge.heartbeat", id));
    EXPECT_TRUE(client.call("hostbridge.goodbye", id));
    EXPECT_TRUE(host.clients().empty());
}

TEST(HostClients, AClientThatStopsHeartbeatingIsGoneAfterFiveIntervals) {
    test::MainLoop loop;
    Host host(loop.executor(), quickHeartbeats());
    host.start();
    Client client = clientOf(host);
    const std::string id = hello(client, helloOf("quiet", 0));
    ASSERT_TRUE(eventually([&] { return host.clients().at(0).state == ClientState::Gone; }));
    client.call("hostbridge.heartbeat", id);
    EXPECT_EQ(host.clients().at(0).state, ClientState::Connected);
}

TEST(HostClients, UnknownIdsAndBadHellosGetClearFaults) {
    test::MainLoop loop;
    Host host(loop.executor(), quickHeartbeats());
    host.start();
    Client client = clientOf(host);
    for (const char* method :
         {"hostbridge.heartbeat", "hostbridge.goodbye", "hostbridge.resetClient", "hostbridge.disconnectClient"}) {
        const CallResult result = client.call(method, "no-such-id");
        ASSERT_FALSE(result) << method;
        EXPECT_EQ(result.fault().code(), kUnknownClientFault) << method;
        EXPECT_NE(result.fault().message().find("no-such-id"), std::string::npos) << result.fault().message();
    }
    try {
        host.resetClient("no-such-id");
        ADD_FAILURE() << "resetClient of an unknown id did not throw";
    } catch (const Fault& fault) {
        EXPECT_EQ(fault.code(), kUnknownClientFault);
    }
    const CallResult noName = client.call("hostbridge.hello", Struct{{"pid", 1}, {"port", 0}});
    ASSERT_FALSE(noName);
    EXPECT_EQ(noName.fault().code(), FaultCode::InvalidParams);
    EXPECT_EQ(noName.fault().message(), "params[0].name: missing member");
    const CallResult badPort = client.call("hostbridge.hello", helloOf("tool", 70000));
    ASSERT_FALSE(badPort);
    EXPECT_EQ(badPort.fault().code(), FaultCode::InvalidParams);
}

TEST(HostClients, ResetAndDisconnectReachTheClientsOwnServerAndNotItsHeartbeat) {
    test::MainLoop loop;
    Host host(loop.executor(), quickHeartbeats());
    host.start();
    StandInTool tool;
    Client client = clientOf(host);
    const std::string id = hello(client, helloOf("tool", tool.server.port(), tool.server.token()));

    const CallResult reset = client.call("hostbridge.resetClient", id);
    ASSERT_TRUE(reset) << reset.fault().message();
    ASSERT_TRUE(eventually([&] { return tool.resets == 1; }));
    host.disconnectClient(id);
    ASSERT_TRUE(eventually([&] { return tool.disconnects == 1; }));
    const CallResult beat = client.call("hostbridge.heartbeat", id);
    ASSERT_TRUE(beat);
    EXPECT_TRUE(beat.value().asStruct().empty()) << "delivered to its server: not again in the heartbeat";
}

TEST(HostClients, AClientWithoutAServerOrADeadOneGetsTheCommandInItsNextHeartbeatAndTheCallerNeverWaits) {
    test::MainLoop loop;
    Host host(loop.executor(), quickHeartbeats());
    host.start();
    Client client = clientOf(host);
    const std::string script = hello(client, helloOf("script", 0));
    const std::string dead = hello(client, helloOf("dead-tool", hostbridge::testing::unusedLoopbackPort(), "t"));

    const auto before = Clock::now();
    host.resetClient(script);
    host.disconnectClient(dead);
    EXPECT_LT(Clock::now() - before, 100ms) << "the caller never waits for a client";

    const CallResult first = client.call("hostbridge.heartbeat", script);
    ASSERT_TRUE(first);
    EXPECT_EQ(first.value().at("command").asString(), "reset");
    const CallResult second = client.call("hostbridge.heartbeat", script);
    ASSERT_TRUE(second);
    EXPECT_TRUE(second.value().asStruct().empty()) << "a command is answered once";

    // Its port refuses the call: the heartbeat carries the command instead.
    ASSERT_TRUE(eventually([&] {
        const CallResult beat = client.call("hostbridge.heartbeat", dead);
        return beat && beat.value().find("command") && beat.value().at("command").asString() == "disconnect";
    }));
}

TEST(HostClients, TheMethodsAreServedAtRootAndRpc2AndListedWithHelp) {
    test::MainLoop loop;
    Host host(loop.executor(), quickHeartbeats());
    const auto names = host.methodNames("/");
    for (const char* name : {"hostbridge.hello", "hostbridge.heartbeat", "hostbridge.goodbye", "hostbridge.clients",
                             "hostbridge.resetClient", "hostbridge.disconnectClient"})
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    host.start();
    Client rpc2(host.url("/RPC2"), host.token(), 10s);
    const CallResult help = rpc2.call("system.methodHelp", "hostbridge.hello");
    ASSERT_TRUE(help);
    EXPECT_NE(help.value().asString().find("heartbeatInterval"), std::string::npos);
}

TEST(HostClients, AHeartbeatIntervalThatIsNotPositiveIsRefused) {
    test::MainLoop loop;
    HostOptions options;
    options.clientHeartbeatInterval = 0ms;
    EXPECT_THROW(Host(loop.executor(), options), std::invalid_argument);
}
