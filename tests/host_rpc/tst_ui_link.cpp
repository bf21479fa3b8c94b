// UiLink against stand_in_ui.py (a Python stdlib stand-in for hostbridge-ui) on free test
// ports, never 9090: launch with the token in the environment only, show
// with HostToken, heartbeats at the interval, hide and quit; reuse of a running UI; backoff
// while the UI is deaf and recovery after; relaunch after the UI is killed (keepAlive);
// squatters (a wrong ping, a socket that never answers) reported in bounded time, never used.
#include <hostbridge/client.hpp>
#include <hostbridge/connection_file.hpp>
#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/pumped_executor.hpp>
#include <hostbridge/host_rpc/ui_link.hpp>

#include <gtest/gtest.h>

#include "stand_in_ui.hpp"
#include "unused_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

extern char** environ;

using namespace hostbridge;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using namespace hostbridge::test;
namespace fs = std::filesystem;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

bool is(UiLinkState s, UiLinkState want) { return s == want; }

}  // namespace

TEST(UiLink, LaunchesShowsWithHostTokenHeartbeatsHidesAndQuits) {
    Reaper reaper;
    const std::uint16_t uiPort = hostbridge::testing::unusedLoopbackPort();
    auto loop = std::make_shared<PumpedExecutor>();
    Host host(loop);
    host.start();
    UiLinkOptions options = standInOptions(uiPort);
    UiLink& link = host.linkUi(options);
    EXPECT_EQ(host.uiLink().get(), &link);
    link.connect({{"ContextLabel", "shot010"}, {"WindowTitle", "Publish"}});
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Connected); }, 20s))
        << link.status().lastError;
    reaper.pids.push_back(link.status().uiPid);
    EXPECT_TRUE(link.status().launchedUi);
    EXPECT_EQ(link.status().launches, 1u);

    // The token is in the environment only, never on the command line.
    const auto info = ConnectionFile::read(uiFile(uiPort));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->pid, link.status().uiPid);
    EXPECT_EQ(info->token.size(), 64u);
    const std::string cmdline = readFile("/proc/" + std::to_string(link.status().uiPid) + "/cmdline");
    EXPECT_NE(cmdline.find("--port"), std::string::npos);
    EXPECT_EQ(cmdline.find(info->token), std::string::npos);
    EXPECT_EQ(cmdline.find(host.token()), std::string::npos);

    // show(hostPort, settings) with HostToken and HeartbeatInterval.
    const Array shows = calls(uiPort, "show");
    ASSERT_EQ(shows.size(), 1u);
    EXPECT_EQ(shows[0].asArray()[2].asInt(), host.port());
    const Value& settings = shows[0].asArray()[3];
    EXPECT_EQ(settings.at("HostToken").asString(), host.token());
    EXPECT_EQ(settings.at("ContextLabel").asString(), "shot010");
    EXPECT_EQ(settings.at("WindowTitle").asString(), "Publish");
    EXPECT_DOUBLE_EQ(settings.at("HeartbeatInterval").asDouble(), 0.1);

    // Heartbeats with the host's port at about the interval (generous bounds).
    for (int i = 0; i < 100 && calls(uiPort, "heartbeat").size() < 8; ++i) std::this_thread::sleep_for(50ms);
    const Array beats = calls(uiPort, "heartbeat");
    ASSERT_GE(beats.size(), 8u);
    for (const Value& b : beats) EXPECT_EQ(b.asArray()[2].asInt(), host.port());
    const double span = beats.back().asArray()[0].asDouble() - beats.front().asArray()[0].asDouble();
    EXPECT_GE(span / static_cast<double>(beats.size() - 1), 0.06);  // not spinning

    link.hide();
    for (int i = 0; i < 100 && calls(uiPort, "hide").empty(); ++i) std::this_thread::sleep_for(50ms);
    EXPECT_EQ(calls(uiPort, "hide").size(), 1u);
    const int pid = link.status().uiPid;
    link.quit();
    for (int i = 0; i < 200 && alive(pid); ++i) std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(alive(pid));
    EXPECT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Idle); }, 5s));

    const auto before = Clock::now();
    host.stop();  // stops the link: its thread joins promptly
    EXPECT_LT(Clock::now() - before, 3s);
    EXPECT_EQ(link.state(), UiLinkState::Stopped);
}

TEST(UiLink, ReusesAUiThatAlreadyRuns) {
    Reaper reaper;
    const std::uint16_t uiPort = hostbridge::testing::unusedLoopbackPort();
    const int pid = spawnStandIn(uiPort, "ui", std::string(64, 'u'));
    reaper.pids.push_back(pid);
    for (int i = 0; i < 100 && !fs::exists(uiFile(uiPort)); ++i) std::this_thread::sleep_for(50ms);
    UiLink link(kStandInHostPort, kStandInHostToken, standInOptions(uiPort));
    link.connect();
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Connected); }, 15s))
        << link.status().lastError;
    EXPECT_FALSE(link.status().launchedUi);
    EXPECT_EQ(link.status().launches, 0u);
    EXPECT_EQ(link.status().uiPid, pid);
    EXPECT_EQ(calls(uiPort, "show").size(), 1u);
    link.stop();
    // After stop no more heartbeats arrive: the UI learns the host is gone from their absence.
    const std::size_t after = calls(uiPort, "heartbeat").size();
    std::this_thread::sleep_for(400ms);
    EXPECT_EQ(calls(uiPort, "heartbeat").size(), after);
}

TEST(UiLink, BacksOffWhileTheUiIsDeafAndResumesAfter) {
    Reaper reaper;
    const std::uint16_t uiPort = hostbridge::testing::unusedLoopbackPort();
    UiLinkOptions options = standInOptions(uiPort);
    options.keepAlive = true;  // the process stays alive: backoff, never a second UI
    UiLink link(kStandInHostPort, kStandInHostToken, options);
    link.connect();
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Connected); }, 20s))
        << link.status().lastError;
    reaper.pids.push_back(link.status().uiPid);
    ASSERT_TRUE(standInClient(uiPort).call("stand_in.deaf", 4.0));
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Unreachable); }, 5s));
    const std::uint64_t start = link.status().heartbeats;
    std::this_thread::sleep_for(3s);  // at 100 ms that would be ~30 tries; backoff 200..800 ms gives ~6
    const std::uint64_t tries = link.status().heartbeats - start;
    EXPECT_GE(tries, 2u);
    EXPECT_LE(tries, 12u);
    // Back after the pause: heartbeats get through again, at the interval.
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Connected); }, 10s))
        << link.status().lastError;
    const std::size_t resumed = calls(uiPort, "heartbeat").size();
    for (int i = 0; i < 100 && calls(uiPort, "heartbeat").size() < resumed + 5; ++i) std::this_thread::sleep_for(50ms);
    EXPECT_GE(calls(uiPort, "heartbeat").size(), resumed + 5);
    EXPECT_EQ(link.status().launches, 1u);
    link.stop();
}

TEST(UiLink, KeepAliveRelaunchesAKilledUiAndShowsAgain) {
    Reaper reaper;
    const std::uint16_t uiPort = hostbridge::testing::unusedLoopbackPort();
    UiLinkOptions options = standInOptions(uiPort);
    options.keepAlive = true;
    UiLink link(kStandInHostPort, kStandInHostToken, options);
    link.connect({{"ContextLabel", "again"}});
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Connected); }, 20s))
        << link.status().lastError;
    const int first = link.status().uiPid;
    reaper.pids.push_back(first);
    ::kill(first, SIGKILL);
    for (int i = 0; i < 300 && !(link.status().launches == 2 && link.state() == UiLinkState::Connected); ++i)
        std::this_thread::sleep_for(50ms);
    ASSERT_EQ(link.status().launches, 2u) << link.status().lastError;
    ASSERT_EQ(link.state(), UiLinkState::Connected) << link.status().lastError;
    const int second = link.status().uiPid;
    reaper.pids.push_back(second);
    EXPECT_NE(second, first);
    const Array shows = calls(uiPort, "show");
    ASSERT_EQ(shows.size(), 1u);  // the new UI was shown again, with the same settings
    EXPECT_EQ(shows[0].asArray()[3].at("ContextLabel").asString(), "again");
    link.stop();
}

TEST(UiLink, ReportsASquatterWhosePingIsWrongAndLaunchesNothing) {
    Reaper reaper;
    const std::uint16_t uiPort = hostbridge::testing::unusedLoopbackPort();
    reaper.pids.push_back(spawnStandIn(uiPort, "wrong-ping", ""));
    ASSERT_TRUE(listening(uiPort));
    std::vector<std::string> logged;
    std::mutex logMutex;
    UiLinkOptions options = standInOptions(uiPort);
    options.log = [&](const std::string& m) {
        std::lock_guard lock(logMutex);
        logged.push_back(m);
    };
    UiLink link(kStandInHostPort, kStandInHostToken, options);
    link.connect();
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Squatter); }, 10s))
        << toString(link.state());
    EXPECT_NE(link.status().lastError.find("port " + std::to_string(uiPort)), std::string::npos)
        << link.status().lastError;
    EXPECT_NE(link.status().lastError.find("hostbridge-ui"), std::string::npos) << link.status().lastError;
    EXPECT_EQ(link.status().launches, 0u);
    EXPECT_FALSE(fs::exists(uiFile(uiPort)));
    std::lock_guard lock(logMutex);
    EXPECT_FALSE(logged.empty());
}

TEST(UiLink, KeepAliveLaunchesAUiOnceTheSquatterLeaves) {
    Reaper reaper;
    const std::uint16_t uiPort = hostbridge::testing::unusedLoopbackPort();
    const int squatter = spawnStandIn(uiPort, "wrong-ping", "");
    reaper.pids.push_back(squatter);
    ASSERT_TRUE(listening(uiPort));
    UiLinkOptions options = standInOptions(uiPort);
    options.keepAlive = true;
    options.maxBackoff = 400ms;
    UiLink link(kStandInHostPort, kStandInHostToken, options);
    link.connect();
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Squatter); }, 10s))
        << toString(link.state());
    EXPECT_EQ(link.status().launches, 0u);
    ::kill(squatter, SIGKILL);
    ::waitpid(squatter, nullptr, 0);
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Connected); }, 20s))
        << link.status().lastError;
    reaper.pids.push_back(link.status().uiPid);
    EXPECT_EQ(link.status().launches, 1u);
    EXPECT_EQ(calls(uiPort, "show").size(), 1u);
    link.stop();
}

TEST(UiLink, ReportsASquatterThatNeverAnswersInBoundedTime) {
    Reaper reaper;
    const std::uint16_t uiPort = hostbridge::testing::unusedLoopbackPort();
    reaper.pids.push_back(spawnStandIn(uiPort, "mute", ""));
    ASSERT_TRUE(listening(uiPort));
    UiLink link(kStandInHostPort, kStandInHostToken, standInOptions(uiPort));
    const auto before = Clock::now();
    link.connect();
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Squatter); }, 15s))
        << toString(link.state());
    EXPECT_LT(Clock::now() - before, 10s);
    EXPECT_EQ(link.status().launches, 0u);
    const auto stopping = Clock::now();
    link.stop();
    EXPECT_LT(Clock::now() - stopping, 3s);
}

TEST(UiLink, FailsClearlyWithoutAnExecutableAndStopsPromptly) {
    UiLinkOptions options = standInOptions(hostbridge::testing::unusedLoopbackPort());
    options.locator.explicitPath = "/nonexistent/hostbridge-ui";
    options.locator.getenv = [](const char*) -> const char* { return nullptr; };
    options.locator.useDefaultDirectories = false;
    options.locator.searchPath = false;
    UiLink link(kStandInHostPort, kStandInHostToken, options);
    link.connect();
    ASSERT_TRUE(link.waitFor([](UiLinkState s) { return is(s, UiLinkState::Failed); }, 10s));
    EXPECT_NE(link.status().lastError.find("/nonexistent/hostbridge-ui"), std::string::npos) << link.status().lastError;
    const auto before = Clock::now();
    link.stop();
    EXPECT_LT(Clock::now() - before, 1s);
}

TEST(UiLink, HostLinkUiNeedsAServingHost) {
    Host host(std::make_shared<PumpedExecutor>());
    EXPECT_THROW(host.linkUi(UiLinkOptions{}), std::logic_error);
}

// A linkUi() on one thread racing stop() on another: whichever wins, no link is left running
// for the stopped host (it would heartbeat a UI on behalf of a host that no longer serves).
TEST(UiLink, LinkUiRacingStopNeverLeavesALinkRunning) {
    for (int round = 0; round < 50; ++round) {
        Host host(std::make_shared<PumpedExecutor>());
        host.start();
        std::thread linker([&host] {
            try {
                host.linkUi(standInOptions(hostbridge::testing::unusedLoopbackPort()));
            } catch (const std::logic_error&) {
                // stop() came first: refused, as documented.
            }
        });
        host.stop();
        linker.join();
        if (const auto link = host.uiLink()) {
            EXPECT_EQ(link->state(), UiLinkState::Stopped) << "round " << round;
        }
    }
}
