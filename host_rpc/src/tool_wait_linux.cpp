#include "tool_wait.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace hostbridge::detail {

namespace {
void drain(int fd) {
    char buffer[4096];
    while (::read(fd, buffer, sizeof buffer) > 0) {
    }
}
}  // namespace

ToolWait::ToolWait() {
    m_wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    m_files = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (m_wake < 0 || m_files < 0) {
        const int error = errno;
        if (m_wake >= 0) ::close(m_wake);
        if (m_files >= 0) ::close(m_files);
        throw std::runtime_error(std::string("cannot watch a tool: ") + std::strerror(error));
    }
}

ToolWait::~ToolWait() {
    watchProcess(0);
    ::close(m_files);
    ::close(m_wake);
}

void ToolWait::wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto ignored = ::write(m_wake, &one, sizeof one);
}

void ToolWait::watchFiles(const std::vector<std::string>& paths) {
    for (int watch : m_watches) ::inotify_rm_watch(m_files, watch);
    m_watches.clear();
    for (const std::string& path : paths) {
        const int watch = ::inotify_add_watch(m_files, path.c_str(), IN_MODIFY);
        if (watch >= 0) m_watches.push_back(watch);
    }
}

void ToolWait::watchProcess(int pid) {
    if (m_process >= 0) ::close(m_process);
    m_process = -1;
    m_polling = false;
    if (pid <= 0) return;
        // A pidfd becomes readable when its process ends, whether or not it is our child.
#ifdef SYS_pidfd_open
    m_process = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#endif
    m_polling = m_process < 0;
}

void ToolWait::wait(std::optional<std::chrono::milliseconds> timeout) {
    if (m_polling && (!timeout || *timeout > pollInterval)) timeout = pollInterval;
    pollfd fds[3] = {{m_wake, POLLIN, 0}, {m_files, POLLIN, 0}, {m_process, POLLIN, 0}};
    const int count = m_process >= 0 ? 3 : 2;
    const int ms = timeout ? static_cast<int>(std::max<long long>(0, timeout->count())) : -1;
    if (::poll(fds, count, ms) <= 0) return;
    if (fds[0].revents) drain(m_wake);
    if (fds[1].revents) drain(m_files);
}

}  // namespace hostbridge::detail
