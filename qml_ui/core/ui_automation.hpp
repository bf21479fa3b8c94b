#pragma once
// UiAutomation: the ui.* functions through which a script or a test drives the window as an
// artist would (docs/ui.md, "Your own functions"): ui.state, ui.run, ui.log, ui.switchHost,
// ui.setComment, and
// ui.timings / ui.markFrames once the window's frame figures exist (setFrameTimings).
//
// Threads: made on the GUI thread; the functions run there (UiFunctions hands them over from
// the server's threads). It must outlive the server that serves them.

#include <optional>
#include <string>

#include <hostbridge/value.hpp>

#include "ui_functions.hpp"

namespace hostbridge::ui {

class HostRegistry;
class HostsController;
class PublishController;

// What ui.timings and ui.markFrames read: the window's figures (UiTimings in hostbridge-ui).
class FrameTimings {
public:
    virtual ~FrameTimings() = default;
    virtual Struct report() const = 0;
    virtual void mark(bool continuous) = 0;
};

class UiAutomation {
public:
    // Binds the ui.* functions on `functions`; the objects given must outlive this one.
    UiAutomation(UiFunctions& functions, PublishController& publishController, HostRegistry& hosts,
                 HostsController& hostsController);
    // The window's figures; until set, ui.timings and ui.markFrames answer a Busy fault.
    void setFrameTimings(FrameTimings* timings) { m_timings = timings; }

    // What the functions answer (the GUI thread).
    Struct state() const;
    bool run(const std::string& step);
    Array log(int first) const;
    // The publish's comment (no instance) or an instance's, by its name or label.
    bool setComment(const std::string& text, const std::optional<std::string>& instance);

    static constexpr int kLogPage = 1000;  // ui.log's lines per call: a script pages through a long log

private:
    FrameTimings& timings() const;

    PublishController& m_publishController;
    HostRegistry& m_hosts;
    FrameTimings* m_timings = nullptr;
};

}  // namespace hostbridge::ui
