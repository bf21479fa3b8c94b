#include "hostbridge/utf8.hpp"

namespace hostbridge {

std::size_t utf8CharLength(std::string_view text, std::size_t at, char32_t* codePoint) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t smallest = 0;  // below it the form is overlong
    if (lead < 0x80) {
        length = 1;
        cp = lead;
    } else if (lead >= 0xC0 && lead < 0xE0) {
        length = 2;
        cp = lead & 0x1Fu;
        smallest = 0x80;
    } else if (lead >= 0xE0 && lead < 0xF0) {
        length = 3;
        cp = lead & 0x0Fu;
        smallest = 0x800;
    } else if (lead >= 0xF0 && lead < 0xF8) {
        length = 4;
        cp = lead & 0x07u;
        smallest = 0x10000;
    } else {
        return 0;  // a continuation byte, or a lead byte no code point needs
    }
    if (text.size() - at < length) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(k) & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (byte(k) & 0x3Fu);
    }
    if (cp < smallest || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
    if (codePoint) *codePoint = cp;
    return length;
}

bool isUtf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        if (static_cast<unsigned char>(text[at]) < 0x80) {  // the common case, without a call
            ++at;
            continue;
        }
        const std::size_t length = utf8CharLength(text, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

}  // namespace hostbridge
