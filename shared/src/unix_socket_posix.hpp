#pragma once
// Private: Unix domain sockets for the server and the client (POSIX). A port replaces this file
// pair with its own local transport, or with one that throws "not supported".

#include <sys/types.h>

#include <string>

#include "socket_io.hpp"

namespace hostbridge::detail {

// A listening Unix socket and the file it made; the file is removed when this is destroyed,
// unless another socket has taken its place meanwhile.
class UnixListener {
public:
    // Binds `path` (mode 0600) and listens. A socket file left by a process that is gone is
    // removed first. Throws ServerError, saying why, when the path is too long for sun_path,
    // its directory is missing, not ours or writable by others, or another server listens there.
    explicit UnixListener(const std::string& path);
    ~UnixListener();
    UnixListener(const UnixListener&) = delete;
    UnixListener& operator=(const UnixListener&) = delete;

    int fd() const { return m_fd.get(); }
    const std::string& path() const { return m_path; }

private:
    Fd m_fd;
    std::string m_path;
    dev_t m_device = 0;
    ino_t m_inode = 0;
};

// Prepares a connected Unix socket as prepareStream() does, with a larger send buffer: one starts
// with wmem_default (about 208 KiB) where loopback TCP grows to 4 MiB, and a large answer would
// cross in many more wake-ups of both ends.
void prepareUnixStream(int fd);

// Connects to the Unix socket at `path` before `deadline`; on failure an invalid Fd and `error`
// says why ("No such file or directory", "timed out", ...).
Fd connectUnixSocket(const std::string& path, Clock::time_point deadline, std::string& error);

}  // namespace hostbridge::detail
