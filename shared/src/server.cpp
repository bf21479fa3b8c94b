#include "hostbridge/server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <iostream>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "handle_request.hpp"
#include "hostbridge/token.hpp"
#include "hostbridge/url.hpp"
#include "http_head.hpp"
#include "memory_budget.hpp"
#include "request_guard.hpp"
#include "socket_io.hpp"
#include "unix_socket_posix.hpp"

namespace hostbridge {

using detail::Clock;
using detail::Fd;
using detail::IoStatus;

namespace {

const char* statusPhrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

std::string errorResponse(int status, const std::string& text) {
    std::string body = text + "\n";
    std::string response =
        "HTTP/1.1 " + std::to_string(status) + " " + statusPhrase(status) +
        "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n";
    if (status == 401) response += "WWW-Authenticate: Basic realm=\"HostBridge\"\r\n";
    if (status == 405) response += "Allow: POST\r\n";
    return response + "\r\n" + body;
}

// Every request holds its body times this against the memory budget from its head until it
// is answered: the body and what parsing it may cost (the XML codec caps elements per request
// so that a parse stays within a small multiple of its body).
constexpr std::size_t kRequestCostFactor = 4;
// Every answer holds twice its size until sent: its XML and the Value it was written from.
constexpr std::size_t kAnswerCostFactor = 2;
// Work that costs less is never refused (256 connections of it fit in 64 MiB), so calls such
// as ping pass while large ones wait; after work that costs more, an idle connection calls releaseFreedMemory().
constexpr std::size_t kSmallWorkBytes = 256 * 1024;
// After large work the connection gives freed memory back once it has been idle this long, not at
// once: a caller that fetches large answers back to back would otherwise fault every page of the
// next answer in again (P3's context() took 55 -> 80 ms with a trim after each answer).
constexpr std::chrono::milliseconds kTrimAfterIdle{1000};
// A lingering close reads at most this much, for at most kDrainTotal, until kDrainIdle passes
// without data.
constexpr std::size_t kMaxDrainBytes = 256 * 1024 * 1024;
constexpr std::chrono::milliseconds kDrainIdle{500};
constexpr std::chrono::milliseconds kDrainTotal{5000};
// At the connection limit, how long a new caller waits in the backlog for a slot to free.
constexpr std::chrono::milliseconds kSlotWait{1000};

std::size_t mebibytes(std::size_t bytes) { return (bytes + (1u << 20) - 1) >> 20; }

}  // namespace

struct Server::Impl {
    struct Connection {
        Fd fd;  // reset under connectionsMutex: the accept thread may shut it down
        std::thread thread;
        std::atomic<bool> finished{false};
        // Under connectionsMutex: since when it waits, idle, for its next request (nullopt:
        // busy), and whether the accept thread closed it to free its slot for a new caller.
        std::optional<Clock::time_point> idleSince;
        bool evicted = false;
    };
    enum class Slot { Free, Full, Stopping };

    explicit Impl(ServerOptions serverOptions)
        : options(std::move(serverOptions)),
          budget(std::max(options.maxBufferedBytes, options.maxBodyBytes > SIZE_MAX / kRequestCostFactor
                                                        ? SIZE_MAX
                                                        : options.maxBodyBytes * kRequestCostFactor)) {}

    ServerOptions options;
    detail::MemoryBudget budget;  // requests being read or handled, answers being sent
    std::map<std::string, std::shared_ptr<const MethodTable>> routes;
    std::string token;
    std::uint16_t port = 0;
    Fd listener;
    std::unique_ptr<detail::UnixListener> unixListener;  // when options.socketPath names one
    bool unixFirst = false;                              // which listener the accept loop takes first, alternating
    Fd wakeRead, wakeWrite;                              // a byte written here ends every wait: the stop signal
    std::thread acceptThread;
    std::atomic<bool> isRunning{false};
    std::atomic<std::uint64_t> requests{0};
    std::mutex connectionsMutex;
    std::list<std::unique_ptr<Connection>> connections;
    std::mutex stopMutex;

    void log(const std::string& message) const noexcept {
        try {
            if (options.log) options.log(message);
            else std::cerr << "hostbridge: " << message << std::endl;
        } catch (...) {
            // A failing log callback must not take a server thread, or the host, down with it.
        }
    }

    // Runs `body` on a server thread: an exception ends only that piece of work (logged),
    // never the process the server lives in.
    template <typename Body>
    void guarded(const char* what, Body body) noexcept {
        try {
            body();
        } catch (const std::exception& e) {
            log(std::string(what) + " ended on an error: " + e.what());
        } catch (...) {
            log(std::string(what) + " ended on an unknown error");
        }
    }

    // True on the accept thread or a connection thread of this server.
    bool onServerThread() {
        const auto self = std::this_thread::get_id();
        if (acceptThread.get_id() == self) return true;
        std::lock_guard lock(connectionsMutex);
        return std::any_of(connections.begin(), connections.end(),
                           [&](const auto& c) { return c->thread.get_id() == self; });
    }

    void markIdle(Connection& connection) {
        std::lock_guard lock(connectionsMutex);
        connection.idleSince = Clock::now();
    }
    // Back to work; false when the accept thread closed the connection meanwhile.
    bool markBusy(Connection& connection) {
        std::lock_guard lock(connectionsMutex);
        connection.idleSince.reset();
        return !connection.evicted;
    }

    int waitForCaller();
    void acceptLoop();
    Slot waitForSlot();
    void evictLongestIdle();
    void reapFinished();
    void serve(Connection& connection);
    void refuse(int fd, int status, const std::string& reason, std::size_t unreadBytes);
    void closeGracefully(int fd, std::size_t unreadBytes);
};

Server::Server(ServerOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    if (m_impl->options.requireToken)
        m_impl->token = m_impl->options.token.empty() ? generateToken() : m_impl->options.token;
}

Server::~Server() { stop(); }

void Server::route(const std::string& path, std::shared_ptr<const MethodTable> table) {
    if (running()) throw std::logic_error("Server::route must be called before start()");
    if (path.empty() || path.front() != '/') throw std::invalid_argument("a route path starts with '/': " + path);
    m_impl->routes[path] = std::move(table);
}

void Server::start() {
    std::lock_guard lock(m_impl->stopMutex);
    Impl& d = *m_impl;
    if (d.isRunning) return;
    if (d.routes.empty()) throw std::logic_error("Server::start: no route; call route() first");
    if (!isLoopbackName(d.options.address))
        d.log("warning: serving on " + d.options.address + ", reachable from other machines");
    d.listener = detail::listenTcp(d.options.address, d.options.port, d.port);
    if (d.options.socketPath) {
        try {
            if (std::string path = d.options.socketPath(d.port); !path.empty())
                d.unixListener = std::make_unique<detail::UnixListener>(path);
        } catch (const ServerError&) {
            d.listener.reset();
            throw;
        } catch (const std::exception& e) {  // from socketPath(), such as an unusable runtime directory
            d.listener.reset();
            throw ServerError(std::string("cannot serve a Unix socket: ") + e.what());
        }
    }
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC | O_NONBLOCK) != 0)
        throw ServerError("cannot create a pipe: " + detail::errnoText(errno));
    d.wakeRead.reset(pipeFds[0]);
    d.wakeWrite.reset(pipeFds[1]);
    d.isRunning = true;
    d.acceptThread = std::thread([&d] { d.guarded("the accept loop", [&d] { d.acceptLoop(); }); });
}

void Server::stop() {
    Impl& d = *m_impl;
    if (d.onServerThread())
        throw std::logic_error(
            "Server::stop() called from one of the server's own handlers, which it would wait for; "
            "answer first and stop from another thread");
    std::lock_guard lock(d.stopMutex);
    if (!d.isRunning) return;
    const char byte = 1;
    [[maybe_unused]] ssize_t written = ::write(d.wakeWrite.get(), &byte, 1);
    d.acceptThread.join();
    std::list<std::unique_ptr<Impl::Connection>> remaining;
    {
        std::lock_guard connectionsLock(d.connectionsMutex);
        remaining.swap(d.connections);
    }
    for (auto& connection : remaining) connection->thread.join();
    d.listener.reset();
    d.unixListener.reset();
    d.wakeRead.reset();
    d.wakeWrite.reset();
    d.isRunning = false;
}

bool Server::running() const { return m_impl->isRunning; }
std::uint16_t Server::port() const { return m_impl->port; }
std::string Server::socketPath() const { return m_impl->unixListener ? m_impl->unixListener->path() : std::string(); }
const std::string& Server::token() const { return m_impl->token; }
std::uint64_t Server::requestCount() const { return m_impl->requests; }

std::string Server::url(const std::string& path) const {
    const std::string& address = m_impl->options.address;
    const std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
    return "http://" + host + ":" + std::to_string(m_impl->port) + path;
}

void Server::Impl::reapFinished() {
    std::lock_guard lock(connectionsMutex);
    for (auto it = connections.begin(); it != connections.end();) {
        if ((*it)->finished) {
            (*it)->thread.join();
            it = connections.erase(it);
        } else {
            ++it;
        }
    }
}

// With connectionsMutex held. Shutting the socket down ends the idle wait of its thread, which
// then frees the slot; one at a time, so a burst of callers does not close every idle peer.
void Server::Impl::evictLongestIdle() {
    Connection* longest = nullptr;
    for (const auto& c : connections) {
        if (c->evicted && !c->finished) return;  // one is on its way out already
        if (c->idleSince && !c->evicted && (!longest || *c->idleSince < *longest->idleSince)) longest = c.get();
    }
    if (!longest) return;
    longest->evicted = true;
    ::shutdown(longest->fd.get(), SHUT_RDWR);
}

// At the limit a caller waits in the listener's backlog, not accepted, while the longest-idle
// keep-alive connection is closed for it; Full when none frees within kSlotWait.
Server::Impl::Slot Server::Impl::waitForSlot() {
    const auto deadline = Clock::now() + kSlotWait;
    for (;;) {
        reapFinished();
        {
            std::lock_guard lock(connectionsMutex);
            if (connections.size() < options.maxConnections) return Slot::Free;
            evictLongestIdle();
        }
        const auto now = Clock::now();
        if (now >= deadline) return Slot::Full;
        if (detail::waitFor(wakeRead.get(), false, std::min(deadline, now + std::chrono::milliseconds(5)), -1) ==
            IoStatus::Ok)
            return Slot::Stopping;
    }
}

// The listener with a caller waiting (TCP and the Unix socket take turns when both have one),
// or -1 once the stop signal came.
int Server::Impl::waitForCaller() {
    pollfd fds[3] = {
        {wakeRead.get(), POLLIN, 0}, {listener.get(), POLLIN, 0}, {unixListener ? unixListener->fd() : -1, POLLIN, 0}};
    for (;;) {
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "poll on the listeners");
        }
        if (fds[0].revents != 0) return -1;
        const int first = unixFirst ? 2 : 1;
        const int second = 3 - first;
        unixFirst = !unixFirst;
        if (fds[first].revents != 0) return fds[first].fd;
        if (fds[second].revents != 0) return fds[second].fd;
    }
}

void Server::Impl::acceptLoop() {
    for (;;) {
        const int ready = waitForCaller();
        if (ready < 0) return;
        const Slot slot = waitForSlot();
        if (slot == Slot::Stopping) return;
        Fd fd(::accept4(ready, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            // Out of descriptors or a connection aborted before we took it: back off briefly
            // instead of spinning on a listener that stays readable.
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED && errno != EINTR)
                detail::waitFor(wakeRead.get(), false, Clock::now() + std::chrono::milliseconds(50), -1);
            continue;
        }
        if (unixListener && ready == unixListener->fd()) detail::prepareUnixStream(fd.get());
        else detail::prepareStream(fd.get());
        if (slot == Slot::Full) {
            ++requests;
            detail::sendAll(fd.get(),
                            errorResponse(503, "Service Unavailable: all " + std::to_string(options.maxConnections) +
                                                   " connections are busy, retry later"),
                            Clock::now() + std::chrono::milliseconds(100), wakeRead.get());
            // Briefly, on this thread: only when every slot is busy.
            detail::drainBeforeClose(fd.get(), 64 * 1024, std::chrono::milliseconds(20), std::chrono::milliseconds(50),
                                     wakeRead.get());
            continue;
        }
        std::lock_guard lock(connectionsMutex);
        auto connection = std::make_unique<Connection>();
        connection->fd = std::move(fd);
        Connection& ref = *connection;
        try {
            ref.thread = std::thread([this, &ref] {
                guarded("a connection", [this, &ref] { serve(ref); });
                {
                    std::lock_guard closing(connectionsMutex);
                    ref.fd.reset();
                }
                ref.finished = true;
            });
        } catch (const std::system_error& e) {  // out of threads: refuse this one, keep serving
            log(std::string("cannot start a connection thread: ") + e.what());
            ++requests;
            detail::sendAll(ref.fd.get(), errorResponse(503, "Service Unavailable: out of threads"),
                            Clock::now() + std::chrono::milliseconds(100), wakeRead.get());
            continue;
        }
        connections.push_back(std::move(connection));
    }
}

void Server::Impl::refuse(int fd, int status, const std::string& reason, std::size_t unreadBytes) {
    detail::sendAll(fd, errorResponse(status, reason), Clock::now() + options.bodyTimeout, wakeRead.get());
    closeGracefully(fd, unreadBytes);
}

// After an answer the peer may not have read, with input of its own unread (a body refused
// unread, a pipelined request): a lingering close, so the answer is not lost to a reset.
void Server::Impl::closeGracefully(int fd, std::size_t unreadBytes) {
    detail::drainBeforeClose(fd, std::clamp<std::size_t>(unreadBytes, 1u << 20, kMaxDrainBytes), kDrainIdle,
                             kDrainTotal, wakeRead.get());
}

void Server::Impl::serve(Connection& connection) {
    const int fd = connection.fd.get();
    const int wake = wakeRead.get();
    detail::GuardPolicy policy;
    policy.port = port;
    policy.token = token;
    policy.maxBodyBytes = options.maxBodyBytes;
    policy.servesPath = [this](const std::string& path) { return routes.count(path) > 0; };

    std::string buffer;
    // Large work done and its memory not yet given back (kTrimAfterIdle); given back at the
    // latest when the connection ends.
    struct PendingTrim {
        bool due = false;
        ~PendingTrim() {
            if (due) detail::releaseFreedMemory();
        }
    } trim;
    // A new connection gets headerTimeout for its whole first head, counted from accept, so a
    // peer that sends nothing, or trickles, holds a slot no longer than that.
    auto headDeadline = Clock::now() + options.headerTimeout;
    for (bool firstRequest = true;; firstRequest = false) {
        // ---- head: on a kept-alive connection, wait (idle, so the slot may be taken back for
        // a new caller) for its first byte, then give the rest of it the header timeout
        if (!firstRequest) {
            if (buffer.empty()) {
                markIdle(connection);
                const auto idleDeadline = Clock::now() + options.idleTimeout;
                IoStatus status = IoStatus::Timeout;
                if (trim.due) {
                    status = detail::readSome(fd, buffer, std::min(idleDeadline, Clock::now() + kTrimAfterIdle), wake);
                    if (status == IoStatus::Timeout) {
                        trim.due = false;
                        detail::releaseFreedMemory();
                    }
                }
                if (status == IoStatus::Timeout) status = detail::readSome(fd, buffer, idleDeadline, wake);
                if (!markBusy(connection) || status != IoStatus::Ok) return;
            }
            headDeadline = Clock::now() + options.headerTimeout;
        }
        std::size_t scanned = 0;
        bool bareLf = false;
        std::size_t headEnd;
        while ((headEnd = detail::findHeadEnd(buffer, scanned, bareLf)) == std::string::npos) {
            if (bareLf || buffer.size() > detail::kMaxHeadBytes) {
                ++requests;
                return bareLf ? refuse(fd, 400, "Bad Request: header lines must end in CRLF", 0)
                              : refuse(fd, 431, "Request Header Fields Too Large", 0);
            }
            const IoStatus status = detail::readSome(fd, buffer, headDeadline, wake);
            if (status == IoStatus::Timeout) {
                ++requests;
                detail::sendAll(fd, errorResponse(408, "Request Timeout"),
                                Clock::now() + std::chrono::milliseconds(100), wake);
                return;
            }
            if (status != IoStatus::Ok) return;
        }
        ++requests;

        // ---- checks on the head alone
        detail::HttpHead head;
        std::size_t bodyLength = 0;
        std::optional<detail::Refusal> refusal;
        if (headEnd > detail::kMaxHeadBytes) refusal = detail::Refusal{431, "Request Header Fields Too Large"};
        else if (!detail::parseHttpHead(std::string_view(buffer).substr(0, headEnd), false, head))
            refusal = detail::Refusal{400, "Bad Request: malformed request head"};
        else refusal = detail::checkRequestHead(head, policy, bodyLength);
        const std::size_t bodyStart = headEnd + 4;
        if (refusal) {
            // What the peer will still send, so the lingering close reads it: its declared
            // body (also past the cap: a client may send it all before reading our answer).
            const std::string* length = head.field("content-length");
            const auto declared = length ? detail::parseContentLength(*length) : std::nullopt;
            return refuse(fd, refusal->status, refusal->reason, declared.value_or(0));
        }

        // ---- body: what it costs is held against the server's memory budget until answered
        detail::MemoryBudget::Reservation reservation(budget);
        const std::size_t cost = bodyLength * kRequestCostFactor;
        if (!reservation.tryHold(cost)) {
            if (cost > kSmallWorkBytes) {
                return refuse(fd, 503,
                              "Service Unavailable: requests and answers in progress hold " +
                                  std::to_string(mebibytes(budget.used())) + " MiB of the server's " +
                                  std::to_string(mebibytes(budget.limit())) + " MiB and this one needs " +
                                  std::to_string(mebibytes(cost)) + " MiB; retry later",
                              bodyLength);
            }
            reservation.hold(cost);
        }
        if (buffer.size() < bodyStart + bodyLength) {
            const std::string* expect = head.field("expect");
            if (expect && detail::equalsNoCase(*expect, "100-continue"))
                detail::sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n", Clock::now() + options.bodyTimeout, wake);
            const auto bodyDeadline = Clock::now() + options.bodyTimeout;
            while (buffer.size() < bodyStart + bodyLength) {
                const IoStatus status = detail::readSome(fd, buffer, bodyDeadline, wake);
                if (status == IoStatus::Timeout) {
                    detail::sendAll(fd, errorResponse(408, "Request Timeout: the body did not arrive in time"),
                                    Clock::now() + std::chrono::milliseconds(100), wake);
                    return;
                }
                if (status != IoStatus::Ok) return;
            }
        }

        // ---- dispatch and answer
        const bool keepAlive = head.keepAlive();
        bool sent = false;
        std::size_t answerCost = 0;
        {
            const MethodTable& table = *routes.at(detail::targetPath(head.second));
            Value result;  // freed after the answer went out (end of this block)
            const std::string xml =
                detail::handleRequest(table, std::string_view(buffer).substr(bodyStart, bodyLength), result);
            // The body is done with: its memory goes before the answer is sent, not after.
            buffer.erase(0, bodyStart + bodyLength);
            if (buffer.capacity() > kSmallWorkBytes) buffer.shrink_to_fit();
            answerCost = xml.size() * kAnswerCostFactor;
            reservation.hold(answerCost);  // new work sees the answer until it is sent
            std::string response =
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + std::to_string(xml.size()) + "\r\n";
            if (!keepAlive) response += "Connection: close\r\n";
            else if (head.third == "HTTP/1.0") response += "Connection: keep-alive\r\n";
            response += "\r\n";
            // A small answer goes out in one write; a large one is not copied behind its head.
            const bool large = xml.size() > 64 * 1024;
            if (!large) response += xml;
            const auto sendDeadline = Clock::now() + options.bodyTimeout;
            sent = detail::sendAll(fd, response, sendDeadline, wake) == IoStatus::Ok &&
                   (!large || detail::sendAll(fd, xml, sendDeadline, wake) == IoStatus::Ok);
        }
        reservation.hold(0);
        if (std::max(cost, answerCost) > kSmallWorkBytes) trim.due = true;
        if (!sent) return;
        if (!keepAlive) return closeGracefully(fd, 0);
    }
}

}  // namespace hostbridge
