#pragma once
// InstanceModel and PluginModel: the two lists of the publishing views.
//
// Threads: GUI-thread objects, like every Qt model. PublishController fills them from the
// host's answers (delivered by HostLink on the GUI thread); the views toggle rows through
// toggle() / toggleSection().

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>

#include <vector>

#include "publish_items.hpp"

namespace hostbridge::ui {

// The context first, then instances by family (sections by "family").
class InstanceModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool editable READ editable NOTIFY editableChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        LabelRole,
        FamilyRole,
        PublishRole,
        StateRole,
        IsContextRole,
        ToggleableRole,
        ErrorRole,
        SectionStartRole,  // bool: the first row of its family (the view draws the heading there)
        OptionalRole,      // bool: data `optional` (false: mandatory, the artist cannot untick it)
    };
    Q_ENUM(Role)

    explicit InstanceModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the rows. States and toggles of instances whose id is kept stay as they were
    // (a collector re-reading the context must not reset what the artist or a run did), but a
    // `publish` the host changed since its last context (a plug-in switched it) is taken.
    // The same ids in the same order (the context read again) update the rows in place
    // (dataChanged; views keep their delegates) and return false; anything else resets the
    // model and returns true.
    bool setItems(std::vector<InstanceInfo> items);
    const std::vector<InstanceInfo>& items() const { return m_items; }
    int count() const { return static_cast<int>(m_items.size()); }
    int rowOfId(const std::string& id) const;  // -1 when unknown

    void setState(const std::string& id, ItemState state, const QString& error = {});
    ItemState stateOf(const std::string& id) const;
    void resetStates();

    // While false (a run in progress) toggle() refuses.
    bool editable() const { return m_editable; }
    void setEditable(bool editable);

    // Flips an instance's publish toggle (never the context's, nor a mandatory instance's:
    // data `optional` false). False when refused.
    Q_INVOKABLE bool toggle(int row);

signals:
    void countChanged();
    void editableChanged();
    // An instance's publish toggle changed (the controller tells the host: emit instanceToggled).
    void toggled(const QString& id, bool newValue, bool oldValue);

private:
    struct Row {
        ItemState state = ItemState::Idle;
        QString error;
        bool hostPublish = true;  // `publish` in the host's last context
    };
    std::vector<InstanceInfo> m_items;
    std::vector<Row> m_rows;
    bool m_editable = true;
};

// Plug-ins by order, with sections Collect / Validate / Extract / Integrate / Other.
class PluginModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool editable READ editable NOTIFY editableChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        LabelRole,
        SectionRole,
        OrderRole,
        OptionalRole,
        ActiveRole,
        StateRole,
        HasWorkRole,
        ToggleableRole,
        ErrorRole,
        HasRepairRole,
        DocRole,
        SectionStartRole,  // bool: the first row of its section
        HasMenuRole,       // bool: it has active actions or a repair (the row offers a menu)
    };
    Q_ENUM(Role)

    explicit PluginModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the rows (discover() after a reset: every id is new, every state idle).
    void setItems(std::vector<PluginInfo> items);
    const std::vector<PluginInfo>& items() const { return m_items; }
    int count() const { return static_cast<int>(m_items.size()); }
    int rowOfId(const std::string& id) const;

    void setState(const std::string& id, ItemState state, const QString& error = {});
    ItemState stateOf(const std::string& id) const;
    void resetStates();
    // Recomputes "has work" (something to process) against `instances`; rows without work are
    // greyed. Collectors always have work: they run on every reset.
    void updateWork(const std::vector<InstanceInfo>& instances);
    bool hasWork(int row) const;

    bool editable() const { return m_editable; }
    void setEditable(bool editable);

    // Flips the active toggle of an optional plug-in. False when refused (not optional, or a run).
    Q_INVOKABLE bool toggle(int row);
    // Optional plug-ins of `section` all on, or all off when they were all on.
    Q_INVOKABLE void toggleSection(const QString& section);

signals:
    void countChanged();
    void editableChanged();
    void toggled(const QString& id, bool newValue, bool oldValue);

private:
    struct Row {
        ItemState state = ItemState::Idle;
        QString error;
        bool hasWork = true;
    };
    void setActive(int row, bool active);
    std::vector<PluginInfo> m_items;
    std::vector<Row> m_rows;
    bool m_editable = true;
};

}  // namespace hostbridge::ui
