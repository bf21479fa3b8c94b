#include "screenshot_writer.hpp"

#include <QImage>
#include <QQuickWindow>

#include <cstdio>
#include <iostream>

namespace hostbridge::ui {

ScreenshotWriter::ScreenshotWriter(QQuickWindow* window, QString path, QObject* parent)
    : QObject(parent), m_window(window), m_path(std::move(path)) {
    m_delay.setSingleShot(true);
    m_delay.setInterval(300);
    connect(&m_delay, &QTimer::timeout, this, &ScreenshotWriter::grab);
}

void ScreenshotWriter::requestGrab() { m_delay.start(); }

void ScreenshotWriter::grab() {
    if (!m_window->isVisible()) return;  // hidden again before the delay ended: nothing to show
    const QImage image = m_window->grabWindow();
    // Written beside the target, then renamed over it, so a reader never sees half a PNG.
    const QString partial = m_path + QStringLiteral(".partial");
    if (image.isNull() || !image.save(partial, "PNG")) {
        std::cerr << "hostbridge-ui: cannot write the screenshot " << m_path.toStdString() << std::endl;
        return;
    }
    if (std::rename(partial.toLocal8Bit().constData(), m_path.toLocal8Bit().constData()) != 0) {
        std::cerr << "hostbridge-ui: cannot write the screenshot " << m_path.toStdString() << std::endl;
        return;
    }
    std::cerr << "hostbridge-ui: screenshot " << image.width() << "x" << image.height() << " written to "
              << m_path.toStdString() << std::endl;
    emit written(m_path);
}

}  // namespace hostbridge::ui
