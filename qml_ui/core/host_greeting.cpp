#include "host_greeting.hpp"

#include <QMetaObject>

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include <hostbridge/client.hpp>

namespace hostbridge::ui {

namespace {

using Clock = std::chrono::steady_clock;

// The fault a host answers for an id it does not list (docs/fault-codes.md; kUnknownClientFault
// in host_rpc, which the UI does not link): the wire's number, as any client hard-codes it.
constexpr int kUnknownClient = -32004;

// One greeted host, as the worker sees it.
struct Peer {
    int port = 0;
    std::string token;
    std::string id;  // empty: hello is due
    std::chrono::milliseconds interval{1000};
    Clock::time_point due{};
    int failures = 0;
    std::unique_ptr<Client> client;
};

std::chrono::milliseconds intervalOf(const Value& answer) {
    const Value* seconds = answer.find("heartbeatInterval");
    double value = 1;
    if (seconds && seconds->type() == ValueType::Int) value = static_cast<double>(seconds->asInt());
    if (seconds && seconds->type() == ValueType::Double) value = seconds->asDouble();
    // A host's odd answer must neither spin this thread nor silence it for hours.
    return std::chrono::milliseconds(static_cast<long long>(std::clamp(value, 0.05, 60.0) * 1000));
}

// Says hello or heartbeats to `peer`; returns the command a heartbeat's answer carried ("" for none).
std::string step(Peer& peer, int ownPort, const std::string& ownToken) {
    const auto now = Clock::now();
    std::optional<CallResult> result;
    try {
        if (!peer.client)
            peer.client = std::make_unique<Client>("http://127.0.0.1:" + std::to_string(peer.port) + "/", peer.token,
                                                   HostGreeting::kCallTimeout);
        if (peer.id.empty()) {
            Struct hello{{"name", "hostbridge-ui"}, {"pid", static_cast<int>(::getpid())}, {"port", ownPort}};
            if (!ownToken.empty()) hello["token"] = ownToken;
            result.emplace(peer.client->call("hostbridge.hello", hello));
            if (*result) {
                peer.id = result->value().at("id").asString();
                peer.interval = intervalOf(result->value());
            }
        } else {
            result.emplace(peer.client->call("hostbridge.heartbeat", peer.id));
        }
    } catch (const std::exception& e) {
        result.emplace(Fault(FaultCode::TransportError, e.what()));  // no exception leaves the worker
    }
    if (*result) {
        peer.failures = 0;
        peer.due = now + peer.interval;
        const Value* command = result->value().find("command");
        return command && command->type() == ValueType::String ? command->asString() : std::string();
    }
    if (result->fault().code() == kUnknownClient) {
        peer.id.clear();  // the host forgot us (restarted its list, or we were replaced): hello now
        peer.due = now;
        return {};
    }
    // A dead host, or one without hello (a pyblish host): wait longer each time, never spin.
    if (result->fault().code() <= FaultCode::TransportError && result->fault().code() >= FaultCode::InvalidResponse)
        peer.client.reset();
    peer.failures = std::min(peer.failures + 1, 16);
    peer.due = now + std::min<std::chrono::milliseconds>(peer.interval * (1LL << std::min(peer.failures, 10)),
                                                         HostGreeting::kMaxBackoff);
    return {};
}

}  // namespace

struct HostGreeting::Shared {
    std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable finished;
    std::map<int, std::string> wanted;  // host port -> its token
    std::uint64_t resets = 0;           // greetAgain() calls
    int ownPort = 0;                    // 0: not serving yet, no hello
    std::string ownToken;
    bool stopping = false;
    bool workerDone = false;
    // Posts a command to the GUI thread; called with `mutex` held and `stopping` false, so the
    // HostGreeting is alive while it posts.
    std::function<void(const std::string& command)> deliver;
};

HostGreeting::HostGreeting(QObject* parent) : QObject(parent), m_shared(std::make_shared<Shared>()) {
    m_shared->deliver = [this](const std::string& command) {
        QMetaObject::invokeMethod(
            this,
            [this, command] {
            if (command == "reset") emit resetRequested();
            else if (command == "disconnect") emit disconnectRequested();
            },
            Qt::QueuedConnection);
    };
    m_worker = std::thread([shared = m_shared] { runWorker(shared); });
}

HostGreeting::~HostGreeting() {
    std::unique_lock lock(m_shared->mutex);
    m_shared->stopping = true;
    m_shared->wake.notify_all();
    const bool done = m_shared->finished.wait_for(lock, kGoodbyeWait, [this] { return m_shared->workerDone; });
    lock.unlock();
    if (done) m_worker.join();
    else m_worker.detach();
}

void HostGreeting::setOwnServer(int port, const std::string& token) {
    std::lock_guard lock(m_shared->mutex);
    m_shared->ownPort = port;
    m_shared->ownToken = token;
    m_shared->wake.notify_all();
}

void HostGreeting::greet(int hostPort, const std::string& hostToken) {
    if (hostPort <= 0 || hostToken.empty()) return;  // a legacy tokenless host knows no hello
    std::lock_guard lock(m_shared->mutex);
    m_shared->wanted[hostPort] = hostToken;
    m_shared->wake.notify_all();
}

void HostGreeting::greetAgain() {
    std::lock_guard lock(m_shared->mutex);
    ++m_shared->resets;
    m_shared->wake.notify_all();
}

void HostGreeting::bindInto(MethodTable& table, GuiThreadBridge& bridge) {
    table.bind(
        "hostbridge.reset",
        [this, &bridge] {
        bridge.post([this] { emit resetRequested(); });
        return true;
        },
        "hostbridge.reset(): a host asks this UI to drop its connections, link to its current host again "
        "and say hello again (docs/tools.md). Returns true at once.");
    table.bind(
        "hostbridge.disconnect",
        [this, &bridge] {
        bridge.post([this] { emit disconnectRequested(); });
        return true;
        },
        "hostbridge.disconnect(): a host asks this UI to shut down (it says goodbye and quits cleanly). Returns "
        "true at once.");
}

void HostGreeting::runWorker(std::shared_ptr<Shared> shared) {
    std::map<int, Peer> peers;
    std::uint64_t resetsSeen = 0;
    std::unique_lock lock(shared->mutex);
    while (!shared->stopping) {
        const auto now = Clock::now();
        for (const auto& [port, token] : shared->wanted) {
            Peer& peer = peers[port];
            if (peer.port == port && peer.token == token) continue;
            peer = Peer{};
            peer.port = port;
            peer.token = token;
            peer.due = now;
        }
        if (resetsSeen != shared->resets) {
            resetsSeen = shared->resets;
            for (auto& [port, peer] : peers) {
                peer.client.reset();
                peer.id.clear();
                peer.failures = 0;
                peer.due = now;
            }
        }
        Peer* next = nullptr;
        for (auto& [port, peer] : peers)
            if (!next || peer.due < next->due) next = &peer;
        if (!next || shared->ownPort == 0 || next->due > now) {
            const auto until = next && shared->ownPort != 0 ? next->due : now + std::chrono::hours(1);
            shared->wake.wait_until(lock, until);
            continue;
        }
        const int ownPort = shared->ownPort;
        const std::string ownToken = shared->ownToken;
        lock.unlock();
        const std::string command = step(*next, ownPort, ownToken);
        lock.lock();
        if (!command.empty() && !shared->stopping) shared->deliver(command);
    }
    lock.unlock();
    // Leaving: each host hears it at once instead of seeing us go silent.
    for (auto& [port, peer] : peers) {
        if (peer.id.empty() || !peer.client) continue;
        peer.client->setTimeout(std::chrono::milliseconds(500));
        try {
            peer.client->call("hostbridge.goodbye", peer.id);
        } catch (const std::exception&) {
        }
    }
    lock.lock();
    shared->workerDone = true;
    shared->finished.notify_all();
}

}  // namespace hostbridge::ui
