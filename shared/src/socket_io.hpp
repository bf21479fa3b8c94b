#pragma once
// Private: non-blocking socket I/O with deadlines, and an optional "wake" descriptor that ends
// any wait at once (the server's stop signal). POSIX only.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace hostbridge::detail {

using Clock = std::chrono::steady_clock;

// Owns a file descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& other) noexcept : m_fd(other.release()) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset();
            m_fd = other.release();
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    explicit operator bool() const { return m_fd >= 0; }
    int release() {
        int fd = m_fd;
        m_fd = -1;
        return fd;
    }
    void reset(int fd = -1);

private:
    int m_fd = -1;
};

enum class IoStatus { Ok, Closed, Timeout, Woken, Error };

// Waits until `fd` is readable (or writable), the deadline passes, or `wakeFd` (-1: none)
// becomes readable.
IoStatus waitFor(int fd, bool forWrite, Clock::time_point deadline, int wakeFd);

// Appends what is available (at least one byte, waiting if needed) to `buffer`.
// Closed means the peer closed the connection cleanly; after Error, errno tells why.
IoStatus readSome(int fd, std::string& buffer, Clock::time_point deadline, int wakeFd);

// Sends all of `data`. Never raises SIGPIPE.
IoStatus sendAll(int fd, std::string_view data, Clock::time_point deadline, int wakeFd);

// A lingering close: ends our side (FIN after what was sent) and reads and drops what the peer
// still sends, until it closes, `maxBytes` have come, nothing came for `idle`, or `total`
// passed. Closing with unread input would send a reset that destroys an answer the peer has
// not read yet; a client that sends its whole body before reading (Python's xmlrpc.client)
// then sees a broken pipe instead of a 413. Memory: one fixed chunk. The caller closes `fd`.
void drainBeforeClose(int fd, std::size_t maxBytes, std::chrono::milliseconds idle, std::chrono::milliseconds total,
                      int wakeFd);

// Binds `address` (an IPv4 or IPv6 literal) at `port` (0: any free one) and listens,
// non-blocking; `boundPort` receives the port. Throws ServerError naming the address and port.
Fd listenTcp(const std::string& address, std::uint16_t port, std::uint16_t& boundPort);

// Sets O_NONBLOCK, FD_CLOEXEC and TCP_NODELAY (small calls must not wait for Nagle; a Unix
// socket has no Nagle and ignores it).
void prepareStream(int fd);

// "Connection refused"-style text for errno.
std::string errnoText(int error);

}  // namespace hostbridge::detail
