#pragma once
// AutoRun: show's settings autoValidate and autoPublish (pyblish-qml 1.x): once the reset that
// show started has ended well, validate or publish as if the button were clicked (autoPublish
// wins: a publish validates first). Only that reset's: a failed or stopped reset, a kept
// session shown instead (its results are there already) or any other run ending first disarms it.
//
// Threads: a GUI-thread object; it only reacts to PublishController::runFinished.

#include <QObject>

#include "publish_controller.hpp"

namespace hostbridge::ui {

class AutoRun : public QObject {
    Q_OBJECT
public:
    enum class Step { None, Validate, Publish };

    explicit AutoRun(PublishController& publishController, QObject* parent = nullptr);

    // What the next show asked for; call before that show reaches the controller.
    void arm(bool autoValidate, bool autoPublish);
    Step armed() const { return m_step; }

private:
    void onRunFinished(PublishController::Phase phase, bool ok);

    PublishController& m_publishController;
    Step m_step = Step::None;
};

}  // namespace hostbridge::ui
