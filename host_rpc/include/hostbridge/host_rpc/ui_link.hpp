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
// thread "hb-ui-push". stop() (and the destructor) wakes both and joins them;
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
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/publishing.hpp"
#include "hostbridge/host_rpc/ui_locator.hpp"
#include "hostbridge/host_rpc/ui_question.hpp"
#include "hostbridge/value.hpp"

namespace hostbridge {

class Host;

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

// What the link knows, read at one moment (UiLink::status).
struct HOSTBRIDGE_HOST_RPC_EXPORT UiLinkStatus {
    UiLinkState state = UiLinkState::Idle;
    std::string lastError;         // why Squatter, Failed or Unreachable; empty otherwise
    int uiPid = 0;                 // the UI's process id once known; 0 otherwise
    bool launchedUi = false;       // true when this link started the current UI
    bool overUnixSocket = false;   // calls go to the UI's Unix socket (its connection file offers one), else its port
    std::uint64_t heartbeats = 0;  // heartbeats sent (attempts, answered or not)
    std::uint64_t launches = 0;    // UIs this link started
};

// How a notice is shown to the artist (UiLink::notify).
enum class NoticeLevel { Info, Warning, Error };
HOSTBRIDGE_HOST_RPC_EXPORT const char* toString(NoticeLevel level);  // "info", "warning", "error"

struct HOSTBRIDGE_HOST_RPC_EXPORT UiLinkOptions {
    std::uint16_t uiPort = 9090;
    UiLocatorOptions locator;              // where the executable is looked for (explicitPath: --ui PATH)
    std::vector<std::string> uiArguments;  // extra arguments after --port N (never a token)
    std::string uiLogFile;                 // the UI's stdout and stderr (appended); empty: /dev/null
    std::chrono::milliseconds heartbeatInterval{1000};
    std::chrono::milliseconds maxBackoff{30000};
    std::chrono::milliseconds startTimeout{10000};  // launch until it serves
    std::chrono::milliseconds probeTimeout{1500};   // ping of whatever holds the UI port
    std::chrono::milliseconds callTimeout{5000};    // show, hide, quit, heartbeat
    bool keepAlive = false;                         // relaunch and show again when the UI's process is gone
    // Live updates and notices: queue capacity and the timeout of each call.
    std::size_t pushCapacity = 10000;
    std::chrono::milliseconds pushTimeout{2000};
    std::chrono::milliseconds askMargin = kAskMargin;  // ask() waits question.timeout + this
    // Receives what the link reports (squatter, launch, relaunch); default: standard error.
    std::function<void(const std::string& message)> log;
};

class HOSTBRIDGE_HOST_RPC_EXPORT UiLink {
public:
    // A link for the host serving on 127.0.0.1:hostPort with `hostToken` (sent to the UI as
    // settings["HostToken"]). Host::linkUi makes one for its own port and token; make one
    // directly only for a host that serves elsewhere (a test's stand-in).
    UiLink(std::uint16_t hostPort, std::string hostToken, UiLinkOptions options = {});
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
    // relaunch, after quit()) or the UI is slow or dead they are dropped and counted: a full
    // queue (pushCapacity) or a failed call drops, and after a failed call the pusher backs off
    // (docs/publishing.md, "Live updates, notices and questions").
    void pushUpdate(const publish::LiveUpdate& update);
    void notify(NoticeLevel level, const std::string& title, const std::string& message);
    std::uint64_t droppedUpdates() const;  // updates and notices dropped so far
    std::uint64_t sentUpdates() const;     // updates and notices the UI took
    // Asks the artist (ui_question.hpp): blocks the calling thread at most question.timeout +
    // askMargin and returns the choice, or the default on any failure (logged). Not on the
    // host's main thread: there use askFromMainThread(host, question), which serves the UI's
    // calls to main-thread methods while it waits. Throws std::invalid_argument for a question
    // that breaks the rules of UiQuestion.
    std::string ask(const UiQuestion& question) const;

    // One snapshot of the link's state and counters, taken under one lock.
    UiLinkStatus status() const;
    UiLinkState state() const { return status().state; }
    std::uint16_t uiPort() const { return m_options.uiPort; }
    // Waits (bounded) until `predicate(state)` holds; false on timeout. For tests and hosts
    // that want to report the outcome of connect().
    bool waitFor(const std::function<bool(UiLinkState)>& predicate, std::chrono::milliseconds timeout) const;

private:
    friend std::string askFromMainThread(Host& host, const UiQuestion& question);
    // ask() that serves `host`'s main-thread calls while it waits (null: it does not).
    std::string askServing(const UiQuestion& question, Host* host) const;
    enum class Command { Connect, Hide, Quit };
    void enqueue(Command command, Struct settings);  // connect, hide and quit: queued for the link thread

    struct Impl;
    UiLinkOptions m_options;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hostbridge
