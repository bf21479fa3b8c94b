#pragma once
// WindowController: what the window should look like and whether it shows. The QML window
// binds to it and obeys its signals; the controller never sees the window itself, so it is
// tested without one.
//
// Threads: a GUI-thread object. Server threads reach it through GuiThreadBridge.

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPoint>
#include <QSize>
#include <QString>

#include "show_settings.hpp"

namespace hostbridge::ui {

class WindowController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(QString title READ title NOTIFY titleChanged)
    Q_PROPERTY(QString contextLabel READ contextLabel NOTIFY contextLabelChanged)
    Q_PROPERTY(bool visible READ visible NOTIFY visibleChanged)
    Q_PROPERTY(QSize size READ size NOTIFY geometryRequested)
    Q_PROPERTY(bool hasPosition READ hasPosition NOTIFY geometryRequested)
    Q_PROPERTY(QPoint position READ position NOTIFY geometryRequested)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusTextChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY serverUrlChanged)
    // Dark (the default) or light colours: --theme, then show's Theme setting (main() hands it
    // to the Theme the views read).
    Q_PROPERTY(bool darkTheme READ darkTheme NOTIFY themeChanged)

public:
    static constexpr int kDefaultWidth = 430;  // pyblish's default window, still clear at this size
    static constexpr int kDefaultHeight = 600;

    explicit WindowController(QObject* parent = nullptr);

    QString title() const { return m_title; }
    QString contextLabel() const { return m_contextLabel; }
    bool visible() const { return m_visible; }
    QSize size() const { return m_size; }
    bool hasPosition() const { return m_position.has_value(); }  // false: the window system places it
    QPoint position() const { return m_position.value_or(QPoint()); }
    QString statusText() const { return m_statusText; }
    QString serverUrl() const { return m_serverUrl; }
    bool darkTheme() const { return m_darkTheme; }

    // Applies what `settings` holds; leaves the rest as it was.
    void applySettings(const ShowSettings& settings);
    // Shows the window and asks for it to be raised (also when it already shows).
    void show();
    void hide();
    void setStatusText(const QString& text);
    // The URL this UI serves on (shown in the window), known once the server has started.
    void setServerUrl(const QString& url);

    // The window was closed by the artist: it only hides (the process keeps serving).
    Q_INVOKABLE void windowClosed();

signals:
    void titleChanged();
    void contextLabelChanged();
    void visibleChanged();
    void statusTextChanged();
    void serverUrlChanged();
    void themeChanged();
    // Size or position changed: the window applies size() and, when set, position().
    void geometryRequested();
    // Bring the window to the front (show() while it already shows included).
    void raiseRequested();
    // The window has been shown by show(); a screenshot may be taken once it has rendered.
    void shown();

private:
    QString m_title = QStringLiteral("HostBridge");
    QString m_contextLabel;
    bool m_visible = false;
    QSize m_size{kDefaultWidth, kDefaultHeight};
    std::optional<QPoint> m_position;
    QString m_statusText = QStringLiteral("Waiting for a host");
    QString m_serverUrl;
    bool m_darkTheme = true;
};

}  // namespace hostbridge::ui
