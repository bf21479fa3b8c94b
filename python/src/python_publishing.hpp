#pragma once
// hostbridge.publish's compiled part: Python plug-ins as publish::Plugins run by the C++
// Publisher, the views a running plug-in sees of the C++ Context, Instance and Logger, the
// PublishingService on a Python Host, and headless publish() (docs/python.md, "Publishing").
//
// A plug-in's callables run on the thread that runs the Publisher (the host's main thread, or
// the caller of headless publish()), which takes the GIL for them only. The views they get are
// valid for that call alone: a view kept and used later raises RuntimeError (the C++ objects may
// be gone by then, after a reset).

#include <pybind11/pybind11.h>

namespace hostbridge::python {

namespace py = pybind11;

// Adds PluginRegistry, the views, PublishingService and publish to the module.
void bindPublishing(py::module_& module);

}  // namespace hostbridge::python
