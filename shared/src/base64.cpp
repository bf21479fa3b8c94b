#include "hostbridge/base64.hpp"

#include "base64_text.hpp"

namespace hostbridge {
namespace {
const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

bool isXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
}  // namespace

namespace detail {

void appendBase64(std::string& out, const unsigned char* bytes, std::size_t size) {
    for (std::size_t i = 0; i < size; i += 3) {
        const std::size_t n = size - i < 3 ? size - i : 3;
        const unsigned v =
            unsigned(bytes[i]) << 16 | (n > 1 ? unsigned(bytes[i + 1]) << 8 : 0) | (n > 2 ? bytes[i + 2] : 0);
        out += kAlphabet[v >> 18];
        out += kAlphabet[v >> 12 & 63];
        out += n > 1 ? kAlphabet[v >> 6 & 63] : '=';
        out += n > 2 ? kAlphabet[v & 63] : '=';
    }
}

bool isBase64Text(std::string_view text) {
    std::size_t characters = 0, padding = 0;
    for (const char c : text) {
        if (isXmlSpace(c)) continue;
        if (c == '=') {
            if (++padding > 2) return false;
        } else if (padding > 0 || sextet(c) < 0) {
            return false;  // data after padding, or outside the alphabet
        }
        ++characters;
    }
    return characters % 4 == 0;  // whole groups, as xmlrpc-c and Python require
}

}  // namespace detail

std::string encodeBase64(const Bytes& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    detail::appendBase64(out, bytes.data(), bytes.size());
    return out;
}

std::optional<Bytes> decodeBase64(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return std::nullopt;
    Bytes out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int s = sextet(c);
        if (s < 0) return std::nullopt;
        buffer = buffer << 6 | static_cast<unsigned>(s);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>(buffer >> bits & 0xFF));
        }
    }
    return out;
}

}  // namespace hostbridge
