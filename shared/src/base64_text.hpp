#pragma once
// Private: base64 as XML-RPC documents carry it, on top of the one codec of base64.cpp.

#include <cstddef>
#include <string>
#include <string_view>

namespace hostbridge::detail {

// Appends `size` bytes as padded base64 (the encoder encodeBase64 uses), without line breaks.
void appendBase64(std::string& out, const unsigned char* bytes, std::size_t size);

}  // namespace hostbridge::detail
