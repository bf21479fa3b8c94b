// hostbridge-bench-host: a host whose publishing work is made to measure the UI (targets P4,
// P5 and P8 of docs/performance.md; run by tests/bench/bench_ui.py, never by CTest).
//
//   hostbridge-bench-host [--port N] [--instances N] [--plugins M] [--slow-plugin-ms MS]
//                         [--ui-port N] [--ui PATH] [--ui-arg ARG]... [--no-ui]
//                         [--publish [--repetitions K]]
//
// Plug-ins: CollectBench (order 0) makes --instances instances of family "bench"; --plugins
// no-op instance plug-ins follow, spread evenly over validators, extractors and integrators,
// each doing nothing; with --slow-plugin-ms, ExtractSlow (a context extractor) works that long
// on the main thread in 20 ms steps, reporting each step as progress and every tenth as a
// record (what a long extraction in a DCC looks like to the UI).
//
// Serving: like any embedding, it prints Port:NNNN, serves /pyblish with its calls run on
// this main thread (a PumpedExecutor pumped by the loop below) and, unless --no-ui, links the
// UI on --ui-port (reusing the one serving there, else launching hostbridge-ui) and shows it.
// It stops on SIGINT or SIGTERM.
//
// --publish: no server; Publisher::publish() runs K times in this process and each run's time
// is printed as "PublishMs:<ms> results:<n> success:<0|1>": the baseline of P8 (the same
// publish without a UI or a wire).

#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/publishing.hpp>
#include <hostbridge/host_rpc/publishing_service.hpp>
#include <hostbridge/host_rpc/pumped_executor.hpp>
#include <hostbridge/host_rpc/ui_link.hpp>

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace hostbridge::publish;

constexpr const char* kUsage =
    "usage: hostbridge-bench-host [--port N] [--instances N] [--plugins M] [--slow-plugin-ms MS]\n"
    "                             [--ui-port N] [--ui PATH] [--ui-arg ARG]... [--no-ui]\n"
    "                             [--publish [--repetitions K]]\n";

struct Options {
    long port = 0;
    long instances = 100;
    long plugins = 10;
    long slowPluginMs = 0;
    long uiPort = 9090;
    std::string uiPath;
    std::vector<std::string> uiArguments;
    bool noUi = false;
    bool publish = false;
    long repetitions = 5;
};

bool parseNumber(const char* text, long minimum, long maximum, long& out) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || value < minimum || value > maximum) return false;
    out = value;
    return true;
}

// Returns an exit code when the program should end at once.
int parseOptions(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        bool ok = true;
        if (arg == "--port" && hasValue) ok = parseNumber(argv[++i], 0, 65535, o.port);
        else if (arg == "--instances" && hasValue) ok = parseNumber(argv[++i], 0, 1000000, o.instances);
        else if (arg == "--plugins" && hasValue) ok = parseNumber(argv[++i], 0, 1000, o.plugins);
        else if (arg == "--slow-plugin-ms" && hasValue) ok = parseNumber(argv[++i], 0, 600000, o.slowPluginMs);
        else if (arg == "--ui-port" && hasValue) ok = parseNumber(argv[++i], 1, 65535, o.uiPort);
        else if (arg == "--ui" && hasValue) o.uiPath = argv[++i];
        else if (arg == "--ui-arg" && hasValue) o.uiArguments.emplace_back(argv[++i]);
        else if (arg == "--repetitions" && hasValue) ok = parseNumber(argv[++i], 1, 1000, o.repetitions);
        else if (arg == "--no-ui") o.noUi = true;
        else if (arg == "--publish") o.publish = true;
        else if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        } else ok = false;
        if (!ok) {
            std::cerr << "hostbridge-bench-host: bad or incomplete argument " << arg << "\n" << kUsage;
            return 2;
        }
    }
    return -1;
}

void registerPlugins(PluginRegistry& registry, const Options& o) {
    registry.add(Plugin::forContext("CollectBench", order::kCollector,
                                    [count = o.instances](Context& context, Logger& log) {
        char name[32];
        for (long i = 0; i < count; ++i) {
            std::snprintf(name, sizeof name, "item_%06ld", i);
            context.createInstance(name, "bench");
        }
        log.info("collected " + std::to_string(count) + " instance(s)");
    }));

    // Three order ranges (validate, extract, integrate), the plug-ins spread evenly over them,
    // each at an order of its own (so the UI asks test() before each, as for real plug-ins).
    for (long i = 0; i < o.plugins; ++i) {
        const double noOpOrder =
            order::kValidator + static_cast<double>(3 * i / o.plugins) + 0.01 * static_cast<double>(i);
        registry.add(Plugin::forInstance("NoOp" + std::to_string(i), noOpOrder, [](Context&, Instance&, Logger&) {}));
    }

    if (o.slowPluginMs > 0) {
        registry.add(Plugin::forContext("ExtractSlow", order::kExtractor + 0.5,
                                        [ms = o.slowPluginMs](Context&, Logger& log) {
            constexpr long kStepMs = 20;
            const int steps = static_cast<int>((ms + kStepMs - 1) / kStepMs);
            for (int step = 0; step < steps; ++step) {
                log.progress(step, steps, "step " + std::to_string(step + 1) + " of " + std::to_string(steps));
                if (step % 10 == 0)
                    log.info("working: step " + std::to_string(step + 1) + " of " + std::to_string(steps));
                // The main thread stands still, as in a DCC's long extraction.
                std::this_thread::sleep_for(std::chrono::milliseconds(kStepMs));
            }
            log.progress(steps, steps, "done");
                     }).withLabel("Slow extraction"));
    }
}

int publishInProcess(const std::shared_ptr<PluginRegistry>& registry, long repetitions) {
    Publisher publisher(registry, PublisherOptions{});
    bool allPublished = true;
    for (long i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const Report report = publisher.publish();  // resets, collects, validates, extracts, integrates
        const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
        std::cout << "PublishMs:" << took.count() << " results:" << report.results.size()
                  << " success:" << (report.success ? 1 : 0) << std::endl;
        allPublished = allPublished && report.success;
    }
    return allPublished ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (const int exitCode = parseOptions(argc, argv, options); exitCode >= 0) return exitCode;

    auto registry = std::make_shared<PluginRegistry>();
    registerPlugins(*registry, options);
    if (options.publish) return publishInProcess(registry, options.repetitions);

    // Blocked before any thread starts, collected by the main loop between two pumps.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    auto mainLoop = std::make_shared<hostbridge::PumpedExecutor>();
    hostbridge::HostOptions hostOptions;
    hostOptions.port = static_cast<std::uint16_t>(options.port);
    hostbridge::Host host(mainLoop, hostOptions);
    auto publisher = std::make_shared<Publisher>(registry, PublisherOptions{});  // main thread only
    hostbridge::PublishingService service(host, publisher);
    try {
        host.start();
    } catch (const std::exception& e) {
        std::cerr << "hostbridge-bench-host: " << e.what() << std::endl;
        return 1;
    }
    std::cout << "Port:" << host.port() << std::endl;

    if (!options.noUi) {
        hostbridge::UiLinkOptions ui;
        ui.uiPort = static_cast<std::uint16_t>(options.uiPort);
        ui.locator.explicitPath = options.uiPath;
        ui.uiArguments = options.uiArguments;
        ui.log = [](const std::string& message) { std::cerr << "hostbridge-bench-host: ui: " << message << std::endl; };
        host.linkUi(ui).connect({{"ContextLabel", "bench: " + std::to_string(options.instances) + " instances"}});
    }

    // Sleeps until a call is queued (so a call starts at once), at most 16 ms between checks
    // for a stop signal.
    const timespec noWait{0, 0};
    while (sigtimedwait(&stopSignals, nullptr, &noWait) <= 0) {
        mainLoop->waitForWork(std::chrono::milliseconds(16));
        mainLoop->pump();
    }
    host.stop();
    return 0;
}
