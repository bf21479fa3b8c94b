// hostbridge-bench-quick-baseline: P5's baseline. A blank Qt Quick window of the UI's default
// size, loaded the way hostbridge-ui loads its own (QQmlApplicationEngine); once its first
// frame is swapped it prints
//   FirstFrame:<CLOCK_MONOTONIC seconds> RssKb:<resident KiB>
// and exits, so tests/bench/bench_ui.py can tell what Qt itself costs from what HostBridge adds.

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

long residentKb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    QQmlApplicationEngine engine;
    engine.loadData("import QtQuick\nWindow { width: 430; height: 600; visible: true; color: \"white\" }\n");
    auto* window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    if (!window) return 1;
    // frameSwapped may come on the render thread: print there, quit through the event loop.
    QObject::connect(
        window, &QQuickWindow::frameSwapped, window,
        [] {
        static bool once = false;
        if (once) return;
        once = true;
        const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
        std::printf("FirstFrame:%.6f RssKb:%ld\n", now, residentKb());
        std::fflush(stdout);
        QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        },
        Qt::DirectConnection);
    return app.exec();
}
