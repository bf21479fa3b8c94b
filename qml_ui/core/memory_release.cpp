#include "memory_release.hpp"

#include <QThreadPool>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hostbridge::ui {

MemoryRelease::MemoryRelease(std::chrono::milliseconds delay, QObject* parent) : QObject(parent) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(delay);
    // On a pool thread: walking every heap of a 100 MB process takes long enough to cost the GUI
    // thread a frame.
    connect(&m_timer, &QTimer::timeout, this, [] {
#if defined(__GLIBC__)
        QThreadPool::globalInstance()->start([] { malloc_trim(0); });
#endif
    });
}

void MemoryRelease::request() { m_timer.start(); }

}  // namespace hostbridge::ui
