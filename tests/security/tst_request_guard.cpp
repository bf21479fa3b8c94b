// Checks 2-4: the request head is judged before the body is read and before any handler runs.
//   2. Host must name loopback literally (DNS rebinding, odd spellings) -> 403.
//   3. Origin or any Sec-Fetch-* header (a browser sent it) -> 403.
//   4. POST and text/xml only (415, 405); no Access-Control-Allow-* header, ever.
//
// "Before the body is read" is shown by declaring a large body and sending none: a server that
// waited for the body would answer nothing within the read timeout.

#include <gtest/gtest.h>

#include "counting_server.hpp"

using namespace std::chrono_literals;

namespace {

// Reads the answer to `request` on a fresh connection and checks what every answer must
// satisfy: it arrives, and it carries no CORS permission.
rawhttp::Response answerTo(std::uint16_t port, const std::string& request) {
    auto response = rawhttp::exchange(port, request, 3s);
    if (!response) {
        ADD_FAILURE() << "no answer within 3 s to:\n" << request.substr(0, 300);
        return {};
    }
    EXPECT_FALSE(response->hasHeaderWithPrefix("access-control-allow-")) << "status " << response->status;
    return *response;
}

// A head with the token, text/xml and a declared 1 MB body that is never sent.
std::string headWithoutBody(const CountingServer& s, const std::vector<std::string>& lines) {
    std::vector<std::string> all = lines;
    all.push_back("Content-Type: text/xml");
    all.push_back(s.authorizationLine());
    all.push_back("Content-Length: 1000000");
    return rawhttp::head("POST", "/RPC2", all);
}

}  // namespace

TEST(HostHeader, ForeignOrOddHostsAreRefusedBeforeTheBody) {
    CountingServer s;
    const std::string port = std::to_string(s.port());
    const std::string wrongPort = std::to_string(s.port() == 65535 ? 65534 : s.port() + 1);
    const std::vector<std::string> refused = {
        "Host: evil.example:" + port,  // DNS rebinding: the page's own name
        "Host: evil.example",
        "Host: 0177.0.0.1:" + port,  // octal spelling of 127.0.0.1
        "Host: 2130706433:" + port,  // decimal spelling
        "Host: 127.1:" + port,
        "Host: 127.0.0.1:" + wrongPort,
        "Host: 127.0.0.1:",  // empty port
        "Host: localhost.evil.example:" + port,
        "Host: [::1]:" + wrongPort,
        "Host: [::ffff:127.0.0.1]:" + port,
        "Host: ",
    };
    for (const auto& host : refused) {
        SCOPED_TRACE(host);
        const auto response = answerTo(s.port(), headWithoutBody(s, {host}));
        EXPECT_EQ(response.status, 403);
    }
    SCOPED_TRACE("no Host header");
    EXPECT_EQ(answerTo(s.port(), headWithoutBody(s, {})).status, 403);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(HostHeader, TwoHostFieldsAreRefused) {
    CountingServer s;
    const std::string port = std::to_string(s.port());
    // Both loopback, and still refused: two readers could each take a different one.
    EXPECT_EQ(answerTo(s.port(), headWithoutBody(s, {"Host: 127.0.0.1:" + port, "Host: localhost:" + port})).status,
              400);
    EXPECT_EQ(answerTo(s.port(), headWithoutBody(s, {"Host: 127.0.0.1:" + port, "Host: evil.example"})).status, 400);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(HostHeader, LoopbackNamesAreAccepted) {
    CountingServer s;
    const std::string port = std::to_string(s.port());
    const std::string body = echoPingXml();
    const std::vector<std::string> accepted = {
        "Host: 127.0.0.1:" + port,
        "Host: localhost:" + port,
        "Host: LocalHost:" + port,
        "Host: [::1]:" + port,
        "Host: 127.0.0.1",
        "Host: localhost",
        "Host: [::1]",
    };
    int calls = 0;
    for (const auto& host : accepted) {
        SCOPED_TRACE(host);
        const std::string request = rawhttp::head("POST", "/RPC2",
                                                  {host, "Content-Type: text/xml", s.authorizationLine(),
                                                   "Content-Length: " + std::to_string(body.size())}) +
                                    body;
        const auto response = answerTo(s.port(), request);
        EXPECT_EQ(response.status, 200);
        EXPECT_NE(response.body.find("ping"), std::string::npos);
        EXPECT_FALSE(rawhttp::faultCodeOf(response.body)) << response.body;
        EXPECT_EQ(s.handlerCalls(), ++calls);
    }
}

TEST(BrowserHeaders, OriginAndSecFetchAreRefusedBeforeTheBody) {
    CountingServer s;
    const std::vector<std::string> refused = {
        "Origin: http://evil.example",
        "Origin: null",
        "Origin: http://127.0.0.1:" + std::to_string(s.port()),
        "Sec-Fetch-Site: cross-site",
        "Sec-Fetch-Site: same-origin",
        "Sec-Fetch-Mode: no-cors",
        "Sec-Fetch-Mode: cors",
        "Sec-Fetch-Dest: empty",
        "Sec-Fetch-User: ?1",
        "sec-fetch-site: none",  // header names are case-insensitive
    };
    for (const auto& line : refused) {
        SCOPED_TRACE(line);
        EXPECT_EQ(answerTo(s.port(), headWithoutBody(s, {s.hostLine(), line})).status, 403);
    }
    // The simple cross-site POST of the MLflow attack: text/plain body holding a methodCall.
    const std::string body = echoPingXml();
    const std::string attack = rawhttp::head("POST", "/RPC2",
                                             {s.hostLine(), "Origin: http://evil.example", "Content-Type: text/plain",
                                              "Content-Length: " + std::to_string(body.size())}) +
                               body;
    const auto response = answerTo(s.port(), attack);
    EXPECT_TRUE(response.status == 403 || response.status == 415) << response.status;
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(MediaType, OnlyTextXmlIsAccepted) {
    CountingServer s;
    const std::string body = echoPingXml();
    const std::vector<std::string> refused = {
        "Content-Type: text/plain",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Type: application/x-www-form-urlencoded",
        "Content-Type: multipart/form-data; boundary=xyz",
        "Content-Type: application/json",
        "Content-Type: text/xmlx",
        "",  // no Content-Type at all
    };
    for (const auto& type : refused) {
        SCOPED_TRACE(type.empty() ? "no Content-Type" : type);
        std::vector<std::string> lines = {s.hostLine(), s.authorizationLine(),
                                          "Content-Length: " + std::to_string(body.size())};
        if (!type.empty()) lines.push_back(type);
        EXPECT_EQ(answerTo(s.port(), rawhttp::head("POST", "/RPC2", lines) + body).status, 415);
    }
    EXPECT_EQ(s.handlerCalls(), 0);

    for (const std::string type : {"text/xml; charset=utf-8", "TEXT/XML", "text/xml;charset=UTF-8"}) {
        SCOPED_TRACE(type);
        const auto response =
            answerTo(s.port(), rawhttp::head("POST", "/RPC2",
                                             {s.hostLine(), s.authorizationLine(), "Content-Type: " + type,
                                              "Content-Length: " + std::to_string(body.size())}) +
                                   body);
        EXPECT_EQ(response.status, 200);
        EXPECT_FALSE(rawhttp::faultCodeOf(response.body)) << response.body;
    }
    EXPECT_EQ(s.handlerCalls(), 3);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(HttpMethod, OnlyPostIsAccepted) {
    CountingServer s;
    for (const std::string method : {"GET", "OPTIONS", "PUT", "DELETE", "HEAD", "PATCH", "TRACE"}) {
        SCOPED_TRACE(method);
        const auto response = answerTo(s.port(), rawhttp::head(method, "/RPC2",
                                                               {s.hostLine(), "Content-Type: text/xml",
                                                                s.authorizationLine(), "Content-Length: 0"}));
        EXPECT_EQ(response.status, 405);
        EXPECT_EQ(response.header("allow").value_or(""), "POST");
    }
    // A CORS preflight never earns permission either.
    const auto preflight = answerTo(
        s.port(), rawhttp::head("OPTIONS", "/RPC2",
                                {s.hostLine(), "Origin: http://evil.example", "Access-Control-Request-Method: POST",
                                 "Access-Control-Request-Headers: content-type"}));
    EXPECT_EQ(preflight.status, 403);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(Paths, UnservedPathsAre404) {
    CountingServer s;
    const std::string body = echoPingXml();
    for (const std::string path : {"/nope", "/RPC2/", "/rpc2", "//RPC2"}) {
        SCOPED_TRACE(path);
        const auto response =
            answerTo(s.port(), rawhttp::head("POST", path,
                                             {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(),
                                              "Content-Length: " + std::to_string(body.size())}) +
                                   body);
        EXPECT_EQ(response.status, 404);
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(MalformedHead, GarbageAndSmugglingAre400) {
    CountingServer s;
    const std::string body = echoPingXml();
    const std::string length = "Content-Length: " + std::to_string(body.size());
    const std::vector<std::string> requests = {
        "GARBAGE\r\n\r\n",
        "POST /RPC2 HTTP/2.0\r\n" + s.hostLine() + "\r\n\r\n",
        // Two different lengths, and a folded header line: request smuggling vectors.
        rawhttp::head("POST", "/RPC2",
                      {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), length, "Content-Length: 5"}) +
            body,
        rawhttp::head("POST", "/RPC2",
                      {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), length, " folded"}) +
            body,
        rawhttp::head("POST", "/RPC2",
                      {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Content-Length: -1"}),
        rawhttp::head("POST", "/RPC2",
                      {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Content-Length: 0x10"}),
    };
    for (const auto& request : requests) {
        SCOPED_TRACE(request.substr(0, 60));
        EXPECT_EQ(answerTo(s.port(), request).status, 400);
    }
    // A head over 16 KiB.
    const auto big =
        answerTo(s.port(), rawhttp::head("POST", "/RPC2", {s.hostLine(), "X-Filler: " + std::string(20000, 'a')}));
    EXPECT_EQ(big.status, 431);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(StrictHead, DuplicatesControlBytesAndTooManyFieldsAreRefused) {
    CountingServer s;
    const std::string body = echoPingXml();
    const std::string length = "Content-Length: " + std::to_string(body.size());
    auto post = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> lines = {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), length};
        lines.insert(lines.end(), extra.begin(), extra.end());
        return rawhttp::head("POST", "/RPC2", lines) + body;
    };
    // A second Authorization or Content-Type line: another reader might take the other one.
    EXPECT_EQ(answerTo(s.port(), post({s.authorizationLine()})).status, 400);
    EXPECT_EQ(answerTo(s.port(), post({"Authorization: Bearer 0"})).status, 400);
    EXPECT_EQ(answerTo(s.port(), post({"Content-Type: text/plain"})).status, 400);
    // NUL, a bare CR and other control bytes in a header line.
    for (const std::string& bad : {std::string("X-A: a\0b", 8), std::string("X-A: a\rb"), std::string("X-A: a\x01"),
                                   std::string("X-A: a\x7f"), std::string("X-\x02: 1")}) {
        SCOPED_TRACE(testing::PrintToString(bad));
        EXPECT_EQ(answerTo(s.port(), post({bad})).status, 400);
    }
    // More fields than allowed (each small: the head stays under 16 KiB).
    std::vector<std::string> many;
    for (int i = 0; i < 101; ++i) many.push_back("X-F" + std::to_string(i) + ": 1");
    EXPECT_EQ(answerTo(s.port(), post(many)).status, 431);
    EXPECT_EQ(s.handlerCalls(), 0);
    // Exactly as many as allowed is fine; tabs in values too.
    many.resize(95);  // with the 4 fields every request has and X-Tab: 100
    many.push_back("X-Tab: a\tb");
    EXPECT_EQ(answerTo(s.port(), post(many)).status, 200);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(StrictHead, BareLineFeedsAreAnsweredAtOnce) {
    CountingServer s;
    const std::string body = echoPingXml();
    const std::string request = "POST /RPC2 HTTP/1.1\n" + s.hostLine() + "\nContent-Type: text/xml\n" +
                                s.authorizationLine() + "\nContent-Length: " + std::to_string(body.size()) + "\n\n" +
                                body;
    const auto begin = std::chrono::steady_clock::now();
    EXPECT_EQ(answerTo(s.port(), request).status, 400);  // not a 10 s wait for a CRLF
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 2s);
    EXPECT_EQ(s.handlerCalls(), 0);
}

TEST(StrictHead, NoTokenLearnsNothingAboutPathsOrMethods) {
    CountingServer s;
    const std::string body = echoPingXml();
    const std::string length = "Content-Length: " + std::to_string(body.size());
    for (const std::string path : {"/RPC2", "/nope", "/admin"})
        for (const std::string method : {"POST", "GET", "OPTIONS"}) {
            SCOPED_TRACE(method + " " + path);
            const auto response = answerTo(
                s.port(), rawhttp::head(method, path, {s.hostLine(), "Content-Type: text/xml", length}) + body);
            EXPECT_EQ(response.status, 401);
        }
    EXPECT_EQ(s.handlerCalls(), 0);
}
