#include "unix_socket_posix.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "hostbridge/server.hpp"

namespace hostbridge::detail {
namespace {

// Fills `address` for `path`; false when the path does not fit sun_path (108 bytes on Linux,
// the terminating NUL included).
bool makeAddress(const std::string& path, sockaddr_un& address) {
    address = sockaddr_un{};
    address.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof address.sun_path) return false;
    std::memcpy(address.sun_path, path.data(), path.size());
    return true;
}

std::string directoryOf(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Anyone who can write to the socket's directory can replace the socket with their own and
// receive our clients' tokens: such a directory is refused, as the runtime directory is.
void checkDirectory(const std::string& path) {
    const std::string dir = directoryOf(path);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0)
        throw ServerError("cannot use the socket directory " + dir + ": " + errnoText(errno));
    if (!S_ISDIR(st.st_mode)) throw ServerError("the socket directory " + dir + " is not a directory");
    if (st.st_uid != ::geteuid())
        throw ServerError("the socket directory " + dir + " belongs to another user (uid " + std::to_string(st.st_uid) +
                          "); put the socket in a directory of your own");
    if ((st.st_mode & 022) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw ServerError("the socket directory " + dir + " can be written by other users (mode " + mode +
                          "), who could replace the socket; put it in a directory only you can write to");
    }
}

// A socket file already at `path`: removed when nothing listens on it any more (its server
// died without cleaning up); refused when something does, or when it is not a socket.
void removeStaleSocket(const std::string& path, const sockaddr_un& address) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return;  // nothing there
    if (!S_ISSOCK(st.st_mode))
        throw ServerError(path + " exists and is not a socket; remove it or choose another path");
    Fd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!probe) throw ServerError("cannot create a socket: " + errnoText(errno));
    if (::connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 || errno == EAGAIN)
        throw ServerError("another server is listening on " + path);
    if (errno != ECONNREFUSED) throw ServerError("cannot check the socket " + path + ": " + errnoText(errno));
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        throw ServerError("cannot remove the stale socket " + path + ": " + errnoText(errno));
}

}  // namespace

void prepareUnixStream(int fd) {
    prepareStream(fd);
    const int bytes = 4 << 20;  // capped by net.core.wmem_max
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
}

UnixListener::UnixListener(const std::string& path) : m_path(path) {
    sockaddr_un address;
    if (!makeAddress(path, address))
        throw ServerError("the socket path " + path + " is " + std::to_string(path.size()) +
                          " bytes long; a Unix socket path must be 1 to " +
                          std::to_string(sizeof address.sun_path - 1) +
                          " bytes (set HOSTBRIDGE_RUNTIME_DIR to a shorter directory)");
    checkDirectory(path);
    removeStaleSocket(path, address);
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) throw ServerError("cannot create a socket: " + errnoText(errno));
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        if (error == EADDRINUSE) throw ServerError("another server took the socket " + path);
        throw ServerError("cannot bind the socket " + path + ": " + errnoText(error));
    }
    // Before listen(), so nobody connects while the umask's mode holds (the directory is private
    // anyway); the socket's mode decides who may connect on Linux.
    struct stat st {};
    if (::chmod(path.c_str(), 0600) != 0 || ::lstat(path.c_str(), &st) != 0) {
        const int error = errno;
        ::unlink(path.c_str());
        throw ServerError("cannot make the socket " + path + " private: " + errnoText(error));
    }
    m_device = st.st_dev;
    m_inode = st.st_ino;
    if (::listen(fd.get(), SOMAXCONN) != 0) {
        const int error = errno;
        ::unlink(path.c_str());
        throw ServerError("cannot listen on " + path + ": " + errnoText(error));
    }
    m_fd = std::move(fd);
}

UnixListener::~UnixListener() {
    m_fd.reset();
    struct stat st {};
    if (::lstat(m_path.c_str(), &st) == 0 && st.st_dev == m_device && st.st_ino == m_inode) ::unlink(m_path.c_str());
}

Fd connectUnixSocket(const std::string& path, Clock::time_point deadline, std::string& error) {
    sockaddr_un address;
    if (!makeAddress(path, address)) {
        error = "the socket path is longer than " + std::to_string(sizeof address.sun_path - 1) + " bytes";
        return Fd();
    }
    // Blocking, bounded by the deadline: a local connect either completes at once or waits for
    // room in a full backlog, which SO_SNDTIMEO bounds.
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        error = errnoText(errno);
        return fd;
    }
    const auto left = std::max<std::chrono::microseconds>(
        std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now()),
        std::chrono::microseconds(1000));
    timeval limit{static_cast<time_t>(left.count() / 1000000), static_cast<suseconds_t>(left.count() % 1000000)};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        error = errno == EAGAIN || errno == EINPROGRESS ? "timed out" : errnoText(errno);
        return Fd();
    }
    timeval none{};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
    prepareUnixStream(fd.get());
    return fd;
}

}  // namespace hostbridge::detail
