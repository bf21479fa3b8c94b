#pragma once
// InstanceModel and PluginModel: the two lists of the publishing views.
//
// Threads: GUI-thread objects, like every Qt model. PublishController fills them from the
// host's answers (delivered by HostLink on the GUI thread); the views toggle rows through
// toggle() / toggleSection().

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "publish_items.hpp"
#include "section_folds.hpp"

namespace hostbridge::ui {

// The context first, then instances in sections: their category when they have one, else their
// family (InstanceInfo::section()). Sections fold (SectionFolds); each instance has a comment.
class InstanceModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool editable READ editable NOTIFY editableChanged)
    // Headings and rows the list shows (folded sections show their heading only).
    Q_PROPERTY(int shownSections READ shownSections NOTIFY shapeChanged)
    Q_PROPERTY(int shownRows READ shownRows NOTIFY shapeChanged)
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
        SectionStartRole,  // bool: the first row of its section (the view draws the heading there)
        OptionalRole,      // bool: data `optional` (false: mandatory, the artist cannot untick it)
        SectionRole,       // string: InstanceInfo::section()
        FoldedRole,        // bool: its section is folded (only the heading shows)
        CommentRole,       // string: the artist's comment, else the host's data `comment`
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
    // The toggleable instances of `section` all on, or all off when they were all on (a click
    // on the section's heading, as for plug-ins).
    Q_INVOKABLE void toggleSection(const QString& section);

    // Folds `section` to its heading, or opens it.
    Q_INVOKABLE void toggleFolded(const QString& section);
    // The sections folded from now on (show's HiddenSections), by name.
    void setFoldedSections(const QStringList& sections);
    QStringList foldedSections() const { return m_folds.sections(); }
    // Opens the section of `row` when it is folded (a failure to bring into view).
    void openSectionOf(int row);
    int shownSections() const { return m_shape.sections; }
    int shownRows() const { return m_shape.rows; }

    // The artist's comment on the instance of `row` (not the context: its comment is the
    // publish's, PublishController::setComment). Kept by the instance's name, so it survives a
    // reset, and it wins over the host's data `comment` from then on. False when refused (the
    // context, a row out of range, or a run going on).
    Q_INVOKABLE bool setComment(int row, const QString& text);
    // Every instance shown now with a comment of the artist's: {id, comment}, in row order.
    std::vector<std::pair<std::string, std::string>> artistComments() const;
    // Forgets the artist's comments (another host: its instances are others).
    void clearComments();

signals:
    void countChanged();
    void editableChanged();
    void shapeChanged();
    // An instance's publish toggle changed (the controller tells the host: emit instanceToggled).
    void toggled(const QString& id, bool newValue, bool oldValue);
    // The artist commented an instance (the controller tells the host: emit instanceCommented).
    void commented(const QString& id, const QString& comment);

private:
    struct Row {
        ItemState state = ItemState::Idle;
        QString error;
        bool hostPublish = true;  // `publish` in the host's last context
    };
    // dataChanged of FoldedRole on the rows of `section`.
    void foldsChanged();  // FoldedRole of every row, and the shape
    void updateShape();
    std::vector<InstanceInfo> m_items;
    std::vector<Row> m_rows;
    bool m_editable = true;
    SectionFolds m_folds;
    SectionFolds::Shape m_shape;
    std::unordered_map<std::string, std::string> m_comments;  // instance name -> the artist's comment
};

// Plug-ins by order, with sections Collect / Validate / Extract / Integrate / Other.
class PluginModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool editable READ editable NOTIFY editableChanged)
    // Headings and rows the list shows (folded sections show their heading only).
    Q_PROPERTY(int shownSections READ shownSections NOTIFY shapeChanged)
    Q_PROPERTY(int shownRows READ shownRows NOTIFY shapeChanged)
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
        FoldedRole,        // bool: its section is folded (only the heading shows)
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

    // Folds `section` to its heading, or opens it. "Collect" starts folded (SectionFolds).
    Q_INVOKABLE void toggleFolded(const QString& section);
    // The sections folded from now on (show's HiddenSections), by name.
    void setFoldedSections(const QStringList& sections);
    QStringList foldedSections() const { return m_folds.sections(); }
    // Opens the section of `row` when it is folded (a failure to bring into view).
    void openSectionOf(int row);
    int shownSections() const { return m_shape.sections; }
    int shownRows() const { return m_shape.rows; }

signals:
    void countChanged();
    void editableChanged();
    void shapeChanged();
    void toggled(const QString& id, bool newValue, bool oldValue);

private:
    struct Row {
        ItemState state = ItemState::Idle;
        QString error;
        bool hasWork = true;
    };
    void setActive(int row, bool active);
    void foldsChanged();  // FoldedRole of every row, and the shape
    void updateShape();
    std::vector<PluginInfo> m_items;
    std::vector<Row> m_rows;
    bool m_editable = true;
    SectionFolds m_folds;
    SectionFolds::Shape m_shape;
};

}  // namespace hostbridge::ui
