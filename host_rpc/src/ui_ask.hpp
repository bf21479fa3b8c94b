#pragma once
// Private: the ask() call itself, for UiLink::ask (ui_link.hpp).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "hostbridge/host_rpc/main_thread_queue.hpp"
#include "hostbridge/host_rpc/ui_pusher.hpp"
#include "hostbridge/host_rpc/ui_question.hpp"

namespace hostbridge {

// Calls ask(hostPort, question) on the UI at `endpoint`, waiting question.timeout + margin; the answer, or the default (logged
// why) on any failure. With `serveWhileWaiting` (the host's queue, on its main thread) the call
// goes through callFromMainThread, so the UI's call-backs to main-thread methods are served.
std::string askUi(const std::optional<UiEndpoint>& endpoint, std::uint16_t hostPort, const UiQuestion& question,
                  std::chrono::milliseconds margin, MainThreadQueue* serveWhileWaiting, const std::function<void(const std::string&)>& log);

}  // namespace hostbridge
