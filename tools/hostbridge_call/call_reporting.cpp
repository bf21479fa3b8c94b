#include "call_reporting.hpp"

#include <iostream>
#include <string>
#include <vector>

#include <hostbridge/token.hpp>

#include "method_listing.hpp"

namespace hostbridge {

bool isTransportFault(int code) {
    return code == FaultCode::TransportError || code == FaultCode::Timeout || code == FaultCode::HttpError ||
           code == FaultCode::InvalidResponse;
}

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
                  << (target.tokenSource.empty() ? "no token was sent"
                                                 : "the token sent came from " + target.tokenSource)
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
        std::cerr << "hostbridge-call: system.listMethods answered something else than a list of names: " << e.what()
                  << "\n";
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

}  // namespace hostbridge
