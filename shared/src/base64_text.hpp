#pragma once
// Private: base64 as XML-RPC documents carry it, on top of the one codec of base64.cpp.

#include <cstddef>
#include <string>
#include <string_view>

namespace hostbridge::detail {

// Appends `size` bytes as padded base64 (the encoder encodeBase64 uses), without line breaks.
void appendBase64(std::string& out, const unsigned char* bytes, std::size_t size);

// True when `text`, the content of a <base64> element, is base64 a peer may send: the standard
// alphabet, XML white space anywhere between characters (peers break lines), at most two '='
// and only at the end, and a whole number of 4-character groups (padded). Characters outside
// the alphabet are refused, never dropped.
bool isBase64Text(std::string_view text);

}  // namespace hostbridge::detail
