#include "memory_release.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hostbridge::ui {

MemoryRelease::MemoryRelease(std::chrono::milliseconds delay, QObject* parent) : QObject(parent) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(delay);
    connect(&m_timer, &QTimer::timeout, this, [] {
#if defined(__GLIBC__)
        malloc_trim(0);
#endif
    });
}

void MemoryRelease::request() { m_timer.start(); }

}  // namespace hostbridge::ui
