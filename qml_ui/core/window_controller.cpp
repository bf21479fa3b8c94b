#include "window_controller.hpp"

namespace hostbridge::ui {

WindowController::WindowController(QObject* parent) : QObject(parent) {}

void WindowController::setServerUrl(const QString& url) {
    if (url == m_serverUrl) return;
    m_serverUrl = url;
    emit serverUrlChanged();
}

void WindowController::applySettings(const ShowSettings& settings) {
    if (settings.windowTitle && *settings.windowTitle != m_title) {
        m_title = *settings.windowTitle;
        emit titleChanged();
    }
    if (settings.contextLabel && *settings.contextLabel != m_contextLabel) {
        m_contextLabel = *settings.contextLabel;
        emit contextLabelChanged();
    }
    if (settings.darkTheme && *settings.darkTheme != m_darkTheme) {
        m_darkTheme = *settings.darkTheme;
        emit themeChanged();
    }
    if (settings.windowSize || settings.windowPosition) {
        if (settings.windowSize) m_size = *settings.windowSize;
        if (settings.windowPosition) m_position = *settings.windowPosition;
        emit geometryRequested();
    }
}

void WindowController::show() {
    if (!m_visible) {
        m_visible = true;
        emit visibleChanged();
    }
    emit raiseRequested();
    emit shown();
}

void WindowController::hide() {
    if (!m_visible) return;
    m_visible = false;
    emit visibleChanged();
}

void WindowController::windowClosed() { hide(); }

void WindowController::setStatusText(const QString& text) {
    if (text == m_statusText) return;
    m_statusText = text;
    emit statusTextChanged();
}

}  // namespace hostbridge::ui
