#include "values.hpp"

#include <datetime.h>

#include <string>

namespace hostbridge::python {

namespace {
// Deeper than this is refused (our own peers read no deeper); it also stops a list that
// contains itself.
constexpr int kMaxDepth = 64;

// Looked up once at import and kept for the process's life (never released: a module-level
// object outliving the interpreter must not touch it).
struct Types {
    PyObject* epoch = nullptr;           // datetime(1970, 1, 1), naive
    PyObject* utc = nullptr;             // datetime.timezone.utc
    PyObject* binary = nullptr;          // xmlrpc.client.Binary
    PyObject* xmlrpcDateTime = nullptr;  // xmlrpc.client.DateTime
};
Types g_types;

constexpr std::int64_t kMicrosPerSecond = 1000000;
constexpr std::int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

std::string typeNameOf(py::handle object) { return Py_TYPE(object.ptr())->tp_name; }

Value fromDateTime(py::handle object) {
    py::object utc = py::reinterpret_borrow<py::object>(object);
    if (PyDateTime_DATE_GET_TZINFO(object.ptr()) != Py_None)
        utc = utc.attr("astimezone")(py::handle(g_types.utc)).attr("replace")(py::arg("tzinfo") = py::none());
    py::object delta = utc - py::handle(g_types.epoch);
    const std::int64_t micros = PyDateTime_DELTA_GET_DAYS(delta.ptr()) * kMicrosPerDay +
                                PyDateTime_DELTA_GET_SECONDS(delta.ptr()) * kMicrosPerSecond +
                                PyDateTime_DELTA_GET_MICROSECONDS(delta.ptr());
    return Value(DateTime(std::chrono::microseconds(micros)));
}

Value toValueAt(py::handle object, int depth) {
    PyObject* o = object.ptr();
    if (o == Py_None) return Value();
    if (PyBool_Check(o)) return Value(o == Py_True);
    if (PyLong_Check(o)) {
        int overflow = 0;
        const long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (overflow != 0)
            throw ConversionError("", "integer " + py::str(object).cast<std::string>() +
                                          " does not fit in 64 bits (XML-RPC's largest integer, <i8>)");
        if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
        return Value(static_cast<std::int64_t>(i));
    }
    if (PyFloat_Check(o)) return Value(PyFloat_AS_DOUBLE(o));
    if (PyUnicode_Check(o)) {
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(o, &size);
        if (!utf8) {
            PyErr_Clear();
            throw ConversionError("", "the string is not valid Unicode (it holds a lone surrogate)");
        }
        return Value(std::string(utf8, static_cast<std::size_t>(size)));
    }
    if (PyBytes_Check(o)) {
        const auto* data = reinterpret_cast<const unsigned char*>(PyBytes_AS_STRING(o));
        return Value(Bytes(data, data + PyBytes_GET_SIZE(o)));
    }
    if (PyByteArray_Check(o)) {
        const auto* data = reinterpret_cast<const unsigned char*>(PyByteArray_AS_STRING(o));
        return Value(Bytes(data, data + PyByteArray_GET_SIZE(o)));
    }
    if (PyDateTime_Check(o)) return fromDateTime(object);
    if (PyList_Check(o) || PyTuple_Check(o) || PyDict_Check(o)) {
        if (depth >= kMaxDepth)
            throw ConversionError("", "values nest deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    if (PyList_Check(o) || PyTuple_Check(o)) {
        py::sequence sequence = py::reinterpret_borrow<py::sequence>(object);
        Array array;
        array.reserve(sequence.size());
        for (std::size_t i = 0; i < sequence.size(); ++i) {
            try {
                array.push_back(toValueAt(sequence[i], depth + 1));
            } catch (const ConversionError& e) {
                throw e.within("[" + std::to_string(i) + "]");
            }
        }
        return Value(std::move(array));
    }
    if (PyDict_Check(o)) {
        Struct members;
        PyObject* key = nullptr;
        PyObject* item = nullptr;
        Py_ssize_t position = 0;
        while (PyDict_Next(o, &position, &key, &item)) {
            if (!PyUnicode_Check(key))
                throw ConversionError("", "struct keys must be str, got a key of type " + typeNameOf(key) + " (" +
                                              py::repr(key).cast<std::string>() + ")");
            std::string name = py::reinterpret_borrow<py::str>(key).cast<std::string>();
            // Held while converting: a conversion that runs Python code (a tzinfo) could
            // change the dict and free a borrowed member.
            py::object member = py::reinterpret_borrow<py::object>(item);
            try {
                members.emplace(name, toValueAt(member, depth + 1));
            } catch (const ConversionError& e) {
                throw e.within("." + name);
            }
        }
        return Value(std::move(members));
    }
    if (PyObject_IsInstance(o, g_types.binary) == 1) return toValueAt(object.attr("data"), depth);
    if (PyObject_IsInstance(o, g_types.xmlrpcDateTime) == 1) {
        py::object parsed =
            py::module_::import("datetime").attr("datetime").attr("strptime")(object.attr("value"), "%Y%m%dT%H:%M:%S");
        return fromDateTime(parsed);
    }
    throw ConversionError("", "an object of type " + typeNameOf(object) + " cannot be sent over XML-RPC");
}

py::object fromDateTimeValue(DateTime time) {
    const std::int64_t micros = time.time_since_epoch().count();
    std::int64_t days = micros / kMicrosPerDay;
    std::int64_t rest = micros % kMicrosPerDay;
    if (rest < 0) {
        rest += kMicrosPerDay;
        --days;
    }
    py::object delta = py::reinterpret_steal<py::object>(PyDelta_FromDSU(
        static_cast<int>(days), static_cast<int>(rest / kMicrosPerSecond), static_cast<int>(rest % kMicrosPerSecond)));
    if (!delta) throw py::error_already_set();
    return py::handle(g_types.epoch) + delta;
}
}  // namespace

void initValues() {
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI) throw py::error_already_set();
    py::module_ datetime = py::module_::import("datetime");
    py::module_ xmlrpc = py::module_::import("xmlrpc.client");
    g_types.epoch = datetime.attr("datetime")(1970, 1, 1).release().ptr();
    g_types.utc = datetime.attr("timezone").attr("utc").cast<py::object>().release().ptr();
    g_types.binary = xmlrpc.attr("Binary").cast<py::object>().release().ptr();
    g_types.xmlrpcDateTime = xmlrpc.attr("DateTime").cast<py::object>().release().ptr();
}

Value toValue(py::handle object) { return toValueAt(object, 0); }

py::object toPython(const Value& value) {
    switch (value.type()) {
    case ValueType::Nil: return py::none();
    case ValueType::Boolean: return py::bool_(value.asBool());
    case ValueType::Int: return py::reinterpret_steal<py::object>(PyLong_FromLongLong(value.asInt()));
    case ValueType::Double: return py::float_(value.asDouble());
    case ValueType::String: {
        const std::string& s = value.asString();
        // The server has checked the request's UTF-8; "replace" only guards against a peer that
        // slipped something past it.
        py::object text = py::reinterpret_steal<py::object>(
            PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
        if (!text) throw py::error_already_set();
        return text;
    }
    case ValueType::DateTime: return fromDateTimeValue(value.asDateTime());
    case ValueType::Bytes: {
        const Bytes& b = value.asBytes();
        return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
    }
    case ValueType::Array: {
        const Array& array = value.asArray();
        py::list list(array.size());
        for (std::size_t i = 0; i < array.size(); ++i) list[i] = toPython(array[i]);
        return std::move(list);
    }
    case ValueType::Struct: {
        py::dict dict;
        for (const auto& [key, member] : value.asStruct()) dict[py::str(key)] = toPython(member);
        return std::move(dict);
    }
    }
    return py::none();
}

}  // namespace hostbridge::python
