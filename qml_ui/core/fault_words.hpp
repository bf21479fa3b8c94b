#pragma once
// The status line's words for what went wrong with a host call, in one place: a fault from the
// link, or an answer whose shape the protocol does not allow.

#include <QString>

#include <string>

#include <hostbridge/fault.hpp>

namespace hostbridge::ui {

// A fault from a host call, in words an artist can read (the code's meaning first, the host's
// own message after it). `method` is the call that failed, `port` the host's.
QString describeFault(const Fault& fault, const std::string& method, int port);

// An answer to `method` that is not as the protocol says; `what` is the reader's complaint.
QString describeBadAnswer(const std::string& method, const char* what);

}  // namespace hostbridge::ui
