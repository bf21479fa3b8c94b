#include "python_ui_link.hpp"

#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "hostbridge/host_rpc/host.hpp"
#include "hostbridge/host_rpc/ui_link.hpp"
#include "hostbridge/host_rpc/ui_question.hpp"
#include "interpreter.hpp"
#include "python_host.hpp"
#include "values.hpp"

namespace hostbridge::python {

namespace {
using Release = py::call_guard<py::gil_scoped_release>;

std::chrono::milliseconds milliseconds(double seconds, const char* what) {
    if (!(seconds > 0 && std::isfinite(seconds)))
        throw py::value_error(std::string(what) + " must be a positive number of seconds");
    return std::chrono::milliseconds(std::llround(seconds * 1000));
}

NoticeLevel noticeLevel(const std::string& level) {
    for (NoticeLevel candidate : {NoticeLevel::Info, NoticeLevel::Warning, NoticeLevel::Error})
        if (level == toString(candidate)) return candidate;
    throw py::value_error("level must be info, warning or error; got " + level);
}

UiLinkState stateNamed(const std::string& name) {
    for (UiLinkState state :
         {UiLinkState::Idle, UiLinkState::Connecting, UiLinkState::Connected, UiLinkState::Unreachable,
          UiLinkState::Squatter, UiLinkState::Failed, UiLinkState::Stopped})
        if (name == toString(state)) return state;
    throw py::value_error("no UI link state is named " + name);
}

// The host's link, held shared (it stays usable when the host links again; it is stopped then)
// with the host it belongs to, for ask().
class PythonUiLink {
public:
    PythonUiLink(PythonHost& host, std::shared_ptr<UiLink> link) : m_host(&host), m_link(std::move(link)) {}

    UiLink& link() const { return *m_link; }

    std::string ask(const std::string& question, std::vector<std::string> choices, const std::string& defaultChoice,
                    double timeout) const {
        UiQuestion asked{question, std::move(choices), defaultChoice, milliseconds(timeout, "timeout")};
        py::gil_scoped_release released;
        return askFromMainThread(m_host->host(), asked);
    }

private:
    PythonHost* m_host;  // kept alive by the Python link object (keep_alive)
    std::shared_ptr<UiLink> m_link;
};

PythonUiLink linkUi(PythonHost& host, int uiPort, const std::string& uiPath, std::vector<std::string> uiDirectories,
                    bool keepAlive, std::vector<std::string> uiArguments, const std::string& uiLogFile,
                    double heartbeatInterval, double startTimeout, py::object log) {
    if (uiPort <= 0 || uiPort > 65535) throw py::value_error("ui_port must be 1-65535, got " + std::to_string(uiPort));
    UiLinkOptions options;
    options.uiPort = static_cast<std::uint16_t>(uiPort);
    options.locator.explicitPath = uiPath;
    options.locator.directories = std::move(uiDirectories);
    options.keepAlive = keepAlive;
    options.uiArguments = std::move(uiArguments);
    options.uiLogFile = uiLogFile;
    options.heartbeatInterval = milliseconds(heartbeatInterval, "heartbeat_interval");
    options.startTimeout = milliseconds(startTimeout, "start_timeout");
    if (!log.is_none())
        options.log = [log = share(std::move(log))](const std::string& message) { logThrough(log, message); };
    py::gil_scoped_release released;
    host.host().linkUi(std::move(options));
    std::shared_ptr<UiLink> link = host.host().uiLink();
    if (!link) throw std::logic_error("the host stopped while linking the UI");
    return PythonUiLink(host, std::move(link));
}
}  // namespace

void bindUiLink(py::module_& m, py::class_<PythonHost>& host) {
    py::class_<PythonUiLink>(m, "UiLink", R"doc(
The host's link to the publishing UI (docs/python.md, "The UI"). Every method but ask()
returns at once: the link's own thread finds or launches the UI, shows it and sends heartbeats.)doc")
        .def(
            "show",
            [](const PythonUiLink& self, const py::dict& settings) {
        Struct converted = toValue(settings).asStruct();
        py::gil_scoped_release released;
        self.link().connect(std::move(converted));
            },
            py::arg("settings") = py::dict(),
            "Finds or launches the UI and shows it for this host with `settings` (ContextLabel, WindowTitle, ...).")
        .def(
            "hide", [](const PythonUiLink& self) { self.link().hide(); }, Release(), "Hides the UI; heartbeats go on.")
        .def(
            "quit", [](const PythonUiLink& self) { self.link().quit(); }, Release(),
            "Quits the UI; no relaunch until the next show().")
        .def(
            "stop", [](const PythonUiLink& self) { self.link().stop(); }, Release(),
            "Ends the heartbeats; the UI keeps running. Host.stop() does it too.")
        .def(
            "notify",
            [](const PythonUiLink& self, const std::string& level, const std::string& title, const std::string& text) {
        NoticeLevel parsed = noticeLevel(level);
        py::gil_scoped_release released;
        self.link().notify(parsed, title, text);
            },
            py::arg("level"), py::arg("title"), py::arg("text"),
            "Shows a notice (level info, warning or error); queued, dropped while no UI is shown.")
        .def("ask", &PythonUiLink::ask, py::arg("question"), py::arg("choices") = std::vector<std::string>{"Yes", "No"},
             py::arg("default") = std::string(), py::arg("timeout") = 60.0, R"doc(
Asks the artist; returns the choice, or `default` (the first choice when empty) when the UI
does not answer in `timeout` seconds or there is none. The host's main thread only: it serves
the host's main-thread calls while it waits, with the GIL released. ValueError for a question
without two choices or a default that is not one of them.)doc")
        .def_property_readonly(
            "state", [](const PythonUiLink& self) { return std::string(toString(self.link().state())); },
            "idle, connecting, connected, unreachable, squatter, failed or stopped.")
        .def_property_readonly(
            "status",
            [](const PythonUiLink& self) {
        UiLinkStatus status = self.link().status();
        py::dict out;
        out["state"] = std::string(toString(status.state));
        out["last_error"] = status.lastError;
        out["ui_pid"] = status.uiPid;
        out["launched_ui"] = status.launchedUi;
        out["heartbeats"] = status.heartbeats;
        out["launches"] = status.launches;
        out["sent_updates"] = self.link().sentUpdates();
        out["dropped_updates"] = self.link().droppedUpdates();
        return out;
            },
            "The link's state and counters at one moment, as a dict.")
        .def_property_readonly("ui_port", [](const PythonUiLink& self) { return self.link().uiPort(); })
        .def(
            "wait_for",
            [](const PythonUiLink& self, const std::string& state, double timeout) {
        UiLinkState wanted = stateNamed(state);
        std::chrono::milliseconds limit = milliseconds(timeout, "timeout");
        py::gil_scoped_release released;
        return self.link().waitFor([wanted](UiLinkState now) { return now == wanted; }, limit);
            },
            py::arg("state"), py::arg("timeout"), "Waits until the link is in `state`; False after timeout seconds.");

    host.def("_link_ui", &linkUi, py::arg("ui_port"), py::arg("ui_path"), py::arg("ui_directories"),
             py::arg("keep_alive"), py::arg("ui_arguments"), py::arg("ui_log_file"), py::arg("heartbeat_interval"),
             py::arg("start_timeout"), py::arg("log"), py::keep_alive<0, 1>());
}

}  // namespace hostbridge::python
