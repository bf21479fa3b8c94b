#pragma once
// ScreenshotWriter: saves a window as PNG once it has shown and rendered (--screenshot FILE).
// Works without a display: under QT_QPA_PLATFORM=offscreen grabWindow() renders in software.
//
// Threads: GUI thread only (it grabs the window).

#include <QObject>
#include <QString>
#include <QTimer>

class QQuickWindow;

namespace hostbridge::ui {

class ScreenshotWriter : public QObject {
    Q_OBJECT
public:
    ScreenshotWriter(QQuickWindow* window, QString path, QObject* parent = nullptr);

    // Grabs after a short delay, so the window has applied its new size and rendered a frame.
    // Several requests in a row give one PNG, of the last state.
    void requestGrab();

signals:
    void written(const QString& path);

private:
    void grab();

    QQuickWindow* m_window;
    QString m_path;
    QTimer m_delay;
};

}  // namespace hostbridge::ui
