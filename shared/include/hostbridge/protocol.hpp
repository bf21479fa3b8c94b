#pragma once
// Protocol constants both sides rely on (docs/protocol.md), in one place.

#include <cstdint>

namespace hostbridge::protocol {

constexpr std::uint16_t kUiPort = 9090;  // the publishing UI's fixed port (overridable for tests)

// Paths every HostBridge server answers on, and the publishing service's own path on hosts.
constexpr const char* kRootPath = "/";
constexpr const char* kRpc2Path = "/RPC2";
constexpr const char* kPyblishPath = "/pyblish";

// Connection file kinds (connection_file.hpp).
constexpr const char* kHostKind = "host";
constexpr const char* kUiKind = "ui";

}  // namespace hostbridge::protocol
