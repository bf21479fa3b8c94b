#include "ui_pusher.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>
#include <utility>

#include "hostbridge/client.hpp"
#include "hostbridge/host_rpc/publishing_service.hpp"

#include "join_once.hpp"
#include "process.hpp"

namespace hostbridge {

Value liveUpdateToValue(const publish::LiveUpdate& update) {
    const Value instance = update.instanceId.empty() ? Value() : Value(update.instanceId);
    const Value call = static_cast<std::int64_t>(update.call);
    if (update.kind == publish::LiveUpdate::Kind::Record)
        return Struct{{"kind", "record"},      {"plugin", update.pluginId},
                      {"instance", instance},  {"call", call},
                      {"index", update.index}, {"record", publish::recordToValue(update.record)}};
    return Struct{{"kind", "progress"},  {"plugin", update.pluginId}, {"instance", instance},     {"call", call},
                  {"done", update.done}, {"total", update.total},     {"message", update.message}};
}

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};

struct Item {
    bool isNotice = false;
    publish::LiveUpdate update;
    Struct notice;
};

}  // namespace

struct UiPusher::Impl {
    using Clock = std::chrono::steady_clock;

    UiPusherOptions options;
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Item> queue;
    std::optional<UiEndpoint> endpoint;
    bool stopping = false;
    std::uint64_t dropped = 0;
    std::uint64_t sent = 0;
    Clock::time_point backoffUntil{};
    std::chrono::milliseconds backoff{0};
    // The current burst of drops: why it started, whether the sender logged it, its count.
    std::string burstReason;
    bool burstLogged = false;
    std::uint64_t burstDrops = 0;
    std::thread thread;
    std::mutex joinMutex;  // stop(): one joiner at a time

    // Sender thread only.
    std::unique_ptr<Client> client;
    std::string clientKey;

    explicit Impl(UiPusherOptions o) : options(std::move(o)) {}

    void log(const std::string& message) const {
        // The host's callback runs on the sender thread: whatever it throws must not end the
        // thread (and with it the DCC).
        try {
            if (options.log) options.log(message);
            else std::cerr << "hostbridge ui push: " << message << std::endl;
        } catch (...) {
        }
    }

    bool stopRequested() const {
        std::lock_guard lock(mutex);
        return stopping;
    }

    // With `mutex` held. Cheap: the sender thread does the logging.
    void drop(std::uint64_t count, const std::string& reason) {
        if (count == 0) return;
        dropped += count;
        if (burstDrops == 0) {
            burstReason = reason;
            burstLogged = false;
            wake.notify_one();
        }
        burstDrops += count;
    }

    // With `mutex` held: whether an item may be queued now; counts it as dropped otherwise.
    bool admit() {
        if (stopping) return false;
        if (!endpoint) {
            drop(1, "no UI connected");
        } else if (Clock::now() < backoffUntil) {
            drop(1, "the UI did not take the last updates; backing off");
        } else if (queue.size() >= options.capacity) {
            drop(1, "the queue is full (" + std::to_string(options.capacity) + " items): the UI is slow");
        } else {
            return true;
        }
        return false;
    }

    // Sender thread: sends `batch` in order until a call fails; returns how many went, and in
    // `failure` why the rest did not.
    std::size_t send(const std::deque<Item>& batch, const std::optional<UiEndpoint>& target, std::string& failure) {
        if (!target) {
            failure = "no UI connected";
            return 0;
        }
        const std::string key = target->url + " " + target->token;
        if (!client || clientKey != key) {
            client = std::make_unique<Client>(target->url, target->token, options.callTimeout);
            clientKey = key;
        }
        const int hostPort = options.hostPort;
        std::size_t done = 0;
        while (done < batch.size()) {
            // Between calls: stop() waits for one call at most, not a whole batch of them.
            if (stopRequested()) {
                failure = "stopping";
                return done;
            }
            CallResult result(Value{});
            std::size_t count = 1;
            if (batch[done].isNotice) {
                result = client->callWithParams("notify", Array{hostPort, batch[done].notice});
            } else {
                // A run of updates up to the next notice (which keeps its place), maxBatch at most.
                Array updates;
                std::size_t end = done;
                while (end < batch.size() && !batch[end].isNotice && end - done < options.maxBatch)
                    updates.push_back(liveUpdateToValue(batch[end++].update));
                count = end - done;
                result = client->callWithParams("publish_update", Array{hostPort, std::move(updates)});
            }
            if (!result) {
                failure = result.fault().message() + " (code " + std::to_string(result.fault().code()) + ")";
                client->disconnect();  // a timed-out connection may still carry the late answer
                return done;
            }
            done += count;
        }
        return done;
    }

    void run() {
        std::unique_lock lock(mutex);
        for (;;) {
            wake.wait(lock, [&] { return stopping || !queue.empty() || (burstDrops > 0 && !burstLogged); });
            if (stopping) return;
            if (burstDrops > 0 && !burstLogged) {
                burstLogged = true;
                const std::string reason = burstReason;
                lock.unlock();
                log("dropping updates for the UI: " + reason);
                lock.lock();
                continue;
            }
            std::deque<Item> batch;
            batch.swap(queue);
            const std::optional<UiEndpoint> target = endpoint;
            lock.unlock();
            std::string failure;
            std::size_t done = 0;
            try {
                done = send(batch, target, failure);
            } catch (const std::exception& e) {  // e.g. bad_alloc: counted as drops like any failure
                failure = e.what();
            }
            lock.lock();
            sent += done;
            if (done == batch.size()) {
                backoff = std::chrono::milliseconds(0);
                if (burstDrops > 0) {  // the burst ends: its count, once
                    const std::uint64_t count = std::exchange(burstDrops, 0);
                    burstLogged = true;
                    lock.unlock();
                    log("the UI takes updates again; " + std::to_string(count) + " were dropped");
                    lock.lock();
                }
                continue;
            }
            // Nothing more goes to a UI that just failed: drop what waits and back off.
            backoff = std::min(std::max(backoff * 2, kFirstBackoff), options.maxBackoff);
            backoffUntil = Clock::now() + backoff;
            drop(batch.size() - done + queue.size(), failure);
            queue.clear();
        }
    }
};

UiPusher::UiPusher(UiPusherOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    if (m_impl->options.capacity == 0) m_impl->options.capacity = 1;
    if (m_impl->options.maxBatch == 0) m_impl->options.maxBatch = 1;
    if (m_impl->options.maxBackoff < kFirstBackoff) m_impl->options.maxBackoff = kFirstBackoff;
    m_impl->thread = std::thread([impl = m_impl.get()] {
        detail::nameCurrentThread("hb-ui-push");
        impl->run();
    });
}

UiPusher::~UiPusher() { stop(); }

void UiPusher::setEndpoint(std::optional<UiEndpoint> endpoint) {
    std::lock_guard lock(m_impl->mutex);
    // A new UI (or none) starts without the old one's backoff.
    m_impl->endpoint = std::move(endpoint);
    m_impl->backoffUntil = {};
}

void UiPusher::push(const publish::LiveUpdate& update) {
    std::lock_guard lock(m_impl->mutex);
    if (!m_impl->admit()) return;
    m_impl->queue.push_back(Item{false, update, {}});
    if (m_impl->queue.size() == 1) m_impl->wake.notify_one();
}

void UiPusher::notify(NoticeLevel level, std::string title, std::string message) {
    Struct notice{{"level", toString(level)}, {"title", std::move(title)}, {"message", std::move(message)}};
    std::lock_guard lock(m_impl->mutex);
    if (!m_impl->admit()) return;
    m_impl->queue.push_back(Item{true, {}, std::move(notice)});
    if (m_impl->queue.size() == 1) m_impl->wake.notify_one();
}

void UiPusher::stop() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
        m_impl->queue.clear();
    }
    m_impl->wake.notify_all();
    detail::joinOnce(m_impl->joinMutex, m_impl->thread);
}

std::uint64_t UiPusher::dropped() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->dropped;
}

std::uint64_t UiPusher::sent() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->sent;
}

}  // namespace hostbridge
