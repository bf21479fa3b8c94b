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

// Holds the GIL on the calling thread for its scope (nests inside a scope that holds it). A
// thread Python did not create (a connection thread) keeps the thread state it gets the first
// time for as long as it lives: making one per call costs more CPU than the call (about 20 us of
// a 90 us call). The state is deleted when the thread ends, or left to the interpreter's own
// cleanup when Python is exiting by then. Only where interpreterUsable() was true.
class ThreadGil {
public:
    ThreadGil();
    ThreadGil(const ThreadGil&) = delete;
    ThreadGil& operator=(const ThreadGil&) = delete;

private:
    bool m_first;  // before m_gil: decided before the GIL is taken
    py::gil_scoped_acquire m_gil;
};

// Calls `log(message)` with the GIL taken; writes to standard error when Python is exiting or
// the callable raises. Any thread without the GIL.
void logThrough(const SharedObject& log, const std::string& message);

}  // namespace hostbridge::python
