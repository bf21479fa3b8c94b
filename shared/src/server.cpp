// A Server's life: start, stop, the listeners and the accept thread that hands each caller a
// connection thread (server_connection.cpp serves it).
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

#include "hostbridge/token.hpp"
#include "hostbridge/url.hpp"
#include "server_impl.hpp"
#include "socket_io.hpp"
#include "unix_socket_posix.hpp"

namespace hostbridge {

using detail::Clock;
using detail::Fd;
using detail::IoStatus;

namespace {

// At the connection limit, how long a new caller waits in the backlog for a slot to free.
constexpr std::chrono::milliseconds kSlotWait{1000};

}  // namespace

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

}  // namespace hostbridge
