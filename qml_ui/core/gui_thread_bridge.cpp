#include "gui_thread_bridge.hpp"

#include <QMetaObject>

namespace hostbridge::ui {

GuiThreadBridge::GuiThreadBridge(std::chrono::milliseconds callTimeout, QObject* parent)
    : QObject(parent), m_callTimeout(callTimeout) {}

void GuiThreadBridge::post(std::function<void()> work) {
    if (m_shuttingDown) return;
    enqueue([this, work = std::move(work)] {
        if (!m_shuttingDown) work();
    });
}

void GuiThreadBridge::beginShutdown() { m_shuttingDown = true; }

void GuiThreadBridge::enqueue(std::function<void()> work) {
    // `this` as the context: the functor runs on this object's (the GUI) thread, and is
    // dropped if the bridge is destroyed first.
    QMetaObject::invokeMethod(this, std::move(work), Qt::QueuedConnection);
}

void GuiThreadBridge::throwIfShuttingDown() const {
    if (m_shuttingDown) throw Fault(FaultCode::ShuttingDown, shuttingDownMessage());
}

std::string GuiThreadBridge::shuttingDownMessage() { return "the UI is shutting down"; }

}  // namespace hostbridge::ui
