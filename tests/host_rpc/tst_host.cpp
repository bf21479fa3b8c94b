// Host over real loopback sockets on port 0: token, routes (extra paths too), connection file, main-thread
// methods with a pumped main loop, a blocked main loop (ping answers, Busy at the deadline,
// the late call never runs), shutdown with calls pending, stop from a main-thread method; one
// bind for typed and untyped functions on both threads and any path.
#include <hostbridge/client.hpp>
#include <hostbridge/connection_file.hpp>
#include <hostbridge/host_rpc/host.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <sstream>
#include <thread>

#include "host_internals.hpp"
#include "main_loop.hpp"

using namespace hostbridge;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

bool fileExists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

std::string threadName(std::thread::id id) {
    std::ostringstream out;
    out << id;
    return out.str();
}

Client clientOf(const Host& host, const std::string& path = "/") { return Client(host.url(path), host.token(), 15s); }

}  // namespace

TEST(Host, ServesOnPortZeroWithATokenAndAConnectionFileRemovedOnStop) {
    test::MainLoop loop;
    Host host(loop.executor());
    EXPECT_FALSE(host.running());
    EXPECT_EQ(host.port(), 0);
    EXPECT_EQ(host.token().size(), 64u);
    host.start();
    ASSERT_TRUE(host.running());
    ASSERT_GT(host.port(), 0);
    EXPECT_EQ(host.url("/RPC2"), "http://127.0.0.1:" + std::to_string(host.port()) + "/RPC2");

    const std::string path = host.connectionFilePath();
    ASSERT_FALSE(path.empty());
    const auto info = ConnectionFile::read(path);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->kind, "host");
    EXPECT_EQ(info->port, host.port());
    EXPECT_EQ(info->token, host.token());
    EXPECT_EQ(info->url, host.url());

    for (const char* route : {"/", "/RPC2"}) {
        const CallResult pong = clientOf(host, route).call("ping");
        ASSERT_TRUE(pong) << route << ": " << pong.fault().what();
        EXPECT_TRUE(pong.value().find("message"));
    }
    const CallResult anonymous = Client(host.url(), {}, 15s).call("ping");
    ASSERT_FALSE(anonymous);
    EXPECT_NE(std::string(anonymous.fault().what()).find("401"), std::string::npos);
    const CallResult pyblish = clientOf(host, "/pyblish").call("ping");  // only once a bind at "/pyblish" made it
    ASSERT_FALSE(pyblish);
    EXPECT_NE(std::string(pyblish.fault().what()).find("404"), std::string::npos);

    host.stop();
    EXPECT_FALSE(host.running());
    EXPECT_EQ(host.port(), 0);
    EXPECT_FALSE(fileExists(path));
    EXPECT_TRUE(ConnectionFile::list("host").empty());
}

TEST(Host, ServesExtraPathsWithTheirOwnTablesAndTheToken) {
    test::MainLoop loop;
    Host host(loop.executor());
    host.bind("where", [] { return std::string("pyblish"); }, {}, {Thread::Connection, "/pyblish"});
    host.bind("onMain", [] { return threadName(std::this_thread::get_id()); }, {}, {Thread::Main, "/pyblish"});
    host.start();
    EXPECT_EQ(clientOf(host, "/pyblish").call("where").as<std::string>(), "pyblish");
    EXPECT_EQ(clientOf(host, "/pyblish").call("onMain").as<std::string>(), threadName(loop.id()));
    const CallResult elsewhere = clientOf(host, "/").call("where");  // tables do not mix
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.fault().code(), FaultCode::MethodNotFound);
    const CallResult anonymous = Client(host.url("/pyblish"), {}, 15s).call("where");
    ASSERT_FALSE(anonymous);
    EXPECT_NE(std::string(anonymous.fault().what()).find("401"), std::string::npos);

    // A path first used while serving is served from the next start().
    host.bind("here", [] { return true; }, {}, {Thread::Connection, "/late"});
    EXPECT_FALSE(clientOf(host, "/late").call("here"));
    host.stop();
    host.start();
    EXPECT_TRUE(clientOf(host, "/late").call("here").as<bool>());
    EXPECT_THROW(host.bind("there", [] { return true; }, {}, {Thread::Connection, "no-slash"}), std::invalid_argument);
}

TEST(Host, OneBindServesTypedAndUntypedFunctionsOnEitherThreadAtAnyPath) {
    test::MainLoop loop;
    Host host(loop.executor());
    // What the Python bindings bind: a function that converts its own parameters.
    UntypedFunction untyped{[](const Array& params) {
        return Value(threadName(std::this_thread::get_id()) + "/" + std::to_string(params.size()));
                            },
                            {{"string"}, {"string", "any"}}};
    host.bind("untyped.main", untyped, "untyped.main(...): the thread and the count", {Thread::Main, "/tools"});
    host.bind("untyped.server", untyped, "untyped.server(...)", {Thread::Connection, "/tools"});
    host.bind("typed.main", [](int x) { return threadName(std::this_thread::get_id()) + "/" + std::to_string(x); },
              "typed.main(x)", {Thread::Main, "/tools"});
    host.start();
    Client tools = clientOf(host, "/tools");
    EXPECT_EQ(tools.call("untyped.main", 1, 2).as<std::string>(), threadName(loop.id()) + "/2");
    EXPECT_NE(tools.call("untyped.server").as<std::string>(), threadName(loop.id()) + "/0");
    EXPECT_EQ(tools.call("typed.main", 7).as<std::string>(), threadName(loop.id()) + "/7");
    // Introspection lists an untyped function's own signatures, wherever it runs.
    const CallResult signatures = tools.call("system.methodSignature", "untyped.main");
    ASSERT_TRUE(signatures) << signatures.fault().what();
    EXPECT_EQ(signatures.value(), Value(Array{Array{"string"}, Array{"string", "any"}}));
    // Value(...) around the inner array: clang reads Array{Array{...}} with one element as a copy.
    EXPECT_EQ(tools.call("system.methodSignature", "typed.main").value(), Value(Array{Value(Array{"string", "int"})}));
    EXPECT_EQ(tools.call("system.methodHelp", "untyped.main").as<std::string>(),
              "untyped.main(...): the thread and the count");
    // The in-process call and the names see the same tables; unbind takes a method away.
    EXPECT_EQ(host.call("typed.main", {3}, "/tools").asString(), threadName(loop.id()) + "/3");
    const auto names = host.methodNames("/tools");
    EXPECT_NE(std::find(names.begin(), names.end(), "untyped.server"), names.end());
    EXPECT_TRUE(host.unbind("untyped.server", "/tools"));
    EXPECT_FALSE(host.unbind("untyped.server", "/tools"));
    EXPECT_FALSE(host.unbind("anything", "/never"));
    EXPECT_EQ(tools.call("untyped.server").fault().code(), FaultCode::MethodNotFound);
    EXPECT_TRUE(host.methodNames("/never").empty());
    EXPECT_THROW(host.call("ping", {}, "/never"), Fault);
}

TEST(Host, IntrospectionIsAnOptionAndTheMainThreadTimeoutASetter) {
    test::MainLoop loop;
    HostOptions options;
    options.introspection = false;
    options.mainThreadTimeout = 60s;
    Host host(loop.executor(), options);
    host.bind("work", [] { return true; }, {}, {Thread::Main, "/tools"});
    host.start();
    for (const char* path : {"/", "/tools"}) {
        const CallResult listed = clientOf(host, path).call("system.listMethods");
        ASSERT_FALSE(listed) << path;
        EXPECT_EQ(listed.fault().code(), FaultCode::MethodNotFound) << path;
    }
    host.setMainThreadTimeout(200ms);
    loop.block();
    const auto start = Clock::now();
    const CallResult busy = clientOf(host, "/tools").call("work");
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.fault().code(), FaultCode::Busy);
    EXPECT_LT(Clock::now() - start, 10s);  // not the 60 s the options said
    loop.release();
}

TEST(Host, StartsAgainAfterStopWithTheSameToken) {
    test::MainLoop loop;
    Host host(loop.executor());
    host.bind("twice", [](int x) { return 2 * x; }, {}, {Thread::Main});
    host.start();
    const std::string token = host.token();
    host.stop();
    host.start();
    EXPECT_EQ(host.token(), token);
    EXPECT_EQ(clientOf(host).call("twice", 21).as<int>(), 42);
}

TEST(Host, MainThreadMethodsRunOnTheMainThreadOthersOnServerThreads) {
    test::MainLoop loop;
    Host host(loop.executor());
    host.bind("where.main", [] { return threadName(std::this_thread::get_id()); }, "where.main(): the thread",
              {Thread::Main});
    host.bind(
        "where.server", [] { return threadName(std::this_thread::get_id()); }, "where.server(): the thread");
    host.start();
    Client client = clientOf(host);
    const CallResult main = client.call("where.main");
    ASSERT_TRUE(main) << main.fault().what();
    EXPECT_EQ(main.as<std::string>(), threadName(loop.id()));
    const CallResult server = client.call("where.server");
    ASSERT_TRUE(server) << server.fault().what();
    EXPECT_NE(server.as<std::string>(), threadName(loop.id()));
}

TEST(Host, IntrospectionListsAndDocumentsBoundMethods) {
    test::MainLoop loop;
    Host host(loop.executor());
    host.bind("scene.rename", [](const std::string& from, const std::string& to) { return from + to; },
              "scene.rename(from, to): renames a node.", {Thread::Main});
    host.start();
    Client client = clientOf(host);
    const auto names = client.call("system.listMethods").as<std::vector<std::string>>();
    EXPECT_NE(std::find(names.begin(), names.end(), "ping"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "scene.rename"), names.end());
    EXPECT_EQ(client.call("system.methodHelp", "scene.rename").as<std::string>(),
              "scene.rename(from, to): renames a node.");
    EXPECT_EQ(client.call("system.methodSignature", "scene.rename").value(),
              Value(Array{Value(Array{"string", "string", "string"})}));
    // multicall reaches main-thread methods too.
    const CallResult both =
        client.call("system.multicall", Array{Struct{{"methodName", "ping"}, {"params", Array{}}},
                                              Struct{{"methodName", "scene.rename"}, {"params", Array{"a", "b"}}}});
    ASSERT_TRUE(both) << both.fault().what();
    EXPECT_EQ(both.value().asArray().at(1), Value(Array{"ab"}));
}

TEST(Host, AnExceptionInAMainThreadMethodBecomesAFault) {
    test::MainLoop loop;
    Host host(loop.executor());
    host.bind("explode", []() -> int { throw std::runtime_error("the scene is locked"); }, {}, {Thread::Main});
    host.bind("refuse", []() -> int { throw Fault(12, "no such node"); }, {}, {Thread::Main});
    host.start();
    Client client = clientOf(host);
    const CallResult exploded = client.call("explode");
    ASSERT_FALSE(exploded);
    EXPECT_EQ(exploded.fault().code(), FaultCode::ApplicationError);
    EXPECT_STREQ(exploded.fault().what(), "explode failed: the scene is locked");
    const CallResult refused = client.call("refuse");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.fault().code(), 12);
    EXPECT_TRUE(client.call("ping"));  // the host lives on
}

TEST(Host, ABlockedMainThreadStillAnswersPingAndMainThreadCallsGetBusy) {
    test::MainLoop loop;
    HostOptions options;
    options.mainThreadTimeout = 300ms;
    Host host(loop.executor(), options);
    std::atomic<int> renames{0};
    host.bind("scene.rename", [&](const std::string&, const std::string&) { ++renames; }, {}, {Thread::Main});
    host.start();
    Client client = clientOf(host);
    ASSERT_TRUE(client.call("ping"));  // connection open before the clock starts

    loop.block();
    const auto pingStart = Clock::now();
    const CallResult pong = client.call("ping");
    const auto pinged = Clock::now() - pingStart;
    ASSERT_TRUE(pong) << pong.fault().what();
    EXPECT_LT(pinged, 1s);  // sanity bound: it never waited for the 300 ms deadline or the main thread

    const auto callStart = Clock::now();
    const CallResult busy = client.call("scene.rename", "a", "b");
    const auto waited = Clock::now() - callStart;
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.fault().code(), FaultCode::Busy);
    EXPECT_GE(waited, 300ms);
    EXPECT_LT(waited, 10s);

    loop.release();
    loop.drain();
    EXPECT_EQ(renames, 0);  // the cancelled call never ran against a caller who has gone
    ASSERT_TRUE(client.call("scene.rename", "a", "b"));
    EXPECT_EQ(renames, 1);
}

TEST(Host, StopFailsPendingMainThreadCallsFast) {
    test::MainLoop loop;
    HostOptions options;
    options.mainThreadTimeout = 60s;
    Host host(loop.executor(), options);
    std::atomic<int> ran{0};
    host.bind("work", [&] { ++ran; }, {}, {Thread::Main});
    host.start();
    loop.block();
    auto pending = std::async(std::launch::async, [&] { return clientOf(host).call("work"); });
    bool queued = false;
    for (int i = 0; i < 2000 && !queued; ++i) {
        queued = detail::HostInternals::mainThreadQueue(host).pendingCount() == 1;
        if (!queued) std::this_thread::sleep_for(1ms);
    }
    ASSERT_TRUE(queued);
    const auto start = Clock::now();
    host.stop();  // from a control thread while the main thread is blocked: must not wait for it
    EXPECT_LT(Clock::now() - start, 10s);
    ASSERT_EQ(pending.wait_for(10s), std::future_status::ready);
    const CallResult result = pending.get();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.fault().code(), FaultCode::ShuttingDown);
    loop.release();
    loop.drain();
    EXPECT_EQ(ran, 0);
}

TEST(Host, StopFromAMainThreadMethodDoesNotDeadlock) {
    test::MainLoop loop;
    Host host(loop.executor());
    std::promise<void> stopped;
    host.bind(
        "quit",
        [&] {
        host.stop();
        stopped.set_value();
        },
        {}, {Thread::Main});
    host.start();
    const CallResult result = clientOf(host).call("quit");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.fault().code(), FaultCode::ShuttingDown);
    ASSERT_EQ(stopped.get_future().wait_for(10s), std::future_status::ready);
    EXPECT_FALSE(host.running());
}

TEST(Host, RejectsANullExecutor) { EXPECT_THROW(Host(nullptr), std::invalid_argument); }
