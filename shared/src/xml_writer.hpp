#pragma once
// Private: Value -> XML-RPC text written directly, byte for byte what xmlrpc-c writes for the
// same value (with xml_codec's stand-ins and exact doubles), without building xmlrpc-c's value
// tree: a 13 MB context of 10,000 instances took ~350 ms of CPU that way, most of it in
// allocations, and takes ~22 ms written directly. xml_codec keeps xmlrpc-c for what this
// leaves to it.

#include <cstddef>
#include <string>

#include "hostbridge/value.hpp"

namespace hostbridge::detail {

// Sets `out` to the <methodResponse> holding `result`. Throws ConversionError for values
// XML-RPC cannot carry (non-finite doubles, control characters, text that is not UTF-8, dates
// outside years 1000-9999, nesting deeper than kMaxValueDepth). False, `out` unspecified, when
// the document's own text uses the stand-in range (stand_ins.hpp): xmlrpc-c then writes it.
bool writeResponse(const Value& result, std::string& out);

// The same for a <methodCall>; also false (after checking the parameters) for a method name
// that is not printable ASCII.
bool writeCall(const std::string& method, const Array& params, std::string& out);

// The length of the UTF-8 character at s[i] (i < size) when it is one that XML 1.0 and xmlrpc-c
// accept (no overlong forms, surrogates, U+FFFE, U+FFFF or code points past U+10FFFF); 0 for
// anything else, including a single byte.
std::size_t xmlCharLength(const unsigned char* s, std::size_t size, std::size_t i);

// Throws the ConversionError for a value nested deeper than kMaxValueDepth.
[[noreturn]] void throwTooDeep();

// Throws the ConversionError for a control character (below U+0020, not tab or a line end),
// which XML 1.0 cannot carry in any form.
[[noreturn]] void refuseControlCharacter(unsigned char byte);

}  // namespace hostbridge::detail
