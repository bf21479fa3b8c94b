#include "tool_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace hostbridge::detail {

OutputTail::~OutputTail() { close(); }

void OutputTail::create(const std::string& path) {
    ::unlink(path.c_str());  // a new file, so a reader still on the old one sees no rewrite
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    ::close(fd);
}

bool OutputTail::open(const std::string& path) {
    close();
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    return m_fd >= 0;
}

void OutputTail::close() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    m_partial.clear();
}

void OutputTail::read(const std::function<void(std::string)>& line) {
    if (m_fd < 0) return;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        std::size_t start = 0;
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
            if (buffer[i] != '\n') continue;
            m_partial.append(buffer + start, i - start);
            if (!m_partial.empty() && m_partial.back() == '\r') m_partial.pop_back();
            line(std::move(m_partial));
            m_partial.clear();
            start = i + 1;
        }
        m_partial.append(buffer + start, static_cast<std::size_t>(n) - start);
        while (m_partial.size() >= kMaxLine) {
            line(m_partial.substr(0, kMaxLine));
            m_partial.erase(0, kMaxLine);
        }
    }
}

void OutputTail::flush(const std::function<void(std::string)>& line) {
    read(line);
    if (m_partial.empty()) return;
    line(std::move(m_partial));
    m_partial.clear();
}

}  // namespace hostbridge::detail
