#include "host_link.hpp"

#include <QMetaObject>
#include <QPointer>

#include <condition_variable>
#include <deque>
#include <mutex>

#include <hostbridge/connection_file.hpp>
#include <hostbridge/protocol.hpp>
#include <hostbridge/url.hpp>

namespace hostbridge::ui {

// What the worker and the GUI thread share. The worker keeps it alive by its own shared_ptr,
// so a worker left running past the destructor touches nothing that is gone.
namespace {

// The Unix socket the host serving `port` with `token` offers in its connection file; empty
// when no live file of ours says so (a pyblish host, a host started without one).
std::string socketOfHost(int port, const std::string& token) {
    try {
        for (const ConnectionInfo& info : ConnectionFile::list(protocol::kHostKind))
            if (info.port == port && info.token == token) return info.socket;
    } catch (const std::exception&) {
        // No usable runtime directory: the port still reaches the host.
    }
    return {};
}

}  // namespace

struct HostLink::Shared {
    struct Job {
        std::uint64_t generation;
        std::string url;
        std::string token;
        std::string method;
        Array params;
        std::chrono::milliseconds timeout;
        std::function<void(CallResult&&, const CallTiming&)> deliver;  // posts to the GUI thread
    };
    std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable finished;
    std::deque<Job> jobs;
    bool stopping = false;
    bool workerDone = false;
};

HostLink::HostLink(QObject* parent) : QObject(parent), m_shared(std::make_shared<Shared>()) {
    m_worker = std::thread([shared = m_shared] { runWorker(shared); });
}

HostLink::~HostLink() {
    std::unique_lock<std::mutex> lock(m_shared->mutex);
    m_shared->stopping = true;
    m_shared->jobs.clear();
    m_shared->wake.notify_all();
    // A call in flight ends within its timeout; the GUI must not wait that long to close.
    const bool done = m_shared->finished.wait_for(lock, kShutdownWait, [this] { return m_shared->workerDone; });
    lock.unlock();
    if (done) m_worker.join();
    else m_worker.detach();
}

void HostLink::setTarget(int port, const std::string& token) {
    m_port = port;
    m_token = token;
    m_socketPath = port > 0 ? socketOfHost(port, token) : std::string();
    if (m_socketPath.empty()) {
        m_url = "http://127.0.0.1:" + std::to_string(port) + protocol::kPyblishPath;
    } else {
        Url url;
        url.socketPath = m_socketPath;
        url.path = protocol::kPyblishPath;
        m_url = url.printable();
    }
    ++m_generation;
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    m_shared->jobs.clear();  // for the old host: its ids mean nothing to the new one
    m_pending = 0;
    m_waitingSince.reset();
    emit pendingChanged();
}

void HostLink::call(const std::string& method, Array params, Callback done, std::chrono::milliseconds timeout) {
    if (m_pending++ == 0) m_waitingSince = std::chrono::steady_clock::now();
    emit pendingChanged();
    const std::uint64_t generation = m_generation;
    if (m_port <= 0) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, done] {
            const auto now = std::chrono::steady_clock::now();
            deliver(generation, done, CallResult(Fault(FaultCode::TransportError, "no host to call yet")), {now, now});
            },
            Qt::QueuedConnection);
        return;
    }
    Shared::Job job;
    job.generation = generation;
    job.url = m_url;
    job.token = m_token;
    job.method = method;
    job.params = std::move(params);
    job.timeout = timeout;
    // Runs on the worker with the shared mutex held and `stopping` false, so `this` is alive
    // while the event is posted; a posted event for a destroyed HostLink is dropped by Qt.
    // The result is moved, never copied: a 10,000-instance context is tens of MB of Values.
    job.deliver = [this, generation, done](CallResult&& result, const CallTiming& timing) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, done, result = std::move(result), timing] { deliver(generation, done, result, timing); },
            Qt::QueuedConnection);
    };
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    m_shared->jobs.push_back(std::move(job));
    m_shared->wake.notify_one();
}

void HostLink::deliver(std::uint64_t generation, const Callback& done, const CallResult& result,
                       const CallTiming& timing) {
    if (generation != m_generation) return;  // for an earlier target; m_pending was reset then
    m_lastCallTiming = timing;
    --m_pending;
    if (m_pending > 0) m_waitingSince = std::chrono::steady_clock::now();
    else m_waitingSince.reset();
    emit pendingChanged();
    // A timeout says nothing either way: a busy host and a hung one look the same.
    if (result) emit answered(m_port);
    else if (result.fault().code() == FaultCode::TransportError) emit unreachable(m_port);
    else if (result.fault().code() != FaultCode::Timeout) emit answered(m_port);
    if (done) done(result);
}

void HostLink::runWorker(std::shared_ptr<Shared> shared) {
    std::unique_ptr<Client> client;
    std::string clientUrl, clientToken;
    std::unique_lock<std::mutex> lock(shared->mutex);
    for (;;) {
        shared->wake.wait(lock, [&] { return shared->stopping || !shared->jobs.empty(); });
        if (shared->stopping) break;
        Shared::Job job = std::move(shared->jobs.front());
        shared->jobs.pop_front();
        lock.unlock();
        std::optional<CallResult> result;
        CallTiming timing;
        timing.sent = std::chrono::steady_clock::now();
        try {
            if (!client || clientUrl != job.url || clientToken != job.token) {
                client = std::make_unique<Client>(job.url, job.token, job.timeout);
                clientUrl = job.url;
                clientToken = job.token;
            }
            result.emplace(client->callWithParams(job.method, job.params, job.timeout));
        } catch (const std::exception& e) {
            result.emplace(Fault(FaultCode::TransportError, e.what()));
        }
        timing.received = std::chrono::steady_clock::now();
        lock.lock();
        if (shared->stopping) break;
        // A call that failed on the transport leaves the connection in doubt: start afresh.
        if (result->isFault() && result->fault().code() <= FaultCode::TransportError &&
            result->fault().code() >= FaultCode::InvalidResponse)
            client.reset();
        job.deliver(std::move(*result), timing);
    }
    shared->workerDone = true;
    shared->finished.notify_all();
}

}  // namespace hostbridge::ui
