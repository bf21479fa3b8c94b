#pragma once
// Private: ends a worker thread once, whichever thread stops its owner first.

#include <mutex>
#include <thread>

namespace hostbridge::detail {

// Joins `thread` under `joinMutex`: two threads may stop one object (Host::stop and a
// destructor), and a thread must be joined once. A worker that stops its own owner detaches
// itself instead of joining itself.
inline void joinOnce(std::mutex& joinMutex, std::thread& thread) {
    std::lock_guard joining(joinMutex);
    if (!thread.joinable()) return;
    if (thread.get_id() == std::this_thread::get_id()) thread.detach();
    else thread.join();
}

}  // namespace hostbridge::detail
