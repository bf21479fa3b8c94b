#include "hostbridge/log_level.hpp"

namespace hostbridge {

const char* logLevelName(LogLevel level) {
    switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO";
    case LogLevel::Warning: return "WARNING";
    case LogLevel::Error: return "ERROR";
    case LogLevel::Critical: return "CRITICAL";
    }
    return "INFO";
}

LogLevel logLevelOf(int levelno) {
    if (levelno >= static_cast<int>(LogLevel::Critical)) return LogLevel::Critical;
    if (levelno >= static_cast<int>(LogLevel::Error)) return LogLevel::Error;
    if (levelno >= static_cast<int>(LogLevel::Warning)) return LogLevel::Warning;
    if (levelno >= static_cast<int>(LogLevel::Info)) return LogLevel::Info;
    return LogLevel::Debug;
}

}  // namespace hostbridge
