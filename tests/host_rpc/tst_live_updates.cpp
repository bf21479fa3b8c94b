// Live updates, notices and questions from a Host to stand_in_ui.py (the UI's stand-in, Python
// stdlib) over loopback, on free test ports: records and progress of a running plug-in arrive
// while it runs, in order, with the Result's indices; a dead (killed) or deaf (stopped) UI
// does not slow the plug-in down, and every update is counted as dropped; a full queue drops
// and counts; nothing is sent or counted without a link; notices arrive; ask answers the UI's
// choice, the default on the UI's timeout, on the host's own timeout and without a UI; ask
// from the main thread serves the UI's call-back into /pyblish.
#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/publishing_service.hpp>
#include <hostbridge/host_rpc/pumped_executor.hpp>
#include <hostbridge/host_rpc/ui_link.hpp>

#include <gtest/gtest.h>

#include "main_loop.hpp"
#include "stand_in_ui.hpp"
#include "unused_port.hpp"

#include <algorithm>
#include <future>
#include <iostream>

using namespace hostbridge;
using namespace hostbridge::publish;
using namespace hostbridge::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

double wallNow() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// Every update the stand-in received, flattened, in the order of arrival; with `arrivals`,
// each one's wall-clock arrival time.
Array receivedUpdates(std::uint16_t uiPort, std::vector<double>* arrivals = nullptr) {
    Array updates;
    for (const Value& call : calls(uiPort, "publish_update"))
        for (const Value& update : call.asArray()[3].asArray()) {
            updates.push_back(update);
            if (arrivals) arrivals->push_back(call.asArray()[4].asDouble());
        }
    return updates;
}

void configure(std::uint16_t uiPort, Struct settings) {
    Client client = standInClient(uiPort);
    ASSERT_TRUE(client.call("stand_in.configure", settings));
}

// A host with the publishing service, linked to a stand-in UI it launched; the test's own
// thread plays the main thread for direct Publisher calls.
struct LinkedHost {
    Reaper reaper;
    std::uint16_t uiPort = hostbridge::testing::unusedLoopbackPort();
    std::shared_ptr<PluginRegistry> registry = std::make_shared<PluginRegistry>();
    std::shared_ptr<Publisher> publisher;
    std::unique_ptr<Host> host;
    std::unique_ptr<PublishingService> service;

    explicit LinkedHost(std::shared_ptr<Executor> executor = std::make_shared<PumpedExecutor>(), bool link = true,
                        std::size_t pushCapacity = 10000) {
        HostOptions options;
        options.mainThreadTimeout = 1000ms;
        options.writeConnectionFile = false;
        host = std::make_unique<Host>(std::move(executor), options);
        registry->add(makePlugin());
        publisher = std::make_shared<Publisher>(registry, PublisherOptions{"test", {}});
        service = std::make_unique<PublishingService>(*host, publisher);
        host->start();
        if (!link) return;
        UiLinkOptions ui = standInOptions(uiPort);
        ui.pushCapacity = pushCapacity;
        ui.keepAlive = false;
        ui.askMargin = 500ms;
        UiLink& uiLink = host->linkUi(ui);
        uiLink.connect();
        EXPECT_TRUE(uiLink.waitFor([](UiLinkState s) { return s == UiLinkState::Connected; }, 20s))
            << uiLink.status().lastError;
        reaper.pids.push_back(uiLink.status().uiPid);
    }
    ~LinkedHost() { host->stop(); }

    // "Work": a context plug-in of `steps` steps of `stepTime`, each a record and a progress;
    // `during(step)` runs inside process() after each step.
    std::function<void(int)> during;
    int steps = 20;
    std::chrono::milliseconds stepTime{100};
    Plugin makePlugin() {
        return Plugin::forContext("Work", order::kExtractor, [this](Context&, Logger& log) {
            for (int step = 1; step <= steps; ++step) {
                std::this_thread::sleep_for(stepTime);
                log.info("step " + std::to_string(step));
                log.progress(step, steps, "part " + std::to_string(step));
                if (during) during(step);
            }
        });
    }
    std::string workId() const { return publisher->plugins().at(0).id(); }
    UiLink& link() { return *host->uiLink(); }
    // Bounded wait until every pushed item has been either sent or dropped.
    void settle(std::uint64_t items) {
        for (int i = 0; i < 200 && link().sentUpdates() + link().droppedUpdates() < items; ++i)
            std::this_thread::sleep_for(25ms);
    }
};

}  // namespace

TEST(LiveUpdates, ArriveWhileThePluginRunsInOrderWithTheResultsIndices) {
    LinkedHost fixture;
    int seenDuringRun = -1;  // how many updates the stand-in held when step 15 finished
    fixture.during = [&](int step) {
        if (step != 15) return;
        // Inside process(): the earlier steps' updates must already be at the UI.
        for (int i = 0; i < 40 && static_cast<int>(receivedUpdates(fixture.uiPort).size()) < 20; ++i)
            std::this_thread::sleep_for(25ms);
        seenDuringRun = static_cast<int>(receivedUpdates(fixture.uiPort).size());
    };
    const double started = wallNow();
    const Result result = fixture.publisher->process(fixture.workId());
    const double returned = wallNow();
    ASSERT_TRUE(result.success);
    EXPECT_GE(seenDuringRun, 20);  // at least the records and progress of steps 1-10

    fixture.settle(40);
    std::vector<double> arrivals;
    const Array updates = receivedUpdates(fixture.uiPort, &arrivals);
    ASSERT_EQ(updates.size(), 40u);
    EXPECT_EQ(fixture.link().droppedUpdates(), 0u);
    std::vector<double> latencies;
    for (std::size_t i = 0; i < updates.size(); ++i) {
        const Value& update = updates[i];
        EXPECT_EQ(update.at("plugin").asString(), fixture.workId());
        EXPECT_TRUE(update.at("instance").isNil());
        const int step = static_cast<int>(i / 2) + 1;
        if (i % 2 == 0) {
            ASSERT_EQ(update.at("kind").asString(), "record");
            EXPECT_EQ(update.at("index").asInt(), step - 1);
            const Value& record = update.at("record");
            EXPECT_TRUE(record == recordToValue(result.records.at(step - 1))) << i;
            latencies.push_back(arrivals[i] - record.at("created").asDouble());
        } else {
            ASSERT_EQ(update.at("kind").asString(), "progress");
            EXPECT_EQ(update.at("done").asInt(), step);
            EXPECT_EQ(update.at("total").asInt(), 20);
            EXPECT_EQ(update.at("message").asString(), "part " + std::to_string(step));
        }
    }
    // The first step's updates arrived long before process() returned (it ran ~2 s).
    EXPECT_LT(arrivals.front(), returned - 1.0);
    std::sort(latencies.begin(), latencies.end());
    std::cout << "process() ran " << (returned - started) << " s; record latency to the UI: median "
              << latencies[latencies.size() / 2] * 1000 << " ms, max " << latencies.back() * 1000 << " ms" << std::endl;
    EXPECT_LT(latencies[latencies.size() / 2], 0.5);
}

TEST(LiveUpdates, ADeadOrDeafUiCostsThePluginNothingButCountedDrops) {
    // Baseline: no link at all; nothing is pushed or counted.
    LinkedHost unlinked(std::make_shared<PumpedExecutor>(), false);
    unlinked.steps = 200;
    unlinked.stepTime = 5ms;
    const Result alone = unlinked.publisher->process(unlinked.workId());
    EXPECT_EQ(unlinked.host->uiLink(), nullptr);

    LinkedHost fixture;
    fixture.steps = 200;
    fixture.stepTime = 5ms;
    const int pid = fixture.link().status().uiPid;

    // Deaf: the UI's process is stopped, so connections are accepted and calls time out (2 s).
    ASSERT_EQ(::kill(pid, SIGSTOP), 0);
    const Result deaf = fixture.publisher->process(fixture.workId());
    fixture.settle(400);
    const std::uint64_t droppedDeaf = fixture.link().droppedUpdates();
    EXPECT_EQ(droppedDeaf, 400u);
    EXPECT_EQ(fixture.link().sentUpdates(), 0u);

    // Dead: the UI's process is killed, its port closed.
    ::kill(pid, SIGKILL);
    ::kill(pid, SIGCONT);
    for (int i = 0; i < 100 && listening(fixture.uiPort); ++i) std::this_thread::sleep_for(20ms);
    const Result dead = fixture.publisher->process(fixture.workId());
    fixture.settle(800);
    EXPECT_EQ(fixture.link().droppedUpdates(), 800u);
    EXPECT_EQ(fixture.link().sentUpdates(), 0u);

    std::cout << "200 steps of 5 ms, each a record and a progress: no UI " << alone.durationMs << " ms, deaf UI "
              << deaf.durationMs << " ms, dead UI " << dead.durationMs << " ms; dropped " << droppedDeaf << " + "
              << (fixture.link().droppedUpdates() - droppedDeaf) << std::endl;
    // Sleeping dominates; pushing may add microseconds per update, never a call's timeout.
    EXPECT_LT(deaf.durationMs, alone.durationMs * 1.3 + 50);
    EXPECT_LT(dead.durationMs, alone.durationMs * 1.3 + 50);
}

TEST(LiveUpdates, AFullQueueDropsAndCountsTheRestAndKeepsTheOrderOfWhatGoes) {
    LinkedHost fixture(std::make_shared<PumpedExecutor>(), true, 10);
    configure(fixture.uiPort, {{"update_delay", 0.3}});  // a slow UI
    fixture.steps = 100;
    fixture.stepTime = 0ms;
    fixture.publisher->process(fixture.workId());
    fixture.settle(200);
    const std::uint64_t sent = fixture.link().sentUpdates();
    const std::uint64_t dropped = fixture.link().droppedUpdates();
    EXPECT_EQ(sent + dropped, 200u);
    EXPECT_GT(dropped, 100u);  // 200 updates in microseconds; 10 fit in the queue
    const Array updates = receivedUpdates(fixture.uiPort);
    EXPECT_EQ(updates.size(), sent);
    int lastIndex = -1;
    for (const Value& update : updates)
        if (update.at("kind").asString() == "record") {
            EXPECT_GT(update.at("index").asInt(), lastIndex);
            lastIndex = static_cast<int>(update.at("index").asInt());
        }
}

TEST(Notices, ArriveWithTheHostsPort) {
    LinkedHost fixture;
    fixture.link().notify(NoticeLevel::Warning, "Cache", "3 frames missing");
    fixture.link().notify(NoticeLevel::Info, "Published", "Published 2 instances");
    fixture.settle(2);
    const Array notices = calls(fixture.uiPort, "notify");
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_EQ(notices[0].asArray()[2].asInt(), fixture.host->port());
    EXPECT_TRUE(notices[0].asArray()[3] ==
                Value(Struct{{"level", "warning"}, {"title", "Cache"}, {"message", "3 frames missing"}}));
    EXPECT_EQ(notices[1].asArray()[3].at("level").asString(), "info");
}

TEST(Questions, AnswerTheChoiceOrTheDefaultOnEitherTimeoutOrWithoutAUi) {
    LinkedHost fixture;
    UiQuestion question{"Overwrite v003?", {"Overwrite", "New version", "Cancel"}, "Cancel", 2000ms};
    configure(fixture.uiPort, {{"ask_answer", "New version"}});
    EXPECT_EQ(fixture.link().ask(question), "New version");
    const Array asked = calls(fixture.uiPort, "ask");
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_EQ(asked[0].asArray()[2].asInt(), fixture.host->port());
    EXPECT_TRUE(asked[0].asArray()[3] == Value(Struct{{"question", "Overwrite v003?"},
                                                      {"choices", Array{"Overwrite", "New version", "Cancel"}},
                                                      {"default", "Cancel"},
                                                      {"timeout", 2.0}}));

    // The UI answers the default itself when the question's timeout passes.
    configure(fixture.uiPort, {{"ask_delay", 10.0}});
    question.timeout = 300ms;
    auto before = Clock::now();
    EXPECT_EQ(fixture.link().ask(question), "Cancel");
    EXPECT_LT(Clock::now() - before, 3s);

    // A UI that never answers: the host's own timeout (question's + askMargin, 500 ms here),
    // then the default.
    configure(fixture.uiPort, {{"ask_ignore", true}});
    question.timeout = 100ms;
    before = Clock::now();
    EXPECT_EQ(fixture.link().ask(question), "Cancel");
    const auto waited = Clock::now() - before;
    EXPECT_GE(waited, question.timeout + 500ms - 50ms);
    EXPECT_LT(waited, question.timeout + 500ms + 2s);

    // The rules of a question are the caller's: errors, not defaults.
    EXPECT_THROW(fixture.link().ask(UiQuestion{"?", {"Only"}, "", 1000ms}), std::invalid_argument);
    EXPECT_THROW(fixture.link().ask(UiQuestion{"?", {"Yes", "No"}, "Maybe", 1000ms}), std::invalid_argument);
    EXPECT_THROW(fixture.link().ask(UiQuestion{"?", {"Yes", "No"}, "No", 0ms}), std::invalid_argument);
    EXPECT_THROW(fixture.link().ask(UiQuestion{"?", {"Yes", "Yes"}, "", 1000ms}), std::invalid_argument);
    EXPECT_THROW(fixture.link().ask(UiQuestion{"?", {"Yes", ""}, "", 1000ms}), std::invalid_argument);
    EXPECT_THROW(fixture.link().ask(UiQuestion{"?", {"Yes", "No"}, "No", std::chrono::hours(2)}),
                 std::invalid_argument);

    // A dead UI: the default at once.
    ::kill(fixture.link().status().uiPid, SIGKILL);
    for (int i = 0; i < 100 && listening(fixture.uiPort); ++i) std::this_thread::sleep_for(20ms);
    before = Clock::now();
    EXPECT_EQ(fixture.link().ask(UiQuestion{"Go?", {"Yes", "No"}, "No", 5000ms}), "No");
    EXPECT_LT(Clock::now() - before, 1s);

    // No link: the default at once (empty default: the first choice).
    LinkedHost unlinked(std::make_shared<PumpedExecutor>(), false);
    before = Clock::now();
    EXPECT_EQ(askFromMainThread(*unlinked.host, UiQuestion{"Go?", {"Yes", "No"}, "", 5000ms}), "Yes");
    EXPECT_LT(Clock::now() - before, 100ms);
}

TEST(Questions, FromTheMainThreadServeTheUisCallBackIntoPyblish) {
    MainLoop loop;
    LinkedHost fixture(loop.executor());
    // Before it answers, the UI calls context() on /pyblish: a main-thread method, while the
    // main thread waits in ask. A plain blocking call would leave it queued until Busy (1 s).
    configure(fixture.uiPort, {{"ask_callback", "context"}, {"ask_answer", "No"}, {"ask_delay", 0.2}});
    std::promise<std::string> answer;
    loop.executor()->post([&] {
        answer.set_value(askFromMainThread(*fixture.host, UiQuestion{"Publish anyway?", {"Yes", "No"}, "Yes", 3000ms}));
    });
    auto future = answer.get_future();
    ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
    EXPECT_EQ(future.get(), "No");
    const Array callbacks = calls(fixture.uiPort, "ask_callback");
    ASSERT_EQ(callbacks.size(), 1u);
    const Value& outcome = callbacks[0].asArray()[2];
    EXPECT_EQ(outcome.asArray()[0].asString(), "ok") << outcome.asArray()[1].asString();
    EXPECT_EQ(outcome.asArray()[1].at("name").asString(), "Context");
}

TEST(LiveUpdates, ThePublishersListenerOutlivesItsHost) {
    // The service's listener reaches the link through a weak hold on the Host's link slot: once the Host is
    // gone it finds no link, so the publisher still runs plug-ins (e.g. a headless publish).
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(Plugin::forContext("Log", 0, [](Context&, Logger& log) {
        log.info("still here");
        log.progress(1, 1);
    }));
    auto publisher = std::make_shared<Publisher>(registry, PublisherOptions{"test", {}});
    {
        HostOptions options;
        options.writeConnectionFile = false;
        Host host(std::make_shared<PumpedExecutor>(), options);
        PublishingService service(host, publisher);
        EXPECT_TRUE(publisher->liveListener());
    }
    const Result result = publisher->process(publisher->plugins().at(0).id());
    EXPECT_TRUE(result.success);
    ASSERT_EQ(result.records.size(), 1u);
}
