#include "hostbridge/url.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace hostbridge {
namespace {

std::string percentDecode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

std::string percentEncodePath(const std::string& s) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

constexpr std::string_view kUnixScheme = "unix:";
constexpr std::string_view kHttpUnixScheme = "http+unix://";

bool startsWith(const std::string& text, std::string_view prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::string redactUrl(const std::string& text) {
    const std::size_t schemeEnd = text.find("://");
    const std::size_t start = schemeEnd == std::string::npos ? 0 : schemeEnd + 3;
    const std::size_t authorityEnd = std::min(text.find('/', start), text.size());
    const std::size_t at = authorityEnd == 0 ? std::string::npos : text.rfind('@', authorityEnd - 1);
    if (at == std::string::npos || at < start) return text;
    return text.substr(0, start) + text.substr(at + 1);
}

std::string Url::printable() const {
    if (!socketPath.empty()) return std::string(kHttpUnixScheme) + percentEncodePath(socketPath) + path;
    return "http://" + hostPort + path;
}

bool isLoopbackName(std::string_view host) {
    if (host == "127.0.0.1" || host == "::1") return true;
    constexpr std::string_view localhost = "localhost";
    return host.size() == localhost.size() &&
           std::equal(host.begin(), host.end(), localhost.begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

Url parseUrl(const std::string& text) {
    if (startsWith(text, kUnixScheme) && !startsWith(text, "unix://")) {
        Url url;
        url.socketPath = text.substr(kUnixScheme.size());
        if (url.socketPath.empty() || url.socketPath.find('\0') != std::string::npos)
            throw std::invalid_argument("invalid unix: URL, no socket path: " + text);
        url.host = url.hostPort = "localhost";
        url.path = "/";
        return url;
    }
    const bool overSocket = startsWith(text, kHttpUnixScheme);
    const std::string scheme = overSocket ? std::string(kHttpUnixScheme) : "http://";
    if (!startsWith(text, scheme))
        throw std::invalid_argument("only http://, unix: and http+unix:// URLs are supported: " + redactUrl(text));
    const std::string rest = text.substr(scheme.size());
    const std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    Url url;
    url.path = slash == std::string::npos ? "/" : rest.substr(slash);
    if (const std::size_t at = authority.rfind('@'); at != std::string::npos) {
        const std::string userinfo = authority.substr(0, at);
        const std::size_t colon = userinfo.find(':');
        if (colon != std::string::npos) url.token = percentDecode(userinfo.substr(colon + 1));
        authority.erase(0, at + 1);
    }
    if (overSocket) {
        url.socketPath = percentDecode(authority);
        if (url.socketPath.empty() || url.socketPath.find('\0') != std::string::npos)
            throw std::invalid_argument("invalid http+unix URL, no socket path: " + redactUrl(text));
        url.host = url.hostPort = "localhost";
        return url;
    }
    url.hostPort = authority;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string::npos) throw std::invalid_argument("invalid URL: " + redactUrl(text));
        url.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size() && authority[close + 1] == ':') url.port = authority.substr(close + 2);
    } else {
        const std::size_t colon = authority.find(':');
        url.host = authority.substr(0, colon);
        if (colon != std::string::npos) url.port = authority.substr(colon + 1);
    }
    if (url.host.empty()) throw std::invalid_argument("invalid URL, no host: " + redactUrl(text));
    if (url.port.empty()) url.port = "80";
    if (!std::all_of(url.port.begin(), url.port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        url.port.size() > 5)
        throw std::invalid_argument("invalid port in URL: " + redactUrl(text));
    return url;
}

}  // namespace hostbridge
