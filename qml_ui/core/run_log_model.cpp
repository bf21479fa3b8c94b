#include "run_log_model.hpp"

#include <algorithm>

namespace hostbridge::ui {
namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

RunLogModel::RunLogModel(int maxEntries, QObject* parent)
    : QAbstractListModel(parent), m_max(std::max(2, maxEntries)) {}

int RunLogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }

QVariant RunLogModel::data(const QModelIndex& index, int role) const {
    if (index.model() != this || !hasIndex(index.row(), index.column(), index.parent())) return {};
    const Entry& e = m_entries[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case MessageRole: return e.message;
    case TimeRole: return e.time.toString(QStringLiteral("hh:mm:ss"));
    case KindRole: return e.kind;
    case LevelRole: return e.level;
    case BandRole: return QString::fromLatin1(levelBand(e.level));
    case PluginRole: return e.plugin;
    case InstanceRole: return e.instance;
    default: return {};
    }
}

QHash<int, QByteArray> RunLogModel::roleNames() const {
    return {{Qt::DisplayRole, "display"}, {TimeRole, "time"},       {KindRole, "kind"},     {LevelRole, "level"},
            {BandRole, "band"},           {MessageRole, "message"}, {PluginRole, "plugin"}, {InstanceRole, "instance"}};
}

void RunLogModel::addResult(const RunResult& result) {
    QString plugin = qs(result.pluginLabel);
    if (result.kind == ResultKind::Action) plugin += QStringLiteral(" \u00b7 action %1").arg(qs(result.actionLabel));
    if (result.kind == ResultKind::Repair) plugin += QStringLiteral(" \u00b7 repair");
    const QString instance = result.instanceId.empty() ? QStringLiteral("Context") : qs(result.instanceLabel);
    for (const ResultRecord& r : result.records)
        append({QDateTime::currentDateTime(), QStringLiteral("record"), r.level, qs(r.message), plugin, instance});
    if (result.error)
        append({QDateTime::currentDateTime(), QStringLiteral("error"), static_cast<int>(LogLevel::Error),
                qs(describeError(*result.error)), plugin, instance});
}

void RunLogModel::addEvent(const QString& message, LogLevel level) {
    append({QDateTime::currentDateTime(), QStringLiteral("event"), static_cast<int>(level), message, {}, {}});
}

void RunLogModel::addSeparator(const QString& message) {
    append(
        {QDateTime::currentDateTime(), QStringLiteral("separator"), static_cast<int>(LogLevel::Info), message, {}, {}});
}

QString RunLogModel::noticeText() const {
    return tr("%1 older line(s) dropped: the log keeps the last %2").arg(m_dropped).arg(m_max);
}

void RunLogModel::append(Entry entry) {
    const int row = count();
    beginInsertRows({}, row, row);
    m_entries.push_back(std::move(entry));
    endInsertRows();
    if (count() <= m_max) {
        emit countChanged();
        return;
    }
    // Over the bound: drop the oldest line (after the notice, which stays first).
    if (m_dropped == 0) {
        // The oldest line becomes the notice.
        m_dropped = 1;
        m_entries.front() = {QDateTime::currentDateTime(),
                             QStringLiteral("notice"),
                             static_cast<int>(LogLevel::Warning),
                             noticeText(),
                             {},
                             {}};
        emit dataChanged(index(0), index(0));
        // Still one over: the notice took a line's place, not a new one.
    }
    if (count() > m_max) {
        beginRemoveRows({}, 1, 1);
        m_entries.erase(m_entries.begin() + 1);
        endRemoveRows();
        ++m_dropped;
        m_entries.front().message = noticeText();
        emit dataChanged(index(0), index(0), {Qt::DisplayRole, MessageRole});
    }
    emit countChanged();
}

}  // namespace hostbridge::ui
