// Check 10: only registered methods are dispatched. Unknown names, system.shutdown and
// attribute-like names get MethodNotFound; introspection is on by default and can be switched
// off (multicall stays).

#include <gtest/gtest.h>

#include "counting_server.hpp"
#include "hostbridge/client.hpp"

using namespace std::chrono_literals;
using hostbridge::Array;
using hostbridge::FaultCode;
using hostbridge::Struct;
using hostbridge::Value;

TEST(Dispatch, UnregisteredNamesAreMethodNotFound) {
    CountingServer s;
    hostbridge::Client client(s.url("/RPC2"), s.token(), 5s);
    for (const std::string name :
         {"nope", "system.shutdown", "__init__", "echo.__class__", "echo.__call__", "__class__.__bases__", "Echo",
          "echo ", "system.methodHelp.__doc__", "../echo", "os.system", "eval", "system.exit"}) {
        SCOPED_TRACE(name);
        const auto result = client.callWithParams(name, Array{Value("ping")});
        ASSERT_TRUE(result.isFault());
        EXPECT_EQ(result.fault().code(), FaultCode::MethodNotFound) << result.fault().message();
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(Dispatch, SystemShutdownInsideMulticallIsMethodNotFound) {
    CountingServer s;
    hostbridge::Client client(s.url("/RPC2"), s.token(), 5s);
    const Array calls = {
        Struct{{"methodName", "system.shutdown"}, {"params", Array{}}},
        Struct{{"methodName", "echo.__class__"}, {"params", Array{}}},
        Struct{{"methodName", "system.multicall"}, {"params", Array{Value(Array{})}}},
        Struct{{"methodName", "add"}, {"params", Array{1, 2}}},
    };
    const auto result = client.callWithParams("system.multicall", Array{Value(calls)});
    ASSERT_TRUE(result) << result.fault().message();
    const Array& entries = result.value().asArray();
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].at("faultCode").asInt(), FaultCode::MethodNotFound);
    EXPECT_EQ(entries[1].at("faultCode").asInt(), FaultCode::MethodNotFound);
    EXPECT_TRUE(entries[2].find("faultCode")) << "multicall does not nest";
    EXPECT_EQ(entries[3], Value(Array{3}));
    EXPECT_EQ(s.handlerCalls(), 1);
    EXPECT_TRUE(s.server().running());
}

TEST(Dispatch, IntrospectionIsOnByDefault) {
    CountingServer s;
    hostbridge::Client client(s.url("/RPC2"), s.token(), 5s);
    const auto names = client.call("system.listMethods");
    ASSERT_TRUE(names) << names.fault().message();
    const auto list = names.as<std::vector<std::string>>();
    EXPECT_NE(std::find(list.begin(), list.end(), "echo"), list.end());
    EXPECT_EQ(std::find(list.begin(), list.end(), "system.shutdown"), list.end());
    EXPECT_TRUE(client.call("system.methodHelp", std::string("add")));
    EXPECT_TRUE(client.call("system.methodSignature", std::string("add")));
}

TEST(Dispatch, IntrospectionSwitchedOffIsMethodNotFound) {
    CountingServer s({}, /*introspection=*/false);
    hostbridge::Client client(s.url("/RPC2"), s.token(), 5s);
    const std::vector<std::pair<std::string, Array>> calls = {
        {"system.listMethods", {}},
        {"system.methodHelp", {Value("add")}},
        {"system.methodSignature", {Value("add")}},
    };
    for (const auto& [name, params] : calls) {
        SCOPED_TRACE(name);
        const auto result = client.callWithParams(name, params);
        ASSERT_TRUE(result.isFault());
        EXPECT_EQ(result.fault().code(), FaultCode::MethodNotFound);
    }
    // Multicall stays on, and does not reach introspection by the back door.
    const Array inner = {Struct{{"methodName", "system.listMethods"}, {"params", Array{}}},
                         Struct{{"methodName", "add"}, {"params", Array{2, 2}}}};
    const auto multi = client.callWithParams("system.multicall", Array{Value(inner)});
    ASSERT_TRUE(multi) << multi.fault().message();
    EXPECT_EQ(multi.value().at(0).at("faultCode").asInt(), FaultCode::MethodNotFound);
    EXPECT_EQ(multi.value().at(1), Value(Array{4}));
    EXPECT_TRUE(s.answersNormalCall());
}
