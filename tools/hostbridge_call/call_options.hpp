#pragma once
// Command-line parsing for hostbridge-call. No network here, so every rule about what the user
// typed lives in one place.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <hostbridge/value.hpp>

namespace hostbridge {

struct CallOptions {
    std::string url;                   // --url; empty when not given
    int port = 0;                      // --port; 0 when not given
    std::string connectionFile;        // --connection; empty when not given
    std::string socket;                // --socket: a Unix socket path; empty when not given
    std::string path;                  // --path; empty when not given
    std::optional<std::string> token;  // --token
    std::chrono::milliseconds timeout{30000};
    bool list = false;
    bool repl = false;          // --repl: read METHOD ARG... lines from stdin
    bool clients = false;       // --clients: hostbridge.clients() as a table
    std::string clientCommand;  // --reset-client / --disconnect-client: the wire method; empty otherwise
    std::string clientId;       // their ID, always sent as a string
    bool help = false;
    std::string method;
    std::vector<std::string> args;  // the ARG texts as typed, parsed by parseCallArguments
};

// The command line is wrong: main prints the message and the usage, and exits 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Options come first; the first other word is METHOD and everything after it is an ARG, so
// negative numbers need no "--". Throws UsageError.
CallOptions parseCallOptions(int argc, const char* const* argv);

// Each ARG as JSON, or as a plain string when it is not JSON. Throws UsageError for text that
// starts like a JSON array, object or string but does not parse (the user meant JSON, and a
// typo should not reach the server as a string) and for a plain string that is not UTF-8
// (XML-RPC cannot carry it).
Array parseCallArguments(const std::vector<std::string>& args);

// The synopsis, shown after a usage error.
const char* usageSynopsis();
// The --help text: the synopsis and what every option does.
std::string helpText();

}  // namespace hostbridge
