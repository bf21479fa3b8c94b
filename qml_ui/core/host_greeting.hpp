#pragma once
// HostGreeting: the UI as a client of the hosts it works for (docs/tools.md, "Clients a host
// knows"). For each host that handed it a token (show's HostToken, --host-port with
// $HOSTBRIDGE_HOST_TOKEN) it says hostbridge.hello with its own port and token, heartbeats at
// the interval the host gives, says hello again when the host no longer knows its id, and says
// goodbye when it quits. It serves hostbridge.reset() and hostbridge.disconnect(), and obeys
// the same commands when they come in a heartbeat's answer.
//
// Threads: a GUI-thread object with one worker thread of its own (never HostLink's, whose
// calls may take minutes while a plug-in runs), which makes every call, one at a time, each
// bounded by kCallTimeout; a host that does not answer is retried with a doubling wait up to
// kMaxBackoff. resetRequested and disconnectRequested are emitted on the GUI thread. The
// destructor lets the worker say goodbye for at most kGoodbyeWait, then leaves it to end on its
// own (it holds nothing of this object's).

#include <QObject>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <hostbridge/method_table.hpp>

#include "gui_thread_bridge.hpp"

namespace hostbridge::ui {

class HostGreeting : public QObject {
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kCallTimeout{2000};
    static constexpr std::chrono::milliseconds kMaxBackoff{30000};
    static constexpr std::chrono::milliseconds kGoodbyeWait{2000};

    explicit HostGreeting(QObject* parent = nullptr);
    ~HostGreeting() override;

    // This UI's own server, named in every hello (call it once serving; hellos wait for it).
    void setOwnServer(int port, const std::string& token);
    // Greets the host serving on 127.0.0.1:`hostPort` from now on; a new token greets it again.
    void greet(int hostPort, const std::string& hostToken);
    // Every connection dropped and every host greeted again (a new id from each).
    void greetAgain();

    // Binds hostbridge.reset() and hostbridge.disconnect(): each answers true at once and
    // emits its signal on the GUI thread through `bridge`. This object must outlive the server.
    void bindInto(MethodTable& table, GuiThreadBridge& bridge);

signals:
    // A host asked this UI to reset: drop its connections and say hello again.
    void resetRequested();
    // A host asked this UI to shut down.
    void disconnectRequested();

private:
    struct Shared;
    static void runWorker(std::shared_ptr<Shared> shared);

    std::shared_ptr<Shared> m_shared;
    std::thread m_worker;
};

}  // namespace hostbridge::ui
