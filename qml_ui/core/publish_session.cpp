#include "publish_session.hpp"

#include <algorithm>

namespace hostbridge::ui {
namespace {

int severity(ItemState s) {
    switch (s) {
    case ItemState::Failed: return 4;
    case ItemState::Warning: return 3;
    case ItemState::Passed: return 2;
    case ItemState::Processing: return 1;
    case ItemState::Idle: return 0;
    }
    return 0;
}

std::string pairKey(const Pair& p) { return p.pluginId + "|" + p.instanceId; }

}  // namespace

void PublishSession::clear() {
    m_ready = m_validated = m_published = false;
    m_processed.clear();
    m_ordersWithError.clear();
    m_outcomes.clear();
}

void PublishSession::noteOutcome(const Pair& pair, ItemState state, const QString& error) {
    if (state == ItemState::Failed) noteOrderWithError(pair.order);
    m_outcomes.push_back({pair, state, error});
}

void PublishSession::noteOrderWithError(double order) {
    if (std::find(m_ordersWithError.begin(), m_ordersWithError.end(), order) == m_ordersWithError.end())
        m_ordersWithError.push_back(order);
}

void PublishSession::markProcessed(const Pair& pair) { m_processed.insert(pairKey(pair)); }

bool PublishSession::processed(const Pair& pair) const { return m_processed.count(pairKey(pair)) > 0; }

std::vector<Pair> PublishSession::unprocessed(const std::vector<Pair>& plan) const {
    std::vector<Pair> out;
    for (const Pair& p : plan)
        if (!processed(p)) out.push_back(p);
    return out;
}

bool PublishSession::allProcessed(const std::vector<Pair>& plan) const {
    return !plan.empty() && std::all_of(plan.begin(), plan.end(), [this](const Pair& p) { return processed(p); });
}

template <typename Touches>
PublishSession::RowState PublishSession::rowOf(Touches touches) const {
    // Rows keep the worst state since the reset: a plug-in that failed on one instance stays
    // failed. The first error of a row stays its message.
    RowState row;
    for (const Outcome& o : m_outcomes) {
        if (!touches(o.pair)) continue;
        if (severity(o.state) >= severity(row.state)) row.state = o.state;
        if (row.error.isEmpty()) row.error = o.error;
    }
    return row;
}

PublishSession::RowState PublishSession::pluginRow(const std::string& pluginId) const {
    return rowOf([&](const Pair& p) { return p.pluginId == pluginId; });
}

PublishSession::RowState PublishSession::instanceRow(const std::string& instanceId,
                                                     const std::string& contextId) const {
    return rowOf([&](const Pair& p) { return (p.instanceId.empty() ? contextId : p.instanceId) == instanceId; });
}

std::vector<Pair> PublishSession::failedPairsOf(const std::string& pluginId) const {
    std::vector<Pair> plan;
    for (const Outcome& o : m_outcomes) {
        const bool planned =
            std::any_of(plan.begin(), plan.end(), [&](const Pair& p) { return pairKey(p) == pairKey(o.pair); });
        if (o.pair.pluginId == pluginId && o.state == ItemState::Failed && !planned) plan.push_back(o.pair);
    }
    return plan;
}

void PublishSession::forgetRepaired(const std::vector<Pair>& repaired) {
    for (const Pair& pair : repaired) {
        m_processed.erase(pairKey(pair));
        m_outcomes.erase(std::remove_if(m_outcomes.begin(), m_outcomes.end(),
                                        [&](const Outcome& o) { return pairKey(o.pair) == pairKey(pair); }),
                         m_outcomes.end());
    }
    m_ordersWithError.clear();
    for (const Outcome& o : m_outcomes)
        if (o.state == ItemState::Failed) noteOrderWithError(o.pair.order);
    if (!repaired.empty()) m_validated = m_published = false;
}

bool PublishSession::failedAfterCollecting() const {
    return std::any_of(m_ordersWithError.begin(), m_ordersWithError.end(), [](double order) { return order >= 1; });
}

const PublishSession::Outcome* PublishSession::validationFailure() const {
    const auto it = std::find_if(m_outcomes.begin(), m_outcomes.end(), [](const Outcome& o) {
        return o.state == ItemState::Failed && o.pair.order >= 1 && o.pair.order < 2;
    });
    return it == m_outcomes.end() ? nullptr : &*it;
}

}  // namespace hostbridge::ui
