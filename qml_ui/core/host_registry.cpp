#include "host_registry.hpp"

#include <algorithm>

namespace hostbridge::ui {

HostState hostStateFor(std::chrono::milliseconds silence, std::chrono::milliseconds heartbeatInterval) {
    using std::chrono::milliseconds;
    const milliseconds busyAfter = std::max(milliseconds(2500), heartbeatInterval * 5 / 2);
    const milliseconds goneAfter = std::max(milliseconds(5000), heartbeatInterval * 5);
    if (silence <= busyAfter) return HostState::Connected;
    if (silence <= goneAfter) return HostState::Busy;
    return HostState::Disconnected;
}

QString hostStateName(HostState state) {
    switch (state) {
    case HostState::Connected: return QStringLiteral("connected");
    case HostState::Busy: return QStringLiteral("busy");
    case HostState::Disconnected: return QStringLiteral("disconnected");
    }
    return {};
}

HostRegistry::HostRegistry(std::function<Clock::time_point()> now, QObject* parent)
    : QAbstractListModel(parent), m_now(std::move(now)) {
    connect(&m_refreshTimer, &QTimer::timeout, this, &HostRegistry::refresh);
}

int HostRegistry::rowCount(const QModelIndex& parent) const {
    // A flat list: only the invisible root has rows.
    return parent.isValid() ? 0 : count();
}

QVariant HostRegistry::data(const QModelIndex& index, int role) const {
    // Not checkIndex(): it logs a warning for the invalid index, which views legitimately ask about.
    if (index.model() != this || !hasIndex(index.row(), index.column(), index.parent())) return {};
    const Host& host = m_hosts[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("port %1: %2").arg(host.port).arg(hostStateName(host.state));
    case PortRole: return host.port;
    case StateRole: return hostStateName(host.state);
    case LastHeartbeatRole: return host.lastHeartbeat;
    case SilenceSecondsRole: return host.silenceSeconds;
    case IsCurrentRole: return host.port == m_currentPort;
    default: return {};
    }
}

QHash<int, QByteArray> HostRegistry::roleNames() const {
    return {
        {Qt::DisplayRole, "display"},
        {PortRole, "port"},
        {StateRole, "hostState"},
        {LastHeartbeatRole, "lastHeartbeat"},
        {SilenceSecondsRole, "silenceSeconds"},
        {IsCurrentRole, "isCurrent"},
    };
}

int HostRegistry::rowOfPort(int port) const {
    const auto it = std::find_if(m_hosts.begin(), m_hosts.end(), [port](const Host& h) { return h.port == port; });
    return it == m_hosts.end() ? -1 : static_cast<int>(it - m_hosts.begin());
}

HostState HostRegistry::stateAt(int row) const { return m_hosts.at(static_cast<std::size_t>(row)).state; }

QString HostRegistry::currentState() const {
    const int row = rowOfPort(m_currentPort);
    return row < 0 ? QString() : hostStateName(stateAt(row));
}

int HostRegistry::touch(int port) {
    int row = rowOfPort(port);
    if (row < 0) {
        row = count();
        beginInsertRows(QModelIndex(), row, row);
        Host host;
        host.port = port;
        m_hosts.push_back(host);
        endInsertRows();
        emit countChanged();
    }
    m_hosts[static_cast<std::size_t>(row)].lastSeen = m_now();
    return row;
}

void HostRegistry::noteHeartbeat(int port) {
    const int row = touch(port);
    m_hosts[static_cast<std::size_t>(row)].lastHeartbeat = QDateTime::currentDateTime();
    updateRow(row, true);
}

void HostRegistry::noteShow(int port, std::optional<std::chrono::milliseconds> heartbeatInterval) {
    const int row = touch(port);
    if (heartbeatInterval) m_hosts[static_cast<std::size_t>(row)].heartbeatInterval = *heartbeatInterval;
    const int previous = m_currentPort;
    m_currentPort = port;
    updateRow(row, true);
    if (previous != port) {
        // The old current row changes its IsCurrentRole too.
        const int previousRow = rowOfPort(previous);
        if (previousRow >= 0) updateRow(previousRow, true);
    }
    emit currentChanged();
}

void HostRegistry::refresh() {
    for (int row = 0; row < count(); ++row) updateRow(row, false);
}

void HostRegistry::startRefreshing(std::chrono::milliseconds period) {
    m_refreshTimer.start(period);
}

void HostRegistry::updateRow(int row, bool forceSignal) {
    Host& host = m_hosts[static_cast<std::size_t>(row)];
    const auto silence = std::chrono::duration_cast<std::chrono::milliseconds>(m_now() - host.lastSeen);
    const HostState state = hostStateFor(silence, host.heartbeatInterval);
    // Rounded, not floored: a host late by 2.9 s (busy past 2.5 s) should not read "2 s ago".
    const int seconds = static_cast<int>((silence.count() + 500) / 1000);
    const bool stateChanged = state != host.state;
    if (!forceSignal && !stateChanged && seconds == host.silenceSeconds) return;
    host.state = state;
    host.silenceSeconds = seconds;
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed);
    if (stateChanged && host.port == m_currentPort) emit currentChanged();
}

}  // namespace hostbridge::ui
