#pragma once
// The URLs HostBridge peers are reached at: "http://[user:TOKEN@]host[:port][/path]" over TCP, and
// over a Unix socket "unix:/path/to.sock" (served path "/") or
// "http+unix://[user:TOKEN@]%2Fpath%2Fto.sock[/path]" (the socket path percent-encoded, as other
// HTTP-over-Unix-socket tools write it).

#include <string>
#include <string_view>

#include "hostbridge/shared_export.hpp"

namespace hostbridge {

// True for the loopback names HostBridge accepts: 127.0.0.1, ::1 and localhost (any case).
HOSTBRIDGE_SHARED_EXPORT bool isLoopbackName(std::string_view host);

struct HOSTBRIDGE_SHARED_EXPORT Url {
    std::string host;      // without the brackets of an IPv6 address
    std::string hostPort;  // as written, for the Host header ("127.0.0.1:9090", "[::1]:80"; "localhost" over a socket)
    std::string port;      // "80" when the URL gives none; empty over a socket
    std::string socketPath;  // the Unix socket to connect to; empty for TCP
    std::string path;        // "/" when the URL gives none
    std::string token;       // the password of the userinfo, percent-decoded (the user name is ignored)

    // The URL without userinfo: safe to print.
    std::string printable() const;
    // What the URL connects to, for messages: "127.0.0.1:9090" or the socket's path.
    const std::string& peer() const { return socketPath.empty() ? hostPort : socketPath; }
    bool isLoopback() const { return isLoopbackName(host); }
};

// Parses an http://, unix: or http+unix:// URL. Throws std::invalid_argument (whose message never shows the token).
HOSTBRIDGE_SHARED_EXPORT Url parseUrl(const std::string& text);

// `text` with any userinfo removed, so a token in it is never shown; works on text that is not
// a valid URL too, since error messages quote such text.
HOSTBRIDGE_SHARED_EXPORT std::string redactUrl(const std::string& text);

}  // namespace hostbridge
