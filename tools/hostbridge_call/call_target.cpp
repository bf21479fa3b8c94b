#include "call_target.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include <hostbridge/connection_file.hpp>
#include <hostbridge/protocol.hpp>
#include <hostbridge/token.hpp>
#include <hostbridge/url.hpp>

namespace hostbridge {
namespace {

// The URL parsed, or nullopt for one Client will refuse (and report) itself.
std::optional<Url> tryParseUrl(const std::string& text) {
    try {
        return parseUrl(text);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

const char* const kUrlTokenSource = "the userinfo of --url";

// The live connection file of the server on local `port`, or on the Unix socket `socket`, of any
// kind (a UI on 9090 too).
std::optional<ConnectionInfo> findConnection(int port, const std::string& socket = {}) {
    try {
        for (ConnectionInfo& info : ConnectionFile::list())
            if (socket.empty() ? info.port == port : info.socket == socket) return std::move(info);
    } catch (const std::exception&) {
        // No usable runtime directory: there is simply no connection file to take a token from.
    }
    return std::nullopt;
}

std::string socketUrl(const std::string& socket, const std::string& path) {
    Url url;
    url.socketPath = socket;
    url.path = path.empty() ? "/" : path;
    return url.printable();
}

// Where a connection file's server is called: its socket when it offers one, else its url;
// at `path` when given, else the url's. Connection files hold no userinfo, so the path can
// simply be replaced.
std::string urlOf(const ConnectionInfo& info, const std::string& path) {
    const auto parsed = tryParseUrl(info.url);
    if (!info.socket.empty()) return socketUrl(info.socket, !path.empty() ? path : parsed ? parsed->path : "/");
    if (!parsed || path.empty()) return info.url;
    return "http://" + parsed->hostPort + path;
}

ConnectionInfo findOnlyHost() {
    std::vector<ConnectionInfo> live;
    std::string directory;
    try {
        directory = runtimeDirectory();
        live = ConnectionFile::list();
    } catch (const std::exception& e) {
        throw TargetError(std::string("cannot look for a running host: ") + e.what() +
                          "\npass --url, --port or --connection");
    }
    std::vector<ConnectionInfo> hosts;
    std::string others;
    for (ConnectionInfo& info : live) {
        if (info.kind == protocol::kHostKind) hosts.push_back(info);
        else
            others += "\n  " + info.path + "  (kind " + info.kind + ", pid " + std::to_string(info.pid) + ", " +
                      redactUrl(info.url) + ")";
    }
    if (hosts.size() == 1) return hosts.front();
    std::string message;
    if (hosts.empty()) {
        message = "no running host found in " + directory;
        if (!others.empty()) message += "; found only:" + others;
        message += "\nstart a host, or pass --url, --port or --connection";
    } else {
        message = std::to_string(hosts.size()) + " hosts are running; choose one with --connection FILE or --port N:";
        for (const ConnectionInfo& info : hosts)
            message += "\n  " + info.path + "  (pid " + std::to_string(info.pid) + ", " + redactUrl(info.url) + ")";
    }
    throw TargetError(message);
}

}  // namespace

CallTarget resolveCallTarget(const CallOptions& options) {
    CallTarget target;
    if (!options.url.empty()) {
        target.url = options.url;
        const auto parsed = tryParseUrl(options.url);
        if (parsed && !parsed->token.empty()) {
            target.tokenSource = kUrlTokenSource;  // Client reads it from there
        } else if (parsed && parsed->isLoopback()) {
            // Only for a loopback URL: a local server's token sent to another machine would be
            // handed to whoever answers there.
            if (auto info = parsed->socketPath.empty() ? findConnection(std::stoi(parsed->port))
                                                       : findConnection(0, parsed->socketPath)) {
                target.token = info->token;
                target.tokenSource = "connection file " + info->path;
            }
        }
    } else if (options.port != 0) {
        target.url = "http://127.0.0.1:" + std::to_string(options.port) + (options.path.empty() ? "/" : options.path);
        if (auto info = findConnection(options.port)) {
            target.token = info->token;
            target.tokenSource = "connection file " + info->path;
        }
    } else if (!options.socket.empty()) {
        target.url = socketUrl(options.socket, options.path);
        if (auto info = findConnection(0, options.socket)) {
            target.token = info->token;
            target.tokenSource = "connection file " + info->path;
        }
    } else {
        ConnectionInfo info;
        if (!options.connectionFile.empty()) {
            auto read = ConnectionFile::read(options.connectionFile);
            if (!read)
                throw TargetError("cannot read connection file " + options.connectionFile +
                                  ": missing or not a connection file");
            info = std::move(*read);
        } else {
            info = findOnlyHost();
        }
        target.url = urlOf(info, options.path);
        target.token = info.token;
        target.tokenSource = "connection file " + info.path;
    }

    if (options.token) {
        target.token = *options.token;
        target.tokenSource = "--token";
    } else if (target.tokenSource.empty()) {
        // Last, not first: a process launched by a host or UI inherits the variable meant for
        // that one server, and must not send it to a server whose own token is known.
        if (const char* env = std::getenv(kTokenEnvironmentVariable); env && *env) {
            target.token = env;
            target.tokenSource = std::string("$") + kTokenEnvironmentVariable;
        }
    }
    // A connection file of a server that wants no token: nothing is sent, say so in messages.
    if (target.token.empty() && target.tokenSource != kUrlTokenSource) target.tokenSource.clear();
    return target;
}

}  // namespace hostbridge
