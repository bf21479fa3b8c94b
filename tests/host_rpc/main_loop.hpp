#pragma once
// Test helper: a stand-in for a DCC's main thread. A thread that pumps a PumpedExecutor, and
// can be blocked (as a DCC is during a long evaluation) until released.
#include <hostbridge/host_rpc/pumped_executor.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace hostbridge::test {

class MainLoop {
public:
    MainLoop() : m_executor(std::make_shared<PumpedExecutor>()) {
        m_thread = std::thread([this] {
            m_id = std::this_thread::get_id();
            m_started = true;
            while (!m_quit) {
                m_executor->waitForWork(std::chrono::milliseconds(5));
                m_executor->pump();
            }
        });
        // Bounded: the thread sets the flag as its first action.
        for (int i = 0; i < 1000 && !m_started; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~MainLoop() {
        release();
        m_quit = true;
        m_thread.join();
    }

    std::shared_ptr<PumpedExecutor> executor() const { return m_executor; }
    std::thread::id id() const { return m_id; }

    // Blocks the main thread until release() (or a 30 s safety bound); returns once it is blocked.
    void block() {
        {
            std::lock_guard lock(m_mutex);
            m_blocked = false;
            m_released = false;
        }
        m_executor->post([this] {
            std::unique_lock lock(m_mutex);
            m_blocked = true;
            m_changed.notify_all();
            m_changed.wait_for(lock, std::chrono::seconds(30), [this] { return m_released; });
            m_blocked = false;
        });
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, std::chrono::seconds(10), [this] { return m_blocked; });
    }
    void release() {
        {
            std::lock_guard lock(m_mutex);
            m_released = true;
        }
        m_changed.notify_all();
    }
    // Runs everything posted so far and returns once it has (bounded).
    void drain() {
        struct Flag {
            std::mutex mutex;
            std::condition_variable done;
            bool ran = false;
        };
        auto flag = std::make_shared<Flag>();  // shared: the task may outlive a timed-out wait
        m_executor->post([flag] {
            std::lock_guard lock(flag->mutex);
            flag->ran = true;
            flag->done.notify_all();
        });
        std::unique_lock lock(flag->mutex);
        flag->done.wait_for(lock, std::chrono::seconds(10), [&] { return flag->ran; });
    }

private:
    std::shared_ptr<PumpedExecutor> m_executor;
    std::thread m_thread;
    std::atomic<std::thread::id> m_id{};
    std::atomic<bool> m_started{false};
    std::atomic<bool> m_quit{false};
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_blocked = false;
    bool m_released = false;
};

}  // namespace hostbridge::test
