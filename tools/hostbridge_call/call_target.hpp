#pragma once
// Where hostbridge-call sends its call, and with which token: from the options, the connection
// files in the runtime directory and $HOSTBRIDGE_TOKEN.

#include <stdexcept>
#include <string>

#include "call_options.hpp"

namespace hostbridge {

struct CallTarget {
    // May carry a token in its userinfo: print redactUrl(url), never url itself.
    std::string url;
    // Passed to Client, where it wins over a token in the URL; empty when none was found or
    // when the URL carries it.
    std::string token;
    // Where the token came from ("--token", "connection file /run/...", ...), for messages;
    // empty when no token is sent.
    std::string tokenSource;
};

// No server to call could be chosen (none or several hosts running, unreadable connection
// file): main prints the message and exits 2, without the usage text.
class TargetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws TargetError. Reading the runtime directory deletes the connection files of processes
// that have exited (ConnectionFile::list does).
CallTarget resolveCallTarget(const CallOptions& options);

}  // namespace hostbridge
