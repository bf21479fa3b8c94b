#include "memory_budget.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hostbridge::detail {

bool MemoryBudget::Reservation::tryHold(std::size_t bytes) {
    std::size_t used = m_budget.m_used.load();
    do {
        const std::size_t others = used - m_bytes;
        if (bytes > m_budget.m_limit || others > m_budget.m_limit - bytes) return false;
    } while (!m_budget.m_used.compare_exchange_weak(used, used - m_bytes + bytes));
    m_bytes = bytes;
    return true;
}

void MemoryBudget::Reservation::hold(std::size_t bytes) {
    m_budget.m_used += bytes;
    m_budget.m_used -= m_bytes;
    m_bytes = bytes;
}

void releaseFreedMemory() {
#if defined(__GLIBC__)
    static std::atomic<bool> trimming{false};
    if (trimming.exchange(true)) return;
    ::malloc_trim(0);
    trimming = false;
#endif
}

}  // namespace hostbridge::detail
