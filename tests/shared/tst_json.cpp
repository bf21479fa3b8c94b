// JSON <-> Value, as hostbridge-call and connection files use it.
#include <hostbridge/json.hpp>

#include <gtest/gtest.h>

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
