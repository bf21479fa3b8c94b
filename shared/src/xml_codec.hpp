#pragma once
// Private: Value <-> XML-RPC text, the one entry point the server, client and method table use.
// Requests are parsed by xmlrpc-c (xmlrpc_c_adapter.hpp) behind the checks of xml_prescan.hpp.
// Responses and calls are written directly (xml_writer.hpp) and responses read directly
// (xml_reader.hpp) when the document is in the plain subset those handle, with xmlrpc-c for
// every other document; both give the same bytes and values xmlrpc-c gives.
// Thread-safe; every function may run concurrently.

#include <string>
#include <string_view>
#include <variant>

#include "hostbridge/fault.hpp"
#include "hostbridge/value.hpp"

#include "xmlrpc_c_adapter.hpp"

namespace hostbridge::detail {

// Parses a <methodCall>. Throws Fault(ParseError) for anything xmlrpc-c rejects (not
// well-formed, not a methodCall, nesting deeper than 64) and for what xml_prescan refuses
// before the parser sees it.
ParsedCall parseCall(std::string_view xml);

// Encodes a <methodCall>. Throws ConversionError for values XML-RPC cannot carry
// (non-finite doubles, strings that are not UTF-8, dates outside years 1000-9999).
std::string encodeCall(const std::string& method, const Array& params);

// Encodes a successful <methodResponse>; throws ConversionError as encodeCall.
std::string encodeResponse(const Value& result);

// Encodes a fault <methodResponse>. Never throws for a valid UTF-8 message; bytes that are not
// UTF-8 are replaced so the fault still goes out.
std::string encodeFault(int code, const std::string& message);

// Parses a <methodResponse> into its value or its fault. Throws Fault(InvalidResponse) for text
// that is not a valid response.
std::variant<Value, Fault> parseResponse(std::string_view xml);

}  // namespace hostbridge::detail
