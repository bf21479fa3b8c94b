#pragma once
// LogLevel: how severe a log record is, numbered as Python's logging module numbers it, since
// pyblish records carry those numbers (levelno) and names (levelname) on the wire.

#include "hostbridge/shared_export.hpp"

namespace hostbridge {

enum class LogLevel : int { Debug = 10, Info = 20, Warning = 30, Error = 40, Critical = 50 };

// "DEBUG", "INFO", "WARNING", "ERROR" or "CRITICAL".
HOSTBRIDGE_SHARED_EXPORT const char* logLevelName(LogLevel level);

// The level a wire number falls in: the highest level not above `levelno` (Python allows any
// number, such as 25), Debug below 20.
HOSTBRIDGE_SHARED_EXPORT LogLevel logLevelOf(int levelno);

}  // namespace hostbridge
