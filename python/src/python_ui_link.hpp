#pragma once
// The UI link from Python (docs/python.md, "The UI"): Host.link_ui() and the UiLink it returns,
// over hostbridge::UiLink. Every call returns at once except ask(), which waits with the GIL
// released, serving the host's main-thread calls.

#include <pybind11/pybind11.h>

#include "python_host.hpp"

namespace hostbridge::python {

namespace py = pybind11;

// Adds UiLink to the module and Host._link_ui to `host`.
void bindUiLink(py::module_& module, py::class_<PythonHost>& host);

}  // namespace hostbridge::python
