#pragma once
// ToolLink: a tool process (an asset browser, a render submitter, a Python 3 tool beside a
// Python 2 DCC) that a host launches, keeps alive and finds again after a reload or a restart
// (docs/tools.md, "Launching tools").
//
//   hostbridge::ToolOptions tool;
//   tool.executable = "/usr/bin/python3";
//   tool.arguments = {"/studio/tools/asset_browser.py"};
//   tool.keepAlive = true;
//   tool.onEvent = [](const hostbridge::ToolEvent& e) { ... };   // on the tool's thread "hb-tool"
//   hostbridge::ToolLink link(tool);
//   link.start();                                   // returns at once
//   if (link.waitForPort(5s)) link.client().call("ping");   // on a worker thread
//   link.stop();                                    // or detach(); the destructor detaches
//
// One tool per identity (a hash of executable, arguments, working folder and environment) per
// runtime directory. start() reuses the tool of that identity when this process already runs
// it, attaches to it when its record (tool-<identity>.json in the runtime directory) names a
// live process (a plug-in loaded again, a host restarted), and launches it otherwise:
// detached (it outlives the plug-in and the host), its stdout and stderr appended to
// tool-<identity>.out and .err in the runtime directory, which the link tails; a fresh token
// only in $HOSTBRIDGE_TOKEN. Every link to a tool receives all its events, first a replay of
// those kept so far (started, port, output lines, restarts, exits), then the new ones.
//
// Threads: each running tool has one thread of its own, "hb-tool", shared by every link to
// it in this process: it launches, reads the output, notices the exit, restarts, stops, and
// calls onEvent. Calls on one ToolLink come from one thread at a time (different links to one
// tool: any threads). No call of this class waits for the tool except waitForPort() and waitFor(),
// which block their caller (not a DCC's main thread) at most their timeout.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hostbridge/client.hpp"
#include "hostbridge/host_rpc/host_rpc_export.hpp"

namespace hostbridge {

enum class ToolEventKind {
    Started,    // launched (pid)
    Attached,   // found running by its record (pid, port): no launch
    Port,       // its Port:NNNN line (port)
    Stdout,     // a line of its standard output (text, without the line end)
    Stderr,     // a line of its standard error
    Exited,     // its process is gone (pid); text says whether it was asked to go
    Restarted,  // launched again after an exit it was not asked for (pid; text: "restart N")
    Failed,     // the launch failed or no Port: line came in time (text says why)
    Stopped,    // stop() finished: the tool is gone and its record removed
};
HOSTBRIDGE_HOST_RPC_EXPORT const char* toString(ToolEventKind kind);  // "started", "port", ...

struct HOSTBRIDGE_HOST_RPC_EXPORT ToolEvent {
    ToolEventKind kind = ToolEventKind::Started;
    std::string text;            // the line (Stdout, Stderr) or what happened
    int pid = 0;                 // the tool's process id when the event happened
    std::uint16_t port = 0;      // the tool's port when known
    std::uint64_t sequence = 0;  // 1, 2, ... in the order they happened, per tool and process
    bool replayed = false;       // happened before this link's start(): part of its replay
};

enum class ToolState {
    Idle,        // start() not called yet
    Starting,    // launched or attached, waiting for its Port: line
    Running,     // serving (its port known), or started when it announces no port
    Restarting,  // gone unasked, kept alive: launched again after a backoff
    Exited,      // gone unasked, not kept alive
    Failed,      // could not launch, or no Port: line within startTimeout
    Stopping,    // stop() under way
    Stopped,     // stop() finished
    Detached,    // this link let go; the tool runs on
};
HOSTBRIDGE_HOST_RPC_EXPORT const char* toString(ToolState state);

// What a link knows, read at one moment (ToolLink::status).
struct HOSTBRIDGE_HOST_RPC_EXPORT ToolStatus {
    ToolState state = ToolState::Idle;
    std::string identity;
    int pid = 0;
    std::uint16_t port = 0;
    std::uint64_t launches = 0;  // processes this host process started for the identity
    std::uint64_t restarts = 0;  // of them, relaunches after an unasked exit
    bool attached = false;       // the current process was found running, not launched here
    std::string lastError;       // why Failed; empty otherwise
};

struct HOSTBRIDGE_HOST_RPC_EXPORT ToolOptions {
    std::string executable;              // its path (not looked up in PATH)
    std::vector<std::string> arguments;  // after the executable; never a secret (ps shows them)
    std::string workingDirectory;        // empty: the host's current folder
    // Set on top of the host's environment. Part of the identity, so nothing that changes per
    // run (the link adds the token and the variables of docs/tools.md itself).
    std::map<std::string, std::string> environment;
    bool waitForPort = true;                        // false: a tool that serves nothing is Running once launched
    std::chrono::milliseconds startTimeout{10000};  // launch until its Port: line
    // Launched again when it exits without stop(); the wait doubles from restartDelay up to
    // maxRestartDelay while it keeps dying within a minute.
    bool keepAlive = false;
    std::chrono::milliseconds restartDelay{100};
    std::chrono::milliseconds maxRestartDelay{30000};
    // Without it the tool is told (HOSTBRIDGE_HOST_GRACE, seconds; 0 with it) to exit when no
    // host has held it for hostGrace; a tool that follows docs/tools.md does.
    bool outliveHost = false;
    std::chrono::milliseconds hostGrace{10000};
    std::chrono::milliseconds stopTimeout{2000};  // each step of stop(): ask, SIGTERM, SIGKILL
    std::size_t keepLines = 10000;                // output lines kept for replays and history()
    // Every event of the tool, replay first; on the tool's thread "hb-tool". Must not block
    // long; must not destroy this link. Exceptions it throws are logged and dropped.
    std::function<void(const ToolEvent& event)> onEvent;
    // Receives what the link reports (launch, attach, restart, failures); default: standard error.
    std::function<void(const std::string& message)> log;
};

class HOSTBRIDGE_HOST_RPC_EXPORT ToolLink {
public:
    // Nothing runs before start(). Throws std::invalid_argument without an executable.
    explicit ToolLink(ToolOptions options);
    ~ToolLink();  // detach()
    ToolLink(const ToolLink&) = delete;
    ToolLink& operator=(const ToolLink&) = delete;

    // Reuses, attaches to or launches the tool (see the top of this file) and returns at once;
    // events follow on the tool's thread. keepAlive from any link keeps the tool alive.
    // A second call does nothing while the tool runs, and launches it again after it ended.
    void start();
    // Asks the tool to go (hostbridge.disconnect on its port), then SIGTERM, then SIGKILL, each
    // waited for up to stopTimeout, on the tool's thread; returns at once (waitFor(Stopped)).
    // Ends keepAlive; removes its record and output files. For every link to the tool.
    void stop();
    // This link lets go: no more events, the tool runs on (found again by its record). Idempotent.
    // Joins the tool's thread when this was the last link to it in this process.
    void detach();

    // Blocks until the tool's port is known (true) or it failed, ended or timeout passed (false).
    bool waitForPort(std::chrono::milliseconds timeout) const;
    // Blocks until `predicate(state)` holds; false on timeout.
    bool waitFor(const std::function<bool(ToolState)>& predicate, std::chrono::milliseconds timeout) const;
    // A client for the tool's server at "/" with its token. Throws std::logic_error while no
    // port is known.
    Client client(std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;

    ToolStatus status() const;
    const std::string& identity() const { return m_identity; }
    // The kept events (what a replay delivers), oldest first; empty before start().
    std::vector<ToolEvent> history() const;

    // The identity of the tool `options` describe: 16 hex digits, the same in every process.
    static std::string identityOf(const ToolOptions& options);
    // The runtime directory's record of the tool of `identity` (tool-<identity>.json).
    static std::string recordPath(const std::string& identity);

private:
    struct Listener;
    class Process;
    ToolOptions m_options;
    std::string m_identity;
    std::shared_ptr<Listener> m_listener;
    std::shared_ptr<Process> m_process;
    bool m_detached = false;
};

}  // namespace hostbridge
