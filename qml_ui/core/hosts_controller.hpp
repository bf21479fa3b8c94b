#pragma once
// HostsController: the artist's actions on the Hosts tab (switch to a host, reset it, disconnect
// it), and the liveness the UI learns from its own calls: answers, refusals and slow calls reach
// the HostRegistry, and a current host that sends no heartbeats (a legacy host, --host-port)
// is pinged so its state stays true.
//
// Threads: a GUI-thread object; HostLink's signals arrive on the GUI thread.

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QTimer>

#include "host_link.hpp"
#include "host_registry.hpp"
#include "publish_controller.hpp"

namespace hostbridge::ui {

class HostsController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
public:
    // How often the current host's liveness is checked, and how long a ping may take.
    static constexpr std::chrono::milliseconds kProbePeriod{1000};
    static constexpr std::chrono::milliseconds kPingTimeout{3000};

    HostsController(HostRegistry& hosts, HostLink& link, PublishController& publishController,
                    QObject* parent = nullptr);

    // Work for the known host on `port`: its kept session is shown (or it is reset, see
    // PublishController::connectToHost). False for an unknown port or while a run goes on.
    Q_INVOKABLE bool switchTo(int port);
    // Reset from the host on `port`, switching to it first if it is not the current one.
    Q_INVOKABLE bool resetHost(int port);
    // Forget the host on `port`; if it is the current one, the views empty (a run is abandoned).
    // The host comes back on its next heartbeat or show().
    Q_INVOKABLE bool disconnectHost(int port);

private:
    void probeCurrent();

    HostRegistry& m_hosts;
    HostLink& m_link;
    PublishController& m_publishController;
    QTimer m_probeTimer;
    int m_waitingPort = 0;  // the host the link's pending calls were last noted for
};

}  // namespace hostbridge::ui
