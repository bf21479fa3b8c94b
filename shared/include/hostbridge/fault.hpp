#pragma once
// Faults: the one error type that crosses the wire. docs/fault-codes.md lists every code.

#include <stdexcept>
#include <string>

#include "hostbridge/shared_export.hpp"

namespace hostbridge {

// Stable fault codes. The negative ranges follow the XML-RPC fault-code interoperability
// convention; codes a handler chooses for itself should be positive.
struct HOSTBRIDGE_SHARED_EXPORT FaultCode {
    enum : int {
        ParseError = -32700,        // request body is not well-formed XML, or was refused unparsed
        InvalidRequest = -32600,    // a call the server will not run as asked (a nested multicall)
        MethodNotFound = -32601,    // no method of that name is served here
        InvalidParams = -32602,     // wrong number or type of parameters (message says where)
        InternalError = -32603,     // the server failed, e.g. a result it cannot encode
        ApplicationError = -32500,  // a handler threw something other than Fault (message kept)
        TransportError = -32300,    // client side: no connection, or the connection broke
        Timeout = -32301,           // client side: no answer within the call's timeout
        HttpError = -32302,         // client side: the peer answered with an HTTP error status
        InvalidResponse = -32303,   // client side: the peer's answer is not XML-RPC
        // -32000..-32099: HostBridge servers (hosts and the UI).
        Busy = -32001,           // the thread that must run the call (a host's main thread, the UI's window
                                 // thread) did not start it within its deadline; the call was not run
        ShuttingDown = -32002,   // the server is stopping: the call was not run, or its answer was dropped
        NoFreePort = -32003,     // find_available_port found no free port in its range
        UnknownClient = -32004,  // a host does not list this client id (docs/tools.md): say hello again
    };
};

// A fault with a code and a readable message. Handlers throw it to answer with a fault;
// clients receive it as the outcome of a call.
class HOSTBRIDGE_SHARED_EXPORT Fault : public std::runtime_error {
public:
    Fault(int code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    int code() const noexcept { return m_code; }
    std::string message() const { return what(); }

private:
    int m_code;
};

}  // namespace hostbridge
