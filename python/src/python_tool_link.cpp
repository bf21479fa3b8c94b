#include "python_tool_link.hpp"

#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "hostbridge/host_rpc/tool_link.hpp"
#include "interpreter.hpp"
#include "values.hpp"

namespace hostbridge::python {

namespace {

using Release = py::call_guard<py::gil_scoped_release>;

std::chrono::milliseconds milliseconds(double seconds, const char* what) {
    if (!(seconds >= 0 && std::isfinite(seconds)))
        throw py::value_error(std::string(what) + " must be a number of seconds >= 0");
    return std::chrono::milliseconds(std::llround(seconds * 1000));
}

ToolState stateNamed(const std::string& name) {
    for (ToolState state :
         {ToolState::Idle, ToolState::Starting, ToolState::Running, ToolState::Restarting, ToolState::Exited,
          ToolState::Failed, ToolState::Stopping, ToolState::Stopped, ToolState::Detached})
        if (name == toString(state)) return state;
    throw py::value_error("no tool state is named " + name);
}

py::dict eventDict(const ToolEvent& event) {
    py::dict d;
    d["kind"] = toString(event.kind);
    // A tool's output is bytes; what is not UTF-8 shows as U+FFFD rather than failing the event.
    d["text"] = py::reinterpret_steal<py::str>(
        PyUnicode_DecodeUTF8(event.text.data(), static_cast<Py_ssize_t>(event.text.size()), "replace"));
    d["pid"] = event.pid;
    d["port"] = event.port;
    d["sequence"] = event.sequence;
    d["replayed"] = event.replayed;
    return d;
}

// The link, destroyed with the GIL released: detaching waits for a callback that may be waiting
// for the GIL on the tool's thread.
class PythonToolLink {
public:
    explicit PythonToolLink(ToolOptions options) : m_link(std::make_unique<ToolLink>(std::move(options))) {}
    ~PythonToolLink() {
        py::gil_scoped_release released;
        m_link.reset();
    }
    PythonToolLink(const PythonToolLink&) = delete;
    PythonToolLink& operator=(const PythonToolLink&) = delete;
    ToolLink& link() const { return *m_link; }

private:
    std::unique_ptr<ToolLink> m_link;
};

std::unique_ptr<PythonToolLink> makeLink(const std::string& executable, std::vector<std::string> arguments,
                                         const std::string& cwd, std::map<std::string, std::string> env, bool keepAlive,
                                         bool outliveHost, double hostGrace, bool waitForPort, double startTimeout,
                                         double stopTimeout, std::size_t keepLines, py::object onEvent,
                                         py::object log) {
    ToolOptions options;
    options.executable = executable;
    options.arguments = std::move(arguments);
    options.workingDirectory = cwd;
    options.environment = std::move(env);
    options.keepAlive = keepAlive;
    options.outliveHost = outliveHost;
    options.hostGrace = milliseconds(hostGrace, "host_grace");
    options.waitForPort = waitForPort;
    options.startTimeout = milliseconds(startTimeout, "start_timeout");
    options.stopTimeout = milliseconds(stopTimeout, "stop_timeout");
    options.keepLines = keepLines;
    if (!onEvent.is_none())
        options.onEvent = [callback = share(std::move(onEvent))](const ToolEvent& event) {
            if (!interpreterUsable()) return;
            ThreadGil gil;
            try {
                (*callback)(eventDict(event));
            } catch (py::error_already_set& e) {
                e.restore();
                PyErr_Print();  // as Python shows an exception in a thread
            }
        };
    if (!log.is_none())
        options.log = [log = share(std::move(log))](const std::string& message) { logThrough(log, message); };
    return std::make_unique<PythonToolLink>(std::move(options));
}

py::dict statusDict(const ToolStatus& s) {
    py::dict d;
    d["state"] = toString(s.state);
    d["identity"] = s.identity;
    d["pid"] = s.pid;
    d["port"] = s.port;
    d["launches"] = s.launches;
    d["restarts"] = s.restarts;
    d["attached"] = s.attached;
    d["last_error"] = s.lastError;
    return d;
}

// (True, value) or (False, (code, message)): hostbridge/tool.py raises the Fault.
py::tuple call(const PythonToolLink& self, const std::string& method, const py::list& args, double timeout) {
    Array params;
    for (py::handle arg : args) params.push_back(toValue(arg));
    const auto limit = milliseconds(timeout, "timeout");
    std::optional<CallResult> result;
    {
        py::gil_scoped_release released;
        result.emplace(self.link().client(limit).callWithParams(method, params));
    }
    if (*result) return py::make_tuple(true, toPython(result->value()));
    return py::make_tuple(false, py::make_tuple(result->fault().code(), result->fault().message()));
}

}  // namespace

void bindToolLink(py::module_& m) {
    py::class_<PythonToolLink>(m, "ToolLink", "The compiled part of hostbridge.Tool (docs/tools.md).")
        .def(py::init(&makeLink), py::arg("executable"), py::arg("arguments"), py::arg("cwd"), py::arg("env"),
             py::arg("keep_alive"), py::arg("outlive_host"), py::arg("host_grace"), py::arg("wait_for_port"),
             py::arg("start_timeout"), py::arg("stop_timeout"), py::arg("keep_lines"), py::arg("on_event"),
             py::arg("log"))
        .def(
            "start", [](PythonToolLink& self) { self.link().start(); }, Release())
        .def(
            "stop", [](PythonToolLink& self) { self.link().stop(); }, Release())
        .def(
            "detach", [](PythonToolLink& self) { self.link().detach(); }, Release())
        .def(
            "wait_for_port",
            [](const PythonToolLink& self, double timeout) {
        const auto limit = milliseconds(timeout, "timeout");
        py::gil_scoped_release released;
        return self.link().waitForPort(limit);
            },
            py::arg("timeout"))
        .def(
            "wait_for",
            [](const PythonToolLink& self, const std::string& state, double timeout) {
        const ToolState wanted = stateNamed(state);
        const auto limit = milliseconds(timeout, "timeout");
        py::gil_scoped_release released;
        return self.link().waitFor([wanted](ToolState s) { return s == wanted; }, limit);
            },
            py::arg("state"), py::arg("timeout"))
        .def("_call", &call, py::arg("method"), py::arg("args"), py::arg("timeout"))
        .def("status", [](const PythonToolLink& self) { return statusDict(self.link().status()); })
        .def(
            "history",
            [](const PythonToolLink& self) {
        const std::vector<ToolEvent> events = self.link().history();
        py::list list;
        for (const ToolEvent& e : events) list.append(eventDict(e));
        return list;
            })
        .def_property_readonly("identity", [](const PythonToolLink& self) { return self.link().identity(); });
}

}  // namespace hostbridge::python
