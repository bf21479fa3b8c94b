#pragma once
// Private: the memory all requests and answers of one Server may hold at once
// (docs/security.md, "Memory"), and handing freed memory back to the system.

#include <atomic>
#include <cstddef>

namespace hostbridge::detail {

class MemoryBudget {
public:
    explicit MemoryBudget(std::size_t limit) : m_limit(limit) {}
    MemoryBudget(const MemoryBudget&) = delete;
    MemoryBudget& operator=(const MemoryBudget&) = delete;

    std::size_t limit() const { return m_limit; }
    std::size_t used() const { return m_used; }

    // Bytes held against a budget while it lives. One thread uses a Reservation; any number
    // of them share a budget.
    class Reservation {
    public:
        explicit Reservation(MemoryBudget& budget) : m_budget(budget) {}
        ~Reservation() { m_budget.m_used -= m_bytes; }
        Reservation(const Reservation&) = delete;
        Reservation& operator=(const Reservation&) = delete;

        // Holds `bytes` instead of what it held. False, changing nothing, when the budget's
        // other holders and `bytes` together would pass its limit.
        bool tryHold(std::size_t bytes);
        // Holds `bytes` instead of what it held, whatever the limit: for memory that exists
        // already (an answer made), which new work must then see.
        void hold(std::size_t bytes);
        std::size_t bytes() const { return m_bytes; }

    private:
        MemoryBudget& m_budget;
        std::size_t m_bytes = 0;
    };

private:
    const std::size_t m_limit;
    std::atomic<std::size_t> m_used{0};
};

// Hands the heap's free pages back to the system (glibc's malloc_trim), so the peak of one
// large request does not stay resident. Slow (milliseconds): call after answering, never
// before. One thread at a time trims; a call while another trims returns at once.
void releaseFreedMemory();

}  // namespace hostbridge::detail
