#include "python_clients.hpp"

#include <optional>
#include <string>
#include <utility>

#include <pybind11/stl.h>

#include "hostbridge/fault.hpp"
#include "values.hpp"

namespace hostbridge::python {

namespace {

// (code, message) of the Fault a command met, for host.py to raise as hostbridge.Fault;
// nullopt when the client was asked.
using FaultOutcome = std::optional<std::pair<int, std::string>>;

template <typename Command>
FaultOutcome outcomeOf(Command command) {
    try {
        command();
        return std::nullopt;
    } catch (const Fault& fault) {
        return std::make_pair(fault.code(), fault.message());
    }
}

}  // namespace

void bindClients(py::class_<PythonHost>& host) {
    host.def(
            "_clients",
            [](PythonHost& self) {
        Value list;
        {
            py::gil_scoped_release released;
            // The wire method itself, so Python gets exactly what hostbridge.clients() answers.
            list = self.host().call("hostbridge.clients");
        }
        return toPython(list);
            },
            "hostbridge.clients() in-process: a list of dicts.")
        .def(
            "_reset_client",
            [](PythonHost& self, const std::string& id) { return outcomeOf([&] { self.host().resetClient(id); }); },
            py::arg("client_id"), py::call_guard<py::gil_scoped_release>(),
            "Host::resetClient; None, or (code, message) of its fault.")
        .def(
            "_disconnect_client",
            [](PythonHost& self, const std::string& id) {
        return outcomeOf([&] { self.host().disconnectClient(id); });
            },
            py::arg("client_id"), py::call_guard<py::gil_scoped_release>(),
            "Host::disconnectClient; None, or (code, message) of its fault.");
}

}  // namespace hostbridge::python
