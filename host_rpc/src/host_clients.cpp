#include "host_clients.hpp"

#include <climits>
#include <cstdio>
#include <ctime>

#include "host_internals.hpp"
#include "hostbridge/fault.hpp"

namespace hostbridge {

namespace detail {

namespace {

constexpr std::size_t kMaxNameBytes = 256;

[[noreturn]] void invalid(const std::string& where, const std::string& what) {
    throw Fault(FaultCode::InvalidParams, "params[0]." + where + ": " + what);
}

const Value* member(const Value& hello, const std::string& name, ValueType type, bool required) {
    const Value* value = hello.find(name);
    if (!value || value->isNil()) {
        if (required) invalid(name, "missing member");
        return nullptr;
    }
    if (value->type() != type)
        invalid(name, std::string("expected ") + typeName(type) + ", got " + typeName(value->type()));
    return value;
}

ClientRegistry::Hello parseHello(const Value& hello) {
    if (hello.type() != ValueType::Struct)
        throw Fault(FaultCode::InvalidParams, std::string("params[0]: expected struct, got ") + typeName(hello.type()));
    ClientRegistry::Hello parsed;
    parsed.name = member(hello, "name", ValueType::String, true)->asString();
    if (parsed.name.empty() || parsed.name.size() > kMaxNameBytes) invalid("name", "must be 1-256 bytes");
    const std::int64_t pid = member(hello, "pid", ValueType::Int, true)->asInt();
    if (pid <= 0 || pid > INT_MAX) invalid("pid", "must be a process id (1-2147483647)");
    parsed.pid = static_cast<int>(pid);
    const std::int64_t port = member(hello, "port", ValueType::Int, true)->asInt();
    if (port < 0 || port > 65535) invalid("port", "must be 0 (no server) or 1-65535");
    parsed.port = static_cast<std::uint16_t>(port);
    if (const Value* token = member(hello, "token", ValueType::String, false)) parsed.token = token->asString();
    return parsed;
}

// Whole seconds as an <int>, others as a <double>, as protocol.md sends a plug-in's `order`.
Value seconds(std::chrono::milliseconds interval) {
    if (interval.count() % 1000 == 0) return Value(static_cast<std::int64_t>(interval.count() / 1000));
    return Value(static_cast<double>(interval.count()) / 1000.0);
}

Value clientValue(const ClientInfo& client) {
    return Struct{{"id", client.id},
                  {"name", client.name},
                  {"pid", client.pid},
                  {"port", static_cast<int>(client.port)},
                  {"state", toString(client.state)},
                  {"since", isoUtc(client.since)},
                  {"lastSeen", isoUtc(client.lastSeen)}};
}

}  // namespace

std::string isoUtc(std::chrono::system_clock::time_point time) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    const std::time_t whole = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&whole, &utc);
    char text[40];
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(text + length, sizeof text - length, ".%03dZ", static_cast<int>(ms % 1000));
    return text;
}

void HostClients::command(const std::string& id, ClientCommand command) {
    const ClientRegistry::Target target = registry.command(id, command);
    if (target.port != 0) caller.send(target, command);
    if (command == ClientCommand::Disconnect && onDisconnect) onDisconnect(target.pid);
}

void bindClientMethods(MethodTable& table, HostClients& clients) {
    table.bind(
        "hostbridge.hello",
        [&clients](const Value& hello) {
        const std::string id = clients.registry.hello(parseHello(hello));
        return Struct{{"id", id}, {"heartbeatInterval", seconds(clients.registry.heartbeatInterval())}};
        },
        "hostbridge.hello({name, pid, port, token}): a client announces itself (port: its own server on "
        "127.0.0.1, 0 if none; token: what that server requires, optional). Returns {id, heartbeatInterval (s)}: "
        "call hostbridge.heartbeat(id) at that interval. docs/tools.md.");
    table.bind(
        "hostbridge.heartbeat",
        [&clients](const std::string& id, std::optional<bool> busy) {
        Struct answer;
        if (const auto command = clients.registry.heartbeat(id, busy.value_or(false)))
            answer["command"] = toString(*command);
        return answer;
        },
        "hostbridge.heartbeat(id, busy=false): the client is alive (busy: it says it is occupied). Returns {} or "
        "{command: \"reset\" | \"disconnect\"}, what the host asks of it. Fault -32004 for an unknown id: say hello "
        "again.");
    table.bind(
        "hostbridge.goodbye",
        [&clients](const std::string& id) {
        clients.registry.goodbye(id);
        return true;
        },
        "hostbridge.goodbye(id): the client leaves; it is no longer listed. Returns true; fault -32004 for an "
        "unknown id.");
    table.bind(
        "hostbridge.clients",
        [&clients] {
        Array list;
        for (const ClientInfo& client : clients.registry.clients()) list.push_back(clientValue(client));
        return list;
        },
        "hostbridge.clients(): every client that said hello, oldest first: [{id, name, pid, port, state "
        "(connected, busy, gone), since, lastSeen (ISO-8601 UTC)}].");
    table.bind(
        "hostbridge.resetClient",
        [&clients](const std::string& id) {
        clients.command(id, ClientCommand::Reset);
        return true;
        },
        "hostbridge.resetClient(id): asks the client to drop its connection and say hello again (its "
        "hostbridge.reset() when it serves, else its next heartbeat's answer). Returns true at once; fault -32004 "
        "for an unknown id.");
    table.bind(
        "hostbridge.disconnectClient",
        [&clients](const std::string& id) {
        clients.command(id, ClientCommand::Disconnect);
        return true;
        },
        "hostbridge.disconnectClient(id): asks the client to shut down (its hostbridge.disconnect() when it serves, "
        "else its next heartbeat's answer). Returns true at once; fault -32004 for an unknown id.");
}

}  // namespace detail

std::vector<ClientInfo> Host::clients() const { return m_state->clients->registry.clients(); }

void Host::resetClient(const std::string& id) { m_state->clients->command(id, ClientCommand::Reset); }

void Host::disconnectClient(const std::string& id) { m_state->clients->command(id, ClientCommand::Disconnect); }

}  // namespace hostbridge
