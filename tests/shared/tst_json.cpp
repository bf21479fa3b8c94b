// JSON <-> Value, as hostbridge-call and connection files use it.
#include <hostbridge/json.hpp>

#include <gtest/gtest.h>

#include "deep_value.hpp"

#include <vector>

using namespace hostbridge;

TEST(Json, ParsesEveryJsonType) {
    EXPECT_EQ(parseJson("3"), Value(3));
    EXPECT_EQ(parseJson("-5000000000"), Value(std::int64_t(-5000000000)));
    EXPECT_EQ(parseJson("2.5"), Value(2.5));
    EXPECT_EQ(parseJson("true"), Value(true));
    EXPECT_EQ(parseJson("null"), Value());
    EXPECT_EQ(parseJson("\"x\\u00e9\""), Value("xé"));
    EXPECT_EQ(parseJson("[1, [\"a\"], {}]"), Value(Array{1, Array{"a"}, Struct{}}));
    EXPECT_EQ(parseJson("{\"a\": {\"b\": null}}"), Value(Struct{{"a", Struct{{"b", Value()}}}}));
}

TEST(Json, DatesAndBytesUseTaggedObjects) {
    const Value bytes(Bytes{0, 255, 16});
    EXPECT_EQ(toJson(bytes), "{\"$base64\":\"AP8Q\"}");
    EXPECT_EQ(parseJson(toJson(bytes)), bytes);
    const Value when(DateTime(std::chrono::microseconds(std::int64_t(1795255200) * 1000000 + 5)));
    EXPECT_EQ(toJson(when), "{\"$dateTime\":\"2026-11-21T10:00:00.000005Z\"}");
    EXPECT_EQ(parseJson(toJson(when)), when);
    EXPECT_EQ(parseJson("{\"$dateTime\": \"20261121T10:00:00\"}"), Value(DateTime(std::chrono::seconds(1795255200))));
}

TEST(Json, RoundTripsNestedValues) {
    const Value v(Struct{{"list", Array{1, 2.25, "three", Value(), false}}, {"empty", Array{}}, {"u", "日本"}});
    EXPECT_EQ(parseJson(toJson(v)), v);
    EXPECT_EQ(parseJson(toJson(v, 2)), v);
}

TEST(Json, ErrorsSayWhere) {
    try {
        parseJson("[1, 2");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("parse error"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parseJson("{\"$base64\": \"!!\"}"), std::invalid_argument);
    EXPECT_THROW(parseJson("1e999"), std::invalid_argument);  // out of range, not a parse error
    EXPECT_THROW(parseJson("{\"$dateTime\": \"yesterday\"}"), std::invalid_argument);
}

TEST(Json, DateTimeText) {
    EXPECT_EQ(formatDateTime(DateTime{}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(parseDateTime("1970-01-01T00:00:00.5Z"), DateTime(std::chrono::milliseconds(500)));
    EXPECT_FALSE(parseDateTime("1970-13-01T00:00:00Z"));
    EXPECT_FALSE(parseDateTime("1970-01-01T00:00:00+02:00"));
}

// What XML-RPC cannot carry as written is refused (JsonRangeError), never changed: an integer
// beyond 64 bits became a double, and nesting of 14,000 levels crashed the reader.
TEST(Json, NumbersAndNestingBeyondXmlRpcAreRefusedNotChanged) {
    EXPECT_EQ(parseJson("9223372036854775807"), Value(INT64_MAX));
    EXPECT_EQ(parseJson("-9223372036854775808"), Value(INT64_MIN));
    EXPECT_EQ(parseJson("1e300"), Value(1e300));
    for (const std::string& text :
         std::vector<std::string>{"9223372036854775808", "18446744073709551616", "-9223372036854775809",
                                  "123456789012345678901234", "[1, 1e400]", "-1e400", std::string(400, '9')}) {
        EXPECT_THROW(parseJson(text), JsonRangeError) << text.substr(0, 40);
    }
    try {
        parseJson("123456789012345678901234");
        FAIL();
    } catch (const JsonRangeError& e) {
        EXPECT_NE(std::string(e.what()).find("does not fit in 64 bits"), std::string::npos) << e.what();
    }
    const std::string ok = std::string(kMaxValueDepth - 1, '[') + "{\"a\": 1}" + std::string(kMaxValueDepth - 1, ']');
    EXPECT_NO_THROW(parseJson(ok));
    for (const std::size_t levels : {std::size_t(kMaxValueDepth) + 1, std::size_t(14000), std::size_t(1000000)}) {
        EXPECT_THROW(parseJson(std::string(levels, '[') + std::string(levels, ']')), JsonRangeError) << levels;
        std::string objects;
        for (std::size_t i = 0; i < levels; ++i) objects += "{\"a\":";
        EXPECT_THROW(parseJson(objects + "1" + std::string(levels, '}')), JsonRangeError) << levels;
    }
    Value deep;
    for (int i = 0; i < 14000; ++i) deep = inArray(std::move(deep));
    EXPECT_THROW(toJson(deep), ConversionError);
}

TEST(Json, DatesThatDoNotExistAreRefusedNamingTheField) {
    for (const auto& [text, field] : std::vector<std::pair<std::string, std::string>>{
             {"2023-02-29T00:00:00Z", "day 29 does not exist in February 2023"},
             {"2023-02-31T00:00:00Z", "day 31 does not exist in February 2023"},
             {"2024-04-31T00:00:00Z", "day 31 does not exist in April 2024"},
             {"2024-01-01T24:00:00Z", "hour 24"},
             {"2024-01-01T23:59:60Z", "second 60"},
             {"20230229T00:00:00", "day 29"}}) {
        EXPECT_FALSE(parseDateTime(text)) << text;
        try {
            parseJson("{\"$dateTime\": \"" + text + "\"}");
            ADD_FAILURE() << text;
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        }
    }
    EXPECT_TRUE(parseDateTime("2024-02-29T23:59:59Z"));
    EXPECT_TRUE(parseDateTime("2000-02-29T00:00:00Z"));
    EXPECT_FALSE(parseDateTime("1900-02-29T00:00:00Z"));
}
