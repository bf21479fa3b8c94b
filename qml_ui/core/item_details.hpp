#pragma once
// ItemDetails: the detail page of one plug-in or instance, as the view shows it: documentation,
// path, families, order and section, state, the errors and records of its results since the
// reset, and how long it ran. Everything is computed here; the QML page only shows it.
//
// Threads: a GUI-thread object. It follows the models and the history: a change refreshes the
// open page, and a reset (the item's id gone) closes it. The source line an error points at is
// read on a pool thread (SourceLines); the page refreshes when it arrives.

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QStringList>
#include <QVariantList>

#include <string>

#include "item_history.hpp"
#include "publish_models.hpp"
#include "source_lines.hpp"

namespace hostbridge::ui {

class ItemDetails : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(bool open READ open NOTIFY changed)
    Q_PROPERTY(QString kind READ kind NOTIFY changed)  // "plugin" or "instance"
    Q_PROPERTY(QString itemId READ itemId NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString itemState READ itemState NOTIFY changed)
    Q_PROPERTY(QString documentation READ documentation NOTIFY changed)
    Q_PROPERTY(QString path READ path NOTIFY changed)
    Q_PROPERTY(QStringList families READ families NOTIFY changed)
    Q_PROPERTY(QString orderText READ orderText NOTIFY changed)  // "1.1 (Validate)"; "" for instances
    // Each error: {message, file, line, function, text ("message (file, line N, in f)"), source,
    // sourceLine (the line of `file` it points at, once read; "" when unreadable)}.
    Q_PROPERTY(QVariantList errors READ errors NOTIFY changed)
    // Each record: {level, levelName, band, message, name, lineno, source}.
    Q_PROPERTY(QVariantList records READ records NOTIFY changed)
    Q_PROPERTY(int runs READ runs NOTIFY changed)
    Q_PROPERTY(double totalMs READ totalMs NOTIFY changed)
    Q_PROPERTY(double lastMs READ lastMs NOTIFY changed)
    Q_PROPERTY(QString durationText READ durationText NOTIFY changed)
    // An instance's comment (InstanceModel's CommentRole); commentable: the page is of an
    // instance, not the context (whose comment is the publish's).
    Q_PROPERTY(QString comment READ comment NOTIFY changed)
    Q_PROPERTY(bool commentable READ commentable NOTIFY changed)

public:
    ItemDetails(InstanceModel& instances, const PluginModel& plugins, const ItemHistory& history,
                QObject* parent = nullptr);

    // Opens the page of a row of the plug-ins / instances list; false for a row that is not there.
    Q_INVOKABLE bool showPlugin(int row);
    Q_INVOKABLE bool showInstance(int row);
    Q_INVOKABLE void close();
    // The artist's comment on the instance shown (InstanceModel::setComment); false when refused.
    Q_INVOKABLE bool setComment(const QString& text);

    bool open() const { return !m_id.empty(); }
    QString kind() const { return m_isPlugin ? QStringLiteral("plugin") : QStringLiteral("instance"); }
    QString itemId() const { return QString::fromStdString(m_id); }
    QString title() const { return m_title; }
    QString name() const { return m_name; }
    QString itemState() const { return m_state; }
    QString documentation() const { return m_doc; }
    QString path() const { return m_path; }
    QStringList families() const { return m_families; }
    QString orderText() const { return m_order; }
    QVariantList errors() const { return m_errors; }
    QVariantList records() const { return m_records; }
    int runs() const { return m_runs; }
    double totalMs() const { return m_totalMs; }
    double lastMs() const { return m_lastMs; }
    QString durationText() const;
    QString comment() const { return m_comment; }
    bool commentable() const { return m_commentable; }

signals:
    void changed();

private:
    void refresh();

    InstanceModel& m_instances;
    const PluginModel& m_plugins;
    const ItemHistory& m_history;
    SourceLines m_sourceLines;

    std::string m_id;  // empty: closed
    bool m_isPlugin = true;
    QString m_title, m_name, m_state, m_doc, m_path, m_order, m_comment;
    bool m_commentable = false;
    QStringList m_families;
    QVariantList m_errors, m_records;
    int m_runs = 0;
    double m_totalMs = 0;
    double m_lastMs = 0;
};

}  // namespace hostbridge::ui
