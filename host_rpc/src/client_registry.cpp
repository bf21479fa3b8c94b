#include "client_registry.hpp"

#include <algorithm>
#include <utility>

#include "hostbridge/fault.hpp"
#include "hostbridge/token.hpp"

namespace hostbridge {

const char* toString(ClientState state) {
    switch (state) {
    case ClientState::Connected: return "connected";
    case ClientState::Busy: return "busy";
    case ClientState::Gone: return "gone";
    }
    return "gone";
}

const char* toString(ClientCommand command) {
    switch (command) {
    case ClientCommand::Reset: return "reset";
    case ClientCommand::Disconnect: return "disconnect";
    }
    return "reset";
}

namespace detail {

ClientRegistry::ClientRegistry(std::chrono::milliseconds heartbeatInterval, std::function<Clock::time_point()> now)
    : m_interval(heartbeatInterval), m_now(std::move(now)) {}

std::chrono::steady_clock::duration ClientRegistry::intervals(double count) const {
    return std::chrono::duration_cast<Clock::duration>(m_interval * count);
}

ClientState ClientRegistry::stateOf(const Entry& entry, Clock::time_point now) const {
    const auto silence = now - entry.lastSeen;
    if (silence > intervals(kGoneAfter)) return ClientState::Gone;
    if (entry.saidBusy || silence > intervals(kLateAfter)) return ClientState::Busy;
    return ClientState::Connected;
}

void ClientRegistry::forgetSilent(Clock::time_point now) {
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (now - it->second.lastSeen > intervals(kForgetAfter)) it = m_entries.erase(it);
        else ++it;
    }
}

ClientRegistry::Entry& ClientRegistry::find(const std::string& id) {
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        throw Fault(kUnknownClientFault,
                    "no client '" + id + "' is known here (never greeted, said goodbye, or gone too long): say hello");
    return it->second;
}

std::string ClientRegistry::hello(Hello hello) {
    // Random rather than counted: a client of an earlier Host in this process (a reloaded
    // plug-in) must never find its old id given to someone else.
    std::string id = generateToken().substr(0, 16);
    const auto wallNow = std::chrono::system_clock::now();
    const Clock::time_point now = m_now();
    std::lock_guard lock(m_mutex);
    forgetSilent(now);  // also here: a host whose list nobody reads must not collect the dead
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        const ClientInfo& old = it->second.info;
        if (old.pid == hello.pid && old.name == hello.name && old.port == hello.port) it = m_entries.erase(it);
        else ++it;
    }
    Entry entry;
    entry.info.id = id;
    entry.info.name = std::move(hello.name);
    entry.info.pid = hello.pid;
    entry.info.port = hello.port;
    entry.info.since = wallNow;
    entry.info.lastSeen = wallNow;
    entry.token = std::move(hello.token);
    entry.order = m_nextOrder++;
    entry.lastSeen = now;
    m_entries.emplace(id, std::move(entry));
    return id;
}

std::optional<ClientCommand> ClientRegistry::heartbeat(const std::string& id, bool busy) {
    std::lock_guard lock(m_mutex);
    Entry& entry = find(id);
    entry.lastSeen = m_now();
    entry.info.lastSeen = std::chrono::system_clock::now();
    entry.saidBusy = busy;
    if (!entry.pending || entry.calling) return std::nullopt;
    return std::exchange(entry.pending, std::nullopt);
}

void ClientRegistry::goodbye(const std::string& id) {
    std::lock_guard lock(m_mutex);
    find(id);  // throws for an unknown id
    m_entries.erase(id);
}

std::vector<ClientInfo> ClientRegistry::clients() {
    const Clock::time_point now = m_now();
    std::vector<const Entry*> kept;
    std::vector<ClientInfo> list;
    std::lock_guard lock(m_mutex);
    forgetSilent(now);
    for (const auto& [id, entry] : m_entries) kept.push_back(&entry);
    std::sort(kept.begin(), kept.end(), [](const Entry* a, const Entry* b) { return a->order < b->order; });
    for (const Entry* entry : kept) {
        list.push_back(entry->info);
        list.back().state = stateOf(*entry, now);
    }
    return list;
}

ClientRegistry::Target ClientRegistry::command(const std::string& id, ClientCommand command) {
    std::lock_guard lock(m_mutex);
    Entry& entry = find(id);
    entry.pending = command;  // a later command replaces one not delivered yet
    entry.calling = entry.info.port != 0;
    return Target{entry.info.id, entry.info.pid, entry.info.port, entry.token};
}

void ClientRegistry::delivered(const std::string& id, ClientCommand command) {
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second.pending != command) return;
    it->second.pending.reset();
    it->second.calling = false;
}

void ClientRegistry::undelivered(const std::string& id, ClientCommand command) {
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second.pending != command) return;
    it->second.calling = false;
}

}  // namespace detail
}  // namespace hostbridge
