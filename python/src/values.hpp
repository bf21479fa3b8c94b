#pragma once
// Python objects <-> hostbridge::Value, both with the GIL held (docs/python.md, "Values").
//   int (64 bits; beyond, a ConversionError), float, str, bytes/bytearray/xmlrpc.client.Binary,
//   bool, None, datetime (naive = UTC, aware converted to UTC)/xmlrpc.client.DateTime,
//   list/tuple, dict with str keys.
// Back: the same types; a dateTime.iso8601 becomes a naive datetime in UTC, base64 bytes,
// an array a list.

#include <pybind11/pybind11.h>

#include "hostbridge/value.hpp"

namespace hostbridge::python {

namespace py = pybind11;

// Looks up the Python types the conversion needs; once, at import (GIL held).
void initValues();

// Throws ConversionError with the path of the offending part ("[2].shot: ...").
Value toValue(py::handle object);

py::object toPython(const Value& value);

}  // namespace hostbridge::python
