#pragma once
// The interpreter as C++ threads see it. Connection threads and the executor's wake-up take the
// GIL only through these rules: never once the package's exit hook has run or the interpreter
// is finalizing (Python 3.11 ends a thread that asks for the GIL then, in the middle of C++
// frames), and a Python object held by C++ is released with the GIL on whatever thread drops it.

#include <memory>
#include <string>

#include <pybind11/pybind11.h>

namespace hostbridge::python {

namespace py = pybind11;

// True while C++ threads may take the GIL to run Python code. Any thread.
bool interpreterUsable();

// The package's exit hook: from now on interpreterUsable() is false. Any thread.
void markExiting();

// A Python object C++ keeps (a bound function, a log callable, a wake-up callable). The last
// owner to let go releases it with the GIL taken, on any thread; once the interpreter is no
// longer usable the reference is leaked instead (the process is ending).
using SharedObject = std::shared_ptr<const py::object>;
SharedObject share(py::object object);

// Calls `log(message)` with the GIL taken; writes to standard error when Python is exiting or
// the callable raises. Any thread without the GIL.
void logThrough(const SharedObject& log, const std::string& message);

}  // namespace hostbridge::python
