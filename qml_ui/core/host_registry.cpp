#include "host_registry.hpp"

#include <algorithm>

namespace hostbridge::ui {

using std::chrono::milliseconds;

HostState hostStateFor(const HostLiveness& liveness) {
    const milliseconds busyAfter = std::max(milliseconds(2500), liveness.heartbeatInterval * 5 / 2);
    const milliseconds goneAfter = std::max(milliseconds(5000), liveness.heartbeatInterval * 5);
    if (liveness.refused || liveness.silence > goneAfter) return HostState::Disconnected;
    if (liveness.silence > busyAfter || liveness.waiting > kSlowCall) return HostState::Busy;
    return HostState::Connected;
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
    case Qt::DisplayRole: return QStringLiteral("port %1: %2").arg(host.port).arg(hostStateName(host.state));
    case PortRole: return host.port;
    case StateRole: return hostStateName(host.state);
    case LastHeartbeatRole: return host.lastHeartbeat;
    case SilenceSecondsRole: return host.silenceSeconds;
    case IsCurrentRole: return host.port == m_currentPort;
    case DetailRole: return detailOf(host);
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
        {DetailRole, "stateDetail"},
    };
}

QString HostRegistry::detailOf(const Host& host) const {
    switch (host.state) {
    case HostState::Disconnected:
        return host.refused ? QStringLiteral("its port refused the connection")
                            : QStringLiteral("silent for %1 s").arg(host.silenceSeconds);
    case HostState::Busy:
        if (host.waiting > kSlowCall) return QStringLiteral("working on a call for %1 s").arg(host.waitingSeconds);
        return QStringLiteral("no heartbeat for %1 s").arg(host.silenceSeconds);
    case HostState::Connected: return {};
    }
    return {};
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

QString HostRegistry::currentDetail() const {
    const int row = rowOfPort(m_currentPort);
    return row < 0 ? QString() : detailOf(m_hosts[static_cast<std::size_t>(row)]);
}

std::string HostRegistry::tokenOf(int port) const {
    const int row = rowOfPort(port);
    return row < 0 ? std::string() : m_hosts[static_cast<std::size_t>(row)].token;
}

std::optional<milliseconds> HostRegistry::silenceOf(int port) const {
    const int row = rowOfPort(port);
    if (row < 0) return std::nullopt;
    return std::chrono::duration_cast<milliseconds>(m_now() - m_hosts[static_cast<std::size_t>(row)].lastSeen);
}

milliseconds HostRegistry::heartbeatIntervalOf(int port) const {
    const int row = rowOfPort(port);
    return row < 0 ? kDefaultHeartbeatInterval : m_hosts[static_cast<std::size_t>(row)].heartbeatInterval;
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
    Host& host = m_hosts[static_cast<std::size_t>(row)];
    host.lastSeen = m_now();
    host.refused = false;
    return row;
}

void HostRegistry::noteHeartbeat(int port) {
    const int row = touch(port);
    m_hosts[static_cast<std::size_t>(row)].lastHeartbeat = QDateTime::currentDateTime();
    updateRow(row, true);
}

void HostRegistry::noteShow(int port, std::optional<milliseconds> heartbeatInterval, const std::string& token) {
    const int row = touch(port);
    Host& host = m_hosts[static_cast<std::size_t>(row)];
    if (heartbeatInterval) host.heartbeatInterval = *heartbeatInterval;
    host.token = token;
    setCurrent(port);
}

void HostRegistry::noteAnswer(int port) {
    // Only known hosts: a late answer must not bring back a host the artist disconnected.
    if (rowOfPort(port) < 0) return;
    updateRow(touch(port), false);
}

void HostRegistry::noteRefused(int port) {
    const int row = rowOfPort(port);
    if (row < 0) return;
    m_hosts[static_cast<std::size_t>(row)].refused = true;
    updateRow(row, false);
}

void HostRegistry::noteWaiting(int port, std::optional<Clock::time_point> since) {
    const int row = rowOfPort(port);
    if (row < 0) return;
    m_hosts[static_cast<std::size_t>(row)].waitingSince = since;
    updateRow(row, false);
}

bool HostRegistry::makeCurrent(int port) {
    if (rowOfPort(port) < 0) return false;
    setCurrent(port);
    return true;
}

bool HostRegistry::forget(int port) {
    const int row = rowOfPort(port);
    if (row < 0) return false;
    beginRemoveRows(QModelIndex(), row, row);
    m_hosts.erase(m_hosts.begin() + row);
    endRemoveRows();
    emit countChanged();
    if (port == m_currentPort) {
        m_currentPort = 0;
        emit currentChanged();
    }
    return true;
}

void HostRegistry::setCurrent(int port) {
    const int previous = m_currentPort;
    m_currentPort = port;
    updateRow(rowOfPort(port), true);  // signals currentChanged too
    if (previous != port) {
        // The old current row changes its IsCurrentRole too.
        const int previousRow = rowOfPort(previous);
        if (previousRow >= 0) updateRow(previousRow, true);
    }
}

void HostRegistry::refresh() {
    for (int row = 0; row < count(); ++row) updateRow(row, false);
}

void HostRegistry::startRefreshing(milliseconds period) { m_refreshTimer.start(period); }

void HostRegistry::updateRow(int row, bool forceSignal) {
    Host& host = m_hosts[static_cast<std::size_t>(row)];
    const Clock::time_point now = m_now();
    HostLiveness liveness;
    liveness.silence = std::chrono::duration_cast<milliseconds>(now - host.lastSeen);
    liveness.heartbeatInterval = host.heartbeatInterval;
    if (host.waitingSince) liveness.waiting = std::chrono::duration_cast<milliseconds>(now - *host.waitingSince);
    liveness.refused = host.refused;
    const HostState state = hostStateFor(liveness);
    // Rounded, not floored: a host late by 2.9 s (busy past 2.5 s) should not read "2 s ago".
    const int seconds = static_cast<int>((liveness.silence.count() + 500) / 1000);
    const int waitingSeconds = static_cast<int>((liveness.waiting.count() + 500) / 1000);
    const bool stateChanged = state != host.state;
    if (!forceSignal && !stateChanged && seconds == host.silenceSeconds && waitingSeconds == host.waitingSeconds)
        return;
    host.state = state;
    host.silenceSeconds = seconds;
    host.waitingSeconds = waitingSeconds;
    host.waiting = liveness.waiting;
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed);
    if (host.port == m_currentPort) emit currentChanged();
}

}  // namespace hostbridge::ui
