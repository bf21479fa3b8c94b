#pragma once
// A Python callable as a host_rpc Handler: whichever thread runs it (a connection thread, or the
// main thread through an executor) takes the GIL only for the Python call and the conversion of
// its parameters and result, so a slow function on one connection never stalls another.

#include <cstddef>

#include <pybind11/pybind11.h>

#include "hostbridge/method_table.hpp"

namespace hostbridge::python {

namespace py = pybind11;

// The handler checks the arity (`maximumArity` < 0: any number from `minimumArity` up), then
// calls `function(*params)`. Errors (docs/fault-codes.md): a raised xmlrpc.client.Fault
// (hostbridge.Fault is one) is sent with its code and string; any other exception becomes
// ApplicationError "NAME failed: Type: message (raised at file:line in function)"; a result
// that cannot be sent, InternalError; Python exiting, ShuttingDown. GIL held to make it.
Handler makePythonHandler(py::object function, std::size_t minimumArity, long maximumArity);

// Looks up xmlrpc.client.Fault; once, at import (GIL held).
void initFaults();

}  // namespace hostbridge::python
