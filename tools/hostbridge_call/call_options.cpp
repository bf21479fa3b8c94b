#include "call_options.hpp"

#include <cerrno>
#include <cstdlib>

#include <hostbridge/json.hpp>
#include <hostbridge/utf8.hpp>

namespace hostbridge {
namespace {

// Parses a whole decimal number in [minimum, maximum]; nullopt for anything else.
std::optional<long long> parseNumber(const std::string& text, long long minimum, long long maximum) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || value < minimum || value > maximum) return std::nullopt;
    return value;
}

}  // namespace

const char* usageSynopsis() {
    return R"(usage: hostbridge-call [--url URL | --port N | --socket PATH |
                        --connection FILE] [--token T]
                       [--timeout MS] [--path /P] METHOD [ARG...]
       hostbridge-call [--url URL | --port N | --socket PATH |
                        --connection FILE] [--token T] --list
       hostbridge-call [--url URL | --port N | --socket PATH |
                        --connection FILE] [--token T]
                       [--timeout MS] [--path /P] --repl
       hostbridge-call [--url URL | --port N | --socket PATH |
                        --connection FILE] [--token T]
                       --clients | --reset-client ID | --disconnect-client ID
       hostbridge-call --help
)";
}

std::string helpText() {
    return usageSynopsis() + std::string(R"(
Calls METHOD on a HostBridge (or any XML-RPC) server and prints the result as JSON.

Target (at most one):
  --url URL          http://[user:TOKEN@]host:port/path, unix:/path/to.sock or
                     http+unix://%2Fpath%2Fto.sock/path
  --port N           http://127.0.0.1:N/ (plus --path)
  --socket PATH      the Unix socket at PATH (plus --path)
  --connection FILE  the socket (or else the url) and token of a connection file
  (none)             the one running host found in the runtime directory, over
                     its socket when its connection file offers one,
                     ($HOSTBRIDGE_RUNTIME_DIR, else $XDG_RUNTIME_DIR/hostbridge,
                     else /tmp/hostbridge-UID)
Options:
  --token T          the session token. Without it: the token in the URL, else the
                     connection file's, else that of the live connection file for the
                     same local port or socket, else $HOSTBRIDGE_TOKEN. Prefer the environment
                     variable or a connection file: a command line is visible in `ps`.
  --timeout MS       give up after MS milliseconds (default 30000)
  --path /P          the path served, with --port, --socket or a connection file
                     (default: /)
  --list             list the server's methods with signatures and help
  --repl             a console on one connection: reads lines METHOD [ARG...]
                     from stdin (a terminal or a pipe), prints each result or
                     fault and goes on. `help` lists the methods, `help METHOD`
                     shows one, `quit` or end of input ends. A method name may
                     be a prefix of one served name (scene.l -> scene.ls); an
                     ambiguous prefix lists the candidates. No Tab completion.
                     ARGs split at spaces outside quotes and brackets:
                     echo {"a": [1, 2]} 'two words'. Exit status: 0 when every
                     line succeeded, else that of the last line that did not.
  --clients          the host's clients (hostbridge.clients()) as a table: ID, NAME,
                     PID, PORT, STATE (connected, busy, gone), SINCE, LAST SEEN
  --reset-client ID  ask client ID to drop its connection and say hello again
                     (hostbridge.resetClient(ID)); prints true once asked
  --disconnect-client ID
                     ask client ID to shut down (hostbridge.disconnectClient(ID))
  --help             show this text

ARG is JSON: 3, 2.5, "text", true, null, [1,2], {"a":1}, {"$base64":"..."},
{"$dateTime":"2026-11-21T10:00:00Z"}. An ARG that is not JSON is sent as a plain
string (hello -> "hello"), except text starting with [ { or " that does not parse,
which is an error. So is JSON XML-RPC cannot carry as written: an integer beyond
64 bits, a number beyond a double (1e400), nesting deeper than 256, a date that
does not exist (February 30, hour 24, second 60). Quote for the shell: hostbridge-call echo '{"a": [1, null]}'.

Exit status: 0 success (result on stdout), 1 fault from the server (on stderr),
2 usage error or no target found, 3 transport error (no connection, timeout, HTTP
error such as 401 for a missing or wrong token, or an answer that is not XML-RPC).
)");
}

CallOptions parseCallOptions(int argc, const char* const* argv) {
    CallOptions options;
    int i = 1;
    // Accepts "--name value" and "--name=value".
    auto takeValue = [&](const std::string& arg, const std::string& name, std::string& value) {
        if (arg == name) {
            if (i + 1 >= argc) throw UsageError(name + " needs a value");
            value = argv[++i];
            return true;
        }
        if (arg.compare(0, name.size() + 1, name + "=") == 0) {
            value = arg.substr(name.size() + 1);
            return true;
        }
        return false;
    };
    for (; i < argc; ++i) {
        const std::string arg = argv[i];
        std::string value;
        if (arg == "--") {
            ++i;
            break;
        } else if (arg == "--help" || arg == "-h") {
            options.help = true;
        } else if (arg == "--list") {
            options.list = true;
        } else if (arg == "--repl") {
            options.repl = true;
        } else if (arg == "--clients") {
            options.clients = true;
        } else if (takeValue(arg, "--reset-client", value) || takeValue(arg, "--disconnect-client", value)) {
            if (value.empty()) throw UsageError(arg.substr(0, arg.find('=')) + " needs a client ID");
            if (!options.clientCommand.empty())
                throw UsageError("use only one of --reset-client and --disconnect-client");
            options.clientCommand =
                arg.rfind("--reset-client", 0) == 0 ? "hostbridge.resetClient" : "hostbridge.disconnectClient";
            options.clientId = value;
        } else if (takeValue(arg, "--url", value)) {
            if (value.empty()) throw UsageError("--url needs a URL");
            options.url = value;
        } else if (takeValue(arg, "--port", value)) {
            const auto port = parseNumber(value, 1, 65535);
            if (!port) throw UsageError("--port takes a number from 1 to 65535, not '" + value + "'");
            options.port = static_cast<int>(*port);
        } else if (takeValue(arg, "--socket", value)) {
            if (value.empty()) throw UsageError("--socket needs the path of a Unix socket");
            options.socket = value;
        } else if (takeValue(arg, "--connection", value)) {
            if (value.empty()) throw UsageError("--connection needs a file name");
            options.connectionFile = value;
        } else if (takeValue(arg, "--path", value)) {
            if (value.empty()) throw UsageError("--path needs a path such as /RPC2");
            options.path = value.front() == '/' ? value : "/" + value;
        } else if (takeValue(arg, "--token", value)) {
            if (value.empty()) throw UsageError("--token needs a token");
            options.token = value;
        } else if (takeValue(arg, "--timeout", value)) {
            // Up to a day: long enough for any real call, short enough never to look hung forever.
            const auto ms = parseNumber(value, 1, 24LL * 3600 * 1000);
            if (!ms) throw UsageError("--timeout takes milliseconds from 1 to 86400000, not '" + value + "'");
            options.timeout = std::chrono::milliseconds(*ms);
        } else if (arg.size() > 1 && arg.front() == '-') {
            throw UsageError("unknown option " + arg);
        } else {
            break;
        }
    }
    if (options.help) return options;
    if (i < argc) options.method = argv[i++];
    for (; i < argc; ++i) options.args.emplace_back(argv[i]);

    const int targets =
        !options.url.empty() + (options.port != 0) + !options.socket.empty() + !options.connectionFile.empty();
    if (targets > 1) throw UsageError("use only one of --url, --port, --socket and --connection");
    if (!options.path.empty() && !options.url.empty())
        throw UsageError("--path goes with --port, --socket or a connection file; with --url, put the path in the URL");
    const int modes = options.list + options.repl + options.clients + !options.clientCommand.empty();
    if (modes > 1)
        throw UsageError("use only one of --list, --repl, --clients, --reset-client and --disconnect-client");
    if (modes == 1) {
        const char* mode = options.list                                        ? "--list"
                           : options.repl                                      ? "--repl"
                           : options.clients                                   ? "--clients"
                           : options.clientCommand == "hostbridge.resetClient" ? "--reset-client"
                                                                               : "--disconnect-client";
        if (!options.method.empty()) throw UsageError(std::string(mode) + " takes no METHOD or ARG");
    } else if (options.method.empty()) {
        throw UsageError("no METHOD given");
    }
    return options;
}

Array parseCallArguments(const std::vector<std::string>& args) {
    Array params;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& text = args[i];
        try {
            params.push_back(parseJson(text));
        } catch (const JsonRangeError& e) {
            // JSON that would change on its way (a 70-bit integer into a double, 1e400 into a
            // string) is refused, never sent as something else.
            throw UsageError("ARG " + std::to_string(i + 1) + " cannot be sent as written: " + e.what());
        } catch (const std::exception& e) {
            const std::size_t first = text.find_first_not_of(" \t\r\n");
            if (first != std::string::npos && (text[first] == '[' || text[first] == '{' || text[first] == '"'))
                throw UsageError("ARG " + std::to_string(i + 1) + " looks like JSON but is not: " + e.what());
            if (!isUtf8(text)) throw UsageError("ARG " + std::to_string(i + 1) + " is not UTF-8 text");
            params.emplace_back(text);
        }
    }
    return params;
}

}  // namespace hostbridge
