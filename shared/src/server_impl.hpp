#pragma once
// Private: the state a Server shares between its accept thread (server.cpp) and its connection
// threads (server_connection.cpp).

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iostream>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "hostbridge/server.hpp"
#include "memory_budget.hpp"
#include "socket_io.hpp"
#include "unix_socket_posix.hpp"

namespace hostbridge {

// Every request holds its body times this against the memory budget from its head until it
// is answered: the body and what parsing it may cost (the XML codec caps elements per request
// so that a parse stays within a small multiple of its body).
constexpr std::size_t kRequestCostFactor = 4;
// Every answer holds twice its size until sent: its XML and the Value it was written from.
constexpr std::size_t kAnswerCostFactor = 2;
// Work that costs less is never refused (256 connections of it fit in 64 MiB), so calls such
// as ping pass while large ones wait; after work that costs more, an idle connection calls releaseFreedMemory().
constexpr std::size_t kSmallWorkBytes = 256 * 1024;

struct Server::Impl {
    using Clock = detail::Clock;
    using Fd = detail::Fd;

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
    // A whole HTTP answer with `status` and `text` as its plain-text body.
    static std::string errorResponse(int status, const std::string& text);
};

}  // namespace hostbridge
