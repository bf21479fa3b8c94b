// ToolLink against test_tool.py (Python stdlib), real processes on 127.0.0.1 port 0: launch and
// Port: wait, the token in the environment only, output lines in order, a tool killed with
// SIGKILL and restarted, a second request reusing it with a replay, a new link in the same
// process (a plug-in loaded again) and a new host process attaching, a host gone for good
// (the tool exits within its grace), stop (ask, SIGTERM, SIGKILL) and a tool with no Port: line.
#include <hostbridge/client.hpp>
#include <hostbridge/connection_file.hpp>
#include <hostbridge/host_rpc/tool_link.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

extern char** environ;

using namespace hostbridge;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

bool alive(int pid) {
    if (pid <= 0 || ::kill(pid, 0) != 0) return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

bool waitGone(int pid, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (alive(pid) && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
    return !alive(pid);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Tools a test started: killed at its end, whatever happened.
struct Reaper {
    std::vector<int> pids;
    ~Reaper() {
        for (int pid : pids)
            if (alive(pid)) ::kill(pid, SIGKILL);
    }
};

// The events a link received, for waiting on from the test's thread.
struct Events {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<ToolEvent> events;

    std::function<void(const ToolEvent&)> callback() {
        return [this](const ToolEvent& e) {
            {
                std::lock_guard lock(mutex);
                events.push_back(e);
            }
            changed.notify_all();
        };
    }
    bool waitFor(const std::function<bool(const std::vector<ToolEvent>&)>& predicate, std::chrono::seconds timeout) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, timeout, [&] { return predicate(events); });
    }
    std::vector<ToolEvent> snapshot() {
        std::lock_guard lock(mutex);
        return events;
    }
    std::vector<std::string> lines(ToolEventKind kind) {
        std::vector<std::string> found;
        for (const ToolEvent& e : snapshot())
            if (e.kind == kind) found.push_back(e.text);
        return found;
    }
};

std::size_t count(const std::vector<ToolEvent>& events, ToolEventKind kind) {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [&](const ToolEvent& e) { return e.kind == kind; }));
}

ToolOptions toolOptions(const std::string& tag, std::vector<std::string> extra = {}) {
    ToolOptions options;
    options.executable = HOSTBRIDGE_TEST_PYTHON;
    options.arguments = {TEST_TOOL, "--tag", tag};
    options.arguments.insert(options.arguments.end(), extra.begin(), extra.end());
    options.startTimeout = 30s;
    options.log = [](const std::string&) {};
    return options;
}

std::vector<std::string> numbered(const std::string& prefix, int n) {
    std::vector<std::string> lines;
    for (int i = 0; i < n; ++i) lines.push_back(prefix + " " + std::to_string(i));
    return lines;
}

}  // namespace

TEST(ToolIdentity, HashesExecutableArgumentsFolderAndEnvironment) {
    ToolOptions a = toolOptions("x");
    const std::string id = ToolLink::identityOf(a);
    EXPECT_EQ(id.size(), 16u);
    EXPECT_EQ(id, ToolLink::identityOf(toolOptions("x")));
    ToolOptions b = a;
    b.arguments.back() = "y";
    EXPECT_NE(ToolLink::identityOf(b), id);
    b = a;
    b.workingDirectory = "/tmp";
    EXPECT_NE(ToolLink::identityOf(b), id);
    b = a;
    b.environment["STUDIO"] = "1";
    EXPECT_NE(ToolLink::identityOf(b), id);
    b = a;
    b.arguments = {TEST_TOOL, "--tag", "", "x"};  // the same characters, split differently
    EXPECT_NE(ToolLink::identityOf(b), id);
    b = a;
    b.keepAlive = true;  // how it is held is not what it is
    b.startTimeout = 1s;
    EXPECT_EQ(ToolLink::identityOf(b), id);
}

TEST(ToolLink, LaunchesWaitsForPortAndAnswersWithTheTokenOnlyInTheEnvironment) {
    Reaper reaper;
    Events events;
    ToolOptions options = toolOptions("launch");
    const std::string folder = std::filesystem::temp_directory_path().string();
    options.workingDirectory = folder;
    options.environment["STUDIO_SHOW"] = "sh010";
    options.onEvent = events.callback();
    ToolLink link(options);
    EXPECT_EQ(link.status().state, ToolState::Idle);
    link.start();
    ASSERT_TRUE(link.waitForPort(30s)) << link.status().lastError;
    const ToolStatus status = link.status();
    reaper.pids.push_back(status.pid);
    EXPECT_EQ(status.state, ToolState::Running);
    EXPECT_EQ(status.launches, 1u);
    EXPECT_FALSE(status.attached);

    Client client = link.client(10s);
    const CallResult ping = client.call("ping");
    ASSERT_TRUE(ping) << ping.fault().message();
    EXPECT_EQ(ping.value().at("pid").asInt(), status.pid);
    EXPECT_EQ(std::filesystem::canonical(ping.value().at("cwd").asString()), std::filesystem::canonical(folder));
    EXPECT_EQ(client.call("env", "STUDIO_SHOW").as<std::string>(), "sh010");
    EXPECT_EQ(client.call("env", "HOSTBRIDGE_HOST_PID").as<std::string>(), std::to_string(::getpid()));
    EXPECT_EQ(client.call("env", "HOSTBRIDGE_TOOL_RECORD").as<std::string>(), ToolLink::recordPath(link.identity()));
    EXPECT_EQ(client.call("env", "HOSTBRIDGE_HOST_GRACE").as<std::string>(), "10");

    // The token: in its environment and the 0600 record, never on its command line.
    const std::string token = client.call("env", "HOSTBRIDGE_TOKEN").as<std::string>();
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(readFile("/proc/" + std::to_string(status.pid) + "/cmdline").find(token), std::string::npos);
    const auto record = ConnectionFile::read(ToolLink::recordPath(link.identity()));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->kind, "tool");
    EXPECT_EQ(record->pid, status.pid);
    EXPECT_EQ(record->port, status.port);
    EXPECT_EQ(record->token, token);
    EXPECT_EQ(Client("http://127.0.0.1:" + std::to_string(status.port) + "/", "wrong", 5s).call("ping").fault().code(),
              static_cast<int>(FaultCode::HttpError));

    ASSERT_TRUE(events.waitFor([](auto& e) { return count(e, ToolEventKind::Port) == 1; }, 10s));
    const auto seen = events.snapshot();
    EXPECT_EQ(seen.front().kind, ToolEventKind::Started);
    EXPECT_EQ(seen.front().pid, status.pid);
    EXPECT_FALSE(seen.front().replayed);

    link.stop();
    ASSERT_TRUE(link.waitFor([](ToolState s) { return s == ToolState::Stopped; }, 30s));
    EXPECT_TRUE(waitGone(status.pid, 5s));
    EXPECT_FALSE(std::filesystem::exists(ToolLink::recordPath(link.identity())));
    ASSERT_TRUE(events.waitFor([](auto& e) { return count(e, ToolEventKind::Stopped) == 1; }, 10s));
}

TEST(ToolLink, HandsOnStdoutAndStderrLinesInOrder) {
    Reaper reaper;
    Events events;
    ToolOptions options = toolOptions("lines", {"--lines", "500"});
    options.onEvent = events.callback();
    ToolLink link(options);
    link.start();
    ASSERT_TRUE(link.waitForPort(30s)) << link.status().lastError;
    reaper.pids.push_back(link.status().pid);
    ASSERT_TRUE(link.client(10s).call("say", Array{"later 0", "later 1"}, "stdout"));
    ASSERT_TRUE(link.client(10s).call("say", Array{"oops"}, "stderr"));
    ASSERT_TRUE(events.waitFor(
        [](auto& e) { return count(e, ToolEventKind::Stdout) == 502 && count(e, ToolEventKind::Stderr) == 501; }, 20s));
    std::vector<std::string> out = numbered("out", 500), err = numbered("err", 500);
    out.insert(out.end(), {"later 0", "later 1"});
    err.push_back("oops");
    EXPECT_EQ(events.lines(ToolEventKind::Stdout), out);
    EXPECT_EQ(events.lines(ToolEventKind::Stderr), err);
    // Every stdout line came before the Port: line (the tool printed it last, then "later").
    const auto seen = events.snapshot();
    const auto port = std::find_if(seen.begin(), seen.end(), [](auto& e) { return e.kind == ToolEventKind::Port; });
    ASSERT_NE(port, seen.end());
    EXPECT_EQ(port->text, "Port:" + std::to_string(link.status().port));
    EXPECT_EQ(std::count_if(seen.begin(), port, [](auto& e) { return e.kind == ToolEventKind::Stdout; }), 500);
    for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_LT(seen[i - 1].sequence, seen[i].sequence);
    link.stop();
    EXPECT_TRUE(link.waitFor([](ToolState s) { return s == ToolState::Stopped; }, 30s));
}

TEST(ToolLink, KeptAliveToolKilledWithSigkillIsRestarted) {
    Reaper reaper;
    Events events;
    ToolOptions options = toolOptions("restart");
    options.keepAlive = true;
    options.onEvent = events.callback();
    ToolLink link(options);
    link.start();
    ASSERT_TRUE(link.waitForPort(30s)) << link.status().lastError;
    const ToolStatus first = link.status();
    reaper.pids.push_back(first.pid);
    ASSERT_EQ(::kill(first.pid, SIGKILL), 0);
    ASSERT_TRUE(events.waitFor([](auto& e) { return count(e, ToolEventKind::Port) == 2; }, 30s));
    const ToolStatus second = link.status();
    reaper.pids.push_back(second.pid);
    EXPECT_NE(second.pid, first.pid);
    EXPECT_NE(second.port, 0);
    EXPECT_EQ(second.restarts, 1u);
    EXPECT_EQ(second.launches, 2u);
    EXPECT_EQ(second.state, ToolState::Running);
    std::vector<ToolEventKind> kinds;
    for (const ToolEvent& e : events.snapshot()) kinds.push_back(e.kind);
    const std::vector<ToolEventKind> want{ToolEventKind::Started, ToolEventKind::Port, ToolEventKind::Exited,
                                          ToolEventKind::Restarted, ToolEventKind::Port};
    EXPECT_EQ(kinds, want);
    const CallResult ping = link.client(10s).call("ping");
    ASSERT_TRUE(ping);
    EXPECT_EQ(ping.value().at("pid").asInt(), second.pid);

    // A crash through its own function: the same again, with a longer backoff.
    ASSERT_FALSE(link.client(5s).call("crash"));
    ASSERT_TRUE(events.waitFor([](auto& e) { return count(e, ToolEventKind::Port) == 3; }, 30s));
    reaper.pids.push_back(link.status().pid);
    EXPECT_EQ(link.status().restarts, 2u);
    link.stop();
    EXPECT_TRUE(link.waitFor([](ToolState s) { return s == ToolState::Stopped; }, 30s));
    EXPECT_EQ(link.status().restarts, 2u);  // asked to go: not restarted
}

TEST(ToolLink, SecondRequestReusesTheToolAndReceivesAReplay) {
    Reaper reaper;
    Events first, second;
    ToolOptions options = toolOptions("reuse", {"--lines", "20"});
    options.onEvent = first.callback();
    ToolLink a(options);
    a.start();
    ASSERT_TRUE(a.waitForPort(30s)) << a.status().lastError;
    reaper.pids.push_back(a.status().pid);
    ASSERT_TRUE(first.waitFor([](auto& e) { return count(e, ToolEventKind::Stderr) == 20; }, 20s));

    options.onEvent = second.callback();
    ToolLink b(options);
    EXPECT_EQ(b.identity(), a.identity());
    b.start();
    ASSERT_TRUE(b.waitForPort(10s));
    EXPECT_EQ(b.status().pid, a.status().pid);
    EXPECT_EQ(b.status().launches, 1u);
    const std::size_t kept = a.history().size();
    ASSERT_TRUE(second.waitFor([&](auto& e) { return e.size() >= kept; }, 10s));
    auto replay = second.snapshot();
    auto original = first.snapshot();
    ASSERT_GE(replay.size(), kept);
    for (std::size_t i = 0; i < kept; ++i) {
        EXPECT_TRUE(replay[i].replayed);
        EXPECT_FALSE(original[i].replayed);
        EXPECT_EQ(replay[i].kind, original[i].kind);
        EXPECT_EQ(replay[i].text, original[i].text);
        EXPECT_EQ(replay[i].sequence, original[i].sequence);
    }
    // New events reach both links, not as a replay.
    ASSERT_TRUE(a.client(10s).call("say", Array{"both"}, "stdout"));
    for (Events* events : {&first, &second})
        ASSERT_TRUE(
            events->waitFor([](auto& e) { return !e.empty() && e.back().text == "both" && !e.back().replayed; }, 10s));
    // One link letting go leaves the tool to the other.
    b.detach();
    EXPECT_EQ(b.status().state, ToolState::Detached);
    EXPECT_TRUE(alive(a.status().pid));
    EXPECT_TRUE(a.client(10s).call("ping"));
    a.stop();
    EXPECT_TRUE(a.waitFor([](ToolState s) { return s == ToolState::Stopped; }, 30s));
}

TEST(ToolLink, NewLinkInTheSameProcessAttachesAfterAReload) {
    Reaper reaper;
    ToolOptions options = toolOptions("reload", {"--lines", "5"});
    int pid = 0;
    std::uint16_t port = 0;
    {
        ToolLink before(options);  // the plug-in, before it is unloaded
        before.start();
        ASSERT_TRUE(before.waitForPort(30s)) << before.status().lastError;
        pid = before.status().pid;
        port = before.status().port;
        reaper.pids.push_back(pid);
    }  // unloaded: detached, the tool runs on
    EXPECT_TRUE(alive(pid));
    Events events;
    options.onEvent = events.callback();
    ToolLink after(options);
    after.start();
    ASSERT_TRUE(after.waitForPort(10s)) << after.status().lastError;
    const ToolStatus status = after.status();
    EXPECT_TRUE(status.attached);
    EXPECT_EQ(status.pid, pid);
    EXPECT_EQ(status.port, port);
    EXPECT_EQ(status.launches, 0u);
    const CallResult ping = after.client(10s).call("ping");
    ASSERT_TRUE(ping) << ping.fault().message();
    EXPECT_EQ(ping.value().at("pid").asInt(), pid);
    // What it wrote before the reload comes again from its output files.
    ASSERT_TRUE(events.waitFor([](auto& e) { return count(e, ToolEventKind::Stderr) == 5; }, 10s));
    EXPECT_EQ(events.lines(ToolEventKind::Stdout), numbered("out", 5));
    EXPECT_EQ(events.snapshot().front().kind, ToolEventKind::Attached);
    after.stop();
    EXPECT_TRUE(after.waitFor([](ToolState s) { return s == ToolState::Stopped; }, 30s));
    EXPECT_TRUE(waitGone(pid, 5s));
}

TEST(ToolLink, StopEndsAToolThatIgnoresTheAskAndSigterm) {
    Reaper reaper;
    ToolOptions options = toolOptions("stubborn", {"--stubborn"});
    options.stopTimeout = 500ms;
    ToolLink link(options);
    link.start();
    ASSERT_TRUE(link.waitForPort(30s)) << link.status().lastError;
    const int pid = link.status().pid;
    reaper.pids.push_back(pid);
    const auto before = Clock::now();
    link.stop();
    ASSERT_TRUE(link.waitFor([](ToolState s) { return s == ToolState::Stopped; }, 30s));
    EXPECT_GE(Clock::now() - before, 1000ms);  // the ask and SIGTERM were each waited for
    EXPECT_FALSE(alive(pid));
}

TEST(ToolLink, ToolWithoutAPortLineFailsAfterTheStartTimeout) {
    Reaper reaper;
    Events events;
    ToolOptions options = toolOptions("noport", {"--no-port", "--lines", "1"});
    options.startTimeout = 700ms;
    options.stopTimeout = 500ms;
    options.onEvent = events.callback();
    ToolLink link(options);
    link.start();
    EXPECT_FALSE(link.waitForPort(30s));
    ASSERT_TRUE(link.waitFor([](ToolState s) { return s == ToolState::Failed; }, 30s));
    EXPECT_NE(link.status().lastError.find("no Port: line within 700 ms"), std::string::npos);
    ASSERT_TRUE(events.waitFor([](auto& e) { return count(e, ToolEventKind::Exited) == 1; }, 10s));
    EXPECT_EQ(events.lines(ToolEventKind::Stdout), numbered("out", 1));
    const auto seen = events.snapshot();
    EXPECT_TRUE(waitGone(seen.front().pid, 5s));
}

TEST(ToolLink, ALaunchThatCannotRunFails) {
    ToolOptions options = toolOptions("missing");
    options.executable = "/nonexistent/tool";
    ToolLink link(options);
    link.start();
    EXPECT_FALSE(link.waitForPort(10s));
    EXPECT_TRUE(link.waitFor([](ToolState s) { return s == ToolState::Failed; }, 10s));
    EXPECT_NE(link.status().lastError.find("/nonexistent/tool"), std::string::npos);
}

// tool_test_host: another host process holding the same tool.
namespace {

struct HostProcess {
    int pid = 0;
    int out = -1;  // its stdout
    int in = -1;   // its stdin
    ~HostProcess() { end(); }
    void end() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
        if (out >= 0) ::close(out);
        if (in >= 0) ::close(in);
        pid = 0;
        out = in = -1;
    }
    // "tool <pid> <port> <attached>", within `timeout`.
    std::string readLine(std::chrono::milliseconds timeout) {
        std::string line;
        const auto deadline = Clock::now() + timeout;
        char c = 0;
        while (Clock::now() < deadline) {
            pollfd p{out, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            if (::read(out, &c, 1) != 1) break;
            if (c == '\n') return line;
            line += c;
        }
        return line;
    }
};

void spawnHost(HostProcess& host, const std::string& tag, int graceMs) {
    int toHost[2], fromHost[2];
    ASSERT_EQ(::pipe2(toHost, O_CLOEXEC), 0);
    ASSERT_EQ(::pipe2(fromHost, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, toHost[0], 0);
    posix_spawn_file_actions_adddup2(&actions, fromHost[1], 1);
    std::vector<std::string> args{TOOL_TEST_HOST, HOSTBRIDGE_TEST_PYTHON, TEST_TOOL, tag, std::to_string(graceMs)};
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(toHost[0]);
    ::close(fromHost[1]);
    host.pid = pid;
    host.in = toHost[1];
    host.out = fromHost[0];
}

}  // namespace

TEST(ToolLink, RestartedHostProcessAttachesAndAToolWithoutHostExits) {
    Reaper reaper;
    const int grace = 3000;  // long enough for the second host to start and attach under load
    HostProcess first;
    spawnHost(first, "hosts", grace);
    int toolPid = 0, port = 0, attached = -1;
    const std::string line1 = first.readLine(60s);
    ASSERT_EQ(std::sscanf(line1.c_str(), "tool %d %d %d", &toolPid, &port, &attached), 3) << line1;
    reaper.pids.push_back(toolPid);
    EXPECT_EQ(attached, 0);
    first.end();  // the host process dies (SIGKILL): no goodbye, the tool runs on

    HostProcess second;
    spawnHost(second, "hosts", grace);
    int toolPid2 = 0, port2 = 0;
    const std::string line2 = second.readLine(60s);
    ASSERT_EQ(std::sscanf(line2.c_str(), "tool %d %d %d", &toolPid2, &port2, &attached), 3) << line2;
    EXPECT_EQ(toolPid2, toolPid);
    EXPECT_EQ(port2, port);
    EXPECT_EQ(attached, 1);
    // Held by the second host: alive well past the grace.
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * grace));
    EXPECT_TRUE(alive(toolPid));

    const auto gone = Clock::now();
    second.end();  // no host any more: the tool exits after its grace
    EXPECT_TRUE(waitGone(toolPid, std::chrono::milliseconds(grace) + 10s));
    EXPECT_GE(Clock::now() - gone, std::chrono::milliseconds(grace));
}
