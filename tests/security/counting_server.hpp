#pragma once
// A real hostbridge::Server on 127.0.0.1, port 0, whose handlers count their calls: a hostile
// request that leaves the count at zero provably never reached a handler. With
// rawhttp::overUnixSocket() it also serves a Unix socket, and raw connections and
// answersNormalCall() go there.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hostbridge/server.hpp"
#include "raw_http.hpp"

class CountingServer {
public:
    // Serves "echo" (returns its argument) and "add" at "/RPC2" and "/", on 127.0.0.1 port 0
    // whatever `options` say. Starts at once; stops in the destructor.
    explicit CountingServer(hostbridge::ServerOptions options = {}, bool introspection = true);
    ~CountingServer();

    hostbridge::Server& server() { return *m_server; }
    std::uint16_t port() const { return m_server->port(); }
    const std::string& token() const { return m_server->token(); }
    int handlerCalls() const { return m_calls; }
    // Warnings the server logged (instead of standard error).
    std::vector<std::string> logged() const;

    // The URL a hostbridge::Client reaches `path` at: over TCP, or the socket (overUnixSocket).
    std::string url(const std::string& path) const;

    // "Host: 127.0.0.1:PORT" and "Authorization: Bearer TOKEN".
    std::string hostLine() const;
    std::string authorizationLine() const;

    // A complete, valid request (POST /RPC2, text/xml, token, Content-Length) with
    // `extraHeaders` added and `body` as the body.
    std::string request(const std::string& body, const std::vector<std::string>& extraHeaders = {}) const;

    // Calls echo("ping") through hostbridge::Client on a fresh connection; true when it answers
    // "ping" and the handler count went up. Every hostile test ends with it.
    bool answersNormalCall();

private:
    std::shared_ptr<hostbridge::MethodTable> m_table;
    std::unique_ptr<hostbridge::Server> m_server;
    std::atomic<int> m_calls{0};
    mutable std::mutex m_logMutex;
    std::vector<std::string> m_logged;
};

// The XML body of echo("ping").
std::string echoPingXml();
