#include "ui_options.hpp"

#include <QCommandLineParser>

#include <cstdio>
#include <iostream>

namespace hostbridge::ui {
namespace {

constexpr const char* kDescription =
    "The publishing UI a DCC host drives over XML-RPC (docs/ui.md).\n"
    "The token comes from $HOSTBRIDGE_TOKEN when set, else a fresh one; either way it is in the\n"
    "connection file ui-<port>.json of the runtime directory. Qt's own options (-platform NAME,\n"
    "-qwindowgeometry GEOMETRY, ...) are accepted.";

// QGuiApplication's own options (Qt's documentation of QGuiApplication), which it takes out of
// argv itself: known here so they are not refused, and hidden from --help.
struct QtOption {
    const char* name;
    bool takesValue;
};
constexpr QtOption kQtOptions[] = {
    {"platform", true},      {"platformpluginpath", true},
    {"platformtheme", true}, {"plugin", true},
    {"qmljsdebugger", true}, {"qwindowgeometry", true},
    {"qwindowicon", true},   {"qwindowtitle", true},
    {"reverse", false},      {"session", true},
    {"display", true},       {"geometry", true},
    {"style", true},
};

std::optional<int> numberIn(const QString& text, int lowest, int highest) {
    bool ok = false;
    const int value = text.toInt(&ok, 10);
    if (!ok || value < lowest || value > highest) return std::nullopt;
    return value;
}

}  // namespace

std::optional<int> parseUiOptions(int argc, char** argv, UiOptions& options) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(kDescription));
    // -platform is one option (Qt's way), not -p -l -a ...
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show these options."));
    const QCommandLineOption port(
        QStringLiteral("port"),
        QStringLiteral("Serve on 127.0.0.1:N (default 9090; 0: any free port, printed as Port:N)."),
        QStringLiteral("N"));
    const QCommandLineOption noToken(
        QStringLiteral("no-token"),
        QStringLiteral("Accept calls without a token (legacy pyblish hosts); all other checks stay on."));
    const QCommandLineOption show(QStringLiteral("show"),
                                  QStringLiteral("Show the window at once instead of waiting for a host's show()."));
    const QCommandLineOption hostPort(
        QStringLiteral("host-port"),
        QStringLiteral("Work for the host serving on 127.0.0.1:N at once (reset from it)."), QStringLiteral("N"));
    const QCommandLineOption extension(
        QStringLiteral("extension"),
        QStringLiteral("Load FILE.qml, a component that may register functions of its own on "
                       "its uiFunctions property (repeatable; docs/ui.md, \"Your own functions\")."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Write the window as PNG each time it has shown and each time a run "
                       "ends (works offscreen)."),
        QStringLiteral("FILE"));
    const QCommandLineOption run(
        QStringLiteral("run"),
        QStringLiteral("After each successful reset, run these steps in turn, e.g. "
                       "validate,repair,publish (repair: each failed plug-in that has a repair)."),
        QStringLiteral("STEPS"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("The window's size at start (as show's WindowSize), e.g. 1280x800."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption open(
        QStringLiteral("open"),
        QStringLiteral("After each run: \"log\" shows the Log tab, another name opens the detail page "
                       "of the plug-in or instance of that name or label."),
        QStringLiteral("VIEW"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("The window's colours: dark (the default, as DCCs are) or light; a host's show() "
                       "may switch them (its Theme setting)."),
        QStringLiteral("NAME"));
    parser.addOptions({help, port, noToken, show, hostPort, extension, screenshot, run, size, open, theme});
    for (const QtOption& qt : kQtOptions) {
        QCommandLineOption option(QString::fromLatin1(qt.name), QString(),
                                  qt.takesValue ? QStringLiteral("value") : QString());
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }

    // Without an application object the parser cannot know the program's name.
    const auto helpText = [&parser] {
        return parser.helpText()
            .replace(QStringLiteral("<executable_name>"), QStringLiteral("hostbridge-ui"))
            .toStdString();
    };
    const auto bad = [&helpText](const QString& message) {
        std::cerr << "hostbridge-ui: " << message.toStdString() << "\n" << helpText();
        return 2;
    };
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    if (!parser.parse(arguments)) return bad(parser.errorText());
    if (parser.isSet(help)) {
        std::cout << helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return bad(QStringLiteral("unexpected argument ") + parser.positionalArguments().first());

    if (parser.isSet(port)) {
        const auto value = numberIn(parser.value(port), 0, 65535);
        if (!value) return bad(QStringLiteral("--port takes a number from 0 to 65535"));
        options.port = *value;
    }
    if (parser.isSet(hostPort)) {
        const auto value = numberIn(parser.value(hostPort), 1, 65535);
        if (!value) return bad(QStringLiteral("--host-port takes a number from 1 to 65535"));
        options.hostPort = *value;
    }
    if (parser.isSet(run)) {
        const auto steps = ScriptedRun::parse(parser.value(run).toStdString());
        if (!steps) return bad(QStringLiteral("--run takes validate, repair and publish, separated by commas"));
        options.runSteps = *steps;
    }
    if (parser.isSet(size)) {
        int width = 0, height = 0;
        char tail = 0;
        const std::string text = parser.value(size).toStdString();
        if (std::sscanf(text.c_str(), "%dx%d%c", &width, &height, &tail) != 2 || width < 100 || height < 100 ||
            width > 16384 || height > 16384)
            return bad(QStringLiteral("--size takes WxH, each from 100 to 16384"));
        options.size = QSize(width, height);
    }
    if (parser.isSet(theme)) {
        const QString name = parser.value(theme);
        if (name != QLatin1String("dark") && name != QLatin1String("light"))
            return bad(QStringLiteral("--theme takes dark or light"));
        options.darkTheme = name == QLatin1String("dark");
    }
    options.openView = parser.value(open);
    options.requireToken = !parser.isSet(noToken);
    options.showAtStart = parser.isSet(show);
    options.extensions = parser.values(extension);
    options.screenshotPath = parser.value(screenshot);
    return std::nullopt;
}

}  // namespace hostbridge::ui
