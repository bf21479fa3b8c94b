#pragma once
// Asking the artist a question through the UI (ask), with a timeout and a default;
// protocol.md, "Live updates, notices and questions".
//
//   hostbridge::UiQuestion question{"Overwrite the cache?", {"Yes", "No"}, "No", std::chrono::seconds(30)};
//   std::string answer = hostbridge::askFromMainThread(host, question);   // in a plug-in or a main-thread method
//
// The call blocks its thread until the UI answers, at most the question's timeout plus a
// margin (UiLinkOptions::askMargin, kAskMargin by default; the UI itself answers the default
// when the question's timeout passes). Every failure (no
// UI, a fault, a transport error, an answer that is not one of the choices) gives the default
// and is logged. A question that breaks the rules below is the caller's mistake:
// std::invalid_argument.

#include <chrono>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"

namespace hostbridge {

class Host;

struct HOSTBRIDGE_HOST_RPC_EXPORT UiQuestion {
    std::string question;
    std::vector<std::string> choices{"Yes", "No"};  // at least two
    std::string defaultChoice;                      // one of the choices; empty: the first
    std::chrono::milliseconds timeout{60000};       // > 0
};

// What the host's call waits beyond the question's timeout for the UI's answer, by default.
constexpr std::chrono::milliseconds kAskMargin{5000};

// The host's main thread only: asks the UI of host.uiLink(), serving the host's main-thread
// calls while waiting. Without a link: the default at once (a headless run).
HOSTBRIDGE_HOST_RPC_EXPORT std::string askFromMainThread(Host& host, const UiQuestion& question);

}  // namespace hostbridge
