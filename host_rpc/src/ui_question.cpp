#include "hostbridge/host_rpc/ui_question.hpp"

#include <algorithm>
#include <stdexcept>

#include "hostbridge/client.hpp"
#include "hostbridge/host_rpc/host.hpp"
#include "hostbridge/host_rpc/nested_call.hpp"
#include "hostbridge/host_rpc/ui_link.hpp"
#include "ui_ask.hpp"

namespace hostbridge {

UiQuestion checkedQuestion(UiQuestion question) {
    // The UI's own rules (docs/ui.md, ask), so a bad question fails here, not as a quiet default.
    if (question.choices.size() < 2 || question.choices.size() > 10)
        throw std::invalid_argument("a question needs 2 to 10 choices");
    for (std::size_t i = 0; i < question.choices.size(); ++i) {
        if (question.choices[i].empty()) throw std::invalid_argument("a question's choices must not be empty");
        if (std::find(question.choices.begin(), question.choices.begin() + static_cast<std::ptrdiff_t>(i),
                      question.choices[i]) != question.choices.begin() + static_cast<std::ptrdiff_t>(i))
            throw std::invalid_argument("the choice '" + question.choices[i] + "' is given twice");
    }
    if (question.timeout > std::chrono::hours(1))
        throw std::invalid_argument("a question's timeout is at most an hour");
    if (question.defaultChoice.empty()) question.defaultChoice = question.choices.front();
    if (std::find(question.choices.begin(), question.choices.end(), question.defaultChoice) == question.choices.end())
        throw std::invalid_argument("the default '" + question.defaultChoice + "' is not one of the choices");
    if (question.timeout.count() <= 0) throw std::invalid_argument("a question's timeout must be positive");
    return question;
}

Value questionToValue(const UiQuestion& question) {
    Array choices;
    for (const std::string& choice : question.choices) choices.emplace_back(choice);
    return Struct{{"question", question.question},
                  {"choices", std::move(choices)},
                  {"default", question.defaultChoice},
                  {"timeout", static_cast<double>(question.timeout.count()) / 1000.0}};
}

std::string askUi(const std::optional<UiEndpoint>& endpoint, std::uint16_t hostPort, const UiQuestion& asked,
                  std::chrono::milliseconds margin, Host* serveWhileWaiting,
                  const std::function<void(const std::string&)>& log) {
    const UiQuestion question = checkedQuestion(asked);
    auto fallBack = [&](const std::string& why) {
        log("ask \"" + question.question + "\": answering the default \"" + question.defaultChoice + "\": " + why);
        return question.defaultChoice;
    };
    if (!endpoint) return fallBack("no UI connected");
    // The UI answers the default itself when the timeout passes; the margin covers the trip.
    Client client(endpoint->url, endpoint->token, question.timeout + margin);
    const Array params{static_cast<int>(hostPort), questionToValue(question)};
    const CallResult result = serveWhileWaiting ? callFromMainThread(*serveWhileWaiting, client, "ask", params)
                                                : client.callWithParams("ask", params);
    if (!result) return fallBack(result.fault().message() + " (code " + std::to_string(result.fault().code()) + ")");
    const Value& answer = result.value();
    if (answer.type() != ValueType::String ||
        std::find(question.choices.begin(), question.choices.end(), answer.asString()) == question.choices.end())
        return fallBack("the UI answered something that is not one of the choices");
    return answer.asString();
}

std::string askFromMainThread(Host& host, const UiQuestion& question) {
    const std::shared_ptr<UiLink> link = host.uiLink();
    if (!link) return checkedQuestion(question).defaultChoice;
    return link->askServing(question, &host);
}

}  // namespace hostbridge
