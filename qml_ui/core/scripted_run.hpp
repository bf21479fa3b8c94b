#pragma once
// ScriptedRun: hostbridge-ui's --run option. After each successful reset from a host it runs a
// fixed list of steps, one after the other, as an artist would click them: "validate",
// "repair" (every failed plug-in that has a repair, in plug-in order) and "publish". For demos
// without a display, tests and screenshots.
//
// Threads: a GUI-thread object; it only reacts to PublishController::runFinished.

#include <QObject>

#include <optional>
#include <string>
#include <vector>

#include "publish_controller.hpp"

namespace hostbridge::ui {

class ScriptedRun : public QObject {
    Q_OBJECT
public:
    enum class Step { Validate, Repair, Publish };

    // "validate", "publish", "validate,repair,publish", ...: nullopt for an empty list or an
    // unknown step.
    static std::optional<std::vector<Step>> parse(const std::string& text);

    ScriptedRun(PublishController& publishController, PluginModel& plugins, std::vector<Step> steps,
                QObject* parent = nullptr);

signals:
    // The last step ended (whatever its outcome), after the reset that started the script.
    void finished();

private:
    void onRunFinished(PublishController::Phase phase, bool ok);
    void next();              // starts the next step that has something to do
    bool repairNextFailed();  // starts the repair of the next failed plug-in; false when none

    PublishController& m_publishController;
    PluginModel& m_plugins;
    std::vector<Step> m_steps;
    std::size_t m_next = 0;
    bool m_active = false;
    int m_repairFrom = 0;  // plug-in row the next repair is looked for from
};

}  // namespace hostbridge::ui
