#include "client_caller.hpp"

#include "hostbridge/client.hpp"
#include "process.hpp"

namespace hostbridge::detail {

void ClientCaller::send(const ClientRegistry::Target& target, ClientCommand command) {
    {
        std::lock_guard lock(m_mutex);
        if (!m_stopping && m_jobs.size() < kCapacity) {
            m_jobs.push_back(Job{target, command});
            if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
            m_wake.notify_one();
            return;
        }
    }
    m_registry.undelivered(target.id, command);
}

void ClientCaller::stop() {
    std::lock_guard joining(m_joinMutex);
    std::deque<Job> dropped;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        dropped.swap(m_jobs);
    }
    m_wake.notify_all();
    // m_thread is read by send() only while m_stopping is false, so joining it here is safe.
    if (m_thread.joinable()) m_thread.join();
    for (const Job& job : dropped) m_registry.undelivered(job.target.id, job.command);
    std::lock_guard lock(m_mutex);
    m_stopping = false;
}

void ClientCaller::run() {
    nameCurrentThread("hb-clients");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
        if (m_stopping) return;
        const Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();
        bool answered = false;
        try {
            // A fresh connection per command: commands are rare, and a client that reset
            // itself has dropped any connection we kept.
            Client client("http://127.0.0.1:" + std::to_string(job.target.port) + "/", job.target.token, kCallTimeout);
            answered = static_cast<bool>(client.callWithParams(
                job.command == ClientCommand::Reset ? "hostbridge.reset" : "hostbridge.disconnect", Array{}));
        } catch (const std::exception&) {
            answered = false;  // no exception leaves this thread; the heartbeat carries the command
        }
        if (answered) m_registry.delivered(job.target.id, job.command);
        else m_registry.undelivered(job.target.id, job.command);
        lock.lock();
    }
}

}  // namespace hostbridge::detail
