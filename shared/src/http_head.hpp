#pragma once
// Private: the head of an HTTP/1.x message (start line and header fields), parsed without
// allocating from any declared length.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hostbridge::detail {

constexpr std::size_t kMaxHeadBytes = 16 * 1024;  // start line + headers
constexpr std::size_t kMaxHeaderFields = 100;     // more: 431 (checkRequestHead)

struct HttpHead {
    // Request: method, target, version. Response: version, status code, reason phrase.
    std::string first, second, third;
    std::vector<std::pair<std::string, std::string>> fields;  // names lower-cased, values trimmed

    // The value of a field; nullptr when absent. With duplicates, the first.
    const std::string* field(std::string_view lowerName) const;
    // True when any field name starts with `lowerPrefix`.
    bool hasFieldWithPrefix(std::string_view lowerPrefix) const;
    // HTTP/1.1 keeps the connection unless "Connection: close"; 1.0 only with "keep-alive".
    bool keepAlive() const;  // (for a request; `first` of a response is the version)
};

// Where the head in `data` ends (the index of the CR of its blank line), or npos while it has
// not arrived. Scans from `from`, which it advances, so a head arriving in pieces is scanned
// once. Sets `bareLf` (and returns npos) at a line ended by LF alone, which no valid head has:
// the caller answers at once instead of waiting for a CRLF that will not come.
std::size_t findHeadEnd(std::string_view data, std::size_t& from, bool& bareLf);

// Parses `text` (everything before the blank line). False when it is not a valid head,
// including one holding NUL, a bare CR or another control byte (tab aside).
bool parseHttpHead(std::string_view text, bool isResponse, HttpHead& out);

// Parses a Content-Length value: digits only, no sign, at most 18 of them.
std::optional<std::size_t> parseContentLength(const std::string& value);

bool equalsNoCase(std::string_view a, std::string_view b);

}  // namespace hostbridge::detail
