// hostbridge-call: calls one method of a HostBridge (or any XML-RPC) server from a shell or a
// script and prints the result as JSON; --list shows what a server offers, --repl is a console
// (repl.hpp), --clients, --reset-client and --disconnect-client manage a host's clients
// (docs/tools.md). `--help` and call_options.cpp hold the usage; the exit status tells the outcomes
// apart (call_reporting.hpp):
//   0 result on stdout, 1 fault from the server, 2 usage error or no target, 3 transport error
//   (and 4 for an exception nothing expected: a bug).

#include <unistd.h>

#include <iostream>
#include <optional>

#include <hostbridge/client.hpp>
#include <hostbridge/json.hpp>
#include <hostbridge/url.hpp>

#include "call_options.hpp"
#include "call_reporting.hpp"
#include "call_target.hpp"
#include "client_listing.hpp"
#include "repl.hpp"

namespace hostbridge {
namespace {

int usageError(const std::string& message) {
    std::cerr << "hostbridge-call: " << message << "\n" << usageSynopsis() << "Run hostbridge-call --help for more.\n";
    return kExitUsage;
}

int run(int argc, char** argv) {
    CallOptions options;
    Array params;
    CallTarget target;
    try {
        options = parseCallOptions(argc, argv);
        if (options.help) {
            std::cout << helpText();
            return 0;
        }
        params = parseCallArguments(options.args);
        target = resolveCallTarget(options);
    } catch (const UsageError& e) {
        return usageError(e.what());
    } catch (const TargetError& e) {
        std::cerr << "hostbridge-call: " << e.what() << "\n";
        return kExitUsage;
    }

    std::optional<Client> client;
    try {
        client.emplace(target.url, target.token, options.timeout);
    } catch (const std::invalid_argument& e) {
        // Client quotes the URL it refused, token and all.
        std::string message = e.what();
        if (const std::size_t at = message.find(target.url); at != std::string::npos)
            message.replace(at, target.url.size(), redactUrl(target.url));
        return usageError(message);
    }

    if (options.list) return listMethods(*client, target);
    if (options.repl) return runRepl(*client, target, std::cin, ::isatty(STDIN_FILENO) == 1);
    // The client commands are calls of their own; the ID is sent as typed, never read as JSON.
    if (options.clients) options.method = "hostbridge.clients";
    if (!options.clientCommand.empty()) {
        options.method = options.clientCommand;
        params = Array{options.clientId};
    }
    const CallResult result = client->callWithParams(options.method, params);
    if (!result) return reportFault(result.fault(), *client, target);
    if (options.clients) std::cout << formatClientList(result.value()) << std::flush;
    else std::cout << toJson(result.value(), 2) << std::endl;
    return 0;
}

}  // namespace
}  // namespace hostbridge

int main(int argc, char** argv) {
    try {
        return hostbridge::run(argc, argv);
    } catch (const std::exception& e) {
        // A bug, not an outcome: still one readable line rather than std::terminate's.
        std::cerr << "hostbridge-call: unexpected error: " << e.what() << "\n";
        return 4;
    }
}
