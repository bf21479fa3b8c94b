#pragma once
// Private: the ask() call itself, for UiLink::ask and askFromMainThread (ui_question.hpp).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "hostbridge/host_rpc/ui_question.hpp"
#include "hostbridge/value.hpp"
#include "ui_pusher.hpp"

namespace hostbridge {

// The question with its default filled in; throws std::invalid_argument for fewer than two
// choices, a default that is not one of them, or a timeout that is not positive.
UiQuestion checkedQuestion(UiQuestion question);
// {question, choices, default, timeout (seconds, a double)}.
Value questionToValue(const UiQuestion& question);

// Calls ask(hostPort, question) on the UI at `endpoint`, waiting question.timeout + margin; the
// answer, or the default (logged why) on any failure. With `serveWhileWaiting` (the host, on
// its main thread) the call goes through callFromMainThread, so the UI's call-backs to
// main-thread methods are served.
std::string askUi(const std::optional<UiEndpoint>& endpoint, std::uint16_t hostPort, const UiQuestion& question,
                  std::chrono::milliseconds margin, Host* serveWhileWaiting,
                  const std::function<void(const std::string&)>& log);

}  // namespace hostbridge
