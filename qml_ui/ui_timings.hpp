#pragma once
// UiTimings: what ui.timings() reports, the UI's own figures for targets P4, P5 and P8 of
// docs/performance.md: when the process started, served and swapped its first frame; how long
// the last context() answer took on the wire and until the models were filled and the next
// frame was swapped; how long the last runs took; the longest gap between two frames since a
// mark; and resident memory. "The last context() answer" is the last one that replaced the
// rows shown (new ids: what showing a context means), not one that read the same instances
// again. Times are CLOCK_MONOTONIC seconds (Python's time.monotonic() on Linux), so a script
// that starts the process compares them with its own clock.
//
// Frames: a window only renders when something changed, so a gap between frames alone says
// nothing. mark(true) keeps the window rendering (an update() every 16 ms from a GUI-thread
// timer) until mark(false): a gap much above 16 ms then means the GUI thread (or the renderer)
// stood still that long, which an artist sees as a frozen window.
//
// Threads: a GUI-thread object. frameSwapped comes on the render thread with a threaded render
// loop: the frame figures are guarded by a mutex for that.

#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <mutex>

#include <hostbridge/value.hpp>

#include "publish_controller.hpp"
#include "ui_automation.hpp"

class QQuickWindow;

namespace hostbridge::ui {

class UiTimings : public QObject, public FrameTimings {
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;

    // `mainEntered`: the first thing main() did. Follows `window`'s frames and `publishController`'s
    // runs and context answers.
    UiTimings(QQuickWindow* window, const PublishController& publishController, Clock::time_point mainEntered,
              QObject* parent = nullptr);

    // The server serves and the connection file is written (the Port: line goes out).
    void noteServing();
    // Starts counting frames and the longest gap afresh; `continuous`: keep the window
    // rendering until the next mark (see above).
    void mark(bool continuous) override;
    // Everything, as ui.timings() answers it.
    Struct report() const override;

private:
    void onFrameSwapped();  // any thread
    void onContextFilled();
    void onRunStarted(PublishController::Phase phase);
    void onRunFinished(PublishController::Phase phase, bool ok);

    QQuickWindow* m_window;
    const PublishController& m_publishController;
    Clock::time_point m_mainEntered;
    Clock::time_point m_serving{};
    QTimer m_continuous;

    mutable std::mutex m_frameMutex;  // guards the frame figures below
    Clock::time_point m_firstFrame{};
    Clock::time_point m_lastFrame{};
    Clock::time_point m_markedAt{};
    long m_frames = 0;          // since the mark
    double m_longestGapMs = 0;  // since the mark
    ContextTiming m_context;    // the last context() answer that replaced the rows
    bool m_contextFramePending = false;
    Clock::time_point m_contextFrame{};

    struct Run {
        QString phase;
        bool ok = false;
        Clock::time_point started;
        Clock::time_point ended;
    };
    Run m_running;
    std::deque<Run> m_runs;  // the last finished runs, oldest first
};

}  // namespace hostbridge::ui
