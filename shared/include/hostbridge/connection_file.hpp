#pragma once
// Connection files: how a script or a host finds a running server and its token.
//
// Each server writes {kind, pid, port, started, token, url[, socket]} as JSON, mode 0600, into the
// per-user runtime directory, as "host-<pid>.json" or "ui-<port>.json" (other kinds:
// "<kind>-<pid>.json"), and removes it on a clean exit. "socket" names the Unix socket the
// server also listens on, "host-<pid>.sock" or "ui-<port>.sock" beside the file. Files whose writer no longer runs (its
// pid gone, or taken by a process that started at another time) are ignored and removed; files of another user, or that
// another user could have changed, are never read.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hostbridge/shared_export.hpp"

namespace hostbridge {

struct HOSTBRIDGE_SHARED_EXPORT ConnectionInfo {
    std::string kind;  // "host", "ui", ...
    int pid = 0;
    std::uint16_t port = 0;
    // The writer's start time (ticks after boot, /proc/PID/stat field 22); 0 in files written
    // before it was recorded, which only the pid (and a ping, where one is made) can vouch for.
    std::int64_t started = 0;
    std::string token;
    std::string url;
    std::string socket;  // the server's Unix socket; empty when it offers none (or an older writer)
    std::string path;    // the file it was read from (not written into the file)
};

// The per-user runtime directory, created 0700 if missing: $HOSTBRIDGE_RUNTIME_DIR, else
// $XDG_RUNTIME_DIR/hostbridge, else /tmp/hostbridge-<uid>. An existing one keeps its mode.
// Throws std::runtime_error, saying why, when it cannot be created or is unsafe: not a real
// directory, another user's, or writable by others (such as /tmp itself).
HOSTBRIDGE_SHARED_EXPORT std::string runtimeDirectory();

// Where a server of `kind` serving `port` puts its Unix socket: the runtime directory's
// "<kind>-<pid>.sock" ("ui-<port>.sock" for the UI), named as its connection file. Throws as
// runtimeDirectory() does.
HOSTBRIDGE_SHARED_EXPORT std::string socketPathFor(const std::string& kind, std::uint16_t port);

// The start time of process `pid` (ticks after boot, as "started" records it), or 0 when it
// cannot be read. With the pid it names one process: a pid is reused, the pair is not.
HOSTBRIDGE_SHARED_EXPORT std::int64_t processStartTime(int pid);

// Writes a connection file on construction and removes it on destruction.
class HOSTBRIDGE_SHARED_EXPORT ConnectionFile {
public:
    // Writes atomically (temporary file, then rename); `socket` only when not empty. Throws
    // std::runtime_error.
    ConnectionFile(const std::string& kind, std::uint16_t port, const std::string& token, const std::string& url,
                   const std::string& socket = {});
    ~ConnectionFile();
    ConnectionFile(const ConnectionFile&) = delete;
    ConnectionFile& operator=(const ConnectionFile&) = delete;

    const std::string& path() const { return m_path; }
    // Removes the file now (the destructor then does nothing).
    void remove();

    // The live connection files in the runtime directory, optionally of one kind, sorted by
    // file name. Files of dead processes are deleted, with the socket they name; unreadable
    // ones are skipped.
    static std::vector<ConnectionInfo> list(const std::string& kind = {});
    // Reads one file; nullopt when it is missing, not a connection file, not a regular file
    // owned by this user, or writable by others.
    static std::optional<ConnectionInfo> read(const std::string& path);
    // Whether the process that wrote `info` still runs: its pid is alive (not a zombie) and,
    // when the file recorded a start time, that process started then (a reused pid does not).
    static bool writerRunning(const ConnectionInfo& info);

private:
    static constexpr long kMaxFileBytes = 64 * 1024;  // a real one is a few hundred bytes
    std::string m_path;
};

}  // namespace hostbridge
