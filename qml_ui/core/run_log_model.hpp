#pragma once
// RunLogModel: everything that happened in this UI's session, one row per line: every record and
// error of every result (with its plug-in and instance), and the run events (reset, validate and
// publish started and ended, stop, faults in words). A reset adds a separator line; the per-item
// history is cleared, the log is not.
//
// Bounded: past maxEntries the oldest lines are dropped and the first row says how many.
//
// Threads: a GUI-thread object; PublishController writes to it as the host's answers arrive.

#include <QAbstractListModel>
#include <QDateTime>

#include <deque>

#include "run_result.hpp"

namespace hostbridge::ui {

class RunLogModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int dropped READ dropped NOTIFY countChanged)
public:
    static constexpr int kDefaultMaxEntries = 50000;

    enum Role {
        TimeRole = Qt::UserRole + 1,  // "hh:mm:ss"
        KindRole,                     // "record", "error", "event", "separator", "notice" (the dropped-lines line)
        LevelRole,                    // levelno: LogLevel's numbers, or a record's own (25)
        BandRole,                     // "debug", "info", "warning", "error", "critical"
        MessageRole,
        PluginRole,
        InstanceRole,
    };
    Q_ENUM(Role)

    explicit RunLogModel(int maxEntries = kDefaultMaxEntries, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // One line per record of `result`, then one for its error (LogLevel::Error), if any.
    void addResult(const RunResult& result);
    // A run event; faults and failed runs at LogLevel::Error.
    void addEvent(const QString& message, LogLevel level = LogLevel::Info);
    // A line that separates sessions of work (a reset).
    void addSeparator(const QString& message);

    int count() const { return static_cast<int>(m_entries.size()); }
    int dropped() const { return m_dropped; }
    int maxEntries() const { return m_max; }

signals:
    void countChanged();

private:
    struct Entry {
        QDateTime time;
        QString kind;
        int level = static_cast<int>(LogLevel::Info);  // a record's levelno as sent
        QString message;
        QString plugin;
        QString instance;
    };
    void append(Entry entry);
    QString noticeText() const;

    std::deque<Entry> m_entries;
    int m_max;
    int m_dropped = 0;  // > 0: row 0 is the notice
};

}  // namespace hostbridge::ui
