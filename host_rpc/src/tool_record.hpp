#pragma once
// Private: a tool's files in the runtime directory, named for its identity:
//   tool-<identity>.json  its record: a connection file of kind "tool" (ConnectionFile::read
//                         reads it; `hostbridge-call` and ConnectionFile::list see it) naming
//                         the tool's pid, start time, port and token, plus "identity",
//                         "hostPid" (the host holding it now) and "outliveHost";
//   tool-<identity>.out   its standard output, tool-<identity>.err its standard error.
// A host that holds the tool rewrites the record with its own pid; the tool reads "hostPid"
// from it to tell whether a host still holds it (docs/tools.md, "Launching tools").

#include <cstdint>
#include <optional>
#include <string>

namespace hostbridge::detail {

struct ToolRecord {
    int pid = 0;
    std::int64_t started = 0;  // processStartTime(pid)
    std::uint16_t port = 0;
    std::string token;
    int hostPid = 0;
    bool outliveHost = false;
};

// runtimeDirectory() + "/tool-<identity>" + suffix (".json", ".out", ".err"). Throws as
// runtimeDirectory() does.
std::string toolFilePath(const std::string& identity, const char* suffix);

// Writes the record atomically (0600). Throws std::runtime_error.
void writeToolRecord(const std::string& identity, const ToolRecord& record);
// The record, when it names a live process (the pid alive, started then); nullopt otherwise.
std::optional<ToolRecord> readLiveToolRecord(const std::string& identity);
// Removes the record and the output files.
void removeToolFiles(const std::string& identity);

}  // namespace hostbridge::detail
