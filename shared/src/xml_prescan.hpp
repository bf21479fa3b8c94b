#pragma once
// Private: the checks a document passes before xmlrpc-c's parser sees it. That parser is an old
// Expat that builds a whole element tree first, so what it must never be given (declarations,
// UTF-16, shapes that exhaust the stack or take seconds, <i8> text it crashes on) is refused
// here by a linear scan of the text.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hostbridge/fault.hpp"

namespace hostbridge::detail {

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

// Everything above, and the stand-ins (stand_ins.hpp): throws Fault(code) with a message
// starting with `prefix` for a document xmlrpc-c must not parse (a NUL byte, so also UTF-16;
// a declaration; a shape problem; a <double> that is not a finite number). Returns the text
// with stand-ins, or nullopt when the text goes to xmlrpc-c as it is.
std::optional<std::string> prepareForParser(std::string_view xml, int code, const char* prefix);

}  // namespace hostbridge::detail
