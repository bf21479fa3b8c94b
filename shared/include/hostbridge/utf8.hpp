#pragma once
// UTF-8 as RFC 3629 defines it: the one check HostBridge uses wherever text must be UTF-8.

#include <cstddef>
#include <string_view>
#include "hostbridge/shared_export.hpp"

namespace hostbridge {

// The length (1-4) of the well-formed UTF-8 character starting at text[at] (at < size), with
// its code point stored in *codePoint when given; 0 when none starts there: a continuation or
// invalid lead byte, a truncated sequence, an overlong form, a surrogate (U+D800-U+DFFF) or a
// code point beyond U+10FFFF.
HOSTBRIDGE_SHARED_EXPORT std::size_t utf8CharLength(std::string_view text, std::size_t at,
                                                    char32_t* codePoint = nullptr);

// True when the whole of `text` is well-formed UTF-8.
HOSTBRIDGE_SHARED_EXPORT bool isUtf8(std::string_view text);

}  // namespace hostbridge
