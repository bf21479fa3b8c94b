#pragma once
// Base64 (RFC 4648, standard alphabet, padded), as HTTP Basic auth and JSON output need it.

#include <optional>
#include <string>
#include <string_view>

#include "hostbridge/shared_export.hpp"
#include "hostbridge/value.hpp"

namespace hostbridge {

HOSTBRIDGE_SHARED_EXPORT std::string encodeBase64(const Bytes& bytes);

// Decodes padded or unpadded base64, ignoring no characters; nullopt for invalid input.
HOSTBRIDGE_SHARED_EXPORT std::optional<Bytes> decodeBase64(std::string_view text);

}  // namespace hostbridge
