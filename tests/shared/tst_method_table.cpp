// MethodTable: one-line binding, conversion of arguments and results, faults, introspection and
// multicall, all without a socket (through call() and handle()).
#include <hostbridge/method_table.hpp>

#include <gtest/gtest.h>

#include <cmath>

#include <atomic>
#include <thread>

#include "xml_codec.hpp"

using namespace hostbridge;

namespace {

int faultCodeOf(const std::function<void()>& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const Fault& fault) {
        if (message) *message = fault.what();
        return fault.code();
    }
    ADD_FAILURE() << "no fault";
    return 0;
}

int twice(int x) { return 2 * x; }

// handle() of a call with these parameters, decoded again.
std::variant<Value, Fault> handleCall(const MethodTable& table, const std::string& name, const Array& params) {
    return detail::parseResponse(table.handle(detail::encodeCall(name, params)));
}

}  // namespace

TEST(MethodTable, BindsAnyCallableInOneLine) {
    MethodTable table;
    table.bind(
        "add", [](int a, int b) { return a + b; }, "Adds.");
    table.bind("twice", &twice);
    table.bind("join", [](const std::vector<std::string>& parts, const std::string& glue) {
        std::string out;
        for (const auto& p : parts) out += (out.empty() ? "" : glue) + p;
        return out;
    });
    std::function<double(double)> half = [](double x) { return x / 2; };
    table.bind("half", half);
    int counter = 0;
    table.bind("bump", [&counter]() mutable { ++counter; });  // void result is nil

    EXPECT_EQ(table.call("add", {2, 3}), Value(5));
    EXPECT_EQ(table.call("twice", {21}), Value(42));
    EXPECT_EQ(table.call("join", {Array{"a", "b"}, "-"}), Value("a-b"));
    EXPECT_EQ(table.call("half", {3}), Value(1.5));  // an int is accepted for a double
    EXPECT_TRUE(table.call("bump", {}).isNil());
    EXPECT_EQ(counter, 1);
}

TEST(MethodTable, BindsAnUntypedFunctionAsItIsWithItsSignatures) {
    MethodTable table;
    // What the Python bindings bind: a function that takes the raw parameters itself.
    table.bind("count",
               UntypedFunction{[](const Array& params) { return Value(static_cast<int>(params.size())); },
                               {{"int"}, {"int", "any"}}},
               "count(...): how many parameters came.");
    EXPECT_EQ(table.call("count", {}), Value(0));
    EXPECT_EQ(table.call("count", {"a", 2, 3.0}), Value(3));  // no arity check: the function decides
    EXPECT_EQ(table.call("system.methodSignature", {"count"}), Value(Array{Array{"int"}, Array{"int", "any"}}));
    EXPECT_EQ(table.call("system.methodHelp", {"count"}), Value("count(...): how many parameters came."));
    EXPECT_THROW(table.bind("empty", UntypedFunction{}), std::invalid_argument);
}

TEST(MethodTable, WrongArityIsInvalidParams) {
    MethodTable table;
    table.bind("add", [](int a, int b) { return a + b; });
    std::string message;
    EXPECT_EQ(faultCodeOf([&] { table.call("add", {1}); }, &message), FaultCode::InvalidParams);
    EXPECT_EQ(message, "expected 2 parameters, got 1");
    EXPECT_EQ(faultCodeOf([&] { table.call("add", {1, 2, 3}); }), FaultCode::InvalidParams);
}

TEST(MethodTable, WrongTypeSaysWhichParameter) {
    MethodTable table;
    table.bind("greet", [](int times, const std::string& name) {
        return std::string(static_cast<std::size_t>(times), '!') + name;
    });
    std::string message;
    EXPECT_EQ(faultCodeOf([&] { table.call("greet", {2, 3}); }, &message), FaultCode::InvalidParams);
    EXPECT_EQ(message, "params[1]: expected string, got int");
    table.bind("names", [](const std::map<std::string, std::vector<std::string>>& m) { return m.size(); });
    EXPECT_EQ(faultCodeOf(
                  [&] {
        table.call("names", {Struct{{"rig", Array{"a", 5}}}});
                  },
                  &message),
              FaultCode::InvalidParams);
    EXPECT_EQ(message, "params[0].rig[1]: expected string, got int");
}

TEST(MethodTable, TrailingOptionalParametersMayBeLeftOut) {
    MethodTable table;
    table.bind("show", [](int port, std::optional<Struct> settings) {
        return Struct{{"port", port}, {"settings", settings ? Value(*settings) : Value()}};
    });
    EXPECT_TRUE(table.call("show", {9001}).at("settings").isNil());
    EXPECT_TRUE(table.call("show", {9001, Value()}).at("settings").isNil());
    EXPECT_EQ(table.call("show", {9001, Struct{{"a", 1}}}).at("settings").at("a"), Value(1));
    std::string message;
    faultCodeOf([&] { table.call("show", {}); }, &message);
    EXPECT_EQ(message, "expected 1 to 2 parameters, got 0");
}

TEST(MethodTable, HandlerFaultsKeepTheirCodeOtherExceptionsKeepTheirMessage) {
    MethodTable table;
    table.bind("fail", [](int code) -> int { throw Fault(code, "custom failure"); });
    table.bind("crash", []() -> int { throw std::runtime_error("disk full"); });
    table.bind("weird", []() -> int { throw 42; });
    std::string message;
    EXPECT_EQ(faultCodeOf([&] { table.call("fail", {7}); }, &message), 7);
    EXPECT_EQ(message, "custom failure");
    EXPECT_EQ(faultCodeOf([&] { table.call("crash", {}); }, &message), FaultCode::ApplicationError);
    EXPECT_EQ(message, "crash failed: disk full");
    EXPECT_EQ(faultCodeOf([&] { table.call("weird", {}); }), FaultCode::ApplicationError);
}

TEST(MethodTable, AResultThatCannotBeSentIsAnInternalError) {
    MethodTable table;
    table.bind("huge", []() { return std::uint64_t(1) << 63; });
    table.bind("nan", []() { return std::nan(""); });
    std::string message;
    EXPECT_EQ(faultCodeOf([&] { table.call("huge", {}); }, &message), FaultCode::InternalError);
    const auto outcome = handleCall(table, "nan", {});
    ASSERT_TRUE(std::holds_alternative<Fault>(outcome));
    EXPECT_EQ(std::get<Fault>(outcome).code(), FaultCode::InternalError);
}

TEST(MethodTable, UnknownNamesAndShutdownAreNotFound) {
    MethodTable table;
    table.bind("echo", [](const Value& v) { return v; });
    for (const char* name : {"nope", "system.shutdown", "__init__", "echo.__class__", "", "ECHO"})
        EXPECT_EQ(faultCodeOf([&] { table.call(name, {}); }), FaultCode::MethodNotFound) << name;
}

TEST(MethodTable, RefusesBadNamesAtBindTime) {
    MethodTable table;
    auto f = [] { return 1; };
    EXPECT_THROW(table.bind("", f), std::invalid_argument);
    EXPECT_THROW(table.bind("system.listMethods", f), std::invalid_argument);
    EXPECT_THROW(table.bind("has space", f), std::invalid_argument);
    EXPECT_NO_THROW(table.bind("scene.ls", f));
    EXPECT_NO_THROW(table.bind("find_available_port", f));
}

TEST(MethodTable, RebindReplacesAndUnbindRemoves) {
    MethodTable table;
    table.bind("v", [] { return 1; });
    table.bind("v", [] { return 2; });
    EXPECT_EQ(table.call("v", {}), Value(2));
    EXPECT_TRUE(table.unbind("v"));
    EXPECT_FALSE(table.unbind("v"));
    EXPECT_FALSE(table.unbind("system.multicall"));
    EXPECT_EQ(faultCodeOf([&] { table.call("v", {}); }), FaultCode::MethodNotFound);
}

TEST(MethodTable, IntrospectionListsHelpsAndSignsEveryMethod) {
    MethodTable table;
    table.bind(
        "add", [](int a, int b) { return a + b; }, "add(a, b): the sum.");
    table.bind(
        "show", [](int, std::optional<Struct>) { return true; }, "show(port[, settings])");
    table.bind("echo", [](const Value& v) { return v; });
    const Value names = table.call("system.listMethods", {});
    EXPECT_EQ(names, Value(Array{"add", "echo", "show", "system.listMethods", "system.methodHelp",
                                 "system.methodSignature", "system.multicall"}));
    EXPECT_EQ(table.call("system.methodHelp", {"add"}), Value("add(a, b): the sum."));
    EXPECT_EQ(table.call("system.methodSignature", {"add"}), Value(Array{Value(Array{"int", "int", "int"})}));
    EXPECT_EQ(table.call("system.methodSignature", {"show"}),
              Value(Array{Array{"boolean", "int"}, Array{"boolean", "int", "struct"}}));
    EXPECT_EQ(table.call("system.methodSignature", {"echo"}), Value(Array{Value(Array{"any", "any"})}));
    EXPECT_EQ(faultCodeOf([&] { table.call("system.methodHelp", {"nope"}); }), FaultCode::MethodNotFound);
}

TEST(MethodTable, IntrospectionCanBeSwitchedOff) {
    MethodTable table;
    table.bind("add", [](int a, int b) { return a + b; });
    table.setIntrospection(false);
    EXPECT_EQ(faultCodeOf([&] { table.call("system.listMethods", {}); }), FaultCode::MethodNotFound);
    EXPECT_EQ(faultCodeOf([&] { table.call("system.methodHelp", {"add"}); }), FaultCode::MethodNotFound);
    EXPECT_EQ(table.methodNames(), (std::vector<std::string>{"add", "system.multicall"}));
    EXPECT_EQ(table.call("add", {1, 1}), Value(2));
}

TEST(MethodTable, MulticallAnswersEachCallInOrder) {
    MethodTable table;
    table.bind("add", [](int a, int b) { return a + b; });
    table.bind("fail", []() -> int { throw Fault(9, "nine"); });
    // One parameter: the array of calls (Value(...) keeps the braces from copying the array).
    const Value results = table.call("system.multicall",
                                     Array{Value(Array{
                                         Struct{{"methodName", "add"}, {"params", Array{1, 2}}},
                                         Struct{{"methodName", "fail"}, {"params", Array{}}},
                                         Struct{{"methodName", "add"}, {"params", Array{"x", 2}}},
                                         Struct{{"methodName", "system.multicall"}, {"params", Array{Value(Array{})}}},
                                         Struct{{"params", Array{}}},
                                         Struct{{"methodName", "nope"}},
                                     })});
    const Array& r = results.asArray();
    ASSERT_EQ(r.size(), 6u);
    EXPECT_EQ(r[0], Value(Array{3}));
    EXPECT_EQ(r[1], Value(Struct{{"faultCode", 9}, {"faultString", "nine"}}));
    EXPECT_EQ(r[2].at("faultCode"), Value(static_cast<int>(FaultCode::InvalidParams)));
    EXPECT_EQ(r[2].at("faultString"), Value("params[0]: expected int, got string"));
    EXPECT_EQ(r[3].at("faultCode"), Value(static_cast<int>(FaultCode::InvalidRequest)));
    EXPECT_EQ(r[4].at("faultString"), Value("params[0][4].methodName: missing member"));
    EXPECT_EQ(r[5].at("faultCode"), Value(static_cast<int>(FaultCode::MethodNotFound)));
}

TEST(MethodTable, HandleTurnsXmlIntoXmlAndNeverThrows) {
    MethodTable table;
    table.bind("add", [](int a, int b) { return a + b; });
    EXPECT_EQ(std::get<Value>(handleCall(table, "add", {40, 2})), Value(42));
    for (const char* bad : {"", "garbage", "<methodCall>", "<!DOCTYPE x><methodCall/>"}) {
        const auto outcome = detail::parseResponse(table.handle(bad));
        ASSERT_TRUE(std::holds_alternative<Fault>(outcome)) << bad;
        EXPECT_EQ(std::get<Fault>(outcome).code(), FaultCode::ParseError) << bad;
    }
}

TEST(MethodTable, CallsRunConcurrentlyWhileMethodsAreBound) {
    MethodTable table;
    table.bind("inc", [](int x) { return x + 1; });
    std::atomic<bool> failed{false};
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t)
        callers.emplace_back([&] {
            for (int i = 0; i < 2000; ++i)
                if (table.call("inc", {i}) != Value(i + 1)) failed = true;
        });
    for (int i = 0; i < 200; ++i) table.bind("other" + std::to_string(i), [] { return 0; });
    for (auto& t : callers) t.join();
    EXPECT_FALSE(failed);
}
