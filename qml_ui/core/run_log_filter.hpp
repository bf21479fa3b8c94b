#pragma once
// RunLogFilter: the log as the Log tab shows it: a text filter (case-insensitive, on the message,
// the plug-in and the instance) and a toggle per level band. Separators and the dropped-lines
// notice always show, so a filtered log still reads in its order of resets.
//
// Threads: a GUI-thread object, like its source model.

#include <QtQml/qqmlregistration.h>
#include <QSortFilterProxyModel>

namespace hostbridge::ui {

class RunLogFilter : public QSortFilterProxyModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY filterChanged)
    Q_PROPERTY(bool showDebug READ showDebug WRITE setShowDebug NOTIFY filterChanged)
    Q_PROPERTY(bool showInfo READ showInfo WRITE setShowInfo NOTIFY filterChanged)
    Q_PROPERTY(bool showWarning READ showWarning WRITE setShowWarning NOTIFY filterChanged)
    Q_PROPERTY(bool showError READ showError WRITE setShowError NOTIFY filterChanged)
    Q_PROPERTY(bool showCritical READ showCritical WRITE setShowCritical NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    explicit RunLogFilter(QObject* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);
    bool showDebug() const { return m_show[0]; }
    bool showInfo() const { return m_show[1]; }
    bool showWarning() const { return m_show[2]; }
    bool showError() const { return m_show[3]; }
    bool showCritical() const { return m_show[4]; }
    void setShowDebug(bool on) { setShown(0, on); }
    void setShowInfo(bool on) { setShown(1, on); }
    void setShowWarning(bool on) { setShown(2, on); }
    void setShowError(bool on) { setShown(3, on); }
    void setShowCritical(bool on) { setShown(4, on); }
    int count() const { return rowCount(); }

signals:
    void filterChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void setShown(int band, bool on);
    QString m_text;
    bool m_show[5] = {true, true, true, true, true};  // debug, info, warning, error, critical
};

}  // namespace hostbridge::ui
