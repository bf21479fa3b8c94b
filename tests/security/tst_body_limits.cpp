// Check 7: a body cap checked against Content-Length before anything is read or allocated
// (413), no compressed or chunked bodies, and bodies up to the cap do work.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "counting_server.hpp"
#include "hostbridge/client.hpp"

using namespace std::chrono_literals;

namespace {

constexpr std::size_t kMiB = 1024 * 1024;

hostbridge::ServerOptions withCap(std::size_t bytes) {
    hostbridge::ServerOptions options;
    options.maxBodyBytes = bytes;
    return options;
}

// An echo call whose XML is exactly `size` bytes: a string parameter padded to fit.
std::string echoCallOfSize(std::size_t size) {
    const std::size_t overhead = rawhttp::methodCallXml("echo", {""}).size();
    return rawhttp::methodCallXml("echo", {std::string(size - overhead, 'x')});
}

}  // namespace

TEST(BodyLimits, DefaultCapIsAtLeast16MiB) { EXPECT_GE(hostbridge::ServerOptions().maxBodyBytes, 16 * kMiB); }

TEST(BodyLimits, DeclaredLengthOverTheCapIs413WithoutTheBody) {
    CountingServer s(withCap(1 * kMiB));
    for (const std::size_t declared : {kMiB + 1, 2 * kMiB, std::size_t(100000000)}) {
        SCOPED_TRACE(declared);
        rawhttp::Connection c(s.port());
        ASSERT_TRUE(c.isOpen());
        // Only the head: an answer proves the server judged the length without reading on.
        ASSERT_TRUE(c.send(rawhttp::head("POST", "/RPC2",
                                         {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(),
                                          "Content-Length: " + std::to_string(declared)})));
        const auto response = c.readResponse(3s);
        ASSERT_TRUE(response);
        EXPECT_EQ(response->status, 413);
        EXPECT_TRUE(c.waitForClose(3s)) << "the connection is closed after a refusal";
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(BodyLimits, HundredMegabytesDeclaredWithDefaultOptionsIs413) {
    CountingServer s;
    rawhttp::Connection c(s.port());
    ASSERT_TRUE(c.send(
        rawhttp::head("POST", "/RPC2",
                      {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Content-Length: 100000000"})));
    // The start of a 100 MB string, as an attacker would stream it.
    c.send("<?xml version=\"1.0\"?><methodCall><methodName>echo</methodName><params><param><value><string>" +
           std::string(64 * 1024, 'x'));
    const auto response = c.readResponse(3s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(BodyLimits, AbsurdContentLengthsAreRefused) {
    CountingServer s;
    for (const std::string length : {"99999999999999999999", "18446744073709551616", "999999999999999999"}) {
        SCOPED_TRACE(length);
        const auto response = rawhttp::exchange(
            s.port(),
            rawhttp::head("POST", "/RPC2",
                          {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Content-Length: " + length}),
            3s);
        ASSERT_TRUE(response);
        EXPECT_TRUE(response->status == 400 || response->status == 413) << response->status;
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(BodyLimits, BodyExactlyAtTheCapIsServed) {
    CountingServer s(withCap(1 * kMiB));
    const std::string body = echoCallOfSize(1 * kMiB);
    ASSERT_EQ(body.size(), 1 * kMiB);
    const auto response = rawhttp::exchange(s.port(), s.request(body), 5s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_FALSE(rawhttp::faultCodeOf(response->body));
    EXPECT_EQ(s.handlerCalls(), 1);

    // One byte more is refused; the head alone carries the length.
    const std::string overBody = echoCallOfSize(1 * kMiB + 1);
    const std::string overRequest = s.request(overBody);
    const auto over = rawhttp::exchange(s.port(), overRequest.substr(0, overRequest.size() - overBody.size()), 5s);
    ASSERT_TRUE(over);
    EXPECT_EQ(over->status, 413);
    EXPECT_EQ(s.handlerCalls(), 1);
}

TEST(BodyLimits, CompressedBodiesAre415) {
    CountingServer s;
    for (const std::string encoding : {"gzip", "deflate", "br", "x-gzip", "gzip, identity"}) {
        SCOPED_TRACE(encoding);
        // The body does not matter: the head alone is refused.
        const auto response =
            rawhttp::exchange(s.port(), s.request(echoPingXml(), {"Content-Encoding: " + encoding}), 3s);
        ASSERT_TRUE(response);
        EXPECT_EQ(response->status, 415);
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(BodyLimits, ChunkedBodiesAre411) {
    CountingServer s;
    const std::string body = echoPingXml();
    char size[32];
    std::snprintf(size, sizeof size, "%zx", body.size());
    const std::string chunked = std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
    const auto plain = rawhttp::exchange(
        s.port(),
        rawhttp::head("POST", "/RPC2",
                      {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Transfer-Encoding: chunked"}) +
            chunked,
        3s);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->status, 411);
    // Both framings at once is the classic smuggling request.
    const auto both = rawhttp::exchange(
        s.port(),
        rawhttp::head("POST", "/RPC2",
                      {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), "Transfer-Encoding: chunked",
                       "Content-Length: " + std::to_string(chunked.size())}) +
            chunked,
        3s);
    ASSERT_TRUE(both);
    EXPECT_EQ(both->status, 411);
    // No framing at all.
    const auto none = rawhttp::exchange(
        s.port(),
        rawhttp::head("POST", "/RPC2", {s.hostLine(), "Content-Type: text/xml", s.authorizationLine()}) + body, 3s);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 411);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(BodyLimits, TwentyMiBStringRoundTripsWithin64MiBCap) {
    CountingServer s(withCap(64 * kMiB));
    hostbridge::Client client(s.url("/RPC2"), s.token(), 30s);
    std::string big(20 * kMiB, 'a');
    for (std::size_t i = 0; i < big.size(); i += 4099) big[i] = static_cast<char>('a' + i % 26);  // not all one letter
    const auto result = client.call("echo", big);
    ASSERT_TRUE(result) << result.fault().message();
    EXPECT_TRUE(result.value().asString() == big);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(BodyLimits, ClientRefusesAnswersOverItsLimit) {
    CountingServer s;
    hostbridge::Client client(s.url("/RPC2"), s.token(), 10s);
    client.setMaxResponseBytes(64 * 1024);
    const auto result = client.call("echo", std::string(256 * 1024, 'z'));
    ASSERT_TRUE(result.isFault());
    EXPECT_EQ(result.fault().code(), hostbridge::FaultCode::InvalidResponse) << result.fault().message();
    // The same client works again for answers within its limit.
    const auto small = client.call("echo", std::string("small"));
    ASSERT_TRUE(small) << small.fault().message();
    EXPECT_EQ(small.value().asString(), "small");
}

TEST(BodyLimits, BodiesInFlightShareOneBudget) {
    // Two connections each declare a body of 600 KiB against a 1 MiB budget: the first holds its
    // share while it trickles, so the second is refused with 503 instead of adding to memory.
    hostbridge::ServerOptions options;
    options.maxBodyBytes = 1024 * 1024;
    options.maxBufferedBytes = 1024 * 1024;
    CountingServer s(options);
    const std::string length = "Content-Length: " + std::to_string(600 * 1024);
    rawhttp::Connection first(s.port());
    ASSERT_TRUE(first.send(
        rawhttp::head("POST", "/RPC2", {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), length})));
    ASSERT_TRUE(first.send("<methodCall>"));  // the server is now reading this body
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    rawhttp::Connection second(s.port());
    ASSERT_TRUE(second.send(
        rawhttp::head("POST", "/RPC2", {s.hostLine(), "Content-Type: text/xml", s.authorizationLine(), length})));
    const auto refused = second.readResponse();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 503);
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());  // small calls still fit
}
