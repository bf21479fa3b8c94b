#pragma once
// Connection files: how a script or a host finds a running server and its token.
//
// Each server writes {kind, pid, port, token, url} as JSON, mode 0600, into the per-user runtime
// directory, as "host-<pid>.json" or "ui-<port>.json" (other kinds: "<kind>-<pid>.json"), and
// removes it on a clean exit. Files of processes that no longer run are ignored and removed.

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
    std::string token;
    std::string url;
    std::string path;  // the file it was read from (not written into the file)
};

// The per-user runtime directory, created 0700 if missing: $HOSTBRIDGE_RUNTIME_DIR, else
// $XDG_RUNTIME_DIR/hostbridge, else /tmp/hostbridge-<uid>. Throws std::runtime_error when it
// cannot be made private (e.g. it exists and belongs to another user).
HOSTBRIDGE_SHARED_EXPORT std::string runtimeDirectory();

// Writes a connection file on construction and removes it on destruction.
class HOSTBRIDGE_SHARED_EXPORT ConnectionFile {
public:
    // Writes atomically (temporary file, then rename). Throws std::runtime_error.
    ConnectionFile(const std::string& kind, std::uint16_t port, const std::string& token, const std::string& url);
    ~ConnectionFile();
    ConnectionFile(const ConnectionFile&) = delete;
    ConnectionFile& operator=(const ConnectionFile&) = delete;

    const std::string& path() const { return m_path; }
    // Removes the file now (the destructor then does nothing).
    void remove();

    // The live connection files in the runtime directory, optionally of one kind, sorted by
    // file name. Files of dead processes are deleted; unreadable ones are skipped.
    static std::vector<ConnectionInfo> list(const std::string& kind = {});
    // Reads one file; nullopt when it is missing or not a connection file.
    static std::optional<ConnectionInfo> read(const std::string& path);

private:
    std::string m_path;
};

}  // namespace hostbridge
