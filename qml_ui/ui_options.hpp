#pragma once
// UiOptions: hostbridge-ui's command line (docs/ui.md, "Running it"), read with
// QCommandLineParser: `--port 0` and `--port=0` alike, and Qt's own options (`-platform
// offscreen`, `-qwindowgeometry ...`) accepted and left to QGuiApplication.
//
// Threads: main(), before the application object exists (so --help and a bad option need no
// display).

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

#include <hostbridge/protocol.hpp>

#include "scripted_run.hpp"

namespace hostbridge::ui {

struct UiOptions {
    QStringList extensions;  // --extension FILE.qml, in order
    int port = protocol::kUiPort;
    bool requireToken = true;
    bool showAtStart = false;
    QString screenshotPath;
    int hostPort = 0;
    std::vector<ScriptedRun::Step> runSteps;  // --run: empty for none
    std::optional<QSize> size;                // --size
    QString openView;                         // --open
    std::optional<bool> darkTheme;            // --theme dark | light; unset: dark
};

// Reads argv into `options`. Returns an exit code when the program should end at once: 0 after
// --help (the options on stdout), 2 for a bad command line (what is wrong and the options on
// stderr).
std::optional<int> parseUiOptions(int argc, char** argv, UiOptions& options);

}  // namespace hostbridge::ui
