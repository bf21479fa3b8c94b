#include "publish_models.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace hostbridge::ui {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Not checkIndex(): it warns about the invalid index, which views legitimately ask about.
bool valid(const QAbstractListModel* model, const QModelIndex& index) {
    return index.model() == model && model->hasIndex(index.row(), index.column(), index.parent());
}

}  // namespace

// ---- InstanceModel ---------------------------------------------------------------------------

InstanceModel::InstanceModel(QObject* parent) : QAbstractListModel(parent) {}

int InstanceModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }

QVariant InstanceModel::data(const QModelIndex& index, int role) const {
    if (!valid(this, index)) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const InstanceInfo& item = m_items[row];
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole: return qs(item.label);
    case IdRole: return qs(item.id);
    case NameRole: return qs(item.name);
    case FamilyRole: return item.isContext ? QStringLiteral("Context") : qs(item.family);
    case PublishRole: return item.publish;
    case StateRole: return QString::fromLatin1(itemStateName(m_rows[row].state));
    case IsContextRole: return item.isContext;
    case ToggleableRole: return !item.isContext && item.optional && m_editable;
    case ErrorRole: return m_rows[row].error;
    case OptionalRole: return item.optional;
    case SectionRole: return qs(item.section());
    case FoldedRole: return m_folds.folded(qs(item.section()));
    case CommentRole: return qs(item.comment);
    // Computed here rather than left to ListView sections: Qt 6.4's section headings kept stale
    // texts after repeated model resets (a reset re-reads the context after every collector).
    case SectionStartRole: return row == 0 || m_items[row - 1].section() != item.section();
    default: return {};
    }
}

QHash<int, QByteArray> InstanceModel::roleNames() const {
    return {{Qt::DisplayRole, "display"},
            {IdRole, "itemId"},
            {NameRole, "name"},
            {LabelRole, "label"},
            {FamilyRole, "family"},
            {PublishRole, "publish"},
            {StateRole, "itemState"},
            {IsContextRole, "isContext"},
            {ToggleableRole, "toggleable"},
            {ErrorRole, "errorText"},
            {SectionStartRole, "sectionStart"},
            {OptionalRole, "optional"},
            {SectionRole, "section"},
            {FoldedRole, "folded"},
            {CommentRole, "comment"}};
}

bool InstanceModel::setItems(std::vector<InstanceInfo> items) {
    if (!m_comments.empty())
        for (InstanceInfo& item : items)
            if (auto it = m_comments.find(item.name); it != m_comments.end() && !item.isContext)
                item.comment = it->second;
    const bool sameIds = items.size() == m_items.size() &&
                         std::equal(items.begin(), items.end(), m_items.begin(),
                                    [](const InstanceInfo& a, const InstanceInfo& b) { return a.id == b.id; });
    // The toggle a row shows: the host's `publish` when the host changed it since its last
    // answer (a plug-in switched the instance off), else the artist's (a legacy host does not
    // apply instanceToggled to its data).
    const auto follow = [](InstanceInfo& item, Row& row, bool shown) {
        const bool fromHost = item.publish;
        if (fromHost == row.hostPublish) item.publish = shown;
        row.hostPublish = fromHost;
    };
    if (sameIds) {
        for (std::size_t i = 0; i < items.size(); ++i) follow(items[i], m_rows[i], m_items[i].publish);
        m_items = std::move(items);
        if (count() > 0) emit dataChanged(index(0), index(count() - 1));
        updateShape();
        return false;
    }
    std::unordered_map<std::string, std::pair<Row, bool>> kept;
    kept.reserve(m_items.size());
    for (std::size_t i = 0; i < m_items.size(); ++i)
        kept.emplace(m_items[i].id, std::make_pair(m_rows[i], m_items[i].publish));
    const int before = count();
    beginResetModel();
    m_items = std::move(items);
    m_rows.assign(m_items.size(), Row{});
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        if (auto it = kept.find(m_items[i].id); it != kept.end()) {
            m_rows[i] = it->second.first;
            follow(m_items[i], m_rows[i], it->second.second);
        } else {
            m_rows[i].hostPublish = m_items[i].publish;
        }
    }
    endResetModel();
    if (before != count()) emit countChanged();
    updateShape();
    return true;
}

int InstanceModel::rowOfId(const std::string& id) const {
    for (std::size_t i = 0; i < m_items.size(); ++i)
        if (m_items[i].id == id) return static_cast<int>(i);
    return -1;
}

void InstanceModel::setState(const std::string& id, ItemState state, const QString& error) {
    const int row = rowOfId(id);
    if (row < 0) return;
    Row& r = m_rows[static_cast<std::size_t>(row)];
    r.state = state;
    r.error = error;
    emit dataChanged(index(row), index(row), {StateRole, ErrorRole});
}

ItemState InstanceModel::stateOf(const std::string& id) const {
    const int row = rowOfId(id);
    return row < 0 ? ItemState::Idle : m_rows[static_cast<std::size_t>(row)].state;
}

void InstanceModel::resetStates() {
    for (Row& r : m_rows) {
        r.state = ItemState::Idle;
        r.error.clear();
    }
    if (count() > 0) emit dataChanged(index(0), index(count() - 1), {StateRole, ErrorRole});
}

void InstanceModel::setEditable(bool editable) {
    if (editable == m_editable) return;
    m_editable = editable;
    if (count() > 0) emit dataChanged(index(0), index(count() - 1), {ToggleableRole});
    emit editableChanged();
}

bool InstanceModel::toggle(int row) {
    if (row < 0 || row >= count() || !m_editable) return false;
    InstanceInfo& item = m_items[static_cast<std::size_t>(row)];
    if (item.isContext || !item.optional) return false;
    item.publish = !item.publish;
    emit dataChanged(index(row), index(row), {PublishRole});
    emit toggled(qs(item.id), item.publish, !item.publish);
    return true;
}

void InstanceModel::toggleSection(const QString& section) {
    if (!m_editable) return;
    const std::string name = section.toStdString();
    const auto inSection = [&](const InstanceInfo& i) { return !i.isContext && i.optional && i.section() == name; };
    const bool allOn =
        std::all_of(m_items.begin(), m_items.end(), [&](const InstanceInfo& i) { return !inSection(i) || i.publish; });
    for (int row = 0; row < count(); ++row) {
        const InstanceInfo& item = m_items[static_cast<std::size_t>(row)];
        if (inSection(item) && item.publish == allOn) toggle(row);
    }
}

void InstanceModel::toggleFolded(const QString& section) {
    m_folds.toggle(section);
    foldsChanged();
}

void InstanceModel::setFoldedSections(const QStringList& sections) {
    m_folds.set(sections);
    foldsChanged();
}

void InstanceModel::openSectionOf(int row) {
    if (row < 0 || row >= count()) return;
    const QString section = qs(m_items[static_cast<std::size_t>(row)].section());
    if (m_folds.folded(section)) toggleFolded(section);
}

void InstanceModel::foldsChanged() {
    if (count() > 0) emit dataChanged(index(0), index(count() - 1), {FoldedRole});
    updateShape();
}

void InstanceModel::updateShape() {
    const SectionFolds::Shape shape = m_folds.shapeOf(m_items, [](const InstanceInfo& i) { return qs(i.section()); });
    if (shape == m_shape) return;
    m_shape = shape;
    emit shapeChanged();
}

bool InstanceModel::setComment(int row, const QString& text) {
    if (row < 0 || row >= count() || !m_editable) return false;
    InstanceInfo& item = m_items[static_cast<std::size_t>(row)];
    if (item.isContext) return false;
    const std::string comment = text.toStdString();
    m_comments[item.name] = comment;
    if (item.comment == comment) return true;
    item.comment = comment;
    emit dataChanged(index(row), index(row), {CommentRole});
    emit commented(qs(item.id), text);
    return true;
}

std::vector<std::pair<std::string, std::string>> InstanceModel::artistComments() const {
    std::vector<std::pair<std::string, std::string>> out;
    if (m_comments.empty()) return out;
    for (const InstanceInfo& item : m_items)
        if (!item.isContext && m_comments.count(item.name)) out.emplace_back(item.id, item.comment);
    return out;
}

void InstanceModel::clearComments() { m_comments.clear(); }

// ---- PluginModel -----------------------------------------------------------------------------

PluginModel::PluginModel(QObject* parent) : QAbstractListModel(parent) {}

int PluginModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }

QVariant PluginModel::data(const QModelIndex& index, int role) const {
    if (!valid(this, index)) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const PluginInfo& item = m_items[row];
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole: return qs(item.label);
    case IdRole: return qs(item.id);
    case NameRole: return qs(item.name);
    case SectionRole: return QString::fromLatin1(sectionOfOrder(item.order));
    case OrderRole: return item.order;
    case OptionalRole: return item.optional;
    case ActiveRole: return item.active;
    case StateRole: return QString::fromLatin1(itemStateName(m_rows[row].state));
    case HasWorkRole: return m_rows[row].hasWork;
    case ToggleableRole: return item.optional && m_editable;
    case ErrorRole: return m_rows[row].error;
    case HasRepairRole: return item.hasRepair;
    case DocRole: return qs(item.doc);
    case HasMenuRole:
        return item.hasRepair || std::any_of(item.actions.begin(), item.actions.end(),
                                             [](const ActionInfo& a) { return a.active && a.kind == "action"; });
    case SectionStartRole:
        return row == 0 || std::string_view(sectionOfOrder(m_items[row - 1].order)) != sectionOfOrder(item.order);
    case FoldedRole: return m_folds.folded(QLatin1String(sectionOfOrder(item.order)));
    default: return {};
    }
}

QHash<int, QByteArray> PluginModel::roleNames() const {
    return {{Qt::DisplayRole, "display"},
            {IdRole, "itemId"},
            {NameRole, "name"},
            {LabelRole, "label"},
            {SectionRole, "section"},
            {OrderRole, "order"},
            {OptionalRole, "optional"},
            {ActiveRole, "active"},
            {StateRole, "itemState"},
            {HasWorkRole, "hasWork"},
            {ToggleableRole, "toggleable"},
            {ErrorRole, "errorText"},
            {HasRepairRole, "hasRepair"},
            {DocRole, "doc"},
            {SectionStartRole, "sectionStart"},
            {HasMenuRole, "hasMenu"},
            {FoldedRole, "folded"}};
}

void PluginModel::setItems(std::vector<PluginInfo> items) {
    const int before = count();
    beginResetModel();
    m_items = std::move(items);
    m_rows.assign(m_items.size(), Row{});
    endResetModel();
    if (before != count()) emit countChanged();
    updateShape();
}

int PluginModel::rowOfId(const std::string& id) const {
    for (std::size_t i = 0; i < m_items.size(); ++i)
        if (m_items[i].id == id) return static_cast<int>(i);
    return -1;
}

void PluginModel::setState(const std::string& id, ItemState state, const QString& error) {
    const int row = rowOfId(id);
    if (row < 0) return;
    Row& r = m_rows[static_cast<std::size_t>(row)];
    r.state = state;
    r.error = error;
    emit dataChanged(index(row), index(row), {StateRole, ErrorRole});
}

ItemState PluginModel::stateOf(const std::string& id) const {
    const int row = rowOfId(id);
    return row < 0 ? ItemState::Idle : m_rows[static_cast<std::size_t>(row)].state;
}

void PluginModel::resetStates() {
    for (Row& r : m_rows) {
        r.state = ItemState::Idle;
        r.error.clear();
    }
    if (count() > 0) emit dataChanged(index(0), index(count() - 1), {StateRole, ErrorRole});
}

void PluginModel::updateWork(const std::vector<InstanceInfo>& instances) {
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        // An inactive optional plug-in still shows whether it could work.
        const bool work = isCollector(m_items[i]) || couldProcess(m_items[i], instances);
        if (work == m_rows[i].hasWork) continue;
        m_rows[i].hasWork = work;
        const int row = static_cast<int>(i);
        emit dataChanged(index(row), index(row), {HasWorkRole});
    }
}

bool PluginModel::hasWork(int row) const { return m_rows.at(static_cast<std::size_t>(row)).hasWork; }

void PluginModel::setEditable(bool editable) {
    if (editable == m_editable) return;
    m_editable = editable;
    if (count() > 0) emit dataChanged(index(0), index(count() - 1), {ToggleableRole});
    emit editableChanged();
}

void PluginModel::setActive(int row, bool active) {
    PluginInfo& item = m_items[static_cast<std::size_t>(row)];
    if (item.active == active) return;
    item.active = active;
    emit dataChanged(index(row), index(row), {ActiveRole});
    emit toggled(qs(item.id), active, !active);
}

bool PluginModel::toggle(int row) {
    if (row < 0 || row >= count() || !m_editable) return false;
    if (!m_items[static_cast<std::size_t>(row)].optional) return false;
    setActive(row, !m_items[static_cast<std::size_t>(row)].active);
    return true;
}

void PluginModel::toggleSection(const QString& section) {
    if (!m_editable) return;
    bool allOn = true;
    for (const PluginInfo& p : m_items)
        if (p.optional && QLatin1String(sectionOfOrder(p.order)) == section && !p.active) allOn = false;
    for (int row = 0; row < count(); ++row) {
        const PluginInfo& p = m_items[static_cast<std::size_t>(row)];
        if (p.optional && QLatin1String(sectionOfOrder(p.order)) == section) setActive(row, !allOn);
    }
}

void PluginModel::toggleFolded(const QString& section) {
    m_folds.toggle(section);
    foldsChanged();
}

void PluginModel::setFoldedSections(const QStringList& sections) {
    m_folds.set(sections);
    foldsChanged();
}

void PluginModel::openSectionOf(int row) {
    if (row < 0 || row >= count()) return;
    const QString section = QLatin1String(sectionOfOrder(m_items[static_cast<std::size_t>(row)].order));
    if (m_folds.folded(section)) toggleFolded(section);
}

void PluginModel::foldsChanged() {
    if (count() > 0) emit dataChanged(index(0), index(count() - 1), {FoldedRole});
    updateShape();
}

void PluginModel::updateShape() {
    const SectionFolds::Shape shape =
        m_folds.shapeOf(m_items, [](const PluginInfo& p) { return QString::fromLatin1(sectionOfOrder(p.order)); });
    if (shape == m_shape) return;
    m_shape = shape;
    emit shapeChanged();
}

}  // namespace hostbridge::ui
