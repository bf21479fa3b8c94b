#include "hostbridge/connection_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hostbridge/json.hpp"
#include "hostbridge/protocol.hpp"
#include "socket_io.hpp"

namespace hostbridge {
namespace {

std::string modeText(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

// Creates `path` 0700 if missing (its parents with the usual permissions). An existing one is
// used as it is, never chmod-ed (it may be a shared directory such as /tmp), and refused unless
// it is a real directory of ours that nobody else can write to.
void makePrivateDirectory(const std::string& path) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1))
        ::mkdir(path.substr(0, slash).c_str(), 0755);  // existing parents are fine; errors show below
    const bool created = ::mkdir(path.c_str(), 0700) == 0;
    if (!created && errno != EEXIST)
        throw std::runtime_error("cannot create " + path + ": " + detail::errnoText(errno));
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
        throw std::runtime_error("cannot read " + path + ": " + detail::errnoText(errno));
    if (!S_ISDIR(st.st_mode)) throw std::runtime_error(path + " is not a directory");
    if (st.st_uid != ::geteuid())
        throw std::runtime_error("the runtime directory " + path + " belongs to another user (uid " +
                                 std::to_string(st.st_uid) +
                                 "); set HOSTBRIDGE_RUNTIME_DIR to a directory of your own");
    if (created) {
        if ((st.st_mode & 077) != 0 && ::chmod(path.c_str(), 0700) != 0)  // a umask cannot open ours
            throw std::runtime_error("cannot make " + path + " private: " + detail::errnoText(errno));
    } else if ((st.st_mode & 022) != 0) {
        throw std::runtime_error("the runtime directory " + path + " can be written by other users (mode " +
                                 modeText(st.st_mode) +
                                 "), so connection files there could be replaced; "
                                 "set HOSTBRIDGE_RUNTIME_DIR to a directory only you can write to");
    }
}

// Running and not a zombie.
bool processAlive(int pid) {
    if (pid <= 0) return false;
    if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return true;  // no /proc: kill() has answered
    const std::size_t close = line.rfind(')');
    return close == std::string::npos || close + 2 >= line.size() || (line[close + 2] != 'Z' && line[close + 2] != 'X');
}

// "ui-<port>" or "<kind>-<pid>": the name of a server's connection file and socket.
std::string baseNameFor(const std::string& kind, std::uint16_t port) {
    if (kind.empty() || kind.find_first_of("/.") != std::string::npos)
        throw std::invalid_argument("invalid connection file kind: " + kind);
    if (kind == protocol::kUiKind) return std::string(protocol::kUiKind) + "-" + std::to_string(port);
    return kind + "-" + std::to_string(::getpid());
}

// The socket a dead writer left in `dir`: removed when it is one, and ours.
void removeLeftSocket(const std::string& dir, const std::string& socket) {
    if (socket.empty() || socket.compare(0, dir.size() + 1, dir + "/") != 0 || socket.find("/..") != std::string::npos)
        return;
    struct stat st {};
    if (::lstat(socket.c_str(), &st) == 0 && S_ISSOCK(st.st_mode) && st.st_uid == ::geteuid()) ::unlink(socket.c_str());
}

}  // namespace

// The start time of process `pid`, in clock ticks after boot (field 22 of /proc/PID/stat), or
// 0 when it cannot be read. With the pid it names one process: a pid is reused, the pair is not.
std::int64_t processStartTime(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return 0;
    const std::size_t close = line.rfind(')');  // the command name may hold spaces and ')'
    if (close == std::string::npos) return 0;
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    for (int index = 3; fields >> field; ++index)  // field 3 is the state
        if (index == 22) return std::atoll(field.c_str());
    return 0;
}

std::string runtimeDirectory() {
    if (const char* dir = std::getenv("HOSTBRIDGE_RUNTIME_DIR"); dir && *dir) {
        makePrivateDirectory(dir);
        return dir;
    }
    if (const char* xdg = std::getenv("XDG_RUNTIME_DIR"); xdg && *xdg) {
        const std::string dir = std::string(xdg) + "/hostbridge";
        makePrivateDirectory(dir);
        return dir;
    }
    // Not $TMPDIR: a host and the scripts looking for it may run with different ones, and all
    // of them must find the same directory.
    const std::string dir = "/tmp/hostbridge-" + std::to_string(::geteuid());
    makePrivateDirectory(dir);
    return dir;
}

std::string socketPathFor(const std::string& kind, std::uint16_t port) {
    const std::string name = baseNameFor(kind, port);
    return runtimeDirectory() + "/" + name + ".sock";
}

ConnectionFile::ConnectionFile(const std::string& kind, std::uint16_t port, const std::string& token,
                               const std::string& url, const std::string& socket) {
    const std::string name = baseNameFor(kind, port);
    m_path = runtimeDirectory() + "/" + name + ".json";
    Struct fields{{"kind", kind},
                  {"pid", static_cast<int>(::getpid())},
                  {"port", static_cast<int>(port)},
                  {"started", processStartTime(::getpid())},
                  {"token", token},
                  {"url", url}};
    if (!socket.empty()) fields.emplace("socket", socket);
    const std::string text = toJson(fields, 2) + "\n";
    const std::string temporary = m_path + ".tmp-" + std::to_string(::getpid());
    detail::Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd) throw std::runtime_error("cannot write " + temporary + ": " + detail::errnoText(errno));
    ::fchmod(fd.get(), 0600);  // whatever the umask
    if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot write " + temporary + ": " + detail::errnoText(error));
    }
    fd.reset();
    if (::rename(temporary.c_str(), m_path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot write " + m_path + ": " + detail::errnoText(error));
    }
}

ConnectionFile::~ConnectionFile() { remove(); }

void ConnectionFile::remove() {
    if (!m_path.empty()) ::unlink(m_path.c_str());
    m_path.clear();
}

std::optional<ConnectionInfo> ConnectionFile::read(const std::string& path) {
    detail::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    struct stat st {};
    // Only a regular file of ours that nobody else can change carries a token we may send.
    if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() ||
        (st.st_mode & 022) != 0 || st.st_size > kMaxFileBytes)
        return std::nullopt;
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    if (::read(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) return std::nullopt;
    try {
        const Value v = parseJson(text);
        ConnectionInfo info;
        info.kind = v.at("kind").asString();
        info.pid = static_cast<int>(v.at("pid").asInt());
        info.port = static_cast<std::uint16_t>(v.at("port").asInt());
        if (const Value* started = v.find("started")) info.started = started->asInt();
        info.token = v.at("token").asString();
        info.url = v.at("url").asString();
        if (const Value* socket = v.find("socket")) info.socket = socket->asString();
        info.path = path;
        return info;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool ConnectionFile::writerRunning(const ConnectionInfo& info) {
    if (!processAlive(info.pid)) return false;
    return info.started == 0 || processStartTime(info.pid) == info.started;
}

std::vector<ConnectionInfo> ConnectionFile::list(const std::string& kind) {
    const std::string dir = runtimeDirectory();
    std::vector<std::string> names;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* entry = ::readdir(d)) {
            const std::string name = entry->d_name;
            if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) names.push_back(name);
        }
        ::closedir(d);
    }
    std::sort(names.begin(), names.end());
    std::vector<ConnectionInfo> live;
    for (const std::string& name : names) {
        const std::string path = dir + "/" + name;
        auto info = read(path);
        if (!info) continue;
        if (!writerRunning(*info)) {
            ::unlink(path.c_str());  // left behind by a process that did not exit cleanly
            removeLeftSocket(dir, info->socket);
            continue;
        }
        if (kind.empty() || info->kind == kind) live.push_back(std::move(*info));
    }
    return live;
}

}  // namespace hostbridge
