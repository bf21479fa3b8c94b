// hostbridge-call: calls one method of a HostBridge (or any XML-RPC) server from a shell or a
// script and prints the result as JSON; --list shows what a server offers. `--help` and
// call_options.cpp hold the usage; the exit status tells the outcomes apart:
//   0 result on stdout, 1 fault from the server, 2 usage error or no target, 3 transport error
//   (and 4 for an exception nothing expected: a bug).

#include <iostream>
#include <optional>

#include <hostbridge/client.hpp>
#include <hostbridge/json.hpp>
#include <hostbridge/token.hpp>
#include <hostbridge/url.hpp>

#include "call_options.hpp"
#include "call_target.hpp"
#include "method_listing.hpp"

namespace hostbridge {
namespace {

constexpr int kExitFault = 1;
constexpr int kExitUsage = 2;
constexpr int kExitTransport = 3;

int usageError(const std::string& message) {
    std::cerr << "hostbridge-call: " << message << "\n" << usageSynopsis() << "Run hostbridge-call --help for more.\n";
    return kExitUsage;
}

// The client-side codes: the call may never have reached a handler.
bool isTransportFault(int code) {
    return code == FaultCode::TransportError || code == FaultCode::Timeout || code == FaultCode::HttpError ||
           code == FaultCode::InvalidResponse;
}

// Prints a fault and returns the exit status for it.
int reportFault(const Fault& fault, const Client& client, const CallTarget& target) {
    if (!isTransportFault(fault.code())) {
        std::cerr << "fault " << fault.code() << ": " << fault.message() << "\n";
        return kExitFault;
    }
    std::cerr << "hostbridge-call: " << client.url() << ": " << fault.message() << "\n";
    if (fault.code() == FaultCode::Timeout)
        std::cerr << "hint: the timeout was " << client.timeout().count() << " ms; change it with --timeout MS.\n";
    if (fault.code() == FaultCode::HttpError && fault.message().rfind("HTTP 401", 0) == 0) {
        std::cerr << "hint: the token is missing or wrong ("
                  << (target.tokenSource.empty() ? "no token was sent" : "the token sent came from " + target.tokenSource)
                  << "). Pass --connection FILE or --token T, or set " << kTokenEnvironmentVariable << ".\n";
    }
    return kExitTransport;
}

int listMethods(Client& client, const CallTarget& target) {
    const CallResult listed = client.call("system.listMethods");
    if (!listed) {
        if (isTransportFault(listed.fault().code())) return reportFault(listed.fault(), client, target);
        std::cerr << "hostbridge-call: " << client.url() << " does not offer introspection (system.listMethods: fault "
                  << listed.fault().code() << ": " << listed.fault().message() << ")\n";
        return kExitFault;
    }
    std::vector<std::string> names;
    try {
        names = listed.as<std::vector<std::string>>();
    } catch (const ConversionError& e) {
        std::cerr << "hostbridge-call: system.listMethods answered something else than a list of names: " << e.what() << "\n";
        return kExitFault;
    }

    Value answers;
    if (!names.empty()) {
        const CallResult described = client.callWithParams("system.multicall", Array{describeCalls(names)});
        if (described) {
            answers = described.value();
        } else if (isTransportFault(described.fault().code())) {
            return reportFault(described.fault(), client, target);
        } else {
            // Servers without system.multicall still get their names listed.
            std::cerr << "hostbridge-call: no help or signatures (system.multicall: fault " << described.fault().code()
                      << ": " << described.fault().message() << ")\n";
        }
    }
    std::cout << formatMethodList(names, answers) << std::flush;
    return 0;
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
    const CallResult result = client->callWithParams(options.method, params);
    if (!result) return reportFault(result.fault(), *client, target);
    std::cout << toJson(result.value(), 2) << std::endl;
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
