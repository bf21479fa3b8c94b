#pragma once
// HostRegistry: every host that has called this UI (not only the last), with its liveness.
//
// Threads: a GUI-thread object, like every Qt model. Server threads never touch it; they reach
// it through GuiThreadBridge.

#include <QAbstractListModel>
#include <QDateTime>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

namespace hostbridge::ui {

// A host's liveness, from the age of its last sign of life (a heartbeat or any call from it).
//   Connected:    heard from within 2.5 heartbeat intervals (at least 2.5 s).
//   Busy:         late, but not yet given up: hosts whose heartbeat runs on their main thread
//                 (a DCC busy computing) fall silent for a while and come back.
//   Disconnected: silent for 5 intervals (at least 5 s): a killed host shows as this within
//                 a few seconds of its last heartbeat.
enum class HostState { Connected, Busy, Disconnected };

HostState hostStateFor(std::chrono::milliseconds silence, std::chrono::milliseconds heartbeatInterval);
QString hostStateName(HostState state);  // "connected", "busy", "disconnected"

class HostRegistry : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int currentPort READ currentPort NOTIFY currentChanged)
    Q_PROPERTY(QString currentState READ currentState NOTIFY currentChanged)

public:
    using Clock = std::chrono::steady_clock;
    enum Role {
        PortRole = Qt::UserRole + 1,
        StateRole,            // "hostState" (QML Items already have "state"): hostStateName()
        LastHeartbeatRole,    // QDateTime (local time) of the last heartbeat; invalid if none yet
        SilenceSecondsRole,   // int: seconds since the last sign of life, rounded
        IsCurrentRole,        // bool: the host the last show() came from
    };
    Q_ENUM(Role)

    static constexpr std::chrono::milliseconds kDefaultHeartbeatInterval{1000};

    // `now` lets tests drive time; default: the steady clock.
    explicit HostRegistry(std::function<Clock::time_point()> now = Clock::now, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A heartbeat(port) arrived: adds the host if new and marks it alive.
    void noteHeartbeat(int port);
    // A show(port) arrived: adds the host if new, marks it alive, makes it current.
    // `heartbeatInterval` (from the settings) replaces the host's interval when given.
    void noteShow(int port, std::optional<std::chrono::milliseconds> heartbeatInterval = std::nullopt);

    // Recomputes every state and age from the clock, signalling only the rows that changed.
    void refresh();
    // Calls refresh() every `period` until destroyed (a GUI-thread timer).
    void startRefreshing(std::chrono::milliseconds period);

    int count() const { return static_cast<int>(m_hosts.size()); }
    int currentPort() const { return m_currentPort; }  // 0: none yet
    QString currentState() const;                       // "" when there is no current host
    int rowOfPort(int port) const;                      // -1 when unknown
    HostState stateAt(int row) const;

signals:
    void countChanged();
    void currentChanged();

private:
    struct Host {
        int port = 0;
        Clock::time_point lastSeen;
        QDateTime lastHeartbeat;  // wall clock, for display only
        std::chrono::milliseconds heartbeatInterval = kDefaultHeartbeatInterval;
        HostState state = HostState::Connected;
        int silenceSeconds = 0;
    };

    int touch(int port);  // the row of `port`, added if new, marked seen now
    void updateRow(int row, bool forceSignal);

    std::function<Clock::time_point()> m_now;
    std::vector<Host> m_hosts;  // in order of first contact
    int m_currentPort = 0;
    QTimer m_refreshTimer;
};

}  // namespace hostbridge::ui
