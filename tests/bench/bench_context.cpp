// hostbridge-bench-context: measures target P3 of the performance notes, "context() with
// 10,000 instances, host -> client round trip <= 120 ms", with its baselines in the same run
// and placement, and splits the round trip into its phases.
//
// One process: a Host with the publishing service at /pyblish, whose collector makes N
// instances with the data a pyblish collector sets (subset, asset, frame range, a path),
// reset and collected once; then a hostbridge Client calls context() (warm-ups, then timed
// repetitions) over TCP and, interleaved, over the host's Unix socket, and the process's CPU time per call is taken
// too: the round trip is sequential, so that is its floor on an idle machine, and it holds on a busy one where wall
// clock does not. Baselines, all answering the same bytes:
//   PLAIN  a function bound at /RPC2 returning the same Value, built once: the round trip
//          without the publishing service's own cost (the main-thread hop, contextToValue);
//   PYC    Python's xmlrpc.client (the client pyblish used) fetching PLAIN, python_fetch.py;
//   RAW    the response's bytes over a raw TCP connection, one small request each: transfer
//          alone, without HTTP or XML.
// Phases, each the median CPU time of a few runs in-process (so they hold on a busy machine):
// contextToValue and encoding the response on the host, parsing it on the client, raw transfer,
// and the rest of the round trip; also freeing the tree, which the host does after the answer has
// gone out (so off the round trip, overlapping the client's parse).
//
// Placement, as hostbridge-bench: the main thread pins itself to the server CPU first, so the
// Host's threads and the stand-in main loop inherit it; client threads pin themselves to the
// client CPU; the Python client runs under taskset on it.
//
// Usage: hostbridge-bench-context [--server-cpu S] [--client-cpu C] [--instances N]
//                                 [--repetitions N] [--warmups N] [--no-python] [--json PATH]
// Exit status: 0 P3 met over both (or --instances is not 10,000: no target), 1 missed, 2 the benchmark
// could not run.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "hostbridge/client.hpp"
#include "hostbridge/host_rpc/host.hpp"
#include "hostbridge/host_rpc/publishing_service.hpp"
#include "hostbridge/json.hpp"
#include "hostbridge/url.hpp"
#include "main_loop.hpp"
#include "xml_codec.hpp"

namespace {

using namespace hostbridge::bench;
using namespace std::chrono_literals;
using hostbridge::Array;
using hostbridge::Struct;
using hostbridge::Value;
namespace publish = hostbridge::publish;

constexpr double kTargetMs = 120;  // P3, for kTargetInstances
constexpr int kTargetInstances = 10000;
constexpr int kPhaseRuns = 5;
constexpr std::size_t kRequestBytes = 200;  // RAW's request, about a context() call's size
constexpr auto kCallTimeout = 30s;          // every call and socket read ends

struct Options {
    int serverCpu = 0;
    int clientCpu = 1;
    int instances = kTargetInstances;
    int repetitions = 15;
    int warmups = 2;
    bool python = true;  // --no-python: leaves PYC out, for profiling the process alone
    std::string jsonPath;
};

// Round trips of one kind, in ms.
struct Timings {
    std::vector<double> ms;
    double median() const { return hostbridge::bench::median(ms); }
    double p90() const {
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return percentile(sorted, 0.90);
    }
    Value json() const {
        Array all(ms.begin(), ms.end());
        return Struct{{"median_ms", median()}, {"p90_ms", p90()}, {"ms", std::move(all)}};
    }
};

// CPU time of the calling thread, or of the whole process: on a busy machine, time spent
// waiting for a CPU is not counted.
double cpuMs(clockid_t clock) {
    timespec t{};
    ::clock_gettime(clock, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}
double threadCpuMs() { return cpuMs(CLOCK_THREAD_CPUTIME_ID); }

// The median CPU time of work(kept) over a few runs. What it leaves in `kept` is freed outside
// the timing: freeing a large Value is a phase of its own.
template <typename T, typename F>
double medianCpuMs(F work) {
    std::vector<double> ms;
    for (int i = 0; i < kPhaseRuns; ++i) {
        T kept;
        const double before = threadCpuMs();
        work(kept);
        ms.push_back(threadCpuMs() - before);
    }
    return median(ms);
}

// The median CPU time of freeing a copy of `value`.
double medianDestroyCpuMs(const Value& value) {
    std::vector<double> ms;
    for (int i = 0; i < kPhaseRuns; ++i) {
        auto copy = std::make_unique<Value>(value);
        const double before = threadCpuMs();
        copy.reset();
        ms.push_back(threadCpuMs() - before);
    }
    return median(ms);
}

// A collector as a pipeline writes one: an instance per scene item, with the members later
// plug-ins read.
publish::Plugin collector(int instances) {
    return publish::Plugin::forContext("CollectSceneItems", publish::order::kCollector,
                                       [instances](publish::Context& context, publish::Logger& log) {
        static const char* const families[] = {"model", "rig", "animation", "camera", "look"};
        for (int i = 0; i < instances; ++i) {
            const std::string family = families[i % 5];
            const std::string asset = "char_hero_" + std::to_string(i / 5);
            publish::Instance& instance = context.createInstance(asset + "_" + family, family);
            instance.families = {"review", "publish." + family};
            instance.data["subset"] = family + "Main";
            instance.data["asset"] = asset;
            instance.data["frameStart"] = 1001;
            instance.data["frameEnd"] = 1001 + i % 240;
            instance.data["path"] = "/projects/hb/sequences/sq010/sh" + std::to_string(10 * (i % 400)) +
                                    "/work/maya/scenes/" + asset + "_" + family + "_v003.ma";
        }
        log.info("collected " + std::to_string(instances) + " scene items");
    });
}

std::size_t childrenOf(const hostbridge::CallResult& result) { return result.value().at("children").asArray().size(); }

// RAW: `bytes` answered to each small request over one kept TCP connection.
Timings measureRaw(const Options& options, const std::string& bytes) {
    const Loopback loopback(kCallTimeout);
    const int calls = options.warmups + options.repetitions;
    // Started on the server CPU; the future's destructor joins it.
    const auto server = std::async(std::launch::async, [&] {
        const Socket peer = loopback.accept();
        char request[kRequestBytes];
        for (int i = 0; i < calls && peer.get() >= 0; ++i)
            if (!receiveAll(peer.get(), request, sizeof request) || !sendAll(peer.get(), bytes.data(), bytes.size()))
                return;
    });
    return onCpu(options.clientCpu, [&] {
        const Socket socket = loopback.connect();
        char request[kRequestBytes] = {};
        std::string answer(bytes.size(), '\0');
        Timings timings;
        for (int i = 0; i < calls; ++i) {
            const auto before = Clock::now();
            if (!sendAll(socket.get(), request, sizeof request) ||
                !receiveAll(socket.get(), answer.data(), answer.size()))
                throw std::runtime_error("raw TCP: the connection broke");
            if (i >= options.warmups) timings.ms.push_back(millis(Clock::now() - before));
        }
        return timings;
    });
}

// PYC: python_fetch.py on the client CPU.
Timings measurePython(const Options& options, const hostbridge::Host& host, const std::string& method) {
    const std::string url = "http://hostbridge:" + host.token() + "@127.0.0.1:" + std::to_string(host.port()) + "/RPC2";
    const std::string command = "taskset -c " + std::to_string(options.clientCpu) + " '" + HOSTBRIDGE_BENCH_PYTHON +
                                "' '" + HOSTBRIDGE_BENCH_PYTHON_FETCH + "' --url '" + url + "' --method " + method +
                                " --repetitions " + std::to_string(options.repetitions) + " --warmup " +
                                std::to_string(options.warmups);
    const Value parsed = hostbridge::parseJson(commandOutput(command));
    if (parsed.at("children").asInt() != options.instances)
        throw std::runtime_error("PYC: a context of the wrong size");
    Timings timings;
    for (const Value& ms : parsed.at("ms").asArray()) timings.ms.push_back(ms.asDouble());
    return timings;
}

Options parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--no-python") {
            options.python = false;
            continue;
        }
        if (i + 1 >= argc)
            throw std::invalid_argument(
                "usage: hostbridge-bench-context [--server-cpu S] [--client-cpu C] "
                "[--instances N] [--repetitions N] [--warmups N] [--no-python] [--json PATH]");
        const std::string value = argv[++i];
        if (arg == "--server-cpu") options.serverCpu = std::stoi(value);
        else if (arg == "--client-cpu") options.clientCpu = std::stoi(value);
        else if (arg == "--instances") options.instances = std::stoi(value);
        else if (arg == "--repetitions") options.repetitions = std::stoi(value);
        else if (arg == "--warmups") options.warmups = std::stoi(value);
        else if (arg == "--json") options.jsonPath = value;
        else throw std::invalid_argument("unknown option " + arg);
    }
    if (options.instances < 1 || options.repetitions < 1 || options.warmups < 0)
        throw std::invalid_argument("--instances and --repetitions must be >= 1, --warmups >= 0");
    return options;
}

int run(const Options& options) {
    if (options.serverCpu == options.clientCpu)
        std::cout << "NOTE: server and client share CPU " << options.serverCpu << "\n";
    const double busy = busyPercent();
    if (busy > 10)
        std::cout << "WARNING: the CPUs were " << fixed(busy, 0)
                  << "% busy just before the run: figures will be noisy\n";
    if (!pinThisThread(options.serverCpu))
        throw std::runtime_error("cannot pin to CPU " + std::to_string(options.serverCpu));
    std::cout << "placement: server on CPU" << options.serverCpu << ", client on CPU" << options.clientCpu << "; "
              << options.instances << " instances, " << options.repetitions << " repetitions after " << options.warmups
              << " warm-ups, medians" << std::endl;

    // The host: its main loop and connection threads on the server CPU.
    hostbridge::test::MainLoop mainLoop;
    hostbridge::HostOptions hostOptions;
    // As a real host: a connection file and the Unix socket beside the port (P3 over both).
    hostOptions.writeConnectionFile = true;
    hostOptions.mainThreadTimeout = kCallTimeout;
    hostbridge::Host host(mainLoop.executor(), hostOptions);
    auto registry = std::make_shared<publish::PluginRegistry>();
    registry->add(collector(options.instances));
    auto publisher = std::make_shared<publish::Publisher>(registry, publish::PublisherOptions{"bench", {}});
    const hostbridge::PublishingService service(host, publisher);
    auto plain = std::make_shared<Value>();  // PLAIN's answer, filled in below before any call
    host.bind(
        "plain_context", [plain] { return *plain; }, "plain_context(): the context as a prebuilt Value.");
    host.start();

    struct RoundTrips {
        Timings context, plain;
        Timings contextUnix;  // context() over the host's Unix socket
        // CPU time of the whole process (host and client) per context() call. The round trip is
        // sequential (build, encode, send; then parse), so on an idle machine it is the floor
        // of the round trip; on a busy one it holds where the wall-clock figures do not.
        Timings contextCpu;
        std::size_t bytes = 0;
        std::string xml;
    };
    const RoundTrips trips = onCpu(options.clientCpu, [&] {
        hostbridge::Client pyblish(host.url("/pyblish"), host.token(), kCallTimeout);
        // As a UI does: reset, then each collector (here the one) through process().
        (void)pyblish.call("reset").value();  // .value() throws the call's fault
        const Value plugins = pyblish.call("discover").value();
        (void)pyblish.call("process", plugins.at(0), Value(), Value()).value();
        // The main thread is idle between calls: reading the publisher from here is safe.
        const hostbridge::CallResult first = pyblish.call("context");
        if (childrenOf(first) != static_cast<std::size_t>(options.instances))
            throw std::runtime_error("context() has the wrong size");
        *plain = first.value();
        hostbridge::Client rpc2(host.url("/RPC2"), host.token(), kCallTimeout);
        hostbridge::Url socketUrl;
        socketUrl.socketPath = host.socketPath();
        socketUrl.path = "/pyblish";
        hostbridge::Client pyblishUnix(socketUrl.printable(), host.token(), kCallTimeout);
        RoundTrips out;
        for (int i = 0; i < options.warmups + options.repetitions; ++i) {
            // Interleaved, so a burst of noise from other processes hits both alike.
            auto before = Clock::now();
            const double cpuBefore = cpuMs(CLOCK_PROCESS_CPUTIME_ID);
            const hostbridge::CallResult context = pyblish.call("context");
            const double contextMs = millis(Clock::now() - before);
            const double contextCpuMs = cpuMs(CLOCK_PROCESS_CPUTIME_ID) - cpuBefore;
            before = Clock::now();
            const hostbridge::CallResult plainResult = rpc2.call("plain_context");
            const double plainMs = millis(Clock::now() - before);
            before = Clock::now();
            const hostbridge::CallResult contextUnix = pyblishUnix.call("context");
            const double contextUnixMs = millis(Clock::now() - before);
            if (childrenOf(context) != static_cast<std::size_t>(options.instances) || plainResult.value() != *plain ||
                childrenOf(contextUnix) != static_cast<std::size_t>(options.instances))
                throw std::runtime_error("context() or plain_context() answered something else");
            if (i < options.warmups) continue;
            out.context.ms.push_back(contextMs);
            out.contextCpu.ms.push_back(contextCpuMs);
            out.plain.ms.push_back(plainMs);
            out.contextUnix.ms.push_back(contextUnixMs);
        }
        out.xml = hostbridge::detail::encodeResponse(*plain);
        out.bytes = out.xml.size();
        return out;
    });
    std::cout << "P3   : context(): median " << fixed(trips.context.median(), 1) << " ms, p90 "
              << fixed(trips.context.p90(), 1) << " ms; " << trips.bytes << " bytes of XML; CPU, host + client: median "
              << fixed(trips.contextCpu.median(), 1) << " ms" << std::endl;
    std::cout << "P3U  : context() over the Unix socket: median " << fixed(trips.contextUnix.median(), 1) << " ms, p90 "
              << fixed(trips.contextUnix.p90(), 1) << " ms" << std::endl;
    std::cout << "PLAIN: same Value from a plain function: median " << fixed(trips.plain.median(), 1) << " ms, p90 "
              << fixed(trips.plain.p90(), 1) << " ms" << std::endl;
    const Timings python = options.python ? measurePython(options, host, "plain_context") : Timings{};
    if (options.python)
        std::cout << "PYC  : Python xmlrpc.client, same function: median " << fixed(python.median(), 1) << " ms, p90 "
                  << fixed(python.p90(), 1) << " ms" << std::endl;
    const Timings raw = measureRaw(options, trips.xml);
    std::cout << "RAW  : same bytes over raw TCP: median " << fixed(raw.median(), 2) << " ms" << std::endl;

    // Phases, with the host idle (the main loop only touches the publisher inside calls).
    // The host's main thread builds the Value, the method table moves it out and the connection
    // thread encodes it and frees the tree after sending, while the client parses.
    const double buildMs =
        medianCpuMs<Value>([&](Value& kept) { kept = publish::contextToValue(publisher->context()); });
    const double destroyMs = medianDestroyCpuMs(*plain);
    const double encodeMs =
        medianCpuMs<std::string>([&](std::string& kept) { kept = hostbridge::detail::encodeResponse(*plain); });
    const double parseMs = onCpu(options.clientCpu, [&] {
        return medianCpuMs<Value>(
            [&](Value& kept) { kept = std::get<Value>(hostbridge::detail::parseResponse(trips.xml)); });
    });
    const double restMs = trips.context.median() - buildMs - encodeMs - raw.median() - parseMs;
    std::cout << "phases, CPU ms (host: contextToValue, encodeResponse; transfer; client: parseResponse): "
              << fixed(buildMs, 1) << ", " << fixed(encodeMs, 1) << "; " << fixed(raw.median(), 1) << " (wall); "
              << fixed(parseMs, 1) << "; the rest of the median round trip (HTTP, thread hand-offs, copies, waiting) "
              << fixed(restMs, 1) << " ms; off the round trip: the host frees the tree, " << fixed(destroyMs, 1)
              << " ms\n"
              << std::endl;
    host.stop();

    const double p3 = trips.context.median();
    // The target is for 10,000 instances; other sizes are measured, not judged.
    const bool targetSize = options.instances == kTargetInstances;
    const std::optional<bool> met = targetSize ? std::optional<bool>(p3 <= kTargetMs) : std::nullopt;
    const std::vector<Row> rows{
        {"P3", "context(), " + std::to_string(options.instances) + " instances: round trip vs plain function", p3, "ms",
         trips.plain.median(), "PLAIN", targetSize ? "<= 120 ms" : "", met},
        {"P3", "context(): p90 round trip", trips.context.p90(), "ms", p3, "P3 median", "", {}},
        {"P3", "context() over the Unix socket: round trip vs TCP", trips.contextUnix.median(), "ms", p3, "P3 (TCP)",
         targetSize ? "<= 120 ms" : "",
         targetSize ? std::optional<bool>(trips.contextUnix.median() <= kTargetMs) : std::nullopt},
        {"P3",
         "context(): CPU per round trip, host + client",
         trips.contextCpu.median(),
         "ms",
         p3,
         "P3 median",
         "",
         {}},
        {"PLAIN",
         "same Value from a plain function vs Python client",
         trips.plain.median(),
         "ms",
         options.python ? std::optional<double>(python.median()) : std::nullopt,
         "PYC",
         "",
         {}},
        {"RAW", "same bytes over raw TCP", raw.median(), "ms", {}, "", "", {}},
        {"P3", "response size", static_cast<double>(trips.bytes), "bytes", {}, "", "", {}},
    };
    printTable(rows);

    if (!options.jsonPath.empty()) {
        const Value measurements = Struct{{"P3", trips.context.json()},
                                          {"P3_cpu", trips.contextCpu.json()},
                                          {"P3_unix", trips.contextUnix.json()},
                                          {"PLAIN", trips.plain.json()},
                                          {"PYC", python.json()},
                                          {"RAW", raw.json()},
                                          {"response_bytes", static_cast<std::int64_t>(trips.bytes)},
                                          {"phases_ms", Struct{{"context_to_value_cpu", buildMs},
                                                               {"value_free_cpu", destroyMs},
                                                               {"encode_response_cpu", encodeMs},
                                                               {"raw_transfer", raw.median()},
                                                               {"parse_response_cpu", parseMs},
                                                               {"rest", restMs}}}};
        const Struct document{
            {"placement", Struct{{"server_cpu", options.serverCpu}, {"client_cpu", options.clientCpu}}},
            {"instances", options.instances},
            {"repetitions", options.repetitions},
            {"warmups", options.warmups},
            {"busy_before_percent", busy}};
        writeJson(options.jsonPath, document, measurements, rows);
        std::cout << "\nwrote " << options.jsonPath << "\n";
    }
    return met.value_or(true) && rows[2].pass.value_or(true) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parseOptions(argc, argv));
    } catch (const std::exception& e) {
        std::cerr << "hostbridge-bench-context: " << e.what() << std::endl;
        return 2;
    }
}
