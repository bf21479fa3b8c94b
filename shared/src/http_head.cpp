#include "http_head.hpp"

#include <algorithm>
#include <cctype>

namespace hostbridge::detail {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool isTokenChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

bool equalsNoCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

const std::string* HttpHead::field(std::string_view lowerName) const {
    for (const auto& f : fields)
        if (f.first == lowerName) return &f.second;
    return nullptr;
}

bool HttpHead::hasFieldWithPrefix(std::string_view lowerPrefix) const {
    return std::any_of(fields.begin(), fields.end(),
                       [&](const auto& f) { return f.first.compare(0, lowerPrefix.size(), lowerPrefix) == 0; });
}

bool HttpHead::keepAlive() const {
    const std::string* connection = field("connection");
    const std::string value = connection ? lower(*connection) : std::string();
    const std::string& version = third.rfind("HTTP/", 0) == 0 ? third : first;
    if (version == "HTTP/1.0") return value.find("keep-alive") != std::string::npos;
    return value.find("close") == std::string::npos;
}

std::size_t findHeadEnd(std::string_view data, std::size_t& from, bool& bareLf) {
    for (std::size_t i = from; i < data.size(); ++i) {
        if (data[i] != '\n') continue;
        if (i == 0 || data[i - 1] != '\r') {
            bareLf = true;
            return std::string_view::npos;
        }
        if (i >= 3 && data[i - 2] == '\n' && data[i - 3] == '\r') return i - 3;
    }
    from = data.size();
    return std::string_view::npos;
}

bool parseHttpHead(std::string_view text, bool isResponse, HttpHead& out) {
    out = HttpHead();
    // NUL, a CR not followed by LF and other control bytes (tab aside) are read differently by
    // different parsers, which is how requests are smuggled: none is accepted anywhere.
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;  // a line end
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    }
    std::size_t lineEnd = text.find("\r\n");
    std::string_view line = text.substr(0, lineEnd);
    const std::size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return false;
    const std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos && !isResponse) return false;
    out.first = std::string(line.substr(0, sp1));
    out.second =
        std::string(line.substr(sp1 + 1, sp2 == std::string_view::npos ? std::string_view::npos : sp2 - sp1 - 1));
    out.third = sp2 == std::string_view::npos ? std::string() : std::string(line.substr(sp2 + 1));
    const std::string& version = isResponse ? out.first : out.third;
    if (version != "HTTP/1.1" && version != "HTTP/1.0") return false;
    if (!isResponse && (out.first.empty() || !std::all_of(out.first.begin(), out.first.end(), isTokenChar)))
        return false;
    if (out.second.empty()) return false;

    while (lineEnd != std::string_view::npos) {
        const std::size_t start = lineEnd + 2;
        lineEnd = text.find("\r\n", start);
        line = text.substr(start, lineEnd == std::string_view::npos ? std::string_view::npos : lineEnd - start);
        if (line.empty()) continue;
        // Folded continuation lines are obsolete and a smuggling vector: refuse them.
        if (line.front() == ' ' || line.front() == '\t') return false;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return false;
        const std::string_view name = line.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), isTokenChar)) return false;
        out.fields.emplace_back(lower(name), std::string(trim(line.substr(colon + 1))));
    }
    return true;
}

std::optional<std::size_t> parseContentLength(const std::string& value) {
    if (value.empty() || value.size() > 18) return std::nullopt;
    std::size_t n = 0;
    for (char c : value) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
}

}  // namespace hostbridge::detail
