#pragma once
// ItemHistory: every result since the last reset (process, action, repair), so a plug-in's or an
// instance's detail page can show its errors, records and durations.
//
// Threads: a GUI-thread object; PublishController adds to it as the host's answers arrive.

#include <QObject>

#include <string>
#include <vector>

#include "run_result.hpp"

namespace hostbridge::ui {

class ItemHistory : public QObject {
    Q_OBJECT
public:
    explicit ItemHistory(QObject* parent = nullptr) : QObject(parent) {}

    void add(RunResult result);
    // A reset: every id the results name is gone.
    void clear();
    const std::vector<RunResult>& results() const { return m_results; }
    // The results of one plug-in, or of one instance ("" for the context), oldest first.
    std::vector<const RunResult*> ofPlugin(const std::string& pluginId) const;
    std::vector<const RunResult*> ofInstance(const std::string& instanceId) const;

signals:
    void changed();

private:
    std::vector<RunResult> m_results;
};

}  // namespace hostbridge::ui
