// toValue / fromValue: the standard types, user types found by ADL, and error paths.
#include <hostbridge/value_conversion.hpp>

#include <gtest/gtest.h>

using namespace hostbridge;

namespace studio {
// A user's own type: two free functions make it, and containers of it, convertible.
struct Shot {
    std::string name;
    int frames = 0;
    std::optional<std::string> camera;
    bool operator==(const Shot& o) const { return name == o.name && frames == o.frames && camera == o.camera; }
};
void toValue(hostbridge::Value& v, const Shot& s) {
    hostbridge::Struct members{{"name", s.name}, {"frames", s.frames}};
    if (s.camera) members["camera"] = *s.camera;
    v = std::move(members);
}
void fromValue(const hostbridge::Value& v, Shot& s) {
    hostbridge::fromMember(v, "name", s.name);
    hostbridge::fromMember(v, "frames", s.frames);
    hostbridge::fromMember(v, "camera", s.camera);
}
}  // namespace studio

template <typename T>
T roundTrip(const T& in) {
    return valueAs<T>(makeValue(in));
}

TEST(ValueConversion, ScalarsRoundTrip) {
    EXPECT_EQ(roundTrip(true), true);
    EXPECT_EQ(roundTrip(42), 42);
    EXPECT_EQ(roundTrip(std::int64_t(-5000000000)), -5000000000);
    EXPECT_EQ(roundTrip(std::uint16_t(65535)), 65535);
    EXPECT_EQ(roundTrip(short(-3)), -3);
    EXPECT_DOUBLE_EQ(roundTrip(0.1), 0.1);
    EXPECT_FLOAT_EQ(roundTrip(1.5f), 1.5f);
    EXPECT_EQ(roundTrip(std::string("ünïcødé ✓")), "ünïcødé ✓");
    EXPECT_EQ(roundTrip(std::string()), "");
    EXPECT_EQ(roundTrip(Bytes{0, 1, 254, 255}), (Bytes{0, 1, 254, 255}));
}

TEST(ValueConversion, TimePointsKeepMicroseconds) {
    const auto now = std::chrono::system_clock::now();
    const auto back = roundTrip(now);
    EXPECT_EQ(std::chrono::time_point_cast<std::chrono::microseconds>(now),
              std::chrono::time_point_cast<std::chrono::microseconds>(back));
}

// A peer may send any year 1000-9999; system_clock::time_point counts nanoseconds and holds
// only 1677-2262. Such a date used to overflow silently (undefined behaviour) into a wrong one;
// tests/fuzz found it. Coarser time points hold every XML-RPC date.
TEST(ValueConversion, DatesATimePointCannotHoldAreErrorsNotWrapped) {
    using namespace std::chrono;
    using NanosecondTime = time_point<system_clock, nanoseconds>;
    using SecondTime = time_point<system_clock, seconds>;
    const Value year9919(DateTime(microseconds(250877692799123456)));  // 9919-12-31T23:59:59.123456
    const Value year1000(DateTime(microseconds(-30610224000000000)));  // 1000-01-01
    EXPECT_THROW(valueAs<system_clock::time_point>(year9919), ConversionError);
    EXPECT_THROW(valueAs<NanosecondTime>(year1000), ConversionError);
    EXPECT_EQ(valueAs<SecondTime>(year9919).time_since_epoch().count(), 250877692799);
    EXPECT_EQ(valueAs<DateTime>(year1000), year1000.asDateTime());
    const Value year2100(DateTime(microseconds(4102444800000000)));  // 2100-01-01
    EXPECT_EQ(valueAs<system_clock::time_point>(year2100).time_since_epoch(), microseconds(4102444800000000));
}

TEST(ValueConversion, ContainersRoundTrip) {
    const std::vector<int> numbers{1, 2, 3};
    EXPECT_EQ(roundTrip(numbers), numbers);
    const std::map<std::string, std::vector<std::string>> families{{"model", {"a", "b"}}, {"rig", {}}};
    EXPECT_EQ(roundTrip(families), families);
    EXPECT_EQ(roundTrip(std::vector<std::vector<double>>{{1.5}, {}}), (std::vector<std::vector<double>>{{1.5}, {}}));
}

TEST(ValueConversion, OptionalIsNil) {
    EXPECT_TRUE(makeValue(std::optional<int>()).isNil());
    EXPECT_EQ(makeValue(std::optional<int>(4)), Value(4));
    EXPECT_EQ(valueAs<std::optional<int>>(Value()), std::nullopt);
    EXPECT_EQ(valueAs<std::optional<int>>(Value(9)), 9);
}

TEST(ValueConversion, UserTypesConvertThroughAdl) {
    const studio::Shot shot{"sh010", 96, std::string("camMain")};
    EXPECT_EQ(roundTrip(shot), shot);
    const std::vector<studio::Shot> shots{shot, {"sh020", 12, std::nullopt}};
    EXPECT_EQ(roundTrip(shots), shots);
    EXPECT_EQ(makeValue(shot).at("frames"), Value(96));
}

TEST(ValueConversion, ErrorsNameTheNestedPlace) {
    const Value shots(Array{Struct{{"name", "a"}, {"frames", 1}}, Struct{{"name", 7}, {"frames", 1}}});
    try {
        valueAs<std::vector<studio::Shot>>(shots);
        FAIL();
    } catch (const ConversionError& e) {
        EXPECT_STREQ(e.what(), "[1].name: expected string, got int");
    }
    try {
        valueAs<studio::Shot>(Value(Struct{{"name", "a"}}));
        FAIL();
    } catch (const ConversionError& e) {
        EXPECT_STREQ(e.what(), ".frames: missing member");
    }
    try {
        valueAs<std::map<std::string, int>>(Value(Struct{{"a", 1}, {"b", "x"}}));
        FAIL();
    } catch (const ConversionError& e) {
        EXPECT_STREQ(e.what(), ".b: expected int, got string");
    }
}

TEST(ValueConversion, IntegersOutOfRangeAreErrorsNotTruncations) {
    EXPECT_THROW(valueAs<int>(Value(std::int64_t(1) << 40)), ConversionError);
    EXPECT_THROW(valueAs<std::uint8_t>(Value(256)), ConversionError);
    EXPECT_THROW(valueAs<unsigned>(Value(-1)), ConversionError);
    EXPECT_EQ(valueAs<std::int64_t>(Value(std::int64_t(1) << 40)), std::int64_t(1) << 40);
}

TEST(ValueConversion, NothingIsDroppedSilently) {
    EXPECT_THROW(valueAs<int>(Value(1.5)), ConversionError);
    EXPECT_THROW(valueAs<bool>(Value(1)), ConversionError);
    EXPECT_THROW(valueAs<std::string>(Value()), ConversionError);
    EXPECT_THROW(valueAs<std::vector<int>>(Value(Struct{})), ConversionError);
}

TEST(ValueConversion, SignatureTypeNames) {
    EXPECT_STREQ(SignatureType<int>::name, "int");
    EXPECT_STREQ(SignatureType<bool>::name, "boolean");
    EXPECT_STREQ(SignatureType<std::string>::name, "string");
    EXPECT_STREQ(SignatureType<Bytes>::name, "base64");
    EXPECT_STREQ(SignatureType<DateTime>::name, "dateTime.iso8601");
    EXPECT_STREQ(SignatureType<std::vector<int>>::name, "array");
    EXPECT_STREQ(SignatureType<Struct>::name, "struct");
    EXPECT_STREQ(SignatureType<Value>::name, "any");
    EXPECT_STREQ(SignatureType<std::optional<double>>::name, "double");
}
