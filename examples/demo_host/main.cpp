// hostbridge-demo-host: a stand-in DCC. Like Maya or Houdini it has a main loop on its main
// thread that owns the scene; remote functions that touch the scene are bound to run there,
// one line each, and the loop pumps them between frames. ping and introspection answer on
// server threads, so the host reads as alive even while its main loop is blocked.
//
//   hostbridge-demo-host [--port N] [--main-thread-timeout MS] [--output DIR]
//                        [--ui-port N] [--ui PATH] [--ui-arg ARG]... [--no-ui]
//                        [--heartbeat-interval MS] [--extract-time MS] [--collect-time MS]
//                        [--pause-before-extract MS] [--client-heartbeat-interval MS]
//                        [--tool SCRIPT] [--publish [--repair]]
//
// The UI (docs/embedding.md, "The UI link"): unless --no-ui, once serving it reuses the
// HostBridge UI on --ui-port (9090 by default) or launches hostbridge-ui (--ui PATH, else
// $HOSTBRIDGE_UI, else next to this executable, else PATH) with its output in
// <runtime dir>/ui-<port>.log, shows it for this host and keeps it alive (relaunched and shown
// again when it dies). A squatter on the UI port is reported on stderr and not used; the host
// serves on regardless. On exit the UI is left running and sees the heartbeats stop.
//
// Prints "Port:NNNN" once it serves, writes its connection file (kind "host") and exits 0 on
// SIGINT or SIGTERM, removing the file. Functions: scene.ls(), scene.select(names),
// scene.rename(from, to), scene.block(ms), scene.confirm(question, timeout) (asks the artist in
// the UI; "No" without one); scene faults are codes 1-3 (scene.hpp). The publishing service
// (plugins.hpp) is on "/pyblish"; its plug-ins' records and progress reach the UI while they
// run; extractors write into --output DIR (default: <temp>/hostbridge-demo-host-output), and
// each time a UI emits "published" the session's report goes to DIR/publish-report.txt and the
// UI gets a notice ("Published N instances").
//
// --publish: no server; a headless publish on the main thread, the report on stdout, exit 0
// when it published and 1 when it failed. With --repair, the repairs of the plug-ins that
// failed run once and the publish runs again (the scene's misnamed node gets fixed).

#include "example_tool.hpp"
#include "plugins.hpp"
#include "scene.hpp"

#include <hostbridge/connection_file.hpp>
#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/publishing_service.hpp>
#include <hostbridge/host_rpc/pumped_executor.hpp>
#include <hostbridge/host_rpc/ui_link.hpp>
#include <hostbridge/host_rpc/ui_question.hpp>
#include <hostbridge/protocol.hpp>
#include <hostbridge/server.hpp>

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kUsage =
    "usage: hostbridge-demo-host [--port N] [--main-thread-timeout MS] [--output DIR]\n"
    "                            [--ui-port N] [--ui PATH] [--ui-arg ARG]... [--no-ui]\n"
    "                            [--heartbeat-interval MS] [--extract-time MS] [--collect-time MS]\n"
    "                            [--pause-before-extract MS] [--client-heartbeat-interval MS]\n"
    "                            [--tool SCRIPT] [--publish [--repair]]\n"
    "  --ui-port N              the UI's port (default 9090)\n"
    "  --ui PATH                the hostbridge-ui executable (else $HOSTBRIDGE_UI, next to this program, PATH)\n"
    "  --ui-arg ARG             an argument for a UI this host launches (repeatable), e.g.\n"
    "                           --ui-arg --screenshot --ui-arg ui.png\n"
    "  --no-ui                  serve only; no UI is launched or shown\n"
    "  --heartbeat-interval MS  heartbeats to the UI (default 1000)\n"
    "  --extract-time MS        ExtractFiles works MS on each instance, on the main thread, in 10 steps\n"
    "                           it logs and reports as progress (default 0)\n"
    "  --collect-time MS        each collector works MS the same way before it collects (default 0)\n"
    "  --pause-before-extract MS  the stop rule asked before extraction (test at order 2) first waits\n"
    "                           MS on the main thread, and says so on stderr (default 0)\n"
    "  --client-heartbeat-interval MS  the interval hostbridge.hello gives clients (default 1000;\n"
    "                           docs/tools.md)\n"
    "  --tool SCRIPT            launch the Python tool SCRIPT (examples/python/example_tool.py) and serve\n"
    "                           tool.greet and tool.sceneSummary, which call it (docs/tools.md)\n"
    "  --publish                headless publish, no server and no UI\n";
constexpr int kMaxBlockMs = 60000;

int usage(const std::string& message) {
    std::cerr << "hostbridge-demo-host: " << message << "\n" << kUsage;
    return 2;
}

// Parses a whole decimal number within [minimum, maximum]; false otherwise.
bool parseNumber(const char* text, long minimum, long maximum, long& out) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || value < minimum || value > maximum) return false;
    out = value;
    return true;
}

// The headless publish of --publish: 0 published, 1 failed.
int publishHeadless(hostbridge::publish::Publisher& publisher, bool repair) {
    using namespace hostbridge::publish;
    Report report = publisher.publish();
    std::cout << formatReport(report);
    if (!report.success && repair) {
        int repaired = 0;
        for (const Result& result : report.results) {
            const Plugin* plugin = publisher.findPlugin(result.pluginId);
            if (result.success || !plugin || !plugin->hasRepair()) continue;
            const Result fixed = publisher.repair(result.pluginId, result.instanceId);
            std::cout << (fixed.success ? "  repaired " : "  REPAIR FAILED ") << result.pluginName
                      << (result.instanceName.empty() ? "" : " on " + result.instanceName) << "\n";
            ++repaired;
        }
        if (repaired > 0) {
            report = publisher.publish();
            std::cout << formatReport(report);
        }
    }
    return report.success ? 0 : 1;
}

// After a UI's "published" event: the session's report in <output>/publish-report.txt, written
// beside it and renamed so a reader (a script waiting for it) never sees half of it.
void writeSessionReport(const hostbridge::publish::Publisher& publisher, const std::filesystem::path& output) {
    using namespace hostbridge::publish;
    const Report report = publisher.sessionReport();
    std::error_code error;
    std::filesystem::create_directories(output, error);
    const std::filesystem::path path = output / "publish-report.txt";
    const std::filesystem::path partial = output / ".publish-report.txt.partial";
    {
        std::ofstream file(partial, std::ios::trunc);
        file << formatReport(report);
        if (!file) {
            std::cerr << "hostbridge-demo-host: cannot write " << partial << std::endl;
            return;
        }
    }
    std::filesystem::rename(partial, path, error);
    std::cerr << "hostbridge-demo-host: publish report " << path << ": " << (report.success ? "PUBLISHED" : "FAILED")
              << (error ? " (not written: " + error.message() + ")" : std::string()) << std::endl;
}

// The notice after a publish: how many instances an integrator published, or what failed.
void notifyPublished(hostbridge::UiLink& link, const hostbridge::publish::Report& report) {
    std::set<std::string> integrated;
    for (const auto& result : report.results)
        if (result.success && result.order >= hostbridge::publish::order::kIntegrator && !result.instanceId.empty())
            integrated.insert(result.instanceId);
    if (report.success)
        link.notify(hostbridge::NoticeLevel::Info, "Published",
                    "Published " + std::to_string(integrated.size()) + " instances");
    else
        link.notify(hostbridge::NoticeLevel::Warning, "Not published",
                    std::to_string(report.failed) + " plug-in runs failed; see the log");
}

}  // namespace

int main(int argc, char** argv) {
    long port = 0;
    long timeoutMs = 10000;
    std::filesystem::path output = std::filesystem::temp_directory_path() / "hostbridge-demo-host-output";
    bool publish = false;
    bool repair = false;
    long uiPort = hostbridge::protocol::kUiPort;
    long heartbeatMs = 1000;
    long clientHeartbeatMs = 1000;
    long extractMs = 0;
    long collectMs = 0;
    long pauseMs = 0;
    std::string uiPath;
    std::string toolScript;
    std::vector<std::string> uiArguments;
    bool noUi = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--port" && i + 1 < argc) {
            if (!parseNumber(argv[++i], 0, 65535, port)) return usage("--port takes a number from 0 to 65535");
        } else if (arg == "--main-thread-timeout" && i + 1 < argc) {
            if (!parseNumber(argv[++i], 1, 3600000, timeoutMs))
                return usage("--main-thread-timeout takes milliseconds from 1 to 3600000");
        } else if (arg == "--output" && i + 1 < argc) {
            output = argv[++i];
            if (output.empty()) return usage("--output takes a folder");
        } else if (arg == "--ui-port" && i + 1 < argc) {
            if (!parseNumber(argv[++i], 1, 65535, uiPort)) return usage("--ui-port takes a number from 1 to 65535");
        } else if (arg == "--ui" && i + 1 < argc) {
            uiPath = argv[++i];
            if (uiPath.empty()) return usage("--ui takes the path of hostbridge-ui");
        } else if (arg == "--ui-arg" && i + 1 < argc) {
            uiArguments.emplace_back(argv[++i]);
        } else if (arg == "--no-ui") {
            noUi = true;
        } else if (arg == "--heartbeat-interval" && i + 1 < argc) {
            if (!parseNumber(argv[++i], 50, 3600000, heartbeatMs))
                return usage("--heartbeat-interval takes milliseconds from 50 to 3600000");
        } else if (arg == "--client-heartbeat-interval" && i + 1 < argc) {
            if (!parseNumber(argv[++i], 50, 3600000, clientHeartbeatMs))
                return usage("--client-heartbeat-interval takes milliseconds from 50 to 3600000");
        } else if (arg == "--extract-time" && i + 1 < argc) {
            if (!parseNumber(argv[++i], 0, kMaxBlockMs, extractMs))
                return usage("--extract-time takes milliseconds from 0 to 60000");
        } else if (arg == "--collect-time" && i + 1 < argc) {
            if (!parseNumber(argv[++i], 0, kMaxBlockMs, collectMs))
                return usage("--collect-time takes milliseconds from 0 to 60000");
        } else if (arg == "--pause-before-extract" && i + 1 < argc) {
            if (!parseNumber(argv[++i], 0, kMaxBlockMs, pauseMs))
                return usage("--pause-before-extract takes milliseconds from 0 to 60000");
        } else if (arg == "--tool" && i + 1 < argc) {
            toolScript = argv[++i];
            if (toolScript.empty()) return usage("--tool takes the path of a Python tool");
        } else if (arg == "--publish") {
            publish = true;
        } else if (arg == "--repair") {
            repair = true;
        } else if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        } else {
            return usage("unknown argument " + arg);
        }
    }

    if (repair && !publish) return usage("--repair goes with --publish");

    demo::Scene scene;  // main thread only
    auto registry = std::make_shared<hostbridge::publish::PluginRegistry>();
    demo::registerPlugins(*registry, scene, output,
                          {std::chrono::milliseconds(collectMs), std::chrono::milliseconds(extractMs)});
    hostbridge::publish::PublisherOptions publisherOptions;
    publisherOptions.host = "demo";
    publisherOptions.contextData["outputDir"] = output.string();
    // Main thread only, like the scene: the service runs every call that touches it there.
    auto publisher = std::make_shared<hostbridge::publish::Publisher>(registry, publisherOptions);
    if (pauseMs > 0) {
        // A gap between validation and extraction that a test can see (stderr) and act in: the
        // UI waits for this answer with no plug-in running.
        publisher->setTest(
            [pause = std::chrono::milliseconds(pauseMs)](double nextOrder, const std::vector<double>& ordersWithError) {
            using namespace hostbridge::publish;
            if (nextOrder >= order::kExtractor && nextOrder < order::kIntegrator) {
                std::cerr << "hostbridge-demo-host: pausing " << pause.count() << " ms before extraction" << std::endl;
                std::this_thread::sleep_for(pause);
            }
            return defaultTest(nextOrder, ordersWithError);
        });
    }
    if (publish) {  // no threads, no server; SIGINT and SIGTERM keep their default (stop at once)
        try {
            return publishHeadless(*publisher, repair);
        } catch (const std::exception& e) {
            std::cerr << "hostbridge-demo-host: publish: " << e.what() << "\n";
            return 1;
        }
    }

    // Block the stop signals before any thread starts: they stay pending until the main loop
    // collects them with sigtimedwait, so the loop decides when to stop, between two frames.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    auto mainLoop = std::make_shared<hostbridge::PumpedExecutor>();
    hostbridge::HostOptions options;
    options.port = static_cast<std::uint16_t>(port);
    options.mainThreadTimeout = std::chrono::milliseconds(timeoutMs);
    options.clientHeartbeatInterval = std::chrono::milliseconds(clientHeartbeatMs);
    hostbridge::Host host(mainLoop, options);

    // Every scene function runs on the main loop, where the scene lives.
    const hostbridge::BindOptions onMainThread{hostbridge::Thread::Main};
    host.bind(
        "scene.ls", [&] { return scene.nodes(); },
        "scene.ls(): every node as {name, family, selected}, in scene order.", onMainThread);
    host.bind(
        "scene.select", [&](const std::vector<std::string>& names) { return scene.select(names); },
        "scene.select(names): selects exactly these nodes; returns them. Fault 1 for an unknown name.", onMainThread);
    host.bind(
        "scene.rename", [&](const std::string& from, const std::string& to) { return scene.rename(from, to); },
        "scene.rename(from, to): renames a node; returns the new name. Faults 1 (no such node), 2 (name taken), 3 "
        "(invalid name).",
        onMainThread);
    host.bind(
        "scene.block",
        [](int ms) {
        if (ms < 0 || ms > kMaxBlockMs)
            throw hostbridge::Fault(hostbridge::FaultCode::InvalidParams, "ms must be 0-60000");
        std::this_thread::sleep_for(
            std::chrono::milliseconds(ms));  // the main loop stands still, as in a long evaluation
        return ms;
        },
        "scene.block(ms): blocks the main loop for ms (at most 60000), then returns ms. Shows a busy host that still "
        "answers ping.",
        onMainThread);
    // A question to the artist from the main thread: askFromMainThread serves this host's
    // main-thread calls (the UI's /pyblish calls) while it waits for the answer.
    host.bind(
        "scene.confirm",
        [&host](const std::string& question, std::optional<double> timeoutSeconds) {
        const double seconds = timeoutSeconds.value_or(60);
        if (!(seconds > 0 && seconds <= 3600))
            throw hostbridge::Fault(hostbridge::FaultCode::InvalidParams, "timeout must be 0-3600 s");
        const hostbridge::UiQuestion asked{
            question, {"Yes", "No"}, "No", std::chrono::milliseconds(std::lround(seconds * 1000))};
        return hostbridge::askFromMainThread(host, asked);
        },
        "scene.confirm(question, timeout=60): asks the artist in the UI; returns \"Yes\" or \"No\" (\"No\" when nobody "
        "answers within timeout seconds, or without a UI).",
        onMainThread);

    hostbridge::PublishingService service(host, publisher);
    service.onEmit([&publisher, &output, &host](const std::string& signal, const hostbridge::Struct&) {
        std::cerr << "hostbridge-demo-host: the UI emitted '" << signal << "'" << std::endl;
        if (signal != "published") return;
        writeSessionReport(*publisher, output);
        // A notice for the artist: queued, never waits (nothing happens without a UI link).
        if (const auto link = host.uiLink()) notifyPublished(*link, publisher->sessionReport());
    });

    std::unique_ptr<demo::ExampleTool> tool;
    try {
        if (!toolScript.empty()) tool = std::make_unique<demo::ExampleTool>(host, toolScript);
        host.start();
    } catch (const std::exception& e) {
        std::cerr << "hostbridge-demo-host: " << e.what() << "\n";
        return 1;
    }
    std::cout << "Port:" << host.port() << std::endl;
    std::cerr << "hostbridge-demo-host: serving " << host.url() << " (connection file " << host.connectionFilePath()
              << ", main-thread timeout " << timeoutMs << " ms)" << std::endl;

    if (tool) tool->start();  // after the connection file: the tool finds this host by it

    // The UI: found or launched, shown and kept alive on the link's own thread; nothing here
    // waits for it, so the main loop runs at once whatever the UI does.
    if (!noUi) {
        hostbridge::UiLinkOptions ui;
        ui.uiPort = static_cast<std::uint16_t>(uiPort);
        ui.locator.explicitPath = uiPath;
        ui.uiArguments = uiArguments;
        ui.heartbeatInterval = std::chrono::milliseconds(heartbeatMs);
        ui.keepAlive = true;
        try {
            ui.uiLogFile = hostbridge::runtimeDirectory() + "/ui-" + std::to_string(uiPort) + ".log";
        } catch (const std::exception&) {
        }
        ui.log = [](const std::string& message) { std::cerr << "hostbridge-demo-host: ui: " << message << std::endl; };
        host.linkUi(ui).connect({{"ContextLabel", "demo scene (" + std::to_string(scene.nodes().size()) + " nodes)"},
                                 {"WindowTitle", "HostBridge demo host - port " + std::to_string(host.port())}});
    }

    // The main loop: wake for calls at once, otherwise tick at about 60 frames a second.
    const timespec noWait{0, 0};
    int received = 0;
    while (received <= 0) {
        mainLoop->waitForWork(std::chrono::milliseconds(16));
        mainLoop->pump();
        scene.tick();
        received = sigtimedwait(&stopSignals, nullptr, &noWait);
    }

    if (tool) tool->stop();
    host.stop();  // the UI link's heartbeats end; pending main-thread calls get ShuttingDown; the connection file goes
    std::cerr << "hostbridge-demo-host: stopped at frame " << scene.frame() << " ("
              << (received == SIGINT ? "SIGINT" : "SIGTERM") << ")" << std::endl;
    return 0;
}
