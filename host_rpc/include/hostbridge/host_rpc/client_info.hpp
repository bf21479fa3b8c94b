#pragma once
// The clients a Host knows: every process (the UI, a tool, a script) that said
// hostbridge.hello to it (docs/tools.md, "Clients a host knows"). Host::clients() lists them.

#include <chrono>
#include <cstdint>
#include <string>

#include "hostbridge/host_rpc/host_rpc_export.hpp"

namespace hostbridge {

// The fault answered for a client id the host does not list (never given, said goodbye,
// replaced by a later hello, or forgotten): the client should say hello again. In the
// -32000..-32099 range of HostBridge's servers (docs/fault-codes.md), after FaultCode::NoFreePort.
constexpr int kUnknownClientFault = -32004;

// How a client is doing, from its heartbeats (interval I, HostOptions::clientHeartbeatInterval):
//   Connected: heard from within 2.5 I, and it did not say it is busy.
//   Busy:      it said so in its last heartbeat (hostbridge.heartbeat(id, true)), or it is late:
//              silent for more than 2.5 I (a tool whose heartbeat thread is starved by work).
//   Gone:      silent for more than 5 I. A heartbeat brings it back; after 120 I it is forgotten.
enum class ClientState { Connected, Busy, Gone };
HOSTBRIDGE_HOST_RPC_EXPORT const char* toString(ClientState state);  // "connected", "busy", "gone"

// What a host asks of a client (Host::resetClient, Host::disconnectClient).
enum class ClientCommand {
    Reset,       // drop the connection and say hello again
    Disconnect,  // shut down
};
HOSTBRIDGE_HOST_RPC_EXPORT const char* toString(ClientCommand command);  // "reset", "disconnect"

// One client, as Host::clients() lists it (its token is never listed).
struct HOSTBRIDGE_HOST_RPC_EXPORT ClientInfo {
    std::string id;          // given by hello; a new one for each hello
    std::string name;        // as the client said
    int pid = 0;             // its process id, as it said
    std::uint16_t port = 0;  // its own server on 127.0.0.1; 0 when it serves none
    ClientState state = ClientState::Connected;
    std::chrono::system_clock::time_point since;     // its hello
    std::chrono::system_clock::time_point lastSeen;  // its last hello or heartbeat
};

}  // namespace hostbridge
