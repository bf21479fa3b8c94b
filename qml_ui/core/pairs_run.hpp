#pragma once
// PairsRun: a validation or a publish (protocol.md, "The UI drives a run"): the pairs of the
// plug-ins with minOrder <= order < maxOrder not processed since the reset, in order, one
// process() at a time. Before the first pair of each new order the host's test() is asked; a
// string answer stops the run with that reason. A stop lets the pair in flight finish. A run
// that ends (not stopped by the artist, not broken by a fault) emits "validated" / "published".
// After each plug-in's last pair the context is read again and the rest of the run planned
// anew from it (pyblish-qml reads it after every process(): instances a plug-in adds, removes
// or switches off are shown, and the later plug-ins follow them).
//
// Threads: the GUI thread. Made and owned by PublishController for one run.

#include <QObject>
#include <QString>

#include <cstddef>
#include <string>
#include <vector>

#include "publish_items.hpp"

namespace hostbridge::ui {

class PublishController;

class PairsRun : public QObject {
public:
    PairsRun(PublishController& controller, double minOrder, double maxOrder);
    void start();

private:
    // The pair at `index` next: asks test() first when its order is new, ends after the last.
    void step(std::size_t index);
    void process(std::size_t index);
    // The plan from the plug-ins after `pluginId` on, against the instances shown now.
    void planAfter(const std::string& pluginId);
    void end();
    // Validating or publishing: the words and the event of each.
    bool validating() const;
    QString what() const;

    PublishController& m_c;
    double m_minOrder;
    double m_maxOrder;
    std::vector<Pair> m_plan;
    double m_lastOrder;  // the order test() last let through
};

}  // namespace hostbridge::ui
