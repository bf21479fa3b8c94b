#pragma once
// LiveActivity: what a host pushes (publish_update, docs/protocol.md) while one of its plug-ins
// runs: the records and the progress of the process() call the UI is waiting for, so the rows,
// the detail page and the log show them before the Result arrives; and, when it arrives, which
// of its records were shown already (nothing shown twice, nothing lost).
//
// Only updates of the pair in flight on the current host count, and only those newer than the
// last Result (their `call` number): a late update of a call whose Result is in (the host pushes
// on another connection than the one answering) is dropped, since the Result carries every
// record, even when the same pair runs again at once (a repair, then a validation).
//
// Threads: a GUI-thread object; UiService posts the updates to it, PublishController tells it
// when a call starts and ends.

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <hostbridge/value.hpp>

#include "run_result.hpp"

namespace hostbridge::ui {

class LiveActivity : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(bool active READ active NOTIFY changed)
    Q_PROPERTY(QString pluginId READ pluginId NOTIFY changed)
    Q_PROPERTY(QString instanceId READ instanceId NOTIFY changed)  // the context's id for a context pair
    Q_PROPERTY(QString text READ text NOTIFY changed)              // "3 / 10 writing frame 1003", or the last record
    Q_PROPERTY(double fraction READ fraction NOTIFY changed)       // done / total; -1 when no progress came
    Q_PROPERTY(QStringList lines READ lines NOTIFY changed)        // the records so far, "LEVEL message"
    // The call has gone on for kLastingAfter: its rows show that they work (an animation). A
    // quick call never does, so a publish of a thousand short calls starts no animation and
    // draws no frame for it.
    Q_PROPERTY(bool lasting READ lasting NOTIFY changed)

public:
    static constexpr int kMaxLines = 1000;  // what the detail page keeps of a chatty plug-in
    static constexpr std::chrono::milliseconds kLastingAfter{400};

    explicit LiveActivity(QObject* parent = nullptr);

    // A process() call to the host on `hostPort` starts for this pair. `rowInstanceId` is the id
    // the instance rows know it by (the context's id for a context plug-in); `instanceId` is
    // what the host names in its updates (empty for the context).
    void begin(int hostPort, const std::string& pluginId, const std::string& instanceId,
               const std::string& rowInstanceId);
    // publish_update(port, updates): applies those of the pair in flight, in order.
    void apply(int hostPort, const Array& updates);
    // The Result arrived, with its `call` number (0: none, or the call failed): the record
    // indices shown live, and the end of it.
    std::set<int> end(std::int64_t resultCall);

    bool active() const { return m_active; }
    bool lasting() const { return m_active && m_lasting; }
    QString pluginId() const { return m_active ? QString::fromStdString(m_pluginId) : QString(); }
    QString instanceId() const { return m_active ? QString::fromStdString(m_rowInstanceId) : QString(); }
    QString text() const;
    double fraction() const { return m_total > 0 ? static_cast<double>(m_done) / m_total : -1.0; }
    QStringList lines() const { return m_lines; }

signals:
    void changed();
    // A record shown live, for the log.
    void recordArrived(const ResultRecord& record);

private:
    bool m_active = false;
    bool m_lasting = false;
    QTimer m_lastingTimer;
    int m_hostPort = 0;
    std::int64_t m_lastCall = 0;  // the newest Result's call number on this host
    std::string m_pluginId;
    std::string m_instanceId;
    std::string m_rowInstanceId;
    std::map<std::int64_t, std::set<int>> m_shown;  // record indices shown, per call number (0: none given)
    int m_done = 0;
    int m_total = 0;
    QString m_progressMessage;
    QString m_lastRecord;
    QStringList m_lines;
};

}  // namespace hostbridge::ui
