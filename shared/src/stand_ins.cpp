#include "stand_ins.hpp"

#include "hostbridge/utf8.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace hostbridge::detail {
namespace {

constexpr char32_t kHighBase = 0xE000;                      // + code point >> 10 (up to 0x43F)
constexpr char32_t kLowBase = 0xE800;                       // + code point & 0x3FF
constexpr std::string_view kDoubleMarker = "\xEE\x9F\xBF";  // U+E7FF, unused by the pairs
constexpr std::string_view kDoubleOpen = "<double>";
constexpr std::string_view kDoubleClose = "</double>";
constexpr std::string_view kStringOpen = "<string>";
constexpr std::string_view kStringClose = "</string>";

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | cp >> 6));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | cp >> 12));
        out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | cp >> 18));
        out.push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

void appendStandIn(std::string& out, char32_t cp) {
    appendUtf8(out, kHighBase + (cp >> 10));
    appendUtf8(out, kLowBase + (cp & 0x3FF));
}

std::uint8_t byteAt(std::string_view s, std::size_t i) { return static_cast<std::uint8_t>(s[i]); }

// A stand-in-range character (U+E000-U+EBFF) starts at i: EE 80..AF xx.
bool standInRangeAt(std::string_view s, std::size_t i) {
    return byteAt(s, i) == 0xEE && i + 1 < s.size() && byteAt(s, i + 1) >= 0x80 && byteAt(s, i + 1) <= 0xAF;
}

// A character beyond U+FFFF at i: its code point and length 4, or length 0.
std::size_t fourByteAt(std::string_view s, std::size_t i, char32_t& cp) {
    if (byteAt(s, i) < 0xF0) return 0;
    return utf8CharLength(s, i, &cp) == 4 ? 4 : 0;
}

// A character reference at i ("&#13;", "&#x1F3AC;"): its code point and length, or length 0.
std::size_t referenceAt(std::string_view s, std::size_t i, char32_t& cp) {
    if (s[i] != '&' || i + 3 >= s.size() || s[i + 1] != '#') return 0;
    std::size_t k = i + 2;
    const bool hex = s[k] == 'x' || s[k] == 'X';
    if (hex) ++k;
    const std::size_t digits = k;
    std::uint32_t value = 0;
    for (; k < s.size() && k - digits < 8; ++k) {
        const auto c = static_cast<unsigned char>(s[k]);
        if (hex && std::isxdigit(c))
            value = value * 16 + static_cast<std::uint32_t>(std::isdigit(c) ? c - '0' : std::tolower(c) - 'a' + 10);
        else if (!hex && std::isdigit(c)) value = value * 10 + static_cast<std::uint32_t>(c - '0');
        else break;
    }
    if (k == digits || k >= s.size() || s[k] != ';') return 0;
    cp = value;
    return k + 1 - i;
}

}  // namespace

std::optional<double> readDouble(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty() ||
        !(std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '-' || text.front() == '.'))
        return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<std::string> replaceForParser(std::string_view xml) {
    // Text inside CDATA is not markup: rewriting it could change a string, so such documents
    // go to xmlrpc-c as they are.
    if (xml.find("<![CDATA[") != std::string_view::npos) return std::nullopt;
    std::optional<std::string> out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < xml.size();) {
        const std::uint8_t b = byteAt(xml, i);
        if (b != '&' && b != '<' && b < 0xEE) {  // the common case: nothing to look at
            ++i;
            continue;
        }
        if (b == '<') {
            if (xml.compare(i, kDoubleOpen.size(), kDoubleOpen) != 0) {
                ++i;
                continue;
            }
            // A double's text holds no markup: its end is the very next tag, so the search never
            // runs past it (looking further would make many <double>s quadratic).
            const std::size_t close = xml.find('<', i + kDoubleOpen.size());
            if (close == std::string_view::npos) break;  // truncated: the parser reports it
            if (xml.compare(close, kDoubleClose.size(), kDoubleClose) != 0)
                throw std::invalid_argument("<double> holds markup instead of a number");
            const std::string_view text = xml.substr(i + kDoubleOpen.size(), close - i - kDoubleOpen.size());
            const auto value = readDouble(text);
            // Refused here: xmlrpc-c would take "inf", "nan" and hex digits.
            if (!value)
                throw std::invalid_argument("<double> holds '" + std::string(text.substr(0, 40)) +
                                            "', which is not a finite number");
            if (!out) {
                out.emplace();
                out->reserve(xml.size() + 64);
            }
            out->append(xml.substr(copied, i - copied));
            out->append(kStringOpen).append(markDouble(*value)).append(kStringClose);
            i = close + kDoubleClose.size();
            copied = i;
            continue;
        }
        char32_t cp = 0;
        std::size_t length = 0;
        if (b == '&') {
            length = referenceAt(xml, i, cp);
            if (length && cp >= kHighBase && cp < 0xEC00) return std::nullopt;
            if (length && cp != 0x0D && (cp < 0x10000 || cp > 0x10FFFF)) length = 0;
        } else if (standInRangeAt(xml, i)) {
            return std::nullopt;
        } else {
            length = fourByteAt(xml, i, cp);
        }
        if (!length) {
            ++i;
            continue;
        }
        if (!out) {
            out.emplace();
            out->reserve(xml.size() + 16);
        }
        out->append(xml.substr(copied, i - copied));
        appendStandIn(*out, cp);
        i += length;
        copied = i;
    }
    if (out) out->append(xml.substr(copied));
    return out;
}

std::optional<double> markedDouble(std::string_view text) {
    if (text.compare(0, kDoubleMarker.size(), kDoubleMarker) != 0) return std::nullopt;
    return readDouble(text.substr(kDoubleMarker.size()));
}

std::string markDouble(double value) {
    char digits[400];  // the longest fixed form of a finite double is under 330 characters
    const auto result = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed);
    std::string marked(kDoubleMarker);
    marked.append(digits, result.ptr);
    return marked;
}

void restoreDoubles(std::string& xml) {
    const std::string opening = std::string(kStringOpen) + std::string(kDoubleMarker);
    std::size_t at = xml.find(opening);
    if (at == std::string::npos) return;
    std::string out;
    out.reserve(xml.size());
    std::size_t copied = 0;
    for (; at != std::string::npos; at = xml.find(opening, at)) {
        const std::size_t digits = at + opening.size();
        const std::size_t close = xml.find(kStringClose, digits);
        if (close == std::string::npos) break;
        out.append(xml, copied, at - copied);
        out.append(kDoubleOpen).append(xml, digits, close - digits).append(kDoubleClose);
        at = close + kStringClose.size();
        copied = at;
    }
    out.append(xml, copied, std::string::npos);
    xml.swap(out);
}

bool needsStandIns(std::string_view text) {
    for (char c : text)
        if (static_cast<std::uint8_t>(c) >= 0xF0) return true;
    return false;
}

bool hasStandInRange(std::string_view text) {
    for (std::size_t i = text.find('\xEE'); i != std::string_view::npos; i = text.find('\xEE', i + 1))
        if (standInRangeAt(text, i)) return true;
    return false;
}

std::string toStandIns(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = 0;
        if (const std::size_t length = fourByteAt(text, i, cp)) {
            appendStandIn(out, cp);
            i += length;
        } else {
            out.push_back(text[i++]);
        }
    }
    return out;
}

void restoreStandIns(std::string& text) {
    std::size_t i = text.find('\xEE');
    if (i == std::string::npos) return;
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    for (; i != std::string::npos; i = text.find('\xEE', i)) {
        // A pair is EE 80..90 xx  EE A0..AF xx (high then low stand-in).
        if (i + 5 < text.size() && standInRangeAt(text, i) && byteAt(text, i + 1) <= 0x90 &&
            byteAt(text, i + 3) == 0xEE && byteAt(text, i + 4) >= 0xA0 && byteAt(text, i + 4) <= 0xAF) {
            const char32_t high = (char32_t(byteAt(text, i + 1) & 0x3F) << 6 | (byteAt(text, i + 2) & 0x3F));
            const char32_t low = (char32_t(byteAt(text, i + 4) & 0x3F) << 6 | (byteAt(text, i + 5) & 0x3F)) - 0x800;
            out.append(text, copied, i - copied);
            appendUtf8(out, high << 10 | low);
            i += 6;
            copied = i;
        } else {
            ++i;
        }
    }
    out.append(text, copied, std::string::npos);
    text.swap(out);
}

}  // namespace hostbridge::detail
