#pragma once
// Server: XML-RPC over HTTP/1.1 on a loopback port, and optionally a Unix domain socket beside
// it, serving MethodTables at paths. Both carry the same checks (docs/security.md).
//
// Threads: start() spawns one accept thread and, per open connection, one connection thread;
// the Server owns and joins them all. Handlers run on the connection threads, concurrently.
// Every request head passes the checks of docs/security.md before its body is read.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "hostbridge/method_table.hpp"
#include "hostbridge/shared_export.hpp"

namespace hostbridge {

struct HOSTBRIDGE_SHARED_EXPORT ServerOptions {
    // 127.0.0.1 (default) or ::1. Any other address is served too, with a warning logged,
    // since it exposes the server beyond this machine.
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;  // 0: the operating system picks a free port
    // Also serve on a Unix domain socket at the path this returns, given the bound TCP port
    // (unset, or an empty path: TCP only). Mode 0600; its directory must be ours and writable
    // by nobody else; a socket file whose server is gone is replaced. See socketPathFor().
    std::function<std::string(std::uint16_t port)> socketPath;
    bool requireToken = true;
    std::string token;  // the token to require; empty: a fresh one is generated
    std::size_t maxBodyBytes = 64 * 1024 * 1024;
    // Connections open at once. At the limit new callers wait in the listen backlog while the
    // keep-alive connection idle longest is closed for them; when none is idle and none frees
    // within a second, the next caller gets 503.
    std::size_t maxConnections = 256;
    // The memory budget of all requests and answers together (never less than 4 x
    // maxBodyBytes, so one largest request fits). A request holds 4 x its Content-Length (its
    // body and the cost of parsing it) from its head until answered, an answer 2 x its size
    // until sent. A request of over 64 KiB that would pass the budget gets 503 unread; smaller
    // ones always pass. After large work, freed memory goes back to the system.
    std::size_t maxBufferedBytes = 256 * 1024 * 1024;
    std::chrono::milliseconds headerTimeout{
        10000};  // for a request head: the first from accept, later ones from their first byte
    std::chrono::milliseconds bodyTimeout{60000};  // for a body, and for sending a response
    std::chrono::milliseconds idleTimeout{60000};  // between requests on a kept-alive connection
    // Receives warnings; default: standard error.
    std::function<void(const std::string& message)> log;
};

// start() could not serve: the message names the address and port (e.g. "port 9090 on
// 127.0.0.1 is already in use").
class HOSTBRIDGE_SHARED_EXPORT ServerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class HOSTBRIDGE_SHARED_EXPORT Server {
public:
    explicit Server(ServerOptions options = {});
    ~Server();  // stops
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Serves `table` at `path` (e.g. "/", "/RPC2", "/pyblish"). Call before start().
    void route(const std::string& path, std::shared_ptr<const MethodTable> table);

    // Binds, listens and starts serving; port() is valid once it returns. Throws ServerError
    // (also for an unusable socket path: too long, in a directory others can write, taken).
    void start();

    // Stops accepting, removes the socket file, closes every connection (idle keep-alive ones at once) and joins all
    // threads. Waits for handlers that are running to return, so handlers should be short or
    // end when asked. Idempotent. Throws std::logic_error when called from one of this server's
    // handlers (it would wait for itself); the destructor must not run there either.
    void stop();

    bool running() const;
    std::uint16_t port() const;                            // the bound port; 0 before start()
    std::string socketPath() const;                        // the Unix socket served; empty when none
    const std::string& token() const;                      // empty when no token is required
    std::string url(const std::string& path = "/") const;  // "http://127.0.0.1:PORT/path"

    // Requests answered so far (any outcome, including refusals).
    std::uint64_t requestCount() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hostbridge
