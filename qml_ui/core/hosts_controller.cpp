#include "hosts_controller.hpp"

namespace hostbridge::ui {

HostsController::HostsController(HostRegistry& hosts, HostLink& link, PublishController& publishController,
                                 QObject* parent)
    : QObject(parent), m_hosts(hosts), m_link(link), m_publishController(publishController) {
    connect(&m_link, &HostLink::answered, this, [this](int port) { m_hosts.noteAnswer(port); });
    connect(&m_link, &HostLink::unreachable, this, [this](int port) { m_hosts.noteRefused(port); });
    connect(&m_link, &HostLink::pendingChanged, this, [this] {
        // The link dropped what it owed the host it pointed at before: that host waits no more.
        if (m_waitingPort != m_link.port()) m_hosts.noteWaiting(m_waitingPort, std::nullopt);
        m_waitingPort = m_link.port();
        m_hosts.noteWaiting(m_waitingPort, m_link.waitingSince());
    });
    connect(&m_probeTimer, &QTimer::timeout, this, &HostsController::probeCurrent);
    m_probeTimer.start(kProbePeriod);
}

bool HostsController::switchTo(int port) {
    if (m_publishController.running() || m_hosts.rowOfPort(port) < 0) return false;
    if (port == m_hosts.currentPort() && port == m_link.port()) return true;
    m_hosts.makeCurrent(port);
    m_publishController.connectToHost(port, m_hosts.tokenOf(port));
    return true;
}

bool HostsController::resetHost(int port) {
    if (m_publishController.running() || m_hosts.rowOfPort(port) < 0) return false;
    m_hosts.makeCurrent(port);
    m_publishController.connectToHost(port, m_hosts.tokenOf(port), true);
    return true;
}

bool HostsController::disconnectHost(int port) {
    if (m_hosts.rowOfPort(port) < 0) return false;
    if (port == m_link.port()) m_publishController.disconnectFromHost();
    return m_hosts.forget(port);
}

void HostsController::probeCurrent() {
    // Only when the host has been silent longer than its heartbeats allow and nothing of ours
    // is pending (a pending call already tells: its answer, refusal or slowness).
    const int port = m_link.port();
    if (port <= 0 || m_link.pending() > 0) return;
    const auto silence = m_hosts.silenceOf(port);
    if (!silence || *silence < m_hosts.heartbeatIntervalOf(port) + kProbePeriod) return;
    m_link.call("ping", {}, nullptr, kPingTimeout);
}

}  // namespace hostbridge::ui
