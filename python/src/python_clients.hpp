#pragma once
// The clients a Python Host knows (docs/tools.md): Host._clients, _reset_client and
// _disconnect_client, which hostbridge/host.py wraps. Each runs with the GIL released.

#include <pybind11/pybind11.h>

#include "python_host.hpp"

namespace hostbridge::python {

namespace py = pybind11;

// Adds the three to `host`.
void bindClients(py::class_<PythonHost>& host);

}  // namespace hostbridge::python
