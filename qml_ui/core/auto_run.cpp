#include "auto_run.hpp"

#include <QMetaObject>

namespace hostbridge::ui {

AutoRun::AutoRun(PublishController& publishController, QObject* parent)
    : QObject(parent), m_publishController(publishController) {
    connect(&m_publishController, &PublishController::runFinished, this, &AutoRun::onRunFinished);
}

void AutoRun::arm(bool autoValidate, bool autoPublish) {
    m_step = autoPublish ? Step::Publish : autoValidate ? Step::Validate : Step::None;
}

void AutoRun::onRunFinished(PublishController::Phase phase, bool ok) {
    const Step step = m_step;
    m_step = Step::None;
    if (step == Step::None || phase != PublishController::Phase::Resetting || !ok) return;
    // Queued: the controller ends its own bookkeeping of the reset before the run starts.
    QMetaObject::invokeMethod(
        this,
        [this, step] {
        if (step == Step::Publish) m_publishController.publish();
        else m_publishController.validate();
        },
        Qt::QueuedConnection);
}

}  // namespace hostbridge::ui
