// hostbridge._hostbridge: the compiled core of the Python package (docs/python.md). The package's
// Python files (python/hostbridge/) build the public API on it; nothing here is meant to be
// imported directly.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "hostbridge/fault.hpp"
#include "hostbridge/server.hpp"
#include "interpreter.hpp"
#include "python_clients.hpp"
#include "python_function.hpp"
#include "python_host.hpp"
#include "python_publishing.hpp"
#include "python_tool_link.hpp"
#include "python_ui_link.hpp"
#include "values.hpp"
#include "waking_executor.hpp"

namespace py = pybind11;
using namespace hostbridge;
using namespace hostbridge::python;

namespace {
using Release = py::call_guard<py::gil_scoped_release>;

// The executor's log: the "hostbridge" logger's warning(); standard error once Python is exiting.
void packageLog(const std::string& message) {
    if (interpreterUsable()) {
        py::gil_scoped_acquire gil;
        try {
            py::module_::import("logging").attr("getLogger")("hostbridge").attr("warning")(message);
            return;
        } catch (const py::error_already_set&) {
            // reported below
        }
    }
    logThrough(nullptr, message);
}

py::dict faultCodes() {
    py::dict codes;
    codes["PARSE_ERROR"] = static_cast<int>(FaultCode::ParseError);
    codes["INVALID_REQUEST"] = static_cast<int>(FaultCode::InvalidRequest);
    codes["METHOD_NOT_FOUND"] = static_cast<int>(FaultCode::MethodNotFound);
    codes["INVALID_PARAMS"] = static_cast<int>(FaultCode::InvalidParams);
    codes["INTERNAL_ERROR"] = static_cast<int>(FaultCode::InternalError);
    codes["APPLICATION_ERROR"] = static_cast<int>(FaultCode::ApplicationError);
    codes["TRANSPORT_ERROR"] = static_cast<int>(FaultCode::TransportError);
    codes["TIMEOUT"] = static_cast<int>(FaultCode::Timeout);
    codes["HTTP_ERROR"] = static_cast<int>(FaultCode::HttpError);
    codes["INVALID_RESPONSE"] = static_cast<int>(FaultCode::InvalidResponse);
    codes["BUSY"] = static_cast<int>(FaultCode::Busy);
    codes["SHUTTING_DOWN"] = static_cast<int>(FaultCode::ShuttingDown);
    codes["NO_FREE_PORT"] = static_cast<int>(FaultCode::NoFreePort);
    codes["UNKNOWN_CLIENT"] = static_cast<int>(FaultCode::UnknownClient);
    return codes;
}
}  // namespace

PYBIND11_MODULE(_hostbridge, m) {
    m.doc() = "The compiled core of the hostbridge package; use hostbridge, not this module.";
    initValues();
    initFaults();

    py::register_exception<ServerError>(m, "ServerError", PyExc_OSError);
    py::register_exception<ConversionError>(m, "ConversionError", PyExc_TypeError);

    m.def("_fault_codes", &faultCodes, "The stable fault codes of docs/fault-codes.md, by name.");
    m.def("_exit", &PythonHost::stopAllForExit, Release(),
          "The package's atexit hook: stops every live Host; no C++ thread runs Python afterwards.");
    m.def(
        "_round_trip", [](py::handle object) { return toPython(toValue(object)); },
        "Converts a Python value to an XML-RPC value and back, as a call would (for tests).");

    py::class_<WakingExecutor, std::shared_ptr<WakingExecutor>>(m, "PumpExecutor", R"doc(
Runs a Host's main-thread functions when the thread that owns the loop calls pump().

Connection threads queue the calls; pump() runs them on the calling thread, which is by
definition the host's main thread. Subclasses (BlenderExecutor, QtExecutor) call pump() from
an event loop.)doc")
        .def(py::init([] { return std::make_shared<WakingExecutor>(&packageLog); }))
        .def("pump", &WakingExecutor::pump, py::arg("max_tasks") = 64, Release(),
             "Runs up to max_tasks queued calls now, in order; returns how many ran. Main thread.")
        .def(
            "wait",
            [](WakingExecutor& executor, double timeout) {
        return executor.waitForWork(std::chrono::milliseconds(std::llround(std::max(timeout, 0.0) * 1000)));
            },
            py::arg("timeout"), Release(),
            "Blocks until a call is queued or timeout seconds pass; True when calls wait.")
        .def_property_readonly("pending", &WakingExecutor::pendingCount, "Calls queued and not yet run.")
        .def("_set_wake", &WakingExecutor::setWake, py::arg("wake"),
             "A callable run (GIL taken) on the posting thread after each queued call; None for none.");

    py::class_<PythonHost> host(m, "Host", "The compiled part of hostbridge.Host.");
    host.def(py::init<std::shared_ptr<WakingExecutor>, int, std::string, bool, double, py::object, double>(),
             py::arg("executor"), py::arg("port"), py::arg("token"), py::arg("connection_file"),
             py::arg("main_thread_timeout"), py::arg("log"), py::arg("client_heartbeat_interval"))
        .def("_bind", &PythonHost::bind, py::arg("name"), py::arg("function"), py::arg("help"), py::arg("signatures"),
             py::arg("minimum_arity"), py::arg("maximum_arity"), py::arg("main_thread"), py::arg("path"))
        .def("start", &PythonHost::start, Release(),
             "Binds 127.0.0.1 and serves; writes the connection file. No effect while running.")
        .def("stop", &PythonHost::stop, Release(),
             "Stops serving: queued main-thread calls answer ShuttingDown, running ones are waited for. "
             "Idempotent.")
        .def_property_readonly("running", &PythonHost::running)
        .def_property_readonly("port", &PythonHost::port, "The bound port; 0 when not serving.")
        .def_property_readonly("token", &PythonHost::token, "The token every call must carry.")
        .def_property_readonly(
            "url", [](const PythonHost& host) { return host.url("/"); },
            "http://127.0.0.1:PORT/ (without the token); empty when not serving.")
        .def_property_readonly("connection_file", &PythonHost::connectionFile,
                               "The path of the connection file while serving; None when none is written.")
        .def_property_readonly("executor", &PythonHost::executor, "The executor of main-thread functions.");

    bindUiLink(m, host);
    bindClients(host);
    bindToolLink(m);
    bindPublishing(m);
}
