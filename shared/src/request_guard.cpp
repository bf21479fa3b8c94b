#include "request_guard.hpp"

#include <algorithm>

#include "hostbridge/base64.hpp"
#include "hostbridge/token.hpp"
#include "hostbridge/url.hpp"

namespace hostbridge::detail {
namespace {

// Host must name loopback literally: a DNS-rebinding page arrives with its own host name, and
// an odd spelling such as 0177.0.0.1 is refused rather than interpreted.
bool hostAllowed(const std::string& host, std::uint16_t port) {
    std::string name = host;
    std::string portText;
    if (!name.empty() && name.front() == '[') {
        const std::size_t close = name.find(']');
        if (close == std::string::npos) return false;
        portText = name.substr(close + 1);
        name = name.substr(0, close + 1);
        if (!portText.empty()) {
            if (portText.front() != ':') return false;
            portText.erase(0, 1);
        }
    } else if (const std::size_t colon = name.find(':'); colon != std::string::npos) {
        portText = name.substr(colon + 1);
        name.erase(colon);
    }
    if (!name.empty() && name.front() == '[') name = name.substr(1, name.size() - 2);  // [::1] -> ::1
    else if (name == "::1") return false;  // an IPv6 address in Host must be bracketed
    if (!isLoopbackName(name)) return false;
    if (portText.empty()) return host.back() != ':';
    const auto number = parseContentLength(portText);
    return number && *number == port;
}

bool mediaTypeIs(const std::string& value, std::string_view type) {
    const std::size_t end = value.find(';');
    std::string_view media(value.data(), end == std::string::npos ? value.size() : end);
    while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
    return equalsNoCase(media, type);
}

bool tokenPresented(const HttpHead& head, const std::string& token) {
    const std::string* authorization = head.field("authorization");
    if (!authorization) return false;
    const std::string& value = *authorization;
    const std::size_t space = value.find(' ');
    if (space == std::string::npos) return false;
    const std::string_view scheme(value.data(), space);
    std::string_view credentials(value);
    credentials.remove_prefix(space + 1);
    while (!credentials.empty() && credentials.front() == ' ') credentials.remove_prefix(1);
    if (equalsNoCase(scheme, "Bearer")) return tokensEqual(credentials, token);
    if (equalsNoCase(scheme, "Basic")) {
        // Any user name: stock clients put the token where a password goes.
        const auto decoded = decodeBase64(credentials);
        if (!decoded) return false;
        const std::string pair(decoded->begin(), decoded->end());
        const std::size_t colon = pair.find(':');
        return colon != std::string::npos && tokensEqual(std::string_view(pair).substr(colon + 1), token);
    }
    return false;
}

}  // namespace

std::string targetPath(const std::string& target) { return target.substr(0, target.find('?')); }

std::optional<Refusal> checkRequestHead(const HttpHead& head, const GuardPolicy& policy, std::size_t& bodyLength) {
    if (head.fields.size() > kMaxHeaderFields) return Refusal{431, "Request Header Fields Too Large: too many fields"};
    const std::string* host = head.field("host");
    if (!host || !hostAllowed(*host, policy.port)) return Refusal{403, "Forbidden: Host must be a loopback address"};
    // A field that two readers could take from two different lines (the first here, the last
    // elsewhere) must appear once (RFC 9110); Content-Length is checked for conflicts below.
    for (const char* name :
         {"host", "authorization", "content-type", "content-encoding", "transfer-encoding", "expect"})
        if (std::count_if(head.fields.begin(), head.fields.end(), [&](const auto& f) { return f.first == name; }) > 1)
            return Refusal{400, std::string("Bad Request: more than one ") + name + " field"};
    // Browsers label every request they send; XML-RPC clients send neither header.
    if (head.field("origin") || head.hasFieldWithPrefix("sec-fetch-"))
        return Refusal{403, "Forbidden: browser requests are not accepted"};
    // Before the method and the path: a caller without the token learns nothing of what is served.
    if (!policy.token.empty() && !tokenPresented(head, policy.token))
        return Refusal{401, "Unauthorized: a valid token is required"};
    if (head.first != "POST") return Refusal{405, "Method Not Allowed: only POST"};
    if (!policy.servesPath(targetPath(head.second))) return Refusal{404, "Not Found"};
    const std::string* contentType = head.field("content-type");
    if (!contentType || !mediaTypeIs(*contentType, "text/xml"))
        return Refusal{415, "Unsupported Media Type: send text/xml"};
    if (const std::string* encoding = head.field("content-encoding"); encoding && !equalsNoCase(*encoding, "identity"))
        return Refusal{415, "Unsupported Media Type: compressed bodies are not accepted"};
    if (head.field("transfer-encoding")) return Refusal{411, "Length Required: chunked bodies are not accepted"};
    const std::string* length = head.field("content-length");
    if (!length) return Refusal{411, "Length Required"};
    const auto parsed = parseContentLength(*length);
    if (!parsed) return Refusal{400, "Bad Request: invalid Content-Length"};
    for (const auto& field : head.fields)  // two different lengths are a smuggling attempt
        if (field.first == "content-length" && field.second != *length)
            return Refusal{400, "Bad Request: conflicting Content-Length"};
    if (*parsed > policy.maxBodyBytes) return Refusal{413, "Payload Too Large"};
    bodyLength = *parsed;
    return std::nullopt;
}

}  // namespace hostbridge::detail
