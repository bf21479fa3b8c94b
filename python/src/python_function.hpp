#pragma once
// A Python callable as a host_rpc Handler: whichever thread runs it (a connection thread, or the
// main thread through an executor) takes the GIL only for the Python call and the conversion of
// its parameters and result, so a slow function on one connection never stalls another.

#include <cstddef>
#include <string>

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

// Where a Python exception was raised: the innermost frame of its traceback whose file does not
// start with `skipPrefix` (the innermost of all when every frame does; empty, 0 when there is no
// traceback). GIL held.
struct RaisedAt {
    std::string file;
    int line = 0;
    std::string function;
};
RaisedAt raisedAt(const py::object& traceback, const std::string& skipPrefix = {});

// Looks up xmlrpc.client.Fault; once, at import (GIL held).
void initFaults();

}  // namespace hostbridge::python
