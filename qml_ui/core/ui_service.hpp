#pragma once
// UiService: the methods a host calls on the UI (docs/protocol.md, "UI side"), bound into a
// MethodTable the UI's Server serves.
//
// Threads: the handlers run on the Server's connection threads. Whatever touches a Qt object
// goes through the GuiThreadBridge to the GUI thread; ping, heartbeat and kill never wait for
// the GUI thread, so a busy window never makes a host think the UI is gone.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include <hostbridge/method_table.hpp>

#include "gui_thread_bridge.hpp"
#include "host_registry.hpp"
#include "notice_center.hpp"
#include "window_controller.hpp"

namespace hostbridge::ui {

// A TCP port free on 127.0.0.1 when asked, trying `start`, `start + 1`, ... (at most
// `attempts` ports, never past 65535); start 0 lets the system pick one. nullopt when none is.
std::optional<int> findAvailablePort(int start, int attempts = 100);

class UiService {
public:
    // `quit` runs on the GUI thread when a host asks the UI to quit (quit or kill): it should
    // leave the event loop; main() then stops the server and removes the connection file.
    // Every reference must outlive the server the table is served by.
    UiService(GuiThreadBridge& bridge, HostRegistry& hosts, WindowController& window, NoticeCenter& notices,
              std::function<void()> quit);

    // Runs on the GUI thread after each show(port, settings) has been applied: main() points
    // the publishing controller at that host and resets from it.
    void setShowHandler(std::function<void(int port, const ShowSettings& settings)> handler) {
        m_onShow = std::move(handler);
    }

    // The available geometry of each screen, asked on the GUI thread at each show(): sizes
    // and positions are fitted to them (fitToScreens). Unset: they are not fitted.
    void setScreens(std::function<QList<QRect>()> screens) { m_screens = std::move(screens); }

    // Runs on the GUI thread with each publish_update(port, updates): main() hands them to the
    // publishing side. Posted, never waited for (like heartbeat).
    void setUpdateHandler(std::function<void(int port, const Array& updates)> handler) {
        m_onUpdate = std::move(handler);
    }

    // Binds show, hide, quit, kill, heartbeat, ping, hosts, find_available_port, and the live
    // channel publish_update, notify and ask into `table`.
    void bindInto(MethodTable& table);

private:
    bool show(int port, const std::optional<Value>& settings);
    Array hosts();
    QString ask(int port, const Value& question);
    bool hide();
    bool quit();
    bool kill();
    void heartbeat(int port);

    GuiThreadBridge& m_bridge;
    HostRegistry& m_hosts;
    WindowController& m_window;
    std::function<void()> m_quit;
    NoticeCenter& m_notices;
    static constexpr int kMaxPostedUpdates = 64;  // publish_update calls posted, not yet shown
    std::atomic<int> m_postedUpdates{0};
    std::function<void(int, const ShowSettings&)> m_onShow;
    std::function<QList<QRect>()> m_screens;
    std::function<void(int, const Array&)> m_onUpdate;
};

}  // namespace hostbridge::ui
