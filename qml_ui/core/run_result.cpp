#include "run_result.hpp"

namespace hostbridge::ui {
namespace {

std::string stringOf(const Value& s, const char* key) {
    const Value* v = s.find(key);
    return v && v->type() == ValueType::String ? v->asString() : std::string();
}

// Ints and doubles both occur (pyblish sends whole numbers as <int>).
double numberOf(const Value& s, const char* key, double fallback = 0) {
    const Value* v = s.find(key);
    if (!v) return fallback;
    if (v->type() == ValueType::Int || v->type() == ValueType::Double) return v->asDouble();
    return fallback;
}

}  // namespace

const char* levelBand(int level) {
    switch (logLevelOf(level)) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
    case LogLevel::Critical: return "critical";
    }
    return "info";
}

ResultRecord readResultRecord(const Value& r) {
    ResultRecord record;
    record.level = static_cast<int>(numberOf(r, "levelno", static_cast<int>(LogLevel::Info)));
    record.levelName = stringOf(r, "levelname");
    if (record.levelName.empty()) record.levelName = levelBand(record.level);
    record.message = stringOf(r, "message");
    if (record.message.empty()) record.message = stringOf(r, "msg");
    record.name = stringOf(r, "name");
    record.lineno = static_cast<int>(numberOf(r, "lineno"));
    return record;
}

RunResult readRunResult(const Value& result) {
    RunResult out;
    if (result.type() != ValueType::Struct) return out;
    if (const Value* error = result.find("error"); error && error->type() == ValueType::Struct) {
        ResultError e;
        e.message = stringOf(*error, "message");
        e.file = stringOf(*error, "fname");
        e.line = static_cast<int>(numberOf(*error, "line_number"));
        e.function = stringOf(*error, "func");
        out.error = e;
    }
    const Value* success = result.find("success");
    out.success = !out.error && !(success && success->type() == ValueType::Boolean && !success->asBool());
    if (const Value* records = result.find("records"); records && records->type() == ValueType::Array) {
        for (const Value& r : records->asArray())
            if (r.type() == ValueType::Struct) out.records.push_back(readResultRecord(r));
    }
    out.durationMs = numberOf(result, "duration");
    return out;
}

std::string describeError(const ResultError& error) {
    std::string text = error.message.empty() ? std::string("failed without a message") : error.message;
    std::string where;
    if (!error.file.empty()) where = error.file;
    if (error.line > 0) where += (where.empty() ? "line " : ", line ") + std::to_string(error.line);
    if (!error.function.empty()) where += (where.empty() ? "in " : ", in ") + error.function;
    return where.empty() ? text : text + " (" + where + ")";
}

}  // namespace hostbridge::ui
