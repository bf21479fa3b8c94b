#include "tool_record.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "hostbridge/connection_file.hpp"
#include "hostbridge/json.hpp"

namespace hostbridge::detail {

std::string toolFilePath(const std::string& identity, const char* suffix) {
    return runtimeDirectory() + "/tool-" + identity + suffix;
}

void writeToolRecord(const std::string& identity, const ToolRecord& record) {
    const std::string path = toolFilePath(identity, ".json");
    const Struct fields{{"kind", std::string("tool")},
                        {"pid", record.pid},
                        {"port", static_cast<int>(record.port)},
                        {"started", record.started},
                        {"token", record.token},
                        {"url", record.port ? "http://127.0.0.1:" + std::to_string(record.port) + "/" : std::string()},
                        {"identity", identity},
                        {"hostPid", record.hostPid},
                        {"outliveHost", record.outliveHost},
                        {"stdout", toolFilePath(identity, ".out")},
                        {"stderr", toolFilePath(identity, ".err")}};
    const std::string text = toJson(fields, 2) + "\n";
    // Written beside and renamed over, so a reader (another host, the tool) never sees half.
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw std::runtime_error("cannot write " + temporary + ": " + std::strerror(errno));
    ::fchmod(fd, 0600);  // whatever the umask
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const int error = errno;
    ::close(fd);
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const int why = written ? errno : error;
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(why));
    }
}

std::optional<ToolRecord> readLiveToolRecord(const std::string& identity) {
    const std::optional<ConnectionInfo> info = ConnectionFile::read(toolFilePath(identity, ".json"));
    if (!info || info->kind != "tool" || info->started == 0 || !ConnectionFile::writerRunning(*info))
        return std::nullopt;
    ToolRecord record;
    record.pid = info->pid;
    record.started = info->started;
    record.port = info->port;
    record.token = info->token;
    return record;
}

void removeToolFiles(const std::string& identity) {
    for (const char* suffix : {".json", ".out", ".err"}) ::unlink(toolFilePath(identity, suffix).c_str());
}

}  // namespace hostbridge::detail
