// hostbridge-ui: the publishing UI a DCC host drives over XML-RPC (docs/ui.md).
//
//   hostbridge-ui [--port N] [--host-port N] [--no-token] [--show] [--screenshot FILE] [--run STEPS] ...
//   (ui_options.hpp; --help lists them)
//
// Threads: the GUI thread (this main function, then the Qt event loop) owns every Qt object.
// The hostbridge::Server owns its accept thread and one thread per connection; its handlers
// reach the GUI thread only through GuiThreadBridge. HostLink owns one worker thread for the
// calls to the host's publishing service. Nothing on the GUI thread does network I/O.

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QScreen>

#include <signal.h>
#include <stdlib.h>

#include <iostream>
#include <memory>
#include <string>

#include <hostbridge/connection_file.hpp>
#include <hostbridge/protocol.hpp>
#include <hostbridge/server.hpp>
#include <hostbridge/token.hpp>

#include "auto_run.hpp"
#include "gui_thread_bridge.hpp"
#include "host_greeting.hpp"
#include "host_link.hpp"
#include "host_registry.hpp"
#include "hosts_controller.hpp"
#include "item_details.hpp"
#include "memory_release.hpp"
#include "publish_controller.hpp"
#include "publish_models.hpp"
#include "run_log_filter.hpp"
#include "screenshot_writer.hpp"
#include "scripted_run.hpp"
#include "stop_signals.hpp"
#include "theme.hpp"
#include "ui_automation.hpp"
#include "ui_functions.hpp"
#include "ui_options.hpp"
#include "ui_service.hpp"
#include "ui_timings.hpp"
#include "window_controller.hpp"

// The views' C++ types (HostBridge.Core), a static plugin.
Q_IMPORT_QML_PLUGIN(HostBridge_CorePlugin)

namespace {

// --open: the Log tab, or the detail page of the plug-in or instance named `view` (its name or
// label). Unknown names open nothing.
void openView(const QString& view, QObject& window, const hostbridge::ui::InstanceModel& instances,
              const hostbridge::ui::PluginModel& plugins, hostbridge::ui::ItemDetails& details) {
    if (view == QLatin1String("log")) {
        if (auto* tabs = window.findChild<QObject*>(QStringLiteral("tabs"))) tabs->setProperty("currentIndex", 2);
        return;
    }
    const std::string name = view.toStdString();
    for (int row = 0; row < plugins.count(); ++row) {
        const auto& p = plugins.items()[static_cast<std::size_t>(row)];
        if (p.name == name || p.label == name) {
            details.showPlugin(row);
            return;
        }
    }
    for (int row = 0; row < instances.count(); ++row) {
        const auto& i = instances.items()[static_cast<std::size_t>(row)];
        if (i.name == name || i.label == name) {
            details.showInstance(row);
            return;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace hostbridge;
    using namespace hostbridge::ui;
    const auto mainEntered = UiTimings::Clock::now();

    UiOptions options;
    if (const auto exitCode = parseUiOptions(argc, argv, options)) return *exitCode;

    // A peer closing mid-answer must not kill the process (the server also sends with
    // MSG_NOSIGNAL; this covers every other write).
    ::signal(SIGPIPE, SIG_IGN);

    std::string token;
    if (options.requireToken) {
        if (const char* handed = std::getenv(kTokenEnvironmentVariable); handed && *handed) {
            token = handed;
            if (token.size() < 32) {  // 128 bits as hex, the least security.md allows
                std::cerr << "hostbridge-ui: $" << kTokenEnvironmentVariable
                          << " is too short (at least 32 characters)\n";
                return 2;
            }
        }
    }
    // Not passed on to anything this process might start.
    ::unsetenv(kTokenEnvironmentVariable);

    // Set explicitly: the platform default may be a style that renders badly offscreen.
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QGuiApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("hostbridge-ui"));
    // Closing the window only hides it: the process keeps serving until quit() or a signal.
    app.setQuitOnLastWindowClosed(false);
    // A quit a host, a signal or a disconnect asks for ends the event loop at once: Qt 6's quit()
    // first asks every window to close, and the window refuses during a run (it asks the artist).
    const auto quitNow = [] { QCoreApplication::exit(0); };

    // GUI-thread state. Declared before the server, so the server (whose handlers use them)
    // is destroyed first.
    GuiThreadBridge bridge;
    HostRegistry hosts;
    hosts.startRefreshing(std::chrono::milliseconds(500));
    WindowController window;
    // The command line's size and theme, as a show() would set them (a later show() may change both).
    ShowSettings startSettings;
    startSettings.windowSize = options.size;
    startSettings.darkTheme = options.darkTheme;
    window.applySettings(startSettings);
    NoticeCenter notices;
    UiService service(bridge, hosts, window, notices, quitNow);
    // The publishing side: the link's worker thread calls the host; the controller sequences
    // runs and fills the models. Declared after the bridge, destroyed before it.
    HostLink link;
    InstanceModel instances;
    PluginModel plugins;
    PublishController publishController(link, instances, plugins);
    HostsController hostsController(hosts, link, publishController);
    // A large context leaves tens of MB of freed pages behind (memory_release.hpp).
    MemoryRelease memoryRelease;
    QObject::connect(&publishController, &PublishController::contextFilled, &memoryRelease,
                     [&publishController, &memoryRelease] {
        constexpr int kLargeContext = 1000;
        if (publishController.lastContextTiming().rows >= kLargeContext) memoryRelease.request();
    });
    // What the detail page and the Log tab show, read from the controller's history and log.
    ItemDetails details(instances, plugins, publishController.history());
    RunLogFilter runLog;
    runLog.setSourceModel(&publishController.log());
    service.setUpdateHandler(
        [&publishController](int port, const Array& updates) { publishController.live()->apply(port, updates); });
    // What hosts told and asked the artist stays in the log.
    QObject::connect(&notices, &NoticeCenter::noticed, &publishController, [&publishController](const Notice& notice) {
        publishController.log().addEvent(QStringLiteral("Notice from the host on port %1: %2 %3")
                                             .arg(notice.hostPort)
                                             .arg(notice.title, notice.message),
                                         notice.level == QLatin1String("error")     ? LogLevel::Error
                                         : notice.level == QLatin1String("warning") ? LogLevel::Warning
                                                                                    : LogLevel::Info);
    });
    QObject::connect(&notices, &NoticeCenter::answered, &publishController,
                     [&publishController](const Question& question, const QString& choice, bool byTimeout) {
        publishController.log().addEvent(
            QStringLiteral("The host on port %1 asked \"%2\": %3%4")
                .arg(question.hostPort)
                .arg(question.text, choice,
                     byTimeout ? QStringLiteral(" (the default: nobody answered in time)") : QString()));
    });
    service.setScreens([] {
        QList<QRect> screens;
        for (const QScreen* screen : QGuiApplication::screens()) screens << screen->availableGeometry();
        return screens;
    });
    // The UI is a client of each host that shows it with its token (docs/tools.md): hello,
    // heartbeats, goodbye on quit; a host may ask it to reset (link again) or to quit.
    HostGreeting greeting;
    QObject::connect(&greeting, &HostGreeting::resetRequested, &publishController, [&] {
        greeting.greetAgain();
        if (link.port() > 0) publishController.connectToHost(link.port(), hosts.tokenOf(link.port()), true);
    });
    QObject::connect(&greeting, &HostGreeting::disconnectRequested, &app, quitNow);
    // What a show asks for after its reset (autoValidate, autoPublish).
    AutoRun autoRun(publishController);
    service.setShowHandler([&](int port, const ShowSettings& settings) {
        if (settings.hiddenSections) {
            instances.setFoldedSections(*settings.hiddenSections);
            plugins.setFoldedSections(*settings.hiddenSections);
        }
        publishController.setTargets(settings.targets.value_or(std::vector<std::string>()));
        autoRun.arm(settings.autoValidate, settings.autoPublish);
        publishController.connectToHost(port, settings.hostToken.value_or(std::string()));
        greeting.greet(port, settings.hostToken.value_or(std::string()));
    });
    std::unique_ptr<ScriptedRun> scriptedRun;
    if (!options.runSteps.empty())
        scriptedRun = std::make_unique<ScriptedRun>(publishController, plugins, options.runSteps);

    auto table = std::make_shared<MethodTable>();
    service.bindInto(*table);
    greeting.bindInto(*table, bridge);
    // Functions beyond the protocol's, bound the way any developer binds theirs (ui_functions.hpp).
    UiFunctions functions(table, bridge);
    // The ui.* functions scripts and tests drive the window with; ui.timings answers a fault
    // until the window exists.
    UiAutomation automation(functions, publishController, hosts, hostsController);
    std::unique_ptr<UiTimings> timings;
    ServerOptions serverOptions;
    serverOptions.port = static_cast<std::uint16_t>(options.port);
    serverOptions.requireToken = options.requireToken;
    serverOptions.token = token;
    serverOptions.socketPath = [](std::uint16_t port) { return socketPathFor(protocol::kUiKind, port); };
    serverOptions.log = [](const std::string& message) { std::cerr << "hostbridge-ui: " << message << std::endl; };
    Server server(serverOptions);
    server.route(protocol::kRootPath, table);
    server.route(protocol::kRpc2Path, table);
    // Bind before any window exists: a taken port ends here, never as a window that looks
    // alive but cannot be reached.
    try {
        server.start();
    } catch (const std::exception& e) {
        std::cerr << "hostbridge-ui: cannot serve: " << e.what() << std::endl;
        return 1;
    }
    window.setServerUrl(QString::fromStdString(server.url()));
    greeting.setOwnServer(server.port(), server.token());

    // Stops the server before anything it calls into goes away, whatever path leaves main().
    auto stopServing = [&] {
        bridge.beginShutdown();  // waiting handlers fail fast instead of waiting for a dead loop
        server.stop();
    };

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("controller"), QVariant::fromValue(&window)},
                                 {QStringLiteral("hosts"), QVariant::fromValue(&hosts)},
                                 {QStringLiteral("hostsController"), QVariant::fromValue(&hostsController)},
                                 {QStringLiteral("publishController"), QVariant::fromValue(&publishController)},
                                 {QStringLiteral("instances"), QVariant::fromValue(&instances)},
                                 {QStringLiteral("plugins"), QVariant::fromValue(&plugins)},
                                 {QStringLiteral("details"), QVariant::fromValue(&details)},
                                 {QStringLiteral("runLog"), QVariant::fromValue(&runLog)},
                                 {QStringLiteral("notices"), QVariant::fromValue(&notices)},
                                 {QStringLiteral("uiFunctions"), QVariant::fromValue(&functions)}});
    engine.load(QUrl(QStringLiteral("qrc:/HostBridge/Ui/Main.qml")));
    auto* quickWindow =
        engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    if (!quickWindow) {
        std::cerr << "hostbridge-ui: the window could not be loaded (see the QML errors above; "
                     "are the qml6-module-* packages installed? scripts/install-deps.sh)"
                  << std::endl;
        stopServing();
        return 1;
    }

    // The views' colours follow the controller's theme; Qt Quick Controls (buttons, fields, menus,
    // popups) draw from the application's palette, which follows it too. Set before the first frame.
    if (auto* theme = engine.singletonInstance<Theme*>(qmlTypeId("HostBridge.Core", 1, 0, "Theme"))) {
        const auto applyTheme = [theme, &window] {
            theme->setDark(window.darkTheme());
            QGuiApplication::setPalette(theme->palette());
        };
        applyTheme();
        QObject::connect(&window, &WindowController::themeChanged, theme, applyTheme);
    }

    timings = std::make_unique<UiTimings>(quickWindow, publishController, mainEntered);
    automation.setFrameTimings(timings.get());

    // Extensions: QML files a studio adds without rebuilding (--extension), each created with
    // `uiFunctions` to register its functions on.
    for (const QString& path : options.extensions) {
        QQmlComponent component(&engine, QUrl::fromLocalFile(path));
        QObject* extension = component.isError()
                                 ? nullptr
                                 : component.createWithInitialProperties(
                                       {{QStringLiteral("uiFunctions"), QVariant::fromValue(&functions)}});
        if (!extension) {
            std::cerr << "hostbridge-ui: the extension " << path.toStdString()
                      << " could not be loaded: " << component.errorString().toStdString() << std::endl;
            stopServing();
            return 1;
        }
        extension->setParent(&engine);
    }

    if (!options.openView.isEmpty()) {
        // Connected before the screenshot: the PNG shows the view.
        QObject::connect(&publishController, &PublishController::runFinished, quickWindow,
                         [&, quickWindow] { openView(options.openView, *quickWindow, instances, plugins, details); });
    }

    std::unique_ptr<ScreenshotWriter> screenshot;
    if (!options.screenshotPath.isEmpty()) {
        screenshot = std::make_unique<ScreenshotWriter>(quickWindow, options.screenshotPath);
        QObject::connect(&window, &WindowController::shown, screenshot.get(), &ScreenshotWriter::requestGrab);
        QObject::connect(&publishController, &PublishController::runFinished, screenshot.get(),
                         [shot = screenshot.get()] { shot->requestGrab(); });
        // A notice or a question is what the artist must see: the PNG shows it too.
        QObject::connect(&notices, &NoticeCenter::noticeChanged, screenshot.get(), &ScreenshotWriter::requestGrab);
        QObject::connect(&notices, &NoticeCenter::questionChanged, screenshot.get(), &ScreenshotWriter::requestGrab);
    }

    StopSignals stopSignals;
    QObject::connect(&stopSignals, &StopSignals::stopRequested, &app, [quitNow](int) { quitNow(); });

    std::unique_ptr<ConnectionFile> connectionFile;
    try {
        connectionFile = std::make_unique<ConnectionFile>(protocol::kUiKind, server.port(), server.token(),
                                                          server.url(), server.socketPath());
    } catch (const std::exception& e) {
        std::cerr << "hostbridge-ui: cannot write the connection file: " << e.what() << std::endl;
        stopServing();
        return 1;
    }

    // The announcement a launching parent waits for: only once the server, the window and the
    // connection file are all in place.
    timings->noteServing();
    std::cout << "Port:" << server.port() << std::endl;
    std::cerr << "hostbridge-ui: serving " << server.url() << (options.requireToken ? "" : " without a token")
              << " (connection file " << connectionFile->path() << ")" << std::endl;

    if (options.showAtStart) window.show();
    if (options.hostPort > 0) {
        // A host named on the command line: tokenless unless $HOSTBRIDGE_HOST_TOKEN says.
        const char* hostToken = std::getenv("HOSTBRIDGE_HOST_TOKEN");
        hosts.noteShow(options.hostPort, std::nullopt, hostToken ? hostToken : "");
        publishController.connectToHost(options.hostPort, hosts.tokenOf(options.hostPort));
        greeting.greet(options.hostPort, hosts.tokenOf(options.hostPort));
        ::unsetenv("HOSTBRIDGE_HOST_TOKEN");
    }

    const int exitCode = app.exec();
    stopServing();
    connectionFile->remove();
    std::cerr << "hostbridge-ui: stopped" << std::endl;
    return exitCode;
}
