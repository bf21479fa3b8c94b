// Check 8: hostile XML. Entity declarations are refused before the parser sees them (xmlrpc-c
// parses with its own old copy of Expat, which expands entities without limits), nesting is
// capped at 64, and malformed text gets a fault. Each case answers fast, runs no handler, and
// the server serves the next call.

#include <sys/resource.h>

#include <chrono>

#include <gtest/gtest.h>

#include "counting_server.hpp"
#include "hostbridge/fault.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// gcc says it builds with a sanitizer through __SANITIZE_*__, clang through __has_feature.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define HOSTBRIDGE_TEST_SANITIZED
#endif
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && !defined(HOSTBRIDGE_TEST_SANITIZED)
// Should an entity bomb ever get through, this process fails an allocation instead of eating
// the machine's memory. (Sanitizers reserve huge address ranges, so not under them.)
[[maybe_unused]] const bool kMemoryCapped = [] {
    rlimit limit{};
    ::getrlimit(RLIMIT_AS, &limit);
    const rlim_t cap = rlim_t(4) * 1024 * 1024 * 1024;
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > cap) {
        limit.rlim_cur = cap;
        ::setrlimit(RLIMIT_AS, &limit);
    }
    return true;
}();
#endif

const std::string kCallStart = "<methodCall><methodName>echo</methodName><params><param><value><string>";
const std::string kCallEnd = "</string></value></param></params></methodCall>";

// The classic billion laughs: `levels` levels of ten references each.
std::string entityBomb(int levels, const std::string& xmlDeclaration = "<?xml version=\"1.0\"?>") {
    std::string doc = xmlDeclaration + "\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n";
    for (int i = 1; i <= levels; ++i) {
        doc += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) doc += "&lol" + std::to_string(i - 1) + ";";
        doc += "\">\n";
    }
    return doc + "]>\n" + kCallStart + "&lol" + std::to_string(levels) + ";" + kCallEnd;
}

// ASCII text as UTF-16, little- or big-endian, with or without a byte order mark.
std::string utf16(const std::string& ascii, bool littleEndian, bool bom) {
    std::string out;
    if (bom) out = littleEndian ? "\xFF\xFE" : "\xFE\xFF";
    for (char c : ascii) {
        if (littleEndian) {
            out += c;
            out += '\0';
        } else {
            out += '\0';
            out += c;
        }
    }
    return out;
}

std::string nestedArrays(int depth) {
    std::string value;
    for (int i = 0; i < depth; ++i) value += "<value><array><data>";
    for (int i = 0; i < depth; ++i) value += "</data></array></value>";
    return "<?xml version=\"1.0\"?><methodCall><methodName>echo</methodName><params><param>" + value +
           "</param></params></methodCall>";
}

std::string nestedStructs(int depth) {
    std::string value;
    for (int i = 0; i < depth; ++i) value += "<value><struct><member><name>m</name>";
    value += "<value><int>1</int></value>";
    for (int i = 0; i < depth; ++i) value += "</member></struct></value>";
    return "<?xml version=\"1.0\"?><methodCall><methodName>echo</methodName><params><param>" + value +
           "</param></params></methodCall>";
}

struct Answer {
    std::optional<int> faultCode;  // nullopt: a successful methodResponse (or no answer)
    std::string body;
    Clock::duration took{};
    int status = 0;
};

Answer call(const CountingServer& s, const std::string& body) {
    const auto start = Clock::now();
    const auto response = rawhttp::exchange(s.port(), s.request(body), 10s);
    Answer answer;
    answer.took = Clock::now() - start;
    if (!response) {
        ADD_FAILURE() << "no answer within 10 s";
        return answer;
    }
    answer.status = response->status;
    answer.body = response->body;
    answer.faultCode = rawhttp::faultCodeOf(response->body);
    return answer;
}

}  // namespace

TEST(HostileXml, EntityDeclarationsAreRefusedFast) {
    CountingServer s;
    std::vector<std::pair<std::string, std::string>> cases =
        {
            {"billion laughs", entityBomb(9)},
            // Quadratic blowup: one 100 KB entity referenced 20,000 times (2 GB if expanded).
            {"quadratic blowup",
             "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"" + std::string(100000, 'a') + "\">]>" + kCallStart +
                 [] {
        std::string r;
        for (int i = 0; i < 20000; ++i) r += "&a;";
        return r;
             }() +
             kCallEnd},
            {"external entity", "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" +
                                    kCallStart + "&xxe;" + kCallEnd},
            {"external DTD", "<?xml version=\"1.0\"?><!DOCTYPE methodCall SYSTEM \"file:///etc/passwd\">" + kCallStart +
                                 "x" + kCallEnd},
            {"parameter entity",
             "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>" + kCallStart +
                 "x" + kCallEnd},
            {"lower-case doctype",
             "<?xml version=\"1.0\"?><!doctype m [<!entity a \"b\">]>" + kCallStart + "&a;" + kCallEnd},
            {"entity without doctype", "<?xml version=\"1.0\"?>" + kCallStart + "<!ENTITY a \"b\">" + kCallEnd},
    };
    for (const auto& [name, body] : cases) {
        SCOPED_TRACE(name);
        const Answer answer = call(s, body);
        EXPECT_EQ(answer.status, 200);
        EXPECT_EQ(answer.faultCode, hostbridge::FaultCode::ParseError) << answer.body.substr(0, 400);
        EXPECT_LT(answer.took, 1s);
        EXPECT_EQ(answer.body.find("root:"), std::string::npos) << "no file content may leak";
        EXPECT_TRUE(s.answersNormalCall());
    }
    EXPECT_EQ(s.handlerCalls(), static_cast<int>(cases.size())) << "only the normal calls ran";
}

// Expat reads UTF-16 too, and there a declaration is not the byte string "<!DOCTYPE": the
// refusal must not depend on the encoding. (A small bomb: a million "lol"s, should it pass.)
TEST(HostileXml, EntityDeclarationsInUtf16AreRefused) {
    CountingServer s;
    const std::string bomb = entityBomb(6, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"UTF-16LE with BOM", utf16(bomb, true, true)},
        {"UTF-16BE with BOM", utf16(bomb, false, true)},
        {"UTF-16LE without BOM", utf16(bomb, true, false)},
        {"UTF-16BE without BOM", utf16(bomb, false, false)},
    };
    for (const auto& [name, body] : cases) {
        SCOPED_TRACE(name);
        const Answer answer = call(s, body);
        EXPECT_TRUE(answer.faultCode) << "got no fault: " << answer.body.substr(0, 300);
        EXPECT_LT(answer.took, 1s);
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(HostileXml, UndeclaredEntityReferenceIsAFault) {
    CountingServer s;
    const Answer answer = call(s, "<?xml version=\"1.0\"?>" + kCallStart + "&lol9;" + kCallEnd);
    EXPECT_EQ(answer.faultCode, hostbridge::FaultCode::ParseError) << answer.body;
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(HostileXml, DeepNestingIsAFaultAndTheServerSurvives) {
    CountingServer s;
    for (const auto& [name, body] :
         std::vector<std::pair<std::string, std::string>>{{"10,000 nested arrays", nestedArrays(10000)},
                                                          {"10,000 nested structs", nestedStructs(10000)},
                                                          {"65 nested arrays", nestedArrays(65)}}) {
        SCOPED_TRACE(name);
        const Answer answer = call(s, body);
        EXPECT_EQ(answer.faultCode, hostbridge::FaultCode::ParseError) << answer.body.substr(0, 400);
        EXPECT_LT(answer.took, 1s);
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    // The cap is 64 levels: 64 still works, and the answer (as deep) encodes.
    const Answer deepest = call(s, nestedArrays(64));
    EXPECT_FALSE(deepest.faultCode) << deepest.body.substr(0, 400);
    EXPECT_EQ(s.handlerCalls(), 1);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(HostileXml, MalformedOrTruncatedXmlIsAFault) {
    CountingServer s;
    const std::string full = echoPingXml();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"empty body", ""},
        {"not XML", "hello, server"},
        {"truncated in a tag", full.substr(0, full.size() / 2)},
        {"truncated before the end", full.substr(0, full.size() - 3)},
        {"unclosed string", "<?xml version=\"1.0\"?>" + kCallStart + "ping</value></param></params></methodCall>"},
        {"methodResponse instead of methodCall",
         "<?xml version=\"1.0\"?><methodResponse><params><param><value>1</value></param></params></methodResponse>"},
        {"no methodName", "<?xml version=\"1.0\"?><methodCall><params></params></methodCall>"},
        {"unknown type",
         "<?xml "
         "version=\"1.0\"?><methodCall><methodName>echo</methodName><params><param><value><bogus>1</bogus></value></"
         "param></params></methodCall>"},
        {"int out of range",
         "<?xml "
         "version=\"1.0\"?><methodCall><methodName>echo</methodName><params><param><value><int>99999999999</int></"
         "value></param></params></methodCall>"},
        {"NUL byte", "<?xml version=\"1.0\"?>" + kCallStart + std::string("a\0b", 3) + kCallEnd},
        // xmlrpc-c crashed the whole server on this (found by tests/fuzz; see tst_xml_encoding).
        {"i8 that is not a number",
         "<?xml "
         "version=\"1.0\"?><methodCall><methodName>echo</methodName><params><param><value><i8>x</i8></value></param></"
         "params></methodCall>"},
        {"two roots", full + full},
    };
    for (const auto& [name, body] : cases) {
        SCOPED_TRACE(name);
        const Answer answer = call(s, body);
        EXPECT_EQ(answer.status, 200);
        ASSERT_TRUE(answer.faultCode) << answer.body.substr(0, 400);
        EXPECT_TRUE(*answer.faultCode == hostbridge::FaultCode::ParseError ||
                    *answer.faultCode == hostbridge::FaultCode::InvalidRequest)
            << *answer.faultCode;
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(HostileXml, InvalidUtf8IsAFault) {
    CountingServer s;
    for (const std::string bytes : {"\xFF\xFE", "\xC0\xAF" /* overlong "/" */, "\xED\xA0\x80" /* surrogate */,
                                    "abc\x80", "\xE6\xBC" /* truncated sequence */}) {
        SCOPED_TRACE(testing::PrintToString(bytes));
        const Answer answer = call(s, "<?xml version=\"1.0\"?>" + kCallStart + bytes + kCallEnd);
        EXPECT_EQ(answer.faultCode, hostbridge::FaultCode::ParseError) << answer.body.substr(0, 400);
    }
    EXPECT_EQ(s.handlerCalls(), 0);
    EXPECT_TRUE(s.answersNormalCall());
}
