#pragma once
// Private: Value <-> XML-RPC text. Requests are parsed by xmlrpc-c's C library, behind the
// checks below. Responses and calls are written directly (xml_writer.hpp) and responses read
// directly (xml_reader.hpp) when the document is in the plain subset those handle, with
// xmlrpc-c for every other document; both give the same bytes and values xmlrpc-c gives.
// Thread-safe; every function may run concurrently.

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

// Parses a <methodCall>. Throws Fault(ParseError) for anything xmlrpc-c rejects (not
// well-formed, not a methodCall, nesting deeper than 64) and for a DOCTYPE/ENTITY declaration,
// refused before the parser sees it.
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

// The same three through xmlrpc-c alone: what the functions above fall back to, and what the
// direct writer and reader are tested against, byte for byte and value for value.
std::string encodeCallWithXmlrpcC(const std::string& method, const Array& params);
std::string encodeResponseWithXmlrpcC(const Value& result);
std::variant<Value, Fault> parseResponseWithXmlrpcC(std::string_view xml);

// True when `xml` holds a document type or entity declaration: refused unparsed, since the
// parser xmlrpc-c bundles is an old Expat.
bool hasDeclarations(std::string_view xml);

// The shape a document may have before it is refused unparsed. xmlrpc-c builds the whole
// element tree before it checks value nesting (64 levels, 3 elements each) and frees that tree
// recursively, so a few hundred thousand levels would overflow a thread's stack; and it adds
// each struct member with a linear search of the members before it, so 100,000 members in one
// struct take seconds. An <i8> must hold a 64-bit integer and nothing else: xmlrpc-c 1.33
// crashes on any other <i8> text (found by tests/fuzz).
struct ShapeLimits {
    int maxDepth = 256;                  // nested elements
    std::size_t maxStructMembers = 10000;  // members in any one struct
};

// What `xml` breaks of `limits` or of the <i8> rule ("the XML nests too deeply", ...), or
// nullptr. A linear scan of the tags that skips comments, processing instructions, CDATA and
// quoted attribute values whole, as a parser does; text that is not well-formed is left for the
// parser to report.
const char* shapeProblem(std::string_view xml, const ShapeLimits& limits = {});

}  // namespace hostbridge::detail
