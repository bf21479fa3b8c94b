#include "python_function.hpp"

#include <stdexcept>
#include <string>

#include "interpreter.hpp"
#include "values.hpp"

namespace hostbridge::python {

namespace {
PyObject* g_faultType = nullptr;  // xmlrpc.client.Fault, kept for the process's life

// "(raised at file.py:12 in frame_name)" for the innermost frame of the traceback.
std::string whereRaised(const py::object& traceback) {
    if (traceback.is_none()) return {};
    const RaisedAt at = raisedAt(traceback);
    return " (raised at " + at.file + ":" + std::to_string(at.line) + " in " + at.function + ")";
}

// GIL held. Throws the Fault (or the exception MethodTable turns into ApplicationError) that
// answers for a Python exception.
[[noreturn]] void throwForPythonError(const py::error_already_set& error) {
    const py::object& value = error.value();
    if (PyObject_IsInstance(value.ptr(), g_faultType) == 1) {
        try {
            throw Fault(value.attr("faultCode").cast<int>(), py::str(value.attr("faultString")).cast<std::string>());
        } catch (const py::cast_error&) {
            // A faultCode that is not an int: the message still reaches the caller.
        }
    }
    std::string text = py::str(error.type().attr("__qualname__")).cast<std::string>();
    const std::string message = py::str(value).cast<std::string>();
    if (!message.empty()) text += ": " + message;
    throw std::runtime_error(text + whereRaised(error.trace()));
}
}  // namespace

RaisedAt raisedAt(const py::object& traceback, const std::string& skipPrefix) {
    RaisedAt innermost, kept;
    for (py::object frame = traceback; !frame.is_none(); frame = frame.attr("tb_next")) {
        py::object code = frame.attr("tb_frame").attr("f_code");
        innermost = {py::str(code.attr("co_filename")).cast<std::string>(), frame.attr("tb_lineno").cast<int>(),
                     py::str(code.attr("co_name")).cast<std::string>()};
        if (skipPrefix.empty() || innermost.file.compare(0, skipPrefix.size(), skipPrefix) != 0) kept = innermost;
    }
    return kept.file.empty() ? innermost : kept;
}

void initFaults() {
    g_faultType = py::module_::import("xmlrpc.client").attr("Fault").cast<py::object>().release().ptr();
}

Handler makePythonHandler(py::object function, std::size_t minimumArity, long maximumArity) {
    return [function = share(std::move(function)), minimumArity, maximumArity](const Array& params) -> Value {
        if (maximumArity >= 0 &&
            (params.size() < minimumArity || params.size() > static_cast<std::size_t>(maximumArity)))
            detail::throwArity(minimumArity, static_cast<std::size_t>(maximumArity), params.size());
        if (params.size() < minimumArity)
            throw Fault(FaultCode::InvalidParams, "expected at least " + std::to_string(minimumArity) +
                                                      " parameters, got " + std::to_string(params.size()));
        if (!interpreterUsable()) throw Fault(FaultCode::ShuttingDown, "Python is exiting; the call was not run");
        ThreadGil gil;
        try {
            py::tuple args(params.size());
            for (std::size_t i = 0; i < params.size(); ++i) args[i] = toPython(params[i]);
            py::object result = py::reinterpret_steal<py::object>(PyObject_Call(function->ptr(), args.ptr(), nullptr));
            if (!result) throw py::error_already_set();
            try {
                return toValue(result);
            } catch (const ConversionError& e) {
                detail::throwResultConversion(e);
            }
        } catch (const py::error_already_set& e) {
            throwForPythonError(e);
        }
    };
}

}  // namespace hostbridge::python
