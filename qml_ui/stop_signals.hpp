#pragma once
// StopSignals: SIGINT, SIGTERM and SIGHUP become a Qt signal on the GUI thread, so the UI
// quits through the same clean path as quit() (server stopped, connection file removed).
//
// Threads: create once, on the GUI thread. The handler only writes one byte to a pipe (the one
// thing a signal handler may safely do); a QSocketNotifier reads it on the GUI thread.

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace hostbridge::ui {

class StopSignals : public QObject {
    Q_OBJECT
public:
    explicit StopSignals(QObject* parent = nullptr);
    ~StopSignals() override;

signals:
    void stopRequested(int signalNumber);

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

}  // namespace hostbridge::ui
