// ClientRegistry without sockets, on a clock the test moves: hello, the states over time
// (connected, busy when late or when said, gone, back, forgotten), goodbye, unknown ids,
// a second hello of the same process replacing the first, and where commands go.
#include <gtest/gtest.h>

#include "client_registry.hpp"
#include "hostbridge/fault.hpp"

using namespace hostbridge;
using namespace hostbridge::detail;
using namespace std::chrono_literals;

namespace {

struct TestClock {
    ClientRegistry::Clock::time_point now{};
    std::function<ClientRegistry::Clock::time_point()> function() {
        return [this] { return now; };
    }
};

ClientRegistry::Hello tool(const std::string& name = "tool", int pid = 4242, std::uint16_t port = 0) {
    return ClientRegistry::Hello{name, pid, port, "secret"};
}

ClientState stateOf(ClientRegistry& registry, const std::string& id) {
    for (const ClientInfo& client : registry.clients())
        if (client.id == id) return client.state;
    ADD_FAILURE() << "client " << id << " is not listed";
    return ClientState::Gone;
}

int faultCodeOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Fault& fault) {
        return fault.code();
    }
    return 0;
}

}  // namespace

TEST(ClientRegistry, HelloListsTheClientConnectedWithWhatItSaid) {
    TestClock clock;
    ClientRegistry registry(1000ms, clock.function());
    const std::string id = registry.hello(tool("asset-browser", 77, 5555));
    EXPECT_EQ(id.size(), 16u);
    const auto list = registry.clients();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].id, id);
    EXPECT_EQ(list[0].name, "asset-browser");
    EXPECT_EQ(list[0].pid, 77);
    EXPECT_EQ(list[0].port, 5555);
    EXPECT_EQ(list[0].state, ClientState::Connected);
    EXPECT_EQ(list[0].since, list[0].lastSeen);
    EXPECT_STREQ(toString(list[0].state), "connected");
}

TEST(ClientRegistry, SilencePastTwoAndAHalfIntervalsIsBusyPastFiveGoneAndAHeartbeatBringsItBack) {
    TestClock clock;
    ClientRegistry registry(1000ms, clock.function());
    const std::string id = registry.hello(tool());
    clock.now += 2500ms;
    EXPECT_EQ(stateOf(registry, id), ClientState::Connected);
    clock.now += 1ms;
    EXPECT_EQ(stateOf(registry, id), ClientState::Busy);
    clock.now += 2500ms;
    EXPECT_EQ(stateOf(registry, id), ClientState::Gone);
    EXPECT_FALSE(registry.heartbeat(id, false));
    EXPECT_EQ(stateOf(registry, id), ClientState::Connected);
}

TEST(ClientRegistry, AClientThatSaysItIsBusyIsBusyUntilItsNextHeartbeatSaysOtherwise) {
    TestClock clock;
    ClientRegistry registry(200ms, clock.function());
    const std::string id = registry.hello(tool());
    registry.heartbeat(id, true);
    EXPECT_EQ(stateOf(registry, id), ClientState::Busy);
    clock.now += 1001ms;  // past 5 intervals: gone, busy or not
    EXPECT_EQ(stateOf(registry, id), ClientState::Gone);
    registry.heartbeat(id, false);
    EXPECT_EQ(stateOf(registry, id), ClientState::Connected);
}

TEST(ClientRegistry, AClientGoneForAHundredAndTwentyIntervalsIsForgotten) {
    TestClock clock;
    ClientRegistry registry(100ms, clock.function());
    const std::string quiet = registry.hello(tool("quiet", 1));
    clock.now += 11s;
    const std::string alive = registry.hello(tool("alive", 2));
    clock.now += 1001ms;  // quiet: 12.001 s > 120 x 100 ms
    const auto list = registry.clients();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].id, alive);
    EXPECT_EQ(faultCodeOf([&] { registry.heartbeat(quiet, false); }), kUnknownClientFault);
}

TEST(ClientRegistry, GoodbyeRemovesTheClientAndUnknownIdsAreAFaultOfTheirOwn) {
    TestClock clock;
    ClientRegistry registry(1000ms, clock.function());
    const std::string id = registry.hello(tool());
    registry.goodbye(id);
    EXPECT_TRUE(registry.clients().empty());
    EXPECT_EQ(faultCodeOf([&] { registry.goodbye(id); }), kUnknownClientFault);
    EXPECT_EQ(faultCodeOf([&] { registry.heartbeat("nobody", false); }), kUnknownClientFault);
    EXPECT_EQ(faultCodeOf([&] { registry.command("nobody", ClientCommand::Reset); }), kUnknownClientFault);
}

TEST(ClientRegistry, HelloAgainFromTheSameProcessNameAndPortReplacesTheEntryWithANewId) {
    TestClock clock;
    ClientRegistry registry(1000ms, clock.function());
    const std::string first = registry.hello(tool("ui", 10, 9090));
    const std::string other = registry.hello(tool("ui", 11, 9091));
    const std::string again = registry.hello(tool("ui", 10, 9090));
    EXPECT_NE(first, again);
    const auto list = registry.clients();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].id, other);  // oldest first
    EXPECT_EQ(list[1].id, again);
    EXPECT_EQ(faultCodeOf([&] { registry.heartbeat(first, false); }), kUnknownClientFault);
}

TEST(ClientRegistry, ACommandForAClientWithoutAServerRidesOnItsNextHeartbeatOnce) {
    TestClock clock;
    ClientRegistry registry(1000ms, clock.function());
    const std::string id = registry.hello(tool("script", 5, 0));
    const ClientRegistry::Target target = registry.command(id, ClientCommand::Disconnect);
    EXPECT_EQ(target.port, 0);
    EXPECT_EQ(registry.heartbeat(id, false), ClientCommand::Disconnect);
    EXPECT_FALSE(registry.heartbeat(id, false));
}

TEST(ClientRegistry, ACommandForAClientWithAServerWaitsForTheCallAndFallsBackToTheHeartbeat) {
    TestClock clock;
    ClientRegistry registry(1000ms, clock.function());
    const std::string id = registry.hello(tool("tool", 6, 6000));
    const ClientRegistry::Target target = registry.command(id, ClientCommand::Reset);
    EXPECT_EQ(target.id, id);
    EXPECT_EQ(target.port, 6000);
    EXPECT_EQ(target.token, "secret");
    EXPECT_FALSE(registry.heartbeat(id, false)) << "the call to its server is under way";
    registry.undelivered(id, ClientCommand::Reset);
    EXPECT_EQ(registry.heartbeat(id, false), ClientCommand::Reset);

    registry.command(id, ClientCommand::Disconnect);
    registry.delivered(id, ClientCommand::Disconnect);
    EXPECT_FALSE(registry.heartbeat(id, false)) << "delivered by the call: never twice";
    registry.undelivered("gone-meanwhile", ClientCommand::Reset);  // ignored
}
