#pragma once
// UiLink: a host's link to the publishing UI (hostbridge-ui), docs/embedding.md "The UI link".
//
//   hostbridge::UiLinkOptions ui;                 // ui.uiPort = 9090, ui.keepAlive = true, ...
//   hostbridge::UiLink& link = host.linkUi(ui);   // after host.start(); the Host owns the link
//   link.connect({{"ContextLabel", "demo"}, {"WindowTitle", "Publish"}});
//   ... link.state(), link.lastError() ...
//   link.notify(hostbridge::NoticeLevel::Info, "Published", "12 instances");   // queued
//   link.hide();  link.quit();
//   host.stop();                                  // the link stops first: heartbeats end
//
// Threads: every call of this class but ask() returns at once (no network or process work
// happens on the caller's thread, so a DCC's main thread never blocks on the UI). The work
// runs on the link's own thread, named "hb-ui-link" (one per link): finding or launching the
// UI, show, hide, quit and the heartbeats; live updates and notices go out on its pusher's
// thread "hb-ui-push" (ui_pusher.hpp). stop() (and the destructor) wakes both and joins them;
// it waits at most for the call in flight on each (callTimeout, pushTimeout).
//
// connect(settings), on the link thread:
//  1. reuse: when ui-<uiPort>.json names a live process and its ping answers
//     {"application": "hostbridge-ui"} with that process id, that UI is used with the token of
//     the file. Anything else that accepts on the UI port (no file, wrong answer, no answer
//     within probeTimeout, 401) is a squatter: state Squatter, lastError() says what
//     answered, the log gets it, and the link neither uses it nor launches a UI beside it.
//  2. launch: otherwise the UI executable (findUiExecutable) starts detached (double fork and
//     setsid: it survives the host; stdin /dev/null, stdout and stderr to uiLogFile or
//     /dev/null; no inherited descriptors; signals unblocked and reset), as
//     `hostbridge-ui --port <uiPort>`, with a fresh token only in $HOSTBRIDGE_TOKEN (never on
//     the command line). The link waits (startTimeout) until ui-<uiPort>.json of that process
//     appears and its ping answers.
//  3. show(hostPort, settings + {"HostToken": host token, "HeartbeatInterval": s}); state
//     Connected; heartbeat(hostPort) every heartbeatInterval from then on.
// Heartbeats: a failed one sets Unreachable and doubles the wait (up to maxBackoff); the
// first one that gets through restores the interval. With keepAlive, a UI whose process is
// gone is launched again (step 2) and shown again (step 3); a UI that is alive but deaf is
// only backed off from, never duplicated. With keepAlive a connect() that ended in Squatter or
// Failed is also retried on that backoff schedule (so a squatter that leaves is replaced by a
// UI); without it, those states stay until the next connect(). stop() sends nothing more: the UI learns the host
// is gone because its heartbeats stop.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/ui_pusher.hpp"
#include "hostbridge/host_rpc/ui_question.hpp"
#include "hostbridge/value.hpp"

namespace hostbridge {

class MainThreadQueue;

// ---- finding the UI executable ----------------------------------------------------------

// The name of the UI executable: "hostbridge-ui".
extern const char* const kUiExecutableName;
// The environment variable naming the UI executable: "HOSTBRIDGE_UI".
extern const char* const kUiEnvironmentVariable;

struct HOSTBRIDGE_HOST_RPC_EXPORT UiLocatorOptions {
    std::string explicitPath;  // tried first when not empty (a file, or a folder holding hostbridge-ui)
    // $HOSTBRIDGE_UI is read through this (tests replace it); default: std::getenv.
    std::function<const char*(const char*)> getenv;
    // Folders tried after the environment; empty: installedDirectories().
    std::vector<std::string> directories;
    bool useDefaultDirectories = true;  // false: only `directories` (tests)
    bool searchPath = true;             // last: every folder of $PATH
};

// Thrown when no executable UI was found; what() lists every place tried, in order.
class HOSTBRIDGE_HOST_RPC_EXPORT UiNotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The folders "next to the installation": the running executable's folder (/proc/self/exe)
// and its ../bin, then this library's folder (for a plug-in .so loaded by a DCC) and its
// ../bin. Existing ones only, without duplicates.
HOSTBRIDGE_HOST_RPC_EXPORT std::vector<std::string> installedDirectories();

// Explicit path, then $HOSTBRIDGE_UI, then the directories, then $PATH: the first regular,
// executable file. Throws UiNotFound naming everything that was tried.
HOSTBRIDGE_HOST_RPC_EXPORT std::string findUiExecutable(const UiLocatorOptions& options = {});

// ---- the link -----------------------------------------------------------------------------

enum class UiLinkState {
    Idle,         // nothing asked yet, or hidden after quit()
    Connecting,   // finding, launching or waiting for the UI
    Connected,    // shown; heartbeats get through
    Unreachable,  // the UI stopped answering; heartbeats back off
    Squatter,     // something that is not a HostBridge UI holds the UI port; not used
    Failed,       // no UI executable, the launch failed, or it did not serve in time
    Stopped,      // stop() was called
};
HOSTBRIDGE_HOST_RPC_EXPORT const char* toString(UiLinkState state);

struct HOSTBRIDGE_HOST_RPC_EXPORT UiLinkOptions {
    std::uint16_t hostPort = 0;  // the host's bound port (Host::linkUi fills it in)
    std::string hostToken;       // the host's token, sent as settings["HostToken"] (Host::linkUi fills it in)
    std::uint16_t uiPort = 9090;
    UiLocatorOptions locator;    // where the executable is looked for (explicitPath: --ui PATH)
    std::vector<std::string> uiArguments;  // extra arguments after --port N (never a token)
    std::string uiLogFile;       // the UI's stdout and stderr (appended); empty: /dev/null
    std::chrono::milliseconds heartbeatInterval{1000};
    std::chrono::milliseconds maxBackoff{30000};
    std::chrono::milliseconds startTimeout{10000};  // launch until it serves
    std::chrono::milliseconds probeTimeout{1500};   // ping of whatever holds the UI port
    std::chrono::milliseconds callTimeout{5000};    // show, hide, quit, heartbeat
    bool keepAlive = false;      // relaunch and show again when the UI's process is gone
    // Live updates and notices (ui_pusher.hpp): queue capacity and the timeout of each call.
    std::size_t pushCapacity = 10000;
    std::chrono::milliseconds pushTimeout{2000};
    std::chrono::milliseconds askMargin = kAskMargin;  // ask() waits question.timeout + this
    // Receives what the link reports (squatter, launch, relaunch); default: standard error.
    std::function<void(const std::string& message)> log;
};

class HOSTBRIDGE_HOST_RPC_EXPORT UiLink {
public:
    explicit UiLink(UiLinkOptions options);
    ~UiLink();  // stop()
    UiLink(const UiLink&) = delete;
    UiLink& operator=(const UiLink&) = delete;

    // Each queues its work for the link thread and returns at once. Any thread.
    // Find or launch the UI, then show it with `settings` (protocol.md keys; "HostToken" and,
    // unless given, "HeartbeatInterval" are added), then heartbeats.
    void connect(Struct settings = {});
    void hide();  // hide(); heartbeats go on
    void quit();  // quit(); heartbeats and keepAlive end until the next connect()
    // Ends the heartbeats and joins the link thread and the pusher's. Idempotent; the UI is
    // left running.
    void stop();

    // Live updates, notices and questions (protocol.md, "Live updates, notices and
    // questions"). pushUpdate and notify queue for the pusher's thread "hb-ui-push" and return
    // at once, from any thread; while no UI is shown (before connect() succeeds, during a
    // relaunch, after quit()) or the UI is slow or dead they are dropped and counted
    // (ui_pusher.hpp has the rules).
    void pushUpdate(const publish::LiveUpdate& update);
    void notify(NoticeLevel level, const std::string& title, const std::string& message);
    std::uint64_t droppedUpdates() const;  // updates and notices dropped so far
    std::uint64_t sentUpdates() const;     // updates and notices the UI took
    // Asks the artist (ui_question.hpp): blocks the calling thread at most question.timeout +
    // askMargin and returns the choice, or the default on any failure (logged). On the host's
    // main thread pass its queue (host.mainThread(); askFromMainThread does), so the UI's
    // calls to main-thread methods are served while it waits; elsewhere pass nothing. Throws
    // std::invalid_argument for a question that breaks the rules of UiQuestion.
    std::string ask(const UiQuestion& question, MainThreadQueue* serveWhileWaiting = nullptr) const;

    UiLinkState state() const;
    std::string lastError() const;  // why Squatter, Failed or Unreachable; empty otherwise
    int uiPid() const;              // the UI's process id once known; 0 otherwise
    std::uint16_t uiPort() const { return m_options.uiPort; }
    bool launchedUi() const;        // true when this link started the current UI
    std::uint64_t heartbeatsSent() const;  // attempts, answered or not
    std::uint64_t launches() const;        // UIs this link started
    // Waits (bounded) until `predicate(state())` holds; false on timeout. For tests and hosts
    // that want to report the outcome of connect().
    bool waitFor(const std::function<bool(UiLinkState)>& predicate, std::chrono::milliseconds timeout) const;

private:
    struct Impl;
    UiLinkOptions m_options;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hostbridge
