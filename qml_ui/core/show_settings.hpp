#pragma once
// ShowSettings: the `settings` struct of show(port, settings) (docs/protocol.md), read and
// checked on the server thread before anything reaches the GUI thread.

#include <QList>
#include <QPoint>
#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <hostbridge/value.hpp>

namespace hostbridge::ui {

// The longest WindowTitle and ContextLabel kept, in characters; longer ones are cut (a
// multi-megabyte title cost the window about 1 GiB to lay out).
constexpr int kMaxShowTextLength = 256;
// The most names HiddenSections and targets may hold.
constexpr std::size_t kMaxShowNames = 100;

struct ShowSettings {
    std::optional<QString> windowTitle;                          // WindowTitle
    std::optional<QString> contextLabel;                         // ContextLabel
    std::optional<QSize> windowSize;                             // WindowSize [w, h]
    std::optional<QPoint> windowPosition;                        // WindowPosition [x, y]
    std::optional<std::chrono::milliseconds> heartbeatInterval;  // HeartbeatInterval (seconds on the wire)
    std::optional<bool> darkTheme;                               // Theme: "dark" or "light" (HostBridge's own)
    // HostToken (HostBridge's own key): the token of the host's server, so the UI can call it
    // back. Absent or empty for legacy tokenless pyblish hosts.
    std::optional<std::string> hostToken;
    // pyblish-qml 1.x's keys: the sections shown folded (HiddenSections, names), the targets
    // whose plug-ins run beside "default" (targets), and what runs after the show's reset
    // (autoValidate, autoPublish; absent: false).
    std::optional<QStringList> hiddenSections;
    std::optional<std::vector<std::string>> targets;
    bool autoValidate = false;
    bool autoPublish = false;
    // What was changed from what the host sent, one sentence each, for the UI's log.
    QStringList changes;
};

// Reads `settings`: nil gives no settings; unknown keys are ignored (pyblish hosts send more
// than we use); a known key of the wrong type or out of range throws Fault InvalidParams
// naming it ("params[1].WindowSize: expected [width, height] ..."), so nothing is dropped
// silently. Texts longer than kMaxShowTextLength are cut, and the cut noted in `changes`.
// `path` prefixes those messages.
ShowSettings parseShowSettings(const Value& settings, const std::string& path = "params[1]");

// Fits the size and position of `settings` to `screens` (their available geometries): a size
// no larger than the largest screen, a position that keeps the window (of the size asked, else
// `currentSize`) on the screens' bounding rectangle. Notes each change in `settings.changes`.
// No screens: nothing changes. Any thread.
void fitToScreens(ShowSettings& settings, const QList<QRect>& screens, QSize currentSize);

// A TCP port a host can name: 1..65535. Throws Fault InvalidParams naming `path` otherwise.
int checkedPort(std::int64_t port, const std::string& path);

}  // namespace hostbridge::ui
