#pragma once
// Logger: what a plug-in logs with, its Records, and the LiveUpdates a live listener sees while
// the plug-in runs.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/publish/caller.hpp"
#include "hostbridge/log_level.hpp"

namespace hostbridge::publish {

// One log line of a plug-in (a Python logging.LogRecord on the wire).
struct HOSTBRIDGE_HOST_RPC_EXPORT Record {
    std::string name;  // the plug-in's name
    LogLevel level = LogLevel::Info;
    std::string message;
    double created = 0;  // seconds since the Unix epoch
    int line = 0;        // the caller's line (0 where the compiler cannot tell)
};

// A record or a progress report of a running plug-in, handed to the live listener as it
// happens (Publisher::setLiveListener); the UI link pushes it to the UI (publish_update).
struct HOSTBRIDGE_HOST_RPC_EXPORT LiveUpdate {
    enum class Kind { Record, Progress };
    Kind kind = Kind::Record;
    std::string pluginId;
    std::string instanceId;  // empty: the context
    // The run (process, action or repair) it belongs to: rises with every run of a Publisher,
    // and the Result carries it too, so a UI tells a late update of a finished run from one of
    // the next run of the same pair.
    std::uint64_t call = 0;
    int index = 0;  // Record: its index in this call's records, the same as in the Result
    Record record;  // Record only
    int done = 0;   // Progress only: done of total, and what is being done
    int total = 0;
    std::string message;
};
// Called on the plug-in's thread, synchronously, for every LiveUpdate: it must be cheap and
// must not throw (an exception is ignored, so live reporting never fails a plug-in).
using LiveListener = std::function<void(const LiveUpdate& update)>;

// What a plug-in logs with; one per process() call, its records go into the Result.
class HOSTBRIDGE_HOST_RPC_EXPORT Logger {
public:
    explicit Logger(std::string name) : m_name(std::move(name)) {}
    // Also hands every record and progress to `listener` at once, tagged with these ids
    // (what Publisher does when it has a live listener).
    Logger(std::string name, LiveListener listener, std::string pluginId, std::string instanceId, std::uint64_t call)
        : m_name(std::move(name)), m_listener(std::move(listener)), m_pluginId(std::move(pluginId)),
          m_instanceId(std::move(instanceId)), m_call(call) {}
    void debug(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) { log(LogLevel::Debug, message, line); }
    void info(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) { log(LogLevel::Info, message, line); }
    void warning(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) {
        log(LogLevel::Warning, message, line);
    }
    void error(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) { log(LogLevel::Error, message, line); }
    void critical(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) {
        log(LogLevel::Critical, message, line);
    }
    void log(LogLevel level, const std::string& message, int line = 0);
    // How far the plug-in is: `done` of `total` steps, and what it does now. Live only (to the
    // listener; not a record, not in the Result); without a listener it does nothing.
    void progress(int done, int total, const std::string& message = {});
    const std::vector<Record>& records() const { return m_records; }

private:
    void tell(LiveUpdate update) const;

    std::string m_name;
    std::vector<Record> m_records;
    LiveListener m_listener;
    std::string m_pluginId;
    std::string m_instanceId;
    std::uint64_t m_call = 0;
};

}  // namespace hostbridge::publish
