#pragma once
// PublishSession: what the UI knows of a host's session since its last reset, and the rules
// on it (protocol.md, "The UI drives a run"): which pairs were processed and how each ended,
// the state and message a row shows from those outcomes, the orders with an error (what test()
// is told), what a repair plans and what a passed repair takes back, and how far the session
// got (ready, validated, published).
//
// Plain C++ (Qt's strings only): no event loop, no host, no model. PublishController keeps one
// and writes the rows it computes into the models. Threads: one thread, the owner's.

#include <QString>

#include <set>
#include <string>
#include <vector>

#include "publish_items.hpp"

namespace hostbridge::ui {

class PublishSession {
public:
    // One result of a pair: its state, and its error in words when it failed.
    struct Outcome {
        Pair pair;
        ItemState state = ItemState::Idle;
        QString error;
    };
    // What a row shows: the worst state of the outcomes that touch it, the first error.
    struct RowState {
        ItemState state = ItemState::Idle;
        QString error;
    };

    // A fresh session (a reset, another host): nothing known.
    void clear();

    // A result of `pair` (any kind that changes rows: a run's process, a collector's).
    void noteOutcome(const Pair& pair, ItemState state, const QString& error);
    // `pair` counts as processed: a run does not plan it again until a passed repair.
    void markProcessed(const Pair& pair);
    bool processed(const Pair& pair) const;
    // The pairs of `plan` not processed yet, in order.
    std::vector<Pair> unprocessed(const std::vector<Pair>& plan) const;
    // Every pair of `plan` was processed; false for an empty plan.
    bool allProcessed(const std::vector<Pair>& plan) const;

    // The plug-in row of `pluginId`.
    RowState pluginRow(const std::string& pluginId) const;
    // The instance row of `instanceId`; a context pair (no instance) counts for `contextId`.
    RowState instanceRow(const std::string& instanceId, const std::string& contextId) const;

    // The failed pairs of a plug-in, each once, in the order they ran: what its repair runs.
    std::vector<Pair> failedPairsOf(const std::string& pluginId) const;
    // Repairs that passed: their pairs are not processed any more (the next validation runs
    // them again) and their failures no longer stand, nor stop a publish through test().
    void forgetRepaired(const std::vector<Pair>& repaired);

    // The orders of failed pairs, each once, in the order they failed (test()'s ordersWithError).
    const std::vector<double>& ordersWithError() const { return m_ordersWithError; }
    // A pair after collection (order >= 1) failed.
    bool failedAfterCollecting() const;
    // The first failed validation (1 <= order < 2) that still stands, in the order they ran;
    // nullptr when none. pyblish stops a publish after it (the host's default test()).
    const Outcome* validationFailure() const;
    const std::vector<Outcome>& outcomes() const { return m_outcomes; }

    // The reset completed (or was stopped with what it collected): plug-ins and instances known.
    bool ready() const { return m_ready; }
    void setReady(bool ready) { m_ready = ready; }
    bool validated() const { return m_validated; }
    void setValidated(bool validated) { m_validated = validated; }
    bool published() const { return m_published; }
    void setPublished(bool published) { m_published = published; }

private:
    template <typename Touches>
    RowState rowOf(Touches touches) const;
    void noteOrderWithError(double order);

    bool m_ready = false;
    bool m_validated = false;
    bool m_published = false;
    std::set<std::string> m_processed;  // "pluginId|instanceId"
    std::vector<double> m_ordersWithError;
    std::vector<Outcome> m_outcomes;  // in the order they came
};

}  // namespace hostbridge::ui
