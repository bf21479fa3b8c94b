// Check 5: a token of at least 128 random bits per server, required on every call (401
// otherwise), accepted as the password of HTTP Basic auth with any user name and as a Bearer
// token, and never from the URL's query string.

#include <algorithm>
#include <cctype>

#include <gtest/gtest.h>

#include "counting_server.hpp"
#include "hostbridge/client.hpp"
#include "hostbridge/token.hpp"

using namespace std::chrono_literals;

namespace {

rawhttp::Response post(const CountingServer& s, const std::string& target,
                       const std::vector<std::string>& authorization) {
    const std::string body = echoPingXml();
    std::vector<std::string> lines = {s.hostLine(), "Content-Type: text/xml",
                                      "Content-Length: " + std::to_string(body.size())};
    lines.insert(lines.end(), authorization.begin(), authorization.end());
    auto response = rawhttp::exchange(s.port(), rawhttp::head("POST", target, lines) + body, 3s);
    if (!response) {
        ADD_FAILURE() << "no answer within 3 s";
        return {};
    }
    EXPECT_FALSE(response->hasHeaderWithPrefix("access-control-allow-"));
    return *response;
}

bool isHex(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

}  // namespace

TEST(Token, MissingOrWrongTokensAre401) {
    CountingServer s;
    const std::string token = s.token();
    std::string flipped = token;
    flipped.back() = flipped.back() == '0' ? '1' : '0';
    const std::vector<std::vector<std::string>> refused = {
        {},
        {"Authorization: Bearer " + flipped},
        {"Authorization: Bearer " + token.substr(0, token.size() - 1)},  // a prefix
        {"Authorization: Bearer " + token + "0"},                        // longer
        {"Authorization: Bearer"},
        {"Authorization: " + token},  // no scheme
        {"Authorization: " + rawhttp::basicAuthorization("any", flipped)},
        {"Authorization: " + rawhttp::basicAuthorization(token, "")},  // token as user name
        {"Authorization: Basic not-base64!"},
        {"Authorization: Digest " + token},
        {"X-Token: " + token},
    };
    for (const auto& lines : refused) {
        SCOPED_TRACE(lines.empty() ? "no Authorization" : lines.front());
        const auto response = post(s, "/RPC2", lines);
        EXPECT_EQ(response.status, 401);
        // Stock clients retry with Basic credentials only when asked to.
        EXPECT_NE(response.header("www-authenticate").value_or("").find("Basic"), std::string::npos);
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(Token, TokenInTheQueryStringIsNotAccepted) {
    CountingServer s;
    for (const std::string& target :
         {"/RPC2?token=" + s.token(), "/RPC2?" + s.token(), "/?access_token=" + s.token()}) {
        SCOPED_TRACE(target);
        EXPECT_EQ(post(s, target, {}).status, 401);
    }
    EXPECT_EQ(s.handlerCalls(), 0);
}

TEST(Token, BasicWithAnyUserAndBearerAreAccepted) {
    CountingServer s;
    const std::vector<std::vector<std::string>> accepted = {
        {"Authorization: Bearer " + s.token()},
        {"Authorization: bearer " + s.token()},  // the scheme is case-insensitive
        {"Authorization: " + rawhttp::basicAuthorization("any", s.token())},
        {"Authorization: " + rawhttp::basicAuthorization("", s.token())},
        {"Authorization: " + rawhttp::basicAuthorization("maya-artist", s.token())},
    };
    int calls = 0;
    for (const auto& lines : accepted) {
        SCOPED_TRACE(lines.front());
        const auto response = post(s, "/RPC2", lines);
        EXPECT_EQ(response.status, 200);
        EXPECT_FALSE(rawhttp::faultCodeOf(response.body)) << response.body;
        EXPECT_EQ(s.handlerCalls(), ++calls);
    }
    // The token in the URL's user info is how stock clients send it.
    hostbridge::Client client("http://any:" + s.token() + "@127.0.0.1:" + std::to_string(s.port()) + "/RPC2", {}, 5s);
    EXPECT_EQ(client.call("add", 2, 3).as<int>(), 5);
}

TEST(Token, AtLeast128RandomBitsAndDifferentPerServer) {
    CountingServer a;
    CountingServer b;
    for (const std::string& token : {a.token(), b.token()}) {
        ASSERT_TRUE(isHex(token)) << token;
        EXPECT_GE(token.size() * 4, 128u) << "hex digits carry 4 bits each";
        // Not a constant pattern: at least 8 distinct digits (a random 32-digit token has ~14).
        std::string digits = token;
        std::sort(digits.begin(), digits.end());
        EXPECT_GE(std::unique(digits.begin(), digits.end()) - digits.begin(), 8);
    }
    EXPECT_NE(a.token(), b.token());
    EXPECT_NE(hostbridge::generateToken(), hostbridge::generateToken());
    // Each server takes only its own token.
    hostbridge::Client crossed(a.url("/RPC2"), b.token(), 5s);
    const auto result = crossed.call("add", 1, 1);
    ASSERT_TRUE(result.isFault());
    EXPECT_EQ(result.fault().code(), hostbridge::FaultCode::HttpError);
    EXPECT_NE(result.fault().message().find("401"), std::string::npos) << result.fault().message();
    EXPECT_EQ(a.handlerCalls(), 0);
}

TEST(Token, SwitchedOffTokenKeepsEveryOtherCheck) {
    hostbridge::ServerOptions options;
    options.requireToken = false;
    CountingServer s(options);
    EXPECT_TRUE(s.token().empty());
    EXPECT_EQ(post(s, "/RPC2", {}).status, 200) << "legacy tokenless clients are served";
    EXPECT_EQ(s.handlerCalls(), 1);

    const std::string body = echoPingXml();
    const std::string length = "Content-Length: " + std::to_string(body.size());
    EXPECT_EQ(
        rawhttp::exchange(
            s.port(), rawhttp::head("POST", "/RPC2", {"Host: evil.example", "Content-Type: text/xml", length}) + body)
            .value()
            .status,
        403);
    EXPECT_EQ(
        rawhttp::exchange(
            s.port(),
            rawhttp::head("POST", "/RPC2", {s.hostLine(), "Origin: null", "Content-Type: text/xml", length}) + body)
            .value()
            .status,
        403);
    EXPECT_EQ(rawhttp::exchange(
                  s.port(), rawhttp::head("POST", "/RPC2", {s.hostLine(), "Content-Type: text/plain", length}) + body)
                  .value()
                  .status,
              415);
    EXPECT_EQ(rawhttp::exchange(s.port(), rawhttp::head("GET", "/RPC2", {s.hostLine()})).value().status, 405);
    EXPECT_EQ(s.handlerCalls(), 1);
}
