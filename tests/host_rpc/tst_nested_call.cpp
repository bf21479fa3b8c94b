// Nested calls over real sockets: the host's main thread calls a peer (a stand-in UI server),
// and the peer calls a main-thread method of the host back before it answers.
#include <hostbridge/client.hpp>
#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/nested_call.hpp>
#include <hostbridge/server.hpp>

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "main_loop.hpp"

using namespace hostbridge;
using namespace std::chrono_literals;

namespace {

// A stand-in UI whose "confirm" asks the host for its current shot (a main-thread method)
// before answering: "yes:<shot>", or "fault:<code>" when the host could not answer.
class PeerUi {
public:
    PeerUi() {
        auto table = std::make_shared<MethodTable>();
        table->bind("confirm", [this](const std::string& question) {
            Client back(m_hostUrl, m_hostToken, 15s);
            const CallResult shot = back.call("scene.currentShot");
            if (!shot) return "fault:" + std::to_string(shot.fault().code());
            return "yes:" + question + ":" + shot.as<std::string>();
        });
        m_server.route("/", table);
        m_server.start();
    }
    void pointAt(const Host& host) {
        m_hostUrl = host.url();
        m_hostToken = host.token();
    }
    Client client() { return Client(m_server.url(), m_server.token(), 15s); }

private:
    std::string m_hostUrl, m_hostToken;  // set before any call
    Server m_server;
};

}  // namespace

TEST(NestedCall, AMainThreadMethodCallsThePeerWhichCallsTheHostBack) {
    test::MainLoop loop;
    Host host(loop.executor());
    PeerUi ui;
    Client uiClient = ui.client();
    host.bind("scene.currentShot", [] { return std::string("sh010"); }, {}, {Thread::Main});
    host.bind(
        "publish",
        [&] {
        const CallResult answer = callFromMainThread(host, uiClient, "confirm", {"publish?"});
        return answer ? answer.as<std::string>() : "fault:" + std::to_string(answer.fault().code());
        },
        {}, {Thread::Main});
    host.start();
    ui.pointAt(host);
    const CallResult published = Client(host.url(), host.token(), 30s).call("publish");
    ASSERT_TRUE(published) << published.fault().what();
    EXPECT_EQ(published.as<std::string>(), "yes:publish?:sh010");
}

TEST(NestedCall, CallsNestFromTheMainLoopItselfAndRepeat) {
    test::MainLoop loop;
    Host host(loop.executor());
    PeerUi ui;
    Client uiClient = ui.client();
    int served = 0;  // only the main thread touches it
    host.bind("scene.currentShot", [&] { return "sh0" + std::to_string(++served); }, {}, {Thread::Main});
    host.start();
    ui.pointAt(host);
    // Posted as the host's own main-thread code (e.g. a menu action), not from a handler.
    std::promise<std::vector<std::string>> answers;
    loop.executor()->post([&] {
        std::vector<std::string> got;
        for (int i = 0; i < 5; ++i) {
            const CallResult answer = callFromMainThread(host, uiClient, "confirm", {"q"});
            got.push_back(answer ? answer.as<std::string>() : answer.fault().what());
        }
        answers.set_value(got);
    });
    auto future = answers.get_future();
    ASSERT_EQ(future.wait_for(30s), std::future_status::ready);
    EXPECT_EQ(future.get(),
              (std::vector<std::string>{"yes:q:sh01", "yes:q:sh02", "yes:q:sh03", "yes:q:sh04", "yes:q:sh05"}));
}

TEST(NestedCall, WithoutItTheCallBackWaitsForTheDeadlineAndGetsBusy) {
    // The trap callFromMainThread avoids, shown bounded: a plain blocking call from the main
    // thread leaves the peer's call-back queued until the deadline.
    test::MainLoop loop;
    HostOptions options;
    options.mainThreadTimeout = 300ms;
    Host host(loop.executor(), options);
    PeerUi ui;
    Client uiClient = ui.client();
    host.bind("scene.currentShot", [] { return std::string("sh010"); }, {}, {Thread::Main});
    host.bind("publishBlocking", [&] { return uiClient.call("confirm", "publish?").as<std::string>(); }, {},
              {Thread::Main});
    host.start();
    ui.pointAt(host);
    const CallResult published = Client(host.url(), host.token(), 30s).call("publishBlocking");
    ASSERT_TRUE(published) << published.fault().what();
    EXPECT_EQ(published.as<std::string>(), "fault:" + std::to_string(FaultCode::Busy));
}

TEST(NestedCall, APeerFaultOrAnUnreachablePeerIsTheOutcomeNotAHang) {
    test::MainLoop loop;
    Host host(loop.executor());
    PeerUi ui;
    Client uiClient = ui.client();
    host.start();
    std::promise<CallResult> missing, unreachable;
    loop.executor()->post([&] {
        missing.set_value(callFromMainThread(host, uiClient, "noSuchMethod"));
        Client nobody("http://127.0.0.1:1/", "x", 5s);  // port 1: nothing listens there
        unreachable.set_value(callFromMainThread(host, nobody, "confirm", {"q"}));
    });
    auto first = missing.get_future();
    auto second = unreachable.get_future();
    ASSERT_EQ(first.wait_for(30s), std::future_status::ready);
    ASSERT_EQ(second.wait_for(30s), std::future_status::ready);
    EXPECT_EQ(first.get().fault().code(), FaultCode::MethodNotFound);
    EXPECT_EQ(second.get().fault().code(), FaultCode::TransportError);
}
