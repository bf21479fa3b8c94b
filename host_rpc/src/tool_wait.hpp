#pragma once
// Private: what a tool's thread sleeps on, so it wakes for work and for nothing else: a wake-up
// from another thread, new output in the tool's files, the end of the tool's process.
// tool_wait_linux.cpp implements it with eventfd, inotify and pidfd (a port: kqueue's
// EVFILT_VNODE and EVFILT_PROC, or a Windows process handle and a change notification).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace hostbridge::detail {

class ToolWait {
public:
    ToolWait();  // throws std::runtime_error when the system refuses the descriptors
    ~ToolWait();
    ToolWait(const ToolWait&) = delete;
    ToolWait& operator=(const ToolWait&) = delete;

    // Any thread: the next (or current) wait() returns.
    void wake();
    // Files whose growth ends a wait (replacing the earlier ones); missing files are skipped.
    void watchFiles(const std::vector<std::string>& paths);
    // The process whose end ends a wait; 0: none. Without a way to watch it (an old kernel),
    // wait() returns at least every pollInterval so the caller can look.
    void watchProcess(int pid);
    static constexpr std::chrono::milliseconds pollInterval{100};

    // Sleeps until woken, a watched file grows, the watched process ends, or `timeout` passes
    // (none: no limit). Returns at once, every time, while the watched process has ended:
    // the caller stops watching it once it has seen the end.
    void wait(std::optional<std::chrono::milliseconds> timeout);

private:
    int m_wake = -1;     // eventfd
    int m_files = -1;    // inotify
    int m_process = -1;  // pidfd
    bool m_polling = false;
    std::vector<int> m_watches;
};

}  // namespace hostbridge::detail
