// hostbridge-bench-tools: target P11 (a tool process). Two figures, each with its baseline in
// the same run:
//  - launch to first answered call: ToolLink (start, Port: line from the tool's output file,
//    client().call("ping")) against the same tool started with posix_spawn, its Port: line read
//    from a pipe and pinged directly (the tool's own start-up). Runs alternate; medians; the
//    target is the difference: <= 20 ms added.
//  - replay of 10,000 output lines to a second link in the same process (start() until its
//    callback has the last kept event): <= 50 ms. Reported beside it: a link in a fresh
//    registry entry attaching by the record and replaying from the output files (a plug-in
//    loaded again), and the first link's live reception of the same lines.
//
// Usage: hostbridge-bench-tools [--repetitions N] [--json PATH]   (test_tool.py: compiled in)
#include <hostbridge/client.hpp>
#include <hostbridge/host_rpc/tool_link.hpp>
#include <hostbridge/token.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>

#include "bench_support.hpp"

extern char** environ;

using namespace hostbridge;
using namespace hostbridge::bench;
using namespace std::chrono_literals;

namespace {

constexpr double kAddedTargetMs = 20.0;
constexpr double kReplayTargetMs = 50.0;
constexpr int kLinesPerStream = 5000;  // 10,000 lines in all

struct Options {
    int repetitions = 11;
    std::string jsonPath;
};

ToolOptions toolOptions(const std::string& tag, std::vector<std::string> extra = {}) {
    ToolOptions options;
    options.executable = HOSTBRIDGE_BENCH_PYTHON;
    options.arguments = {HOSTBRIDGE_BENCH_TEST_TOOL, "--tag", tag};
    options.arguments.insert(options.arguments.end(), extra.begin(), extra.end());
    options.log = [](const std::string&) {};
    return options;
}

// The tool's own start-up: spawned with a pipe, Port: read from it, pinged until it answers.
double spawnedToFirstCall(const std::string& tag) {
    const std::string token = generateToken();
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "HOSTBRIDGE_", 11) != 0) env.emplace_back(*e);
    env.push_back(std::string(kTokenEnvironmentVariable) + "=" + token);
    std::vector<char*> envp;
    for (auto& s : env) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args{HOSTBRIDGE_BENCH_PYTHON, HOSTBRIDGE_BENCH_TEST_TOOL, "--tag", tag};
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    const auto begin = Clock::now();
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (spawned != 0) {
        ::close(out[0]);
        throw std::runtime_error("cannot spawn the test tool");
    }
    std::string text;
    std::uint16_t port = 0;
    while (port == 0 && Clock::now() - begin < 30s) {
        pollfd p{out[0], POLLIN, 0};
        if (::poll(&p, 1, 1000) <= 0) continue;
        char buffer[4096];
        const ssize_t n = ::read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        const auto at = text.find("Port:");
        const auto end = at == std::string::npos ? at : text.find('\n', at);
        if (end != std::string::npos) port = static_cast<std::uint16_t>(std::stoi(text.substr(at + 5, end - at - 5)));
    }
    double ms = -1;
    if (port != 0) {
        Client client("http://127.0.0.1:" + std::to_string(port) + "/", token, 10s);
        if (client.call("ping")) ms = millis(Clock::now() - begin);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::close(out[0]);
    if (ms < 0) throw std::runtime_error("the spawned test tool did not answer");
    return ms;
}

double linkedToFirstCall(const std::string& tag) {
    ToolLink link(toolOptions(tag));
    const auto begin = Clock::now();
    link.start();
    if (!link.waitForPort(30s))
        throw std::runtime_error("the linked test tool did not serve: " + link.status().lastError);
    const bool answered = static_cast<bool>(link.client(10s).call("ping"));
    const double ms = millis(Clock::now() - begin);
    link.stop();
    link.waitFor([](ToolState s) { return s == ToolState::Stopped; }, 30s);
    if (!answered) throw std::runtime_error("the linked test tool did not answer");
    return ms;
}

// Waits for the event of sequence `last` on a link's callback.
struct Until {
    std::mutex mutex;
    std::condition_variable reached;
    std::uint64_t last = 0;
    std::size_t lines = 0;  // output lines received, checked after: a replay that skips is no figure
    bool done = false;
    Clock::time_point at;
    std::function<void(const ToolEvent&)> callback() {
        return [this](const ToolEvent& e) {
            if (e.kind == ToolEventKind::Stdout || e.kind == ToolEventKind::Stderr) ++lines;
            if (e.sequence < last) return;
            std::lock_guard lock(mutex);
            at = Clock::now();
            done = true;
            reached.notify_all();
        };
    }
    void wait() {
        std::unique_lock lock(mutex);
        if (!reached.wait_for(lock, 30s, [&] { return done; })) throw std::runtime_error("no replay within 30 s");
    }
};

std::size_t outputLines(const std::vector<ToolEvent>& events) {
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [](const ToolEvent& e) {
        return e.kind == ToolEventKind::Stdout || e.kind == ToolEventKind::Stderr;
    }));
}

int run(const Options& options) {
    const double busy = busyPercent();
    std::cout << "machine busy before the run: " << fixed(busy, 0) << "% CPU\n";
    const std::string salt = std::to_string(::getpid());

    // Launch to first answered call, alternating so drifts hit both alike; one warm-up each.
    std::vector<double> spawned, linked;
    spawnedToFirstCall("warm-" + salt);
    linkedToFirstCall("warm-" + salt);
    for (int i = 0; i < options.repetitions; ++i) {
        const std::string tag = salt + "-" + std::to_string(i);
        spawned.push_back(spawnedToFirstCall("s" + tag));
        linked.push_back(linkedToFirstCall("l" + tag));
    }
    const double spawnedMs = median(spawned), linkedMs = median(linked);
    const double added = linkedMs - spawnedMs;
    std::cout << "launch to first answered call: linked " << fixed(linkedMs, 1) << " ms, spawned "
              << fixed(spawnedMs, 1) << " ms (medians of " << options.repetitions << ")\n";

    // Replay of 10,000 lines.
    ToolOptions replayOptions = toolOptions("replay-" + salt, {"--lines", std::to_string(kLinesPerStream)});
    std::atomic<Clock::time_point> lastLive{};
    std::atomic<std::size_t> live{0};
    replayOptions.onEvent = [&](const ToolEvent& e) {
        if (e.kind == ToolEventKind::Stdout || e.kind == ToolEventKind::Stderr) {
            ++live;
            lastLive = Clock::now();
        }
    };
    const auto liveBegin = Clock::now();
    ToolLink first(replayOptions);
    first.start();
    if (!first.waitForPort(30s)) throw std::runtime_error("the replay tool did not serve");
    for (int i = 0; i < 3000 && live < 2u * kLinesPerStream; ++i) std::this_thread::sleep_for(10ms);
    if (outputLines(first.history()) != 2u * kLinesPerStream)
        throw std::runtime_error("the replay tool's lines did not all arrive");
    const double liveMs = millis(lastLive.load() - liveBegin);
    const std::uint64_t last = first.history().back().sequence;

    std::vector<double> replays;
    for (int i = 0; i < options.repetitions; ++i) {
        Until until;
        until.last = last;
        ToolOptions again = replayOptions;
        again.onEvent = until.callback();
        ToolLink second(again);
        const auto begin = Clock::now();
        second.start();
        until.wait();
        replays.push_back(millis(until.at - begin));
        if (until.lines != 2u * kLinesPerStream) throw std::runtime_error("the replay missed lines");
    }
    // A plug-in loaded again: no link to the tool in this process, so the record and files.
    std::vector<double> reattaches;
    first.detach();
    for (int i = 0; i < options.repetitions; ++i) {
        std::atomic<std::size_t> lines{0};
        std::mutex mutex;
        std::condition_variable all;
        Clock::time_point at;
        ToolOptions again = replayOptions;
        again.onEvent = [&](const ToolEvent& e) {
            if ((e.kind == ToolEventKind::Stdout || e.kind == ToolEventKind::Stderr) &&
                ++lines == 2u * kLinesPerStream) {
                std::lock_guard lock(mutex);
                at = Clock::now();
                all.notify_all();
            }
        };
        ToolLink reattached(again);
        const auto begin = Clock::now();
        reattached.start();
        std::unique_lock lock(mutex);
        if (!all.wait_for(lock, 30s, [&] { return lines == 2u * kLinesPerStream; }))
            throw std::runtime_error("the reattached link did not replay every line");
        reattaches.push_back(millis(at - begin));
        lock.unlock();
        if (i + 1 == options.repetitions) {
            reattached.stop();
            reattached.waitFor([](ToolState s) { return s == ToolState::Stopped; }, 30s);
        }
    }
    const double replayMs = median(replays), reattachMs = median(reattaches);

    const std::vector<Row> rows{
        {"P11", "tool: launch to first answered call, ToolLink vs spawned directly", linkedMs, "ms", spawnedMs, "SPAWN",
         "<= SPAWN + 20 ms", added <= kAddedTargetMs},
        {"P11", "tool: time ToolLink adds to the tool's own start-up", added, "ms", {}, "", "<= 20 ms", {}},
        {"SPAWN", "tool started with posix_spawn, Port: from a pipe, pinged", spawnedMs, "ms", {}, "", "", {}},
        {"P11", "tool: replay of 10,000 output lines to a second link", replayMs, "ms", liveMs, "LIVE", "<= 50 ms",
         replayMs <= kReplayTargetMs},
        {"P11",
         "tool: replay of 10,000 lines from the files to a link attaching anew",
         reattachMs,
         "ms",
         liveMs,
         "LIVE",
         "",
         {}},
        {"LIVE", "the same lines as the tool printed them, to the first link", liveMs, "ms", {}, "", "", {}},
    };
    printTable(rows);
    if (!options.jsonPath.empty()) {
        const auto list = [](const std::vector<double>& values) {
            Array array;
            for (double v : values) array.emplace_back(v);
            return Value(array);
        };
        const Value measurements = Struct{{"P11_linked_ms", list(linked)},
                                          {"SPAWN_ms", list(spawned)},
                                          {"P11_replay_ms", list(replays)},
                                          {"P11_reattach_ms", list(reattaches)},
                                          {"LIVE_ms", liveMs}};
        const Struct document{{"repetitions", options.repetitions}, {"busy_before_percent", busy}};
        writeJson(options.jsonPath, document, measurements, rows);
        std::cout << "\nwrote " << options.jsonPath << "\n";
    }
    return added <= kAddedTargetMs && replayMs <= kReplayTargetMs ? 0 : 1;
}

Options parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) throw std::invalid_argument("usage: hostbridge-bench-tools [--repetitions N] [--json PATH]");
        const std::string value = argv[++i];
        if (arg == "--repetitions") options.repetitions = std::stoi(value);
        else if (arg == "--json") options.jsonPath = value;
        else throw std::invalid_argument("unknown option " + arg);
    }
    if (options.repetitions < 1) throw std::invalid_argument("--repetitions must be >= 1");
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parseOptions(argc, argv));
    } catch (const std::exception& e) {
        std::cerr << "hostbridge-bench-tools: " << e.what() << std::endl;
        return 2;
    }
}
