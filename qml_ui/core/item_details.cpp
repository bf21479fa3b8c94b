#include "item_details.hpp"

#include <QVariantMap>

namespace hostbridge::ui {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QStringList qsList(const std::vector<std::string>& list) {
    QStringList out;
    for (const auto& s : list) out << qs(s);
    return out;
}

// Where a result came from, seen from the page: a plug-in's page names the instance, an
// instance's page the plug-in; actions and repairs say so.
QString sourceOf(const RunResult& r, bool pluginPage) {
    QString source =
        pluginPage ? (r.instanceId.empty() ? QStringLiteral("Context") : qs(r.instanceLabel)) : qs(r.pluginLabel);
    if (r.kind == ResultKind::Action) source += QStringLiteral(" \u00b7 action %1").arg(qs(r.actionLabel));
    if (r.kind == ResultKind::Repair) source += QStringLiteral(" \u00b7 repair");
    return source;
}

QString formatMs(double ms) {
    return ms >= 1000 ? QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2) : QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
}

}  // namespace

ItemDetails::ItemDetails(InstanceModel& instances, const PluginModel& plugins, const ItemHistory& history,
                         QObject* parent)
    : QObject(parent), m_instances(instances), m_plugins(plugins), m_history(history) {
    connect(&history, &ItemHistory::changed, this, &ItemDetails::refresh);
    connect(&m_sourceLines, &SourceLines::arrived, this, &ItemDetails::refresh);
    for (const QAbstractItemModel* model :
         {static_cast<const QAbstractItemModel*>(&instances), static_cast<const QAbstractItemModel*>(&plugins)}) {
        connect(model, &QAbstractItemModel::dataChanged, this, &ItemDetails::refresh);
        connect(model, &QAbstractItemModel::modelReset, this, &ItemDetails::refresh);
    }
}

bool ItemDetails::showPlugin(int row) {
    if (row < 0 || row >= m_plugins.count()) return false;
    m_isPlugin = true;
    m_id = m_plugins.items()[static_cast<std::size_t>(row)].id;
    refresh();
    return true;
}

bool ItemDetails::showInstance(int row) {
    if (row < 0 || row >= m_instances.count()) return false;
    m_isPlugin = false;
    m_id = m_instances.items()[static_cast<std::size_t>(row)].id;
    refresh();
    return true;
}

void ItemDetails::close() {
    if (m_id.empty()) return;
    m_id.clear();
    emit changed();
}

bool ItemDetails::setComment(const QString& text) {
    if (m_id.empty() || m_isPlugin) return false;
    return m_instances.setComment(m_instances.rowOfId(m_id), text);
}

QString ItemDetails::durationText() const {
    if (m_runs == 0) return tr("Not run since the reset");
    if (m_runs == 1) return tr("Ran once: %1").arg(formatMs(m_lastMs));
    return tr("Ran %1 times: %2 in all, last %3").arg(m_runs).arg(formatMs(m_totalMs), formatMs(m_lastMs));
}

void ItemDetails::refresh() {
    if (m_id.empty()) return;
    std::vector<const RunResult*> results;
    if (m_isPlugin) {
        const int row = m_plugins.rowOfId(m_id);
        if (row < 0) return close();  // a reset: every id changed
        const PluginInfo& p = m_plugins.items()[static_cast<std::size_t>(row)];
        m_title = qs(p.label);
        m_name = qs(p.name);
        m_state = QString::fromLatin1(itemStateName(m_plugins.stateOf(m_id)));
        m_doc = qs(p.doc).trimmed();
        m_path = qs(p.path);
        m_families = qsList(p.families);
        m_order = QStringLiteral("%1 (%2)").arg(p.order).arg(QLatin1String(sectionOfOrder(p.order)));
        m_comment.clear();
        m_commentable = false;
        results = m_history.ofPlugin(m_id);
    } else {
        const int row = m_instances.rowOfId(m_id);
        if (row < 0) return close();
        const InstanceInfo& i = m_instances.items()[static_cast<std::size_t>(row)];
        m_title = qs(i.label);
        m_name = qs(i.name);
        m_state = QString::fromLatin1(itemStateName(m_instances.stateOf(m_id)));
        m_doc.clear();
        m_path.clear();
        m_order.clear();
        m_comment = i.isContext ? QString() : qs(i.comment);
        m_commentable = !i.isContext;
        m_families = i.isContext ? QStringList{} : qsList(i.families);
        if (!i.isContext && !i.family.empty() && !m_families.contains(qs(i.family))) m_families.prepend(qs(i.family));
        // The controller keeps context results under "" (process(plugin, nil)).
        results = m_history.ofInstance(i.isContext ? std::string() : m_id);
    }
    m_errors.clear();
    m_records.clear();
    m_runs = 0;
    m_totalMs = m_lastMs = 0;
    for (const RunResult* r : results) {
        const QString source = sourceOf(*r, m_isPlugin);
        if (r->error) {
            m_errors.push_back(
                QVariantMap{{QStringLiteral("message"), qs(r->error->message)},
                            {QStringLiteral("file"), qs(r->error->file)},
                            {QStringLiteral("line"), r->error->line},
                            {QStringLiteral("function"), qs(r->error->function)},
                            {QStringLiteral("text"), qs(describeError(*r->error))},
                            {QStringLiteral("source"), source},
                            {QStringLiteral("sourceLine"), m_sourceLines.lineAt(qs(r->error->file), r->error->line)}});
        }
        for (const ResultRecord& rec : r->records) {
            m_records.push_back(QVariantMap{{QStringLiteral("level"), rec.level},
                                            {QStringLiteral("levelName"), qs(rec.levelName)},
                                            {QStringLiteral("band"), QString::fromLatin1(levelBand(rec.level))},
                                            {QStringLiteral("message"), qs(rec.message)},
                                            {QStringLiteral("name"), qs(rec.name)},
                                            {QStringLiteral("lineno"), rec.lineno},
                                            {QStringLiteral("source"), source}});
        }
        ++m_runs;
        m_totalMs += r->durationMs;
        m_lastMs = r->durationMs;
    }
    emit changed();
}

}  // namespace hostbridge::ui
