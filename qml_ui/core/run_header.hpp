#pragma once
// The header line the Log starts a session with (pyblish-qml 1.x showed it on the context's
// page): which host, which user, which versions, which targets.

#include <QString>

#include <string>
#include <vector>

#include <hostbridge/value.hpp>

namespace hostbridge::ui {

// "Host demo on port 9001, user ada; versions: HostBridge UI 0.1.0, Qt 6.4.2, pyblishVersion
// 1.8.0; targets: default, farm", from the context value `context` (its data's `host` and
// `user`, and every member whose name ends in "version", any case) and the targets the host
// named (`default` always first). A missing host or user reads "unknown".
QString runHeader(const Value& context, int port, const std::vector<std::string>& targets);

}  // namespace hostbridge::ui
