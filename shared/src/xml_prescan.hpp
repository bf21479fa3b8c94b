#pragma once
// Private: the checks a document passes before xmlrpc-c's parser sees it. That parser is an old
// Expat that builds a whole element tree first, so what it must never be given (declarations,
// UTF-16, shapes that exhaust the stack or take seconds, <i8> text it crashes on) is refused
// here by a linear scan of the text.

#include <cstddef>
#include <cstdint>
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
// struct take seconds. Each element costs 300-450 bytes while xmlrpc-c holds its tree, so a
// few MiB of "<value/>" took hundreds of MiB: a request may hold elements in proportion to its
// bytes, up to a cap (requestLimits). An <i8> must hold a 64-bit integer and nothing else:
// xmlrpc-c 1.33 crashes on any other <i8> text (found by tests/fuzz). A <base64> must hold
// base64 (base64_text.hpp): xmlrpc-c drops characters outside the alphabet.
struct ShapeLimits {
    int maxDepth = 256;                    // nested elements
    std::size_t maxStructMembers = 10000;  // members in any one struct
    std::size_t maxElements = SIZE_MAX;    // elements in the document
};

// A request body's limits: one element per kRequestBytesPerElement bytes (documents that
// peers write take 12.5 or more: "<value><i4>1</i4></value>" is 2 in 25 bytes), plus
// kRequestBaseElements for small documents, and never more than kRequestMaxElements. So
// xmlrpc-c's tree stays within about 36 x the body, and within about 200 MiB.
constexpr std::size_t kRequestBytesPerElement = 12;
constexpr std::size_t kRequestBaseElements = 1024;
constexpr std::size_t kRequestMaxElements = 500000;
ShapeLimits requestLimits(std::size_t bodyBytes);

// What `xml` breaks of `limits` or of the <i8> and <base64> rules ("the XML nests too deeply",
// ...), or nullptr. A linear scan of the tags that skips comments, processing instructions, CDATA
// and quoted attribute values whole, as a parser does; text that is not well-formed is left for
// the parser to report.
const char* shapeProblem(std::string_view xml, const ShapeLimits& limits = {});

// Everything above, and the stand-ins (stand_ins.hpp): throws Fault(code) with a message
// starting with `prefix` for a document xmlrpc-c must not parse (a NUL byte, so also UTF-16;
// a declaration; a shape problem; a <double> that is not a finite number). Returns the text
// with stand-ins, or nullopt when the text goes to xmlrpc-c as it is.
std::optional<std::string> prepareForParser(std::string_view xml, const ShapeLimits& limits, int code,
                                            const char* prefix);

}  // namespace hostbridge::detail
