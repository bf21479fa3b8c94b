#pragma once
// ShowSettings: the `settings` struct of show(port, settings) (docs/protocol.md), read and
// checked on the server thread before anything reaches the GUI thread.

#include <QPoint>
#include <QSize>
#include <QString>

#include <chrono>
#include <optional>
#include <string>

#include <hostbridge/value.hpp>

namespace hostbridge::ui {

struct ShowSettings {
    std::optional<QString> windowTitle;       // WindowTitle
    std::optional<QString> contextLabel;      // ContextLabel
    std::optional<QSize> windowSize;          // WindowSize [w, h]
    std::optional<QPoint> windowPosition;     // WindowPosition [x, y]
    std::optional<std::chrono::milliseconds> heartbeatInterval;  // HeartbeatInterval (seconds on the wire)
    // HostToken (HostBridge's own key): the token of the host's server, so the UI can call it
    // back. Absent or empty for legacy tokenless pyblish hosts.
    std::optional<std::string> hostToken;
};

// Reads `settings`: nil gives no settings; unknown keys are ignored (pyblish hosts send more
// than we use); a known key of the wrong type or out of range throws Fault InvalidParams
// naming it ("params[1].WindowSize: expected [width, height] ..."), so nothing is dropped
// silently. `path` prefixes those messages.
ShowSettings parseShowSettings(const Value& settings, const std::string& path = "params[1]");

// A TCP port a host can name: 1..65535. Throws Fault InvalidParams naming `path` otherwise.
int checkedPort(std::int64_t port, const std::string& path);

}  // namespace hostbridge::ui
