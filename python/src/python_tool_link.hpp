#pragma once
// Tools from Python (docs/python.md, "Tools"): the compiled part of hostbridge.Tool, over
// hostbridge::ToolLink. Every call that may wait (start's join of nothing, detach's wait for a
// running callback, wait_for_port, calls to the tool) runs with the GIL released; on_event runs
// on the tool's thread "hb-tool" with the GIL taken for the callback only.

#include <pybind11/pybind11.h>

namespace hostbridge::python {

namespace py = pybind11;

// Adds ToolLink to the module.
void bindToolLink(py::module_& module);

}  // namespace hostbridge::python
