#include "socket_io.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

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
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return errno == EPIPE || errno == ECONNRESET ? IoStatus::Closed : IoStatus::Error;
        const IoStatus waited = waitFor(fd, true, deadline, wakeFd);
        if (waited != IoStatus::Ok) return waited;
    }
    return IoStatus::Ok;
}

void drainBeforeClose(int fd, std::size_t maxBytes, std::chrono::milliseconds idle,
                      std::chrono::milliseconds total, int wakeFd) {
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
