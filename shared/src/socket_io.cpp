#include "socket_io.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "hostbridge/server.hpp"

namespace hostbridge::detail {

void Fd::reset(int fd) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
}

IoStatus waitFor(int fd, bool forWrite, Clock::time_point deadline, int wakeFd) {
    pollfd fds[2] = {{fd, static_cast<short>(forWrite ? POLLOUT : POLLIN), 0}, {wakeFd, POLLIN, 0}};
    const nfds_t count = wakeFd >= 0 ? 2 : 1;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return IoStatus::Timeout;
        // Round up so a wait never ends a hair before its deadline and spins.
        const int rc = ::poll(fds, count, static_cast<int>(std::min<long long>(left + 1, 1 << 30)));
        if (rc < 0) {
            if (errno == EINTR) continue;
            return IoStatus::Error;
        }
        if (rc == 0) continue;  // re-check the deadline
        if (count == 2 && fds[1].revents) return IoStatus::Woken;
        if (fds[0].revents) return IoStatus::Ok;  // readable, writable, or an error the next I/O reports
    }
}

IoStatus readSome(int fd, std::string& buffer, Clock::time_point deadline, int wakeFd) {
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            buffer.append(chunk, static_cast<std::size_t>(n));
            return IoStatus::Ok;
        }
        if (n == 0) return IoStatus::Closed;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::Error;
        const IoStatus waited = waitFor(fd, false, deadline, wakeFd);
        if (waited != IoStatus::Ok) return waited;
    }
}

IoStatus sendAll(int fd, std::string_view data, Clock::time_point deadline, int wakeFd) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return errno == EPIPE || errno == ECONNRESET ? IoStatus::Closed : IoStatus::Error;
        const IoStatus waited = waitFor(fd, true, deadline, wakeFd);
        if (waited != IoStatus::Ok) return waited;
    }
    return IoStatus::Ok;
}

void drainBeforeClose(int fd, std::size_t maxBytes, std::chrono::milliseconds idle, std::chrono::milliseconds total,
                      int wakeFd) {
    ::shutdown(fd, SHUT_WR);
    const auto end = Clock::now() + total;
    char chunk[65536];
    for (std::size_t drained = 0; drained < maxBytes;) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            drained += static_cast<std::size_t>(n);
            continue;
        }
        if (n == 0) return;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return;
        if (waitFor(fd, false, std::min(end, Clock::now() + idle), wakeFd) != IoStatus::Ok) return;
    }
}

Fd listenTcp(const std::string& address, std::uint16_t port, std::uint16_t& boundPort) {
    const bool v6 = address.find(':') != std::string::npos;
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        if (inet_pton(AF_INET6, address.c_str(), &a->sin6_addr) != 1)
            throw ServerError("invalid address to serve on: " + address);
        length = sizeof *a;
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&storage);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        if (inet_pton(AF_INET, address.c_str(), &a->sin_addr) != 1)
            throw ServerError("invalid address to serve on: " + address);
        length = sizeof *a;
    }
    Fd fd(::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) throw ServerError("cannot create a socket: " + errnoText(errno));
    // Lets a restarted server take its port back from TIME_WAIT; on Linux it never lets two
    // live listeners share a port.
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (v6) ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&storage), length) != 0) {
        const int error = errno;
        const std::string where = "port " + std::to_string(port) + " on " + address;
        if (error == EADDRINUSE) throw ServerError(where + " is already in use");
        throw ServerError("cannot bind " + where + ": " + errnoText(error));
    }
    if (::listen(fd.get(), SOMAXCONN) != 0) throw ServerError("cannot listen: " + errnoText(errno));
    sockaddr_storage bound{};
    socklen_t boundLength = sizeof bound;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &boundLength);
    boundPort = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                         : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return fd;
}

void prepareStream(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

std::string errnoText(int error) {
    char buffer[256];
    // GNU strerror_r returns the message (maybe not in buffer); XSI returns 0 and fills buffer.
    auto message = strerror_r(error, buffer, sizeof buffer);
    if constexpr (std::is_same_v<decltype(message), char*>) return message;
    else return buffer;
}

}  // namespace hostbridge::detail
