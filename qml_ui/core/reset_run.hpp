#pragma once
// ResetRun: the reset sequence (protocol.md): stats, reset, context, discover, each active
// collector followed by context, then context, stats and emit("reset"). Each step is one host
// call whose answer starts the next; a fault ends the run (PublishController::callHost).
// A stop lets the collector in flight finish; what was collected can then be validated.
//
// Threads: the GUI thread. Made and owned by PublishController for one run.

#include <QObject>

#include <cstddef>
#include <vector>

#include "publish_items.hpp"

namespace hostbridge::ui {

class PublishController;

class ResetRun : public QObject {
public:
    explicit ResetRun(PublishController& controller);
    void start();

private:
    void resetHost();
    void discover();
    void collect(std::size_t collector);
    void finishCollecting();

    PublishController& m_c;
    std::vector<PluginInfo> m_collectors;  // the active collectors of the plug-ins discovered
};

}  // namespace hostbridge::ui
