#pragma once
// MemoryRelease: gives the memory a large answer left behind back to the system. Reading a
// 10,000-instance context goes through tens of MB of short-lived allocations (the XML, the
// parser's tree, the Values); glibc keeps those pages once they are free (measured: 160 MiB
// resident instead of 100 MiB with the context shown). request() trims the heaps a moment
// later, once the burst is over (a reset reads the context several times), off the path of
// the frame that shows the answer.
//
// Threads: a GUI-thread object (its timer); the trim runs on a QThreadPool thread, while other
// threads allocate (malloc_trim locks each heap in turn).

#include <QObject>
#include <QTimer>

#include <chrono>

namespace hostbridge::ui {

class MemoryRelease : public QObject {
    Q_OBJECT
public:
    explicit MemoryRelease(std::chrono::milliseconds delay = std::chrono::milliseconds(500), QObject* parent = nullptr);

    // Trims once `delay` has passed without another request. Without glibc it does nothing.
    void request();

private:
    QTimer m_timer;
};

}  // namespace hostbridge::ui
