#pragma once
// Private: what a Host keeps about its clients (docs/tools.md): the registry, the sender of
// commands to their servers, and the hostbridge.* wire methods bound on them.

#include <chrono>
#include <functional>
#include <string>

#include "client_caller.hpp"
#include "client_registry.hpp"
#include "hostbridge/method_table.hpp"

namespace hostbridge::detail {

struct HostClients {
    explicit HostClients(std::chrono::milliseconds heartbeatInterval) : registry(heartbeatInterval) {}

    // Records `command` for client `id` and sends it to the client's server when it has one;
    // returns at once. Throws Fault kUnknownClientFault.
    void command(const std::string& id, ClientCommand command);

    ClientRegistry registry;
    ClientCaller caller{registry};
    // Called with the client's pid when it is asked to disconnect (Host: a UI its own link keeps
    // alive stands down, or it would be launched again). Set before serving.
    std::function<void(int pid)> onDisconnect;
};

// Binds hostbridge.hello, heartbeat, goodbye, clients, resetClient and disconnectClient into
// `table`, on connection threads (none waits for the main thread or for a client).
void bindClientMethods(MethodTable& table, HostClients& clients);

// "2026-12-04T23:10:00.125Z": how the wire carries `since` and `lastSeen`.
std::string isoUtc(std::chrono::system_clock::time_point time);

}  // namespace hostbridge::detail
