#pragma once
// Private: one tool process as this host process sees it, shared by every ToolLink to its
// identity (the process-wide registry in tool_process.cpp): its thread "hb-tool", its state,
// the events kept for replays, and the links that receive them.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "hostbridge/host_rpc/tool_link.hpp"
#include "tool_output.hpp"
#include "tool_wait.hpp"

namespace hostbridge {

// One ToolLink's place among the receivers of a tool's events.
struct ToolLink::Listener {
    std::function<void(const ToolEvent&)> callback;
    std::atomic<bool> active{true};
    std::uint64_t replayUpTo = 0;  // events up to this sequence are a replay (set when added)
    std::uint64_t delivered = 0;   // the tool's thread only
};

class ToolLink::Process {
public:
    // The Process of `identity` in this host process: the running one, or a new one made with
    // `options` (its executable, arguments, folder, environment and timeouts).
    static std::shared_ptr<Process> obtain(const ToolOptions& options, const std::string& identity);

    Process(const ToolOptions& options, std::string identity);
    ~Process();  // ends the thread; the tool runs on
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    // Adds a receiver (it gets the kept events first) and asks for the tool to run.
    void add(const std::shared_ptr<Listener>& listener, bool keepAlive);
    // No callback of `listener` runs once this returns (unless called from one).
    void remove(const std::shared_ptr<Listener>& listener);
    void requestStop();

    ToolStatus status() const;
    std::vector<ToolEvent> history() const;
    bool waitFor(const std::function<bool(const ToolStatus&)>& predicate, std::chrono::milliseconds timeout) const;
    // The port and token to call; port 0 while none is known.
    std::pair<std::uint16_t, std::string> endpoint() const;

private:
    void run();
    void startOrReuse();
    bool attach();
    void launch(bool restart);
    void readOutput();
    void onLine(std::string line, bool error);
    void checkProcess();
    void checkTimers();
    void stopTool();
    bool endProcess(bool ask);
    bool waitExit(std::chrono::milliseconds timeout);
    void processGone(const std::string& why, ToolState otherwise);
    void writeRecord();
    std::optional<std::chrono::milliseconds> nextTimeout() const;
    void emit(ToolEventKind kind, std::string text);
    void deliver();
    void setStatus(const std::function<void(ToolStatus&)>& change);
    bool keptAlive() const;
    void log(const std::string& message) const;

    const ToolOptions m_options;
    const std::string m_identity;

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    ToolStatus m_status;  // under m_mutex
    std::string m_token;  // under m_mutex
    bool m_keepAlive = false;
    bool m_startRequested = false;
    bool m_stopRequested = false;
    bool m_quit = false;
    std::vector<std::shared_ptr<Listener>> m_listeners;
    std::deque<ToolEvent> m_lifecycle;  // all but output lines, the last kMaxLifecycle
    std::deque<ToolEvent> m_output;     // output lines, the last keepLines
    std::uint64_t m_sequence = 0;
    static constexpr std::size_t kMaxLifecycle = 1000;

    std::mutex m_deliveryMutex;  // held while callbacks run
    detail::ToolWait m_wait;

    // The tool's thread only.
    detail::OutputTail m_stdout, m_stderr;
    int m_pid = 0;
    std::int64_t m_started = 0;
    std::uint16_t m_port = 0;
    std::chrono::steady_clock::time_point m_launchedAt, m_portDeadline, m_restartAt;
    std::chrono::milliseconds m_nextDelay;

    std::thread m_thread;  // last: starts once everything above exists
};

}  // namespace hostbridge
