#include "run_log_filter.hpp"

#include "run_log_model.hpp"

namespace hostbridge::ui {

RunLogFilter::RunLogFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &RunLogFilter::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &RunLogFilter::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &RunLogFilter::countChanged);
}

void RunLogFilter::setText(const QString& text) {
    if (text == m_text) return;
    m_text = text;
    invalidateFilter();
    emit filterChanged();
    emit countChanged();
}

void RunLogFilter::setShown(int band, bool on) {
    if (m_show[band] == on) return;
    m_show[band] = on;
    invalidateFilter();
    emit filterChanged();
    emit countChanged();
}

bool RunLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString kind = row.data(RunLogModel::KindRole).toString();
    if (kind == QLatin1String("separator") || kind == QLatin1String("notice")) return true;
    const QString band = row.data(RunLogModel::BandRole).toString();
    const char* bands[] = {"debug", "info", "warning", "error", "critical"};  // the order of m_show
    for (int i = 0; i < 5; ++i)
        if (band == QLatin1String(bands[i]) && !m_show[i]) return false;
    if (m_text.isEmpty()) return true;
    for (int role : {RunLogModel::MessageRole, RunLogModel::PluginRole, RunLogModel::InstanceRole})
        if (row.data(role).toString().contains(m_text, Qt::CaseInsensitive)) return true;
    return false;
}

}  // namespace hostbridge::ui
