#pragma once
// Private: Value <-> XML-RPC text through xmlrpc-c's C library, behind xml_prescan's checks and
// with the stand-ins of stand_ins.hpp. xml_codec uses it for requests, faults, and every
// document the direct writer and reader leave to it; the tests compare those against it, byte
// for byte and value for value. Thread-safe; every function may run concurrently.

#include <string>
#include <string_view>
#include <variant>

#include "hostbridge/fault.hpp"
#include "hostbridge/value.hpp"

namespace hostbridge::detail {

struct ParsedCall {
    std::string method;
    Array params;
};

// As xml_codec.hpp's parseCall, encodeCall, encodeResponse and parseResponse, through xmlrpc-c
// alone.
ParsedCall parseCallWithXmlrpcC(std::string_view xml);
std::string encodeCallWithXmlrpcC(const std::string& method, const Array& params);
std::string encodeResponseWithXmlrpcC(const Value& result);
std::variant<Value, Fault> parseResponseWithXmlrpcC(std::string_view xml);

// A fault <methodResponse> for a `message` that is UTF-8 without control characters (the
// stand-ins carry characters beyond U+FFFF unless the message uses their range).
std::string encodeFaultWithXmlrpcC(int code, const std::string& message);

}  // namespace hostbridge::detail
