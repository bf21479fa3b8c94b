#include "ui_automation.hpp"

#include <algorithm>

#include <hostbridge/fault.hpp>

#include "host_registry.hpp"
#include "hosts_controller.hpp"
#include "publish_controller.hpp"

namespace hostbridge::ui {

UiAutomation::UiAutomation(UiFunctions& functions, PublishController& publishController, HostRegistry& hosts,
                           HostsController& hostsController)
    : m_publishController(publishController), m_hosts(hosts) {
    functions.bind(
        "ui.timings", [this] { return timings().report(); },
        "ui.timings(): the UI's own figures (docs/performance.md, P4 P5 P8): {processStartedAt, mainAt, servingAt, "
        "firstFrameAt, now (CLOCK_MONOTONIC seconds; 0: not yet), frames, longestFrameGapMs (since ui.markFrames), "
        "context: {rows, callMs (the wire), replyToModelMs, replyToFrameMs (-1: no frame yet)} of the last context() "
        "answer that replaced the rows, runs: [{phase, ok, startedAt, endedAt, ms}] (the last 8), rssKb, peakRssKb}.");
    functions.bind(
        "ui.markFrames",
        [this](bool continuous) {
        timings().mark(continuous);
        return true;
        },
        "ui.markFrames(continuous): counts frames and the longest gap between two afresh; with continuous true the "
        "window renders every 16 ms until the next mark, so the longest gap shows how long it stood still.");
    functions.bind(
        "ui.state", [this] { return state(); },
        "ui.state(): what the window shows now: {phase, status, hasError, done, total, hostPort, live, "
        "liveFraction, logLines, comment, targets} (hostPort 0: no host; live: the running plug-in's progress or "
        "last record, liveFraction -1 when unknown; comment: the publish's; targets: the host's, besides "
        "default).");
    functions.bind(
        "ui.setComment",
        [this](const std::string& text, std::optional<std::string> instance) { return setComment(text, instance); },
        "ui.setComment(text[, instance]): what the artist typing `text` in the comment box does (the publish's "
        "comment), or in the comment of the instance with that name or label; false when there is no such "
        "instance or a run goes on.");
    functions.bind(
        "ui.run", [this](const std::string& step) { return run(step); },
        "ui.run(step): what the button of that name does: \"reset\", \"validate\", \"publish\" or \"stop\"; "
        "true when it started, false when the button is disabled now (no double-firing).");
    functions.bind(
        "ui.switchHost", [&hostsController](int port) { return hostsController.switchTo(port); },
        "ui.switchHost(port): work for the known host on `port`, as the Hosts tab's \"Work for it\" "
        "does; false for an unknown host or while a run goes on.");
    functions.bind(
        "ui.log", [this](int first) { return log(first); },
        "ui.log(first): the Log view's lines from row `first` (at most 1000): [{kind, level, message, plugin, "
        "instance}], kind record, error, event, separator or notice.");
}

FrameTimings& UiAutomation::timings() const {
    if (!m_timings) throw Fault(FaultCode::Busy, "the window is not loaded yet");
    return *m_timings;
}

Struct UiAutomation::state() const {
    Struct state;
    state["phase"] = PublishController::phaseName(m_publishController.phase()).toStdString();
    state["status"] = m_publishController.statusText().toStdString();
    state["hasError"] = m_publishController.hasError();
    state["done"] = m_publishController.progressDone();
    state["total"] = m_publishController.progressTotal();
    state["hostPort"] = m_hosts.currentPort();
    const LiveActivity& live = *m_publishController.live();
    state["live"] = live.text().toStdString();
    state["liveFraction"] = live.fraction();
    state["logLines"] = m_publishController.log().count();
    state["comment"] = m_publishController.comment().toStdString();
    Array targets;
    for (const std::string& target : m_publishController.targets()) targets.emplace_back(target);
    state["targets"] = std::move(targets);
    return state;
}

bool UiAutomation::setComment(const std::string& text, const std::optional<std::string>& instance) {
    if (!instance) {
        if (m_publishController.running()) return false;
        m_publishController.setComment(QString::fromStdString(text));
        return true;
    }
    InstanceModel& instances = m_publishController.instances();
    for (int row = 0; row < instances.count(); ++row) {
        const InstanceInfo& item = instances.items()[static_cast<std::size_t>(row)];
        if (!item.isContext && (item.name == *instance || item.label == *instance))
            return instances.setComment(row, QString::fromStdString(text));
    }
    return false;
}

bool UiAutomation::run(const std::string& step) {
    if (step == "reset") return m_publishController.reset();
    if (step == "validate") return m_publishController.validate();
    if (step == "publish") return m_publishController.publish();
    if (step == "stop") return m_publishController.stop();
    throw Fault(FaultCode::InvalidParams, "params[0]: expected reset, validate, publish or stop");
}

Array UiAutomation::log(int first) const {
    const RunLogModel& log = m_publishController.log();
    Array lines;
    for (int row = std::max(0, first); row < log.count() && static_cast<int>(lines.size()) < kLogPage; ++row) {
        const QModelIndex index = log.index(row);
        Struct line;
        line["kind"] = index.data(RunLogModel::KindRole).toString().toStdString();
        line["level"] = index.data(RunLogModel::LevelRole).toInt();
        line["message"] = index.data(RunLogModel::MessageRole).toString().toStdString();
        line["plugin"] = index.data(RunLogModel::PluginRole).toString().toStdString();
        line["instance"] = index.data(RunLogModel::InstanceRole).toString().toStdString();
        lines.emplace_back(std::move(line));
    }
    return lines;
}

}  // namespace hostbridge::ui
