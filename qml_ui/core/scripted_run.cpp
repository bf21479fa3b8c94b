#include "scripted_run.hpp"

#include <QMetaObject>

#include <sstream>

namespace hostbridge::ui {

std::optional<std::vector<ScriptedRun::Step>> ScriptedRun::parse(const std::string& text) {
    std::vector<Step> steps;
    std::istringstream in(text);
    std::string word;
    while (std::getline(in, word, ',')) {
        if (word == "validate") steps.push_back(Step::Validate);
        else if (word == "repair") steps.push_back(Step::Repair);
        else if (word == "publish") steps.push_back(Step::Publish);
        else return std::nullopt;
    }
    if (steps.empty()) return std::nullopt;
    return steps;
}

ScriptedRun::ScriptedRun(PublishController& publishController, PluginModel& plugins, std::vector<Step> steps,
                         QObject* parent)
    : QObject(parent), m_publishController(publishController), m_plugins(plugins), m_steps(std::move(steps)) {
    connect(&m_publishController, &PublishController::runFinished, this, &ScriptedRun::onRunFinished);
}

void ScriptedRun::onRunFinished(PublishController::Phase phase, bool ok) {
    if (phase == PublishController::Phase::Resetting) {
        m_active = ok;
        m_next = 0;
        m_repairFrom = 0;
    } else if (!m_active || phase == PublishController::Phase::Resuming) {
        return;  // an artist's own run, or a kept session shown: not the script's business
    }
    if (!m_active) return;
    // Queued: the controller finishes its own bookkeeping (and --screenshot its grab request)
    // before the next step starts.
    QMetaObject::invokeMethod(this, &ScriptedRun::next, Qt::QueuedConnection);
}

void ScriptedRun::next() {
    while (m_next < m_steps.size()) {
        const Step step = m_steps[m_next];
        if (step == Step::Repair) {
            if (repairNextFailed()) return;  // the same step goes on with the next failed plug-in
            ++m_next;
            continue;
        }
        ++m_next;
        if (step == Step::Validate ? m_publishController.validate() : m_publishController.publish()) return;
    }
    m_active = false;
    emit finished();
}

bool ScriptedRun::repairNextFailed() {
    while (m_repairFrom < m_plugins.count()) {
        const int row = m_repairFrom++;
        const bool failed = m_plugins.index(row).data(PluginModel::StateRole).toString() == QLatin1String("failed");
        if (failed && m_plugins.items()[static_cast<std::size_t>(row)].hasRepair && m_publishController.repair(row))
            return true;
    }
    return false;
}

}  // namespace hostbridge::ui
