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
        "Host: evil.example:" + port,       // DNS rebinding: the page's own name
        "Host: evil.example",
        "Host: 0177.0.0.1:" + port,         // octal spelling of 127.0.0.1
        "Host: 2130706433:" + port,         // decimal spelling
        "Host: 127.1:" + port,
        "Host: 127.0.0.1:" + wrongPort,
        "Host: 127.0.0.1:",                 // empty port
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
    EXPECT_EQ(answerTo(s.port(), headWithoutBody(s, {"Host: 127.0.0.1:" + port, "Host: localhost:" + port})).status, 400);
    EXPECT_EQ(answerTo(s.port(), headWithoutBody(s, {"Host: 127.0.0.1:" + port, "Host: evil.example"})).status, 400);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(HostHeader, LoopbackNamesAreAccepted) {
    CountingServer s;
    const std::string port = std::to_string(s.port());
    const std::string body = echoPingXml();
    const std::vector<std::string> accepted = {
        "Host: 127.0.0.1:" + port, "Host: localhost:" + port, "Host: LocalHost:" + port,
        "Host: [::1]:" + port,     "Host: 127.0.0.1",         "Host: localhost",
        "Host: [::1]",
    };
    int calls = 0;
    for (const auto& host : accepted) {
        SCOPED_TRACE(host);
        const std::string request = rawhttp::head("POST", "/RPC2",
            {host, "Content-Type: text/xml", s.authorizationLine(), "Content-Length: " + std::to_string(body.size())}) + body;
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
        "Origin: http://evil.example", "Origin: null", "Origin: http://127.0.0.1:" + std::to_string(s.port()),
        "Sec-Fetch-Site: cross-site",  "Sec-Fetch-Site: same-origin", "Sec-Fetch-Mode: no-cors",
        "Sec-Fetch-Mode: cors",        "Sec-Fetch-Dest: empty",       "Sec-Fetch-User: ?1",
        "sec-fetch-site: none",        // header names are case-insensitive
    };
    for (const auto& line : refused) {
        SCOPED_TRACE(line);
        EXPECT_EQ(answerTo(s.port(), headWithoutBody(s, {s.hostLine(), line})).status, 403);
    }
    // The simple cross-site POST of the MLflow attack: text/plain body holding a methodCall.
    const std::string body = echoPingXml();
    const std::string attack = rawhttp::head("POST", "/RPC2",
        {s.hostLine(), "Origin: http://evil.example", "Content-Type: text/plain", "Content-Length: " + std::to_string(body.size())}) + body;
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
        std::vector<std::string> lines = {s.hostLine(), s.authorizationLine(), "Content-Length: " + std::to_string(body.size())};
        if (!type.empty()) lines.push_back(type);
        EXPECT_EQ(answerTo(s.port(), rawhttp::head("POST", "/RPC2", lines) + body).status, 415);
    }
    EXPECT_EQ(s.handlerCalls(), 0);

    for (const std::string type : {"text/xml; charset=utf-8", "TEXT/XML", "text/xml;charset=UTF-8"}) {
        SCOPED_TRACE(type);
        const auto response = answerTo(s.port(), rawhttp::head("POST", "/RPC2",
            {s.hostLine(), s.authorizationLine(), "Content-Type: " + type, "Content-Length: " + std::to_string(body.size())}) + body);
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
            {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Content-Length: 0"}));
        EXPECT_EQ(response.status, 405);
        EXPECT_EQ(response.header("allow").value_or(""), "POST");
    }
    // A CORS preflight never earns permission either.
    const auto preflight = answerTo(s.port(), rawhttp::head("OPTIONS", "/RPC2",
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
        const auto response = answerTo(s.port(), rawhttp::head("POST", path,
            {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Content-Length: " + std::to_string(body.size())}) + body);
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
        rawhttp::head("POST", "/RPC2", {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), length, "Content-Length: 5"}) + body,
        rawhttp::head("POST", "/RPC2", {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), length, " folded"}) + body,
        rawhttp::head("POST", "/RPC2", {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Content-Length: -1"}),
        rawhttp::head("POST", "/RPC2", {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Content-Length: 0x10"}),
    };
    for (const auto& request : requests) {
        SCOPED_TRACE(request.substr(0, 60));
        EXPECT_EQ(answerTo(s.port(), request).status, 400);
    }
    // A head over 16 KiB.
    const auto big = answerTo(s.port(), rawhttp::head("POST", "/RPC2", {s.hostLine(), "X-Filler: " + std::string(20000, 'a')}));
    EXPECT_EQ(big.status, 431);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}
