#pragma once
// How a plug-in fails: it throws, a PublishError to say where; the Result carries an Error.

#include <stdexcept>
#include <string>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/publish/caller.hpp"

namespace hostbridge::publish {

// Throw from a plug-in to fail with a known location (the throw site by default).
class HOSTBRIDGE_HOST_RPC_EXPORT PublishError : public std::runtime_error {
public:
    explicit PublishError(const std::string& message, std::string file = HOSTBRIDGE_CALLER_FILE,
                          int line = HOSTBRIDGE_CALLER_LINE, std::string function = HOSTBRIDGE_CALLER_FUNCTION)
        : std::runtime_error(message), m_file(std::move(file)), m_line(line), m_function(std::move(function)) {}
    const std::string& file() const noexcept { return m_file; }
    int line() const noexcept { return m_line; }
    const std::string& function() const noexcept { return m_function; }

private:
    std::string m_file;
    int m_line;
    std::string m_function;
};
// For compilers without the builtins: the location spelled out by the preprocessor.
#define HOSTBRIDGE_PUBLISH_ERROR(message) ::hostbridge::publish::PublishError((message), __FILE__, __LINE__, __func__)

// A failed process(), as pyblish's error struct.
struct HOSTBRIDGE_HOST_RPC_EXPORT Error {
    std::string message;
    std::string file;       // source file; empty when unknown
    int line = 0;           // 0 when unknown
    std::string function;   // empty when unknown
    std::string exception;  // the exception's type and message, e.g. "std::runtime_error: disk full"
};

}  // namespace hostbridge::publish
