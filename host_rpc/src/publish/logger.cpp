#include "hostbridge/host_rpc/publish/logger.hpp"

#include <chrono>

namespace hostbridge::publish {

namespace {

double secondsSinceEpoch() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

void Logger::log(LogLevel level, const std::string& message, int line) {
    m_records.push_back(Record{m_name, level, message, secondsSinceEpoch(), line});
    if (!m_listener) return;
    LiveUpdate update;
    update.index = static_cast<int>(m_records.size()) - 1;
    update.record = m_records.back();
    tell(std::move(update));
}

void Logger::progress(int done, int total, const std::string& message) {
    if (!m_listener) return;
    LiveUpdate update;
    update.kind = LiveUpdate::Kind::Progress;
    update.done = done;
    update.total = total;
    update.message = message;
    tell(std::move(update));
}

void Logger::tell(LiveUpdate update) const {
    update.pluginId = m_pluginId;
    update.instanceId = m_instanceId;
    update.call = m_call;
    try {
        m_listener(update);
    } catch (...) {
        // Live reporting is a courtesy to the UI: it must never fail the plug-in.
    }
}

}  // namespace hostbridge::publish
