#pragma once
// Session tokens: the secret every call to a HostBridge server must carry.

#include <string>
#include <string_view>

#include "hostbridge/shared_export.hpp"

namespace hostbridge {

// A fresh token: 256 bits from the operating system's random source, as 64 hex digits.
// Throws std::runtime_error when no random source is available.
HOSTBRIDGE_SHARED_EXPORT std::string generateToken();

// Compares in time that depends only on the lengths, not on where the texts differ.
HOSTBRIDGE_SHARED_EXPORT bool tokensEqual(std::string_view a, std::string_view b) noexcept;

// The environment variable through which a parent process hands a child its token
// (never the command line, which every local user can read in `ps`).
constexpr const char* kTokenEnvironmentVariable = "HOSTBRIDGE_TOKEN";

}  // namespace hostbridge
