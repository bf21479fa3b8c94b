#include "interpreter.hpp"

#include <atomic>
#include <iostream>

namespace hostbridge::python {

namespace {
std::atomic<bool> g_exiting{false};

// This thread's kept state (see ThreadGil), given back when the thread ends.
struct KeptThreadState {
    bool kept = false;
    ~KeptThreadState() {
        if (!kept || !interpreterUsable()) return;
        py::gil_scoped_acquire gil;
        gil.dec_ref();  // the reference ThreadGil added: this scope's end deletes the state
    }
};
thread_local KeptThreadState t_kept;

bool finalizing() {
#if PY_VERSION_HEX >= 0x030D0000
    return Py_IsFinalizing();
#else
    return _Py_IsFinalizing();
#endif
}
}  // namespace

bool interpreterUsable() { return !g_exiting.load() && Py_IsInitialized() && !finalizing(); }

void markExiting() { g_exiting = true; }

ThreadGil::ThreadGil() : m_first(!t_kept.kept && PyGILState_GetThisThreadState() == nullptr) {
    if (!m_first) return;
    m_gil.inc_ref();
    t_kept.kept = true;
}

SharedObject share(py::object object) {
    return SharedObject(new py::object(std::move(object)), [](const py::object* held) {
        auto* owned = const_cast<py::object*>(held);
        if (!interpreterUsable() && !PyGILState_Check()) {
            owned->release();  // no GIL to be had: leak the reference, the process is ending
            delete owned;
            return;
        }
        py::gil_scoped_acquire gil;
        delete owned;
    });
}

void logThrough(const SharedObject& log, const std::string& message) {
    if (log && interpreterUsable()) {
        py::gil_scoped_acquire gil;
        try {
            (*log)(message);
            return;
        } catch (py::error_already_set& e) {
            std::cerr << "hostbridge: the log callable raised " << e.what() << "\n";
        }
    }
    std::cerr << "hostbridge: " << message << std::endl;
}

}  // namespace hostbridge::python
