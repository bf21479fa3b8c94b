#pragma once
// A Result of the host's process() or repair() (protocol.md, "Data shapes"), read into what the
// detail page and the log show. Plain C++: the shapes are tested on their own.

#include <optional>
#include <string>
#include <vector>

#include <hostbridge/log_level.hpp>
#include <hostbridge/value.hpp>

namespace hostbridge::ui {

// A Record (a log line of the plug-in). Missing members read as empty / 0.
struct ResultRecord {
    int level = static_cast<int>(LogLevel::Info);  // levelno as sent: Python allows any number (25)
    std::string levelName;                         // levelname, else derived from level
    std::string message;
    std::string name;  // the logger's name
    int lineno = 0;
};

// A Result's Error: where the plug-in failed.
struct ResultError {
    std::string message;
    std::string file;      // fname
    int line = 0;          // line_number
    std::string function;  // func
};

// What kind of call produced a result: a run's process(), an action, or repair().
enum class ResultKind { Process, Action, Repair };

struct RunResult {
    ResultKind kind = ResultKind::Process;
    std::string pluginId;
    std::string instanceId;   // empty: the context
    std::string pluginLabel;  // kept: ids and rows change on every reset
    std::string instanceLabel;
    std::string actionLabel;  // for ResultKind::Action
    bool success = true;
    std::optional<ResultError> error;
    std::vector<ResultRecord> records;
    double durationMs = 0;
};

// Reads one Record struct (also as publish_update pushes it); same tolerance as below.
ResultRecord readResultRecord(const Value& record);

// Reads error, records and duration of a Result value (success is false with an error, or
// when the host says so). Tolerant: members of the wrong type read as missing, as pyblish
// hosts differ in what they add.
RunResult readRunResult(const Value& result);

// "message (file, line N, in func)", with the parts that are known.
std::string describeError(const ResultError& error);

// "debug", "info", "warning", "error" or "critical": the level band of a levelno (logLevelOf).
const char* levelBand(int level);

}  // namespace hostbridge::ui
