#pragma once
// Private: the clients a Host knows, their liveness and the commands waiting for them
// (docs/tools.md). No network here: the wire methods (client_methods.cpp) and the calls to
// clients' servers (client_caller.cpp) sit on top, so the states are tested with a clock of
// the test's own.
//
// Threads: every member may be called from any thread (connection threads run the wire
// methods concurrently); one mutex guards the state, never held across a call.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/client_info.hpp"

namespace hostbridge::detail {

class ClientRegistry {
public:
    using Clock = std::chrono::steady_clock;
    // Multiples of the heartbeat interval (client_info.hpp, ClientState).
    static constexpr double kLateAfter = 2.5;
    static constexpr double kGoneAfter = 5;
    static constexpr double kForgetAfter = 120;

    // What a client said in hello.
    struct Hello {
        std::string name;
        int pid = 0;
        std::uint16_t port = 0;
        std::string token;  // for calls to its own server; may be empty
    };
    // Where a command goes: the client's server (port != 0), else its next heartbeat's answer.
    struct Target {
        std::string id;
        int pid = 0;
        std::uint16_t port = 0;
        std::string token;
    };

    // `now` drives liveness (tests pass their own); wall times come from the system clock.
    explicit ClientRegistry(std::chrono::milliseconds heartbeatInterval,
                            std::function<Clock::time_point()> now = Clock::now);

    std::chrono::milliseconds heartbeatInterval() const { return m_interval; }

    // Adds the client and returns its new id. An earlier entry of the same process, name and
    // port is replaced (its id becomes unknown), so a client that says hello again after a
    // reset is listed once.
    std::string hello(Hello hello);
    // Marks the client seen (busy when it says so) and returns the command waiting for it, at
    // most once. Throws Fault kUnknownClientFault.
    std::optional<ClientCommand> heartbeat(const std::string& id, bool busy);
    // Removes the client. Throws Fault kUnknownClientFault.
    void goodbye(const std::string& id);
    // Every client, in order of hello (oldest first); forgets those gone long ago.
    std::vector<ClientInfo> clients();

    // Records `command` for the client and returns where to send it. For a client with a
    // server, the heartbeat answer holds it back until undelivered() says the call failed.
    // Throws Fault kUnknownClientFault.
    Target command(const std::string& id, ClientCommand command);
    // The client's server answered the command (delivered) or could not be reached
    // (undelivered: its next heartbeat answer carries it). Unknown ids are ignored: the client
    // may have said goodbye meanwhile.
    void delivered(const std::string& id, ClientCommand command);
    void undelivered(const std::string& id, ClientCommand command);

private:
    struct Entry {
        ClientInfo info;
        std::string token;
        std::uint64_t order = 0;
        Clock::time_point lastSeen;
        bool saidBusy = false;
        std::optional<ClientCommand> pending;  // waits for delivery
        bool calling = false;                  // its server is being called with `pending`
    };

    Entry& find(const std::string& id);        // throws Fault kUnknownClientFault; m_mutex held
    void forgetSilent(Clock::time_point now);  // drops clients silent past kForgetAfter; m_mutex held
    ClientState stateOf(const Entry& entry, Clock::time_point now) const;
    std::chrono::steady_clock::duration intervals(double count) const;

    const std::chrono::milliseconds m_interval;
    const std::function<Clock::time_point()> m_now;
    std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;  // by id
    std::uint64_t m_nextOrder = 0;
};

}  // namespace hostbridge::detail
