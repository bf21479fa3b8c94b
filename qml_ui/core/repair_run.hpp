#pragma once
// RepairRun: repair(plugin, instance) for each failed pair of a plug-in (instance nil for a
// context plug-in), one at a time. The pairs whose repair passes are forgotten by the session
// at the end (PublishSession::forgetRepaired): Validate runs them again. A stop lets the repair
// in flight finish.
//
// Threads: the GUI thread. Made and owned by PublishController for one run.

#include <QObject>

#include <cstddef>
#include <vector>

#include "publish_items.hpp"

namespace hostbridge::ui {

class PublishController;

class RepairRun : public QObject {
public:
    RepairRun(PublishController& controller, std::vector<Pair> plan);
    void start();

private:
    void repair(std::size_t index);
    void end();

    PublishController& m_c;
    std::vector<Pair> m_plan;
    std::vector<Pair> m_repaired;  // repairs that passed
};

}  // namespace hostbridge::ui
