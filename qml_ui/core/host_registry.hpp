#pragma once
// HostRegistry: every host that has called this UI (not only the last), with its liveness.
//
// Threads: a GUI-thread object, like every Qt model. Server threads never touch it; they reach
// it through GuiThreadBridge; HostLink's answers reach it through HostsController.

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QDateTime>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hostbridge::ui {

// A host's liveness, from its last sign of life (a heartbeat, a call from it, or an answer to
// a call of ours) and from the call of ours it has not answered yet:
//   Connected:    heard from within 2.5 heartbeat intervals (at least 2.5 s), and no call of
//                 ours waiting longer than kSlowCall.
//   Busy:         late, but not given up: a host whose heartbeat runs on its main thread (a DCC
//                 busy computing) falls silent for a while and comes back; or its heartbeats
//                 arrive but a call of ours has waited longer than kSlowCall (a long plug-in).
//   Disconnected: silent for 5 intervals (at least 5 s), or its port refused a connection
//                 since it was last heard from: a killed host shows as this within a few
//                 seconds of its last heartbeat, or at once when a call finds it gone.
enum class HostState { Connected, Busy, Disconnected };

struct HostLiveness {
    std::chrono::milliseconds silence{0};  // since the last sign of life
    std::chrono::milliseconds heartbeatInterval{1000};
    std::chrono::milliseconds waiting{0};  // our oldest unanswered call; 0: none
    bool refused = false;                  // a connection was refused since
};
inline constexpr std::chrono::milliseconds kSlowCall{2000};

HostState hostStateFor(const HostLiveness& liveness);
QString hostStateName(HostState state);  // "connected", "busy", "disconnected"

class HostRegistry : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int currentPort READ currentPort NOTIFY currentChanged)
    Q_PROPERTY(QString currentState READ currentState NOTIFY currentChanged)
    Q_PROPERTY(QString currentDetail READ currentDetail NOTIFY currentChanged)

public:
    using Clock = std::chrono::steady_clock;
    enum Role {
        PortRole = Qt::UserRole + 1,
        StateRole,           // "hostState" (QML Items already have "state"): hostStateName()
        LastHeartbeatRole,   // QDateTime (local time) of the last heartbeat; invalid if none yet
        SilenceSecondsRole,  // int: seconds since the last sign of life, rounded
        IsCurrentRole,       // bool: the host the window works for
        DetailRole,          // "stateDetail": why a host is busy or disconnected, in words ("" when connected)
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
    // A show(port) arrived: adds the host if new, marks it alive, makes it current and keeps
    // its token (for switching back to it). `heartbeatInterval` replaces the host's when given.
    void noteShow(int port, std::optional<std::chrono::milliseconds> heartbeatInterval = std::nullopt,
                  const std::string& token = std::string());
    // Our calls to `port`: it answered (alive, even with a fault), its port refused us, or the
    // oldest call still waiting for it started at `since` (nullopt: none waits).
    void noteAnswer(int port);
    void noteRefused(int port);
    void noteWaiting(int port, std::optional<Clock::time_point> since);

    // Makes a known host current (the artist switched to it); false for an unknown port.
    bool makeCurrent(int port);
    // Drops a host from the list (the artist disconnected it); a heartbeat brings it back.
    // Dropping the current host leaves none current.
    bool forget(int port);

    // Recomputes every state and age from the clock, signalling only the rows that changed.
    void refresh();
    // Calls refresh() every `period` until destroyed (a GUI-thread timer).
    void startRefreshing(std::chrono::milliseconds period);

    int count() const { return static_cast<int>(m_hosts.size()); }
    int currentPort() const { return m_currentPort; }  // 0: none
    QString currentState() const;                      // "" when there is no current host
    QString currentDetail() const;                     // DetailRole of the current host
    int rowOfPort(int port) const;                     // -1 when unknown
    HostState stateAt(int row) const;
    std::string tokenOf(int port) const;  // "" when unknown or tokenless
    // Time since `port` was last heard from; nullopt for an unknown port.
    std::optional<std::chrono::milliseconds> silenceOf(int port) const;
    std::chrono::milliseconds heartbeatIntervalOf(int port) const;

signals:
    void countChanged();
    void currentChanged();

private:
    struct Host {
        int port = 0;
        std::string token;
        Clock::time_point lastSeen;
        QDateTime lastHeartbeat;  // wall clock, for display only
        std::chrono::milliseconds heartbeatInterval = kDefaultHeartbeatInterval;
        std::optional<Clock::time_point> waitingSince;
        bool refused = false;
        HostState state = HostState::Connected;
        int silenceSeconds = 0;
        int waitingSeconds = 0;
        std::chrono::milliseconds waiting{0};  // as of the last update
    };

    int touch(int port);  // the row of `port`, added if new, marked seen now
    void setCurrent(int port);
    void updateRow(int row, bool forceSignal);
    QString detailOf(const Host& host) const;

    std::function<Clock::time_point()> m_now;
    std::vector<Host> m_hosts;  // in order of first contact
    int m_currentPort = 0;
    QTimer m_refreshTimer;
};

}  // namespace hostbridge::ui
