#pragma once
// Private: a strict reader for the XML-RPC responses that HostBridge, xmlrpc-c and Python's
// xmlrpc.client write, straight from the text into a Value. xmlrpc-c builds an element tree
// with Expat and then a value tree before HostBridge's Value exists: ~570 ms of CPU for a 13 MB
// context of 10,000 instances, where this takes ~25 ms (tests/bench/bench_context.cpp).
//
// It reads one subset and leaves every other document to xmlrpc-c (readResponse answers
// nullopt), so what is refused, and how, stays xmlrpc-c's: faults, DOCTYPE or any other "<!"
// (comments, CDATA), processing instructions after the XML declaration, another encoding than
// UTF-8, a byte order mark, attributes, text after a typed value or other than white space
// before it, text that is not UTF-8 or not XML 1.0 characters, characters of the stand-in
// range (stand_ins.hpp), entities other than the five of XML, values nested deeper than
// kMaxReaderDepth, structs with more than 10,000 or repeated members, and any number, date or
// base64 text not in its plain form.

#include <optional>
#include <string_view>

#include "hostbridge/value.hpp"

namespace hostbridge::detail {

// Value nesting the reader follows; deeper documents go to xmlrpc-c (which refuses past 64).
constexpr int kMaxReaderDepth = 32;

// The value of a successful <methodResponse>, or nullopt when the document is outside the
// subset. Never throws for any input but std::bad_alloc.
std::optional<Value> readResponse(std::string_view xml);

}  // namespace hostbridge::detail
