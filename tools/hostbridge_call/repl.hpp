#pragma once
// hostbridge-call --repl: a line-based console on one kept-alive connection, for a person at a
// terminal or a script piping lines in. A line is `METHOD [ARG...]`, ARGs as on the command
// line (JSON, else a plain string); `help`, `help METHOD` and `quit` are the console's own.

#include <iosfwd>
#include <string>
#include <vector>

#include <hostbridge/client.hpp>

#include "call_target.hpp"

namespace hostbridge {

// Splits a console line into words at whitespace, except inside "..." (kept: a JSON string),
// '...' (removed, as in a shell) and [...] or {...}, so `echo {"a": [1, 2]}` is two words.
// Throws UsageError for a quote or bracket left open.
std::vector<std::string> splitReplLine(const std::string& line);

// What a typed method name means, given the served `names`: itself when it is served (or
// nothing is known), else the one served name it begins. `candidates` lists every served name
// it begins when there are several (then `method` is empty); none: `method` is the name as typed.
struct MethodCompletion {
    std::string method;
    std::vector<std::string> candidates;
};
MethodCompletion completeMethod(const std::string& typed, const std::vector<std::string>& names);

// Reads lines from `in` until its end or `quit`, calls, prints each result as JSON on stdout
// and each fault on stderr, and goes on. Prompts on stdout when `interactive`. Returns 0 when
// every line succeeded, else the exit status of the last that did not (call_reporting.hpp).
int runRepl(Client& client, const CallTarget& target, std::istream& in, bool interactive);

}  // namespace hostbridge
