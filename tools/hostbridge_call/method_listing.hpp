#pragma once
// hostbridge-call --list: the system.multicall that fetches every method's help and
// signatures, and the text made from the answers.

#include <string>
#include <vector>

#include <hostbridge/value.hpp>

namespace hostbridge {

// The system.multicall parameter asking for system.methodHelp and system.methodSignature of
// each name, in that order: entry 2i is the help of names[i], entry 2i+1 its signatures.
Value describeCalls(const std::vector<std::string>& names);

// One line per method, "name(type, type) -> type   help", the help column aligned. `answers`
// is the system.multicall result for describeCalls(names), or nil to list the names alone.
// Tolerates any shape of answer (missing entries, faults, "undef" signatures).
std::string formatMethodList(const std::vector<std::string>& names, const Value& answers);

// "(int, int) -> int" from a system.methodSignature result. Several signatures that only add
// trailing parameters show them in brackets: "(string[, int]) -> nil". "(...)" when unknown.
std::string formatSignatures(const Value& signatures);

}  // namespace hostbridge
