#include "ui_service.hpp"

#include <algorithm>

#include <QCoreApplication>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <hostbridge/fault.hpp>

namespace hostbridge::ui {

std::optional<int> findAvailablePort(int start, int attempts) {
    if (start == 0) attempts = 1;  // the system picks: one try is enough
    for (int port = start, tried = 0; port <= 65535 && tried < attempts; ++port, ++tried) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return std::nullopt;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        // Binding is the only honest test of "free"; the socket is closed at once, so the host
        // can bind it next (a small race that legacy hosts accept, see protocol.md).
        bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        int found = port;
        if (free && port == 0) {
            socklen_t length = sizeof address;
            free = ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
            found = ntohs(address.sin_port);
        }
        ::close(fd);
        if (free) return found;
    }
    return std::nullopt;
}

UiService::UiService(GuiThreadBridge& bridge, HostRegistry& hosts, WindowController& window, NoticeCenter& notices,
                     std::function<void()> quit)
    : m_bridge(bridge), m_hosts(hosts), m_window(window), m_quit(std::move(quit)), m_notices(notices) {}

void UiService::bindInto(MethodTable& table) {
    table.bind(
        "show", [this](int port, std::optional<Value> settings) { return show(port, settings); },
        "show(port, settings): point the UI at the host serving on `port`, apply the settings "
        "(WindowTitle, WindowSize [w,h], WindowPosition [x,y], ContextLabel, HeartbeatInterval s, "
        "HostToken; nil or missing for none), show and raise the window, and reset from that "
        "host's publishing service. Returns true.");
    table.bind(
        "hide", [this] { return hide(); }, "hide(): hide the window; the UI keeps serving. Returns true.");
    table.bind(
        "quit", [this] { return quit(); }, "quit(): answer, then close the window and quit cleanly. Returns true.");
    table.bind(
        "kill", [this] { return kill(); }, "kill(): quit at once, without waiting for the window. Returns true.");
    table.bind(
        "heartbeat", [this](int port) { heartbeat(port); },
        "heartbeat(port): the host serving on `port` is alive. Returns nil.");
    table.bind(
        "ping",
        [] {
        return Struct{{"message", "Hello from hostbridge-ui"},
                      {"application", "hostbridge-ui"},
                      {"pid", static_cast<int>(::getpid())}};
        },
        "ping(): liveness; {message, application: \"hostbridge-ui\", pid}. Never waits for the window.");
    table.bind(
        "hosts", [this] { return hosts(); },
        "hosts(): every host this UI knows, in order of first contact: [{port, state "
        "(connected, busy, disconnected), detail, current}] (HostBridge's own).");
    table.bind(
        "publish_update",
        [this](int port, Array updates) {
        checkedPort(port, "params[0]");
        // Fire and forget, like heartbeat: a host pushing while the window is busy never waits.
        // Bounded: past kMaxPostedUpdates not yet shown, the host is told Busy, so its pusher
        // backs off and counts drops instead of the window's queue growing without end.
        if (m_postedUpdates.fetch_add(1) >= kMaxPostedUpdates) {
            --m_postedUpdates;
            throw Fault(FaultCode::Busy, "the window is behind with updates; try again later");
        }
        m_bridge.post([this, port, updates = std::move(updates)] {
            --m_postedUpdates;
            m_hosts.noteAnswer(port);
            if (m_onUpdate) m_onUpdate(port, updates);
        });
        },
        "publish_update(port, updates): records and progress of the plug-in the host on `port` runs, "
        "as they happen: [{kind: \"record\", plugin, instance|nil, index, record} | {kind: \"progress\", "
        "plugin, instance|nil, done, total, message}]. Returns nil; never waits for the window.");
    table.bind(
        "notify",
        [this](int port, Value notice) {
        checkedPort(port, "params[0]");
        const Notice parsed = parseNotice(port, notice);
        m_bridge.post([this, parsed] { m_notices.notify(parsed); });
        return true;
        },
        "notify(port, {level: info|warning|error, title, message}): a notice for the artist, shown until "
        "dismissed. Returns true; never waits for the window.");
    table.bind(
        "ask", [this](int port, Value question) { return ask(port, question).toStdString(); },
        "ask(port, {question, choices: [str] (default [\"Yes\", \"No\"]), default (default: the "
        "first choice), timeout: s (default 30)}): asks the artist; returns the choice, or the default "
        "once the timeout has passed.");
    table.bind(
        "find_available_port",
        [](int start) {
        if (start != 0) checkedPort(start, "params[0]");
        const auto port = findAvailablePort(start);
        if (!port) throw Fault(FaultCode::NoFreePort, "no free port from " + std::to_string(start) + " in 100 tries");
        return *port;
        },
        "find_available_port(start): a port free on 127.0.0.1 when asked, from `start` upwards "
        "(legacy pyblish hosts; HostBridge hosts bind port 0 instead).");
}

bool UiService::show(int port, const std::optional<Value>& settings) {
    checkedPort(port, "params[0]");
    // Checked here, on the server thread, so a bad call never reaches the window.
    const ShowSettings parsed = settings ? parseShowSettings(*settings) : ShowSettings{};
    // Captures by value: the work runs on the GUI thread, while this thread only waits.
    return m_bridge.call([this, port, parsed] {
        ShowSettings fitted = parsed;
        if (m_screens) fitToScreens(fitted, m_screens(), m_window.size());
        for (const QString& change : fitted.changes)
            qWarning("show from the host on port %d: %s", port, qPrintable(change));
        m_hosts.noteShow(port, parsed.heartbeatInterval, parsed.hostToken.value_or(std::string()));
        m_window.applySettings(fitted);
        m_window.setStatusText(QStringLiteral("Showing for the host on port %1").arg(port));
        m_window.show();
        if (m_onShow) m_onShow(port, parsed);
        return true;
    });
}

Array UiService::hosts() {
    return m_bridge.call([this] {
        Array list;
        for (int row = 0; row < m_hosts.rowCount(); ++row) {
            const QModelIndex index = m_hosts.index(row);
            Struct host;
            host["port"] = index.data(HostRegistry::PortRole).toInt();
            host["state"] = index.data(HostRegistry::StateRole).toString().toStdString();
            host["detail"] = index.data(HostRegistry::DetailRole).toString().toStdString();
            host["current"] = index.data(HostRegistry::IsCurrentRole).toBool();
            list.emplace_back(std::move(host));
        }
        return list;
    });
}

QString UiService::ask(int port, const Value& question) {
    checkedPort(port, "params[0]");
    const Question parsed = parseQuestion(port, question);
    const auto received = std::chrono::steady_clock::now();
    const auto deadline = received + parsed.timeout;
    const std::shared_future<QString> answer = m_bridge.call([this, parsed, received] {
        // The deadline counts from the call's arrival, as the host's does: time the GUI thread
        // took to get here is not given to the artist on top.
        Question shown = parsed;
        shown.timeout =
            std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                       parsed.timeout - (std::chrono::steady_clock::now() - received)));
        return m_notices.ask(shown);
    });
    // The window answers the default itself at the deadline; the margin only covers a GUI
    // thread too stuck to do even that. Waited in slices: quitting must not wait for the artist.
    while (answer.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
        if (m_bridge.shuttingDown() || std::chrono::steady_clock::now() > deadline + std::chrono::seconds(2))
            return parsed.defaultChoice;
    }
    return answer.get();
}

bool UiService::hide() {
    return m_bridge.call([this] {
        m_window.hide();
        return true;
    });
}

bool UiService::quit() {
    // The window hides now; the quit itself is queued behind this call, and main() stops the
    // server only after the event loop has ended. Server::stop() waits for this handler, which
    // sends its answer first.
    return m_bridge.call([this] {
        m_window.hide();
        m_window.setStatusText(QStringLiteral("Quitting"));
        QMetaObject::invokeMethod(&m_bridge, m_quit, Qt::QueuedConnection);
        return true;
    });
}

bool UiService::kill() {
    // Does not wait for the GUI thread: the answer goes out even when the window is stuck.
    m_bridge.post(m_quit);
    return true;
}

void UiService::heartbeat(int port) {
    checkedPort(port, "params[0]");
    // Fire and forget: a heartbeat never waits for the window, or a busy window would read as
    // a dead UI on the host side.
    m_bridge.post([this, port] { m_hosts.noteHeartbeat(port); });
}

}  // namespace hostbridge::ui
