// The identity of a tool: what makes two requests ask for the same process.
#include <cstdint>
#include <cstdio>

#include "hostbridge/host_rpc/tool_link.hpp"
#include "tool_record.hpp"

namespace hostbridge {

namespace {

// FNV-1a, 64 bits: stable across processes, builds and machines (std::hash is not), and
// enough to tell a studio's tools apart; the identity is a name, not a secret or a check.
struct Fnv {
    std::uint64_t hash = 14695981039346656037ull;
    void bytes(const std::string& text) {
        // Length first, so ("ab", "c") and ("a", "bc") differ.
        const std::string length = std::to_string(text.size()) + ":";
        for (const std::string* part : {&length, &text})
            for (unsigned char c : *part) {
                hash ^= c;
                hash *= 1099511628211ull;
            }
    }
};

}  // namespace

std::string ToolLink::identityOf(const ToolOptions& options) {
    Fnv fnv;
    fnv.bytes(options.executable);
    fnv.bytes(std::to_string(options.arguments.size()));
    for (const std::string& argument : options.arguments) fnv.bytes(argument);
    fnv.bytes(options.workingDirectory);
    for (const auto& [name, value] : options.environment) {  // a std::map: sorted by name
        fnv.bytes(name);
        fnv.bytes(value);
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fnv.hash));
    return text;
}

std::string ToolLink::recordPath(const std::string& identity) { return detail::toolFilePath(identity, ".json"); }

}  // namespace hostbridge
