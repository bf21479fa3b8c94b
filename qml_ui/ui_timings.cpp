#include "ui_timings.hpp"

#include <QQuickWindow>

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace hostbridge::ui {
namespace {

constexpr std::size_t kRunsKept = 8;

double seconds(UiTimings::Clock::time_point t) {
    return t == UiTimings::Clock::time_point{} ? 0.0 : std::chrono::duration<double>(t.time_since_epoch()).count();
}

double ms(UiTimings::Clock::time_point from, UiTimings::Clock::time_point to) {
    if (from == UiTimings::Clock::time_point{} || to == UiTimings::Clock::time_point{}) return -1;
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// When the kernel started this process, on the steady clock (CLOCK_MONOTONIC): /proc's start
// time counts clock ticks since boot (CLOCK_BOOTTIME), so it includes exec and the dynamic
// loader, which main() cannot see. Tick resolution (10 ms). 0 when unknown.
double processStartSeconds() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto afterName = text.rfind(')');
    if (afterName == std::string::npos) return 0;
    std::istringstream fields(text.substr(afterName + 2));
    std::string field;
    for (int i = 3; i < 22 && fields >> field; ++i) {
    }  // fields 3..21: state .. itrealvalue
    unsigned long long startTicks = 0;
    if (!(fields >> startTicks)) return 0;
    timespec boot{}, mono{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    const double sinceStart =
        (boot.tv_sec + boot.tv_nsec * 1e-9) - static_cast<double>(startTicks) / sysconf(_SC_CLK_TCK);
    return (mono.tv_sec + mono.tv_nsec * 1e-9) - sinceStart;
}

// VmRSS and VmHWM of /proc/self/status, in KiB (-1 when unknown).
void residentMemory(long& rssKb, long& peakKb) {
    rssKb = peakKb = -1;
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) rssKb = std::stol(line.substr(6));
        else if (line.rfind("VmHWM:", 0) == 0) peakKb = std::stol(line.substr(6));
    }
}

}  // namespace

UiTimings::UiTimings(QQuickWindow* window, const PublishController& publishController, Clock::time_point mainEntered,
                     QObject* parent)
    : QObject(parent), m_window(window), m_publishController(publishController), m_mainEntered(mainEntered) {
    m_continuous.setInterval(16);
    connect(&m_continuous, &QTimer::timeout, m_window, [this] { m_window->update(); });
    connect(window, &QQuickWindow::frameSwapped, this, &UiTimings::onFrameSwapped, Qt::DirectConnection);
    connect(&publishController, &PublishController::contextFilled, this, &UiTimings::onContextFilled);
    connect(&publishController, &PublishController::runStarted, this, &UiTimings::onRunStarted);
    connect(&publishController, &PublishController::runFinished, this, &UiTimings::onRunFinished);
}

void UiTimings::noteServing() { m_serving = Clock::now(); }

void UiTimings::mark(bool continuous) {
    {
        std::lock_guard<std::mutex> lock(m_frameMutex);
        m_markedAt = m_lastFrame = Clock::now();
        m_frames = 0;
        m_longestGapMs = 0;
    }
    if (continuous) m_continuous.start();
    else m_continuous.stop();
}

void UiTimings::onFrameSwapped() {
    const Clock::time_point now = Clock::now();
    std::lock_guard<std::mutex> lock(m_frameMutex);
    if (m_firstFrame == Clock::time_point{}) m_firstFrame = now;
    if (m_markedAt != Clock::time_point{}) {
        ++m_frames;
        m_longestGapMs = std::max(m_longestGapMs, ms(m_lastFrame, now));
    }
    m_lastFrame = now;
    if (m_contextFramePending) {
        m_contextFramePending = false;
        m_contextFrame = now;
    }
}

void UiTimings::onContextFilled() {
    const ContextTiming& timing = m_publishController.lastContextTiming();
    if (!timing.replaced) return;
    std::lock_guard<std::mutex> lock(m_frameMutex);
    m_context = timing;
    m_contextFramePending = true;
    m_contextFrame = {};
}

void UiTimings::onRunStarted(PublishController::Phase phase) {
    m_running = {PublishController::phaseName(phase), false, Clock::now(), {}};
}

void UiTimings::onRunFinished(PublishController::Phase phase, bool ok) {
    Run run = m_running;
    run.phase = PublishController::phaseName(phase);
    run.ok = ok;
    run.ended = Clock::now();
    m_runs.push_back(run);
    if (m_runs.size() > kRunsKept) m_runs.pop_front();
}

Struct UiTimings::report() const {
    Struct out;
    const double started = processStartSeconds();
    out["processStartedAt"] = started;
    out["mainAt"] = seconds(m_mainEntered);
    out["servingAt"] = seconds(m_serving);
    out["now"] = seconds(Clock::now());
    Struct contextOut;
    {
        std::lock_guard<std::mutex> lock(m_frameMutex);
        out["firstFrameAt"] = seconds(m_firstFrame);
        out["markedAt"] = seconds(m_markedAt);
        out["frames"] = static_cast<std::int64_t>(m_frames);
        out["longestFrameGapMs"] = m_longestGapMs;
        contextOut["rows"] = m_context.rows;
        contextOut["callMs"] = ms(m_context.sent, m_context.received);
        contextOut["replyToModelMs"] = ms(m_context.received, m_context.filled);
        contextOut["replyToFrameMs"] = ms(m_context.received, m_contextFrame);
    }
    out["context"] = std::move(contextOut);
    Array runs;
    for (const Run& run : m_runs)
        runs.emplace_back(Struct{{"phase", run.phase.toStdString()},
                                 {"ok", run.ok},
                                 {"startedAt", seconds(run.started)},
                                 {"endedAt", seconds(run.ended)},
                                 {"ms", ms(run.started, run.ended)}});
    out["runs"] = std::move(runs);
    long rss = -1, peak = -1;
    residentMemory(rss, peak);
    out["rssKb"] = static_cast<std::int64_t>(rss);
    out["peakRssKb"] = static_cast<std::int64_t>(peak);
    return out;
}

}  // namespace hostbridge::ui
