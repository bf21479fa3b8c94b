// The one UTF-8 validator (hostbridge/utf8.hpp) and the places that rely on it: one row per
// byte sequence, with the length it must be read as (0: refused).
#include <hostbridge/utf8.hpp>

#include <gtest/gtest.h>

#include <string>

#include "xml_codec.hpp"

using namespace hostbridge;

namespace {

struct Utf8Row {
    const char* label;
    std::string bytes;
    std::size_t length;  // of the first character; 0 when none starts there
    char32_t codePoint;  // when length > 0
};

class Utf8 : public ::testing::TestWithParam<Utf8Row> {};

TEST_P(Utf8, ReadsTheFirstCharacterOrRefusesIt) {
    const Utf8Row& row = GetParam();
    char32_t cp = 0xFFFFFFFF;
    EXPECT_EQ(utf8CharLength(row.bytes, 0, &cp), row.length);
    if (row.length > 0) {
        EXPECT_EQ(cp, row.codePoint);
    }
    EXPECT_EQ(isUtf8(row.bytes), row.length == row.bytes.size());
}

INSTANTIATE_TEST_SUITE_P(
    Table, Utf8,
    ::testing::Values(
        Utf8Row{"ascii", "A", 1, U'A'}, Utf8Row{"nul", std::string(1, '\0'), 1, 0},
        Utf8Row{"two_bytes_lowest", "\xC2\x80", 2, 0x80}, Utf8Row{"two_bytes_highest", "\xDF\xBF", 2, 0x7FF},
        Utf8Row{"three_bytes_lowest", "\xE0\xA0\x80", 3, 0x800},
        Utf8Row{"last_before_surrogates", "\xED\x9F\xBF", 3, 0xD7FF},
        Utf8Row{"first_after_surrogates", "\xEE\x80\x80", 3, 0xE000}, Utf8Row{"bmp_highest", "\xEF\xBF\xBF", 3, 0xFFFF},
        Utf8Row{"four_bytes_lowest", "\xF0\x90\x80\x80", 4, 0x10000}, Utf8Row{"emoji", "\xF0\x9F\x8E\xAC", 4, 0x1F3AC},
        Utf8Row{"unicode_highest", "\xF4\x8F\xBF\xBF", 4, 0x10FFFF}, Utf8Row{"overlong_nul", "\xC0\x80", 0, 0},
        Utf8Row{"overlong_slash_two", "\xC1\xAF", 0, 0}, Utf8Row{"overlong_three", "\xE0\x80\xAF", 0, 0},
        Utf8Row{"overlong_three_highest", "\xE0\x9F\xBF", 0, 0}, Utf8Row{"overlong_four", "\xF0\x80\x80\xAF", 0, 0},
        Utf8Row{"overlong_four_highest", "\xF0\x8F\xBF\xBF", 0, 0},
        Utf8Row{"surrogate_high_first", "\xED\xA0\x80", 0, 0}, Utf8Row{"surrogate_high_last", "\xED\xAF\xBF", 0, 0},
        Utf8Row{"surrogate_low_first", "\xED\xB0\x80", 0, 0}, Utf8Row{"surrogate_low_last", "\xED\xBF\xBF", 0, 0},
        Utf8Row{"beyond_unicode", "\xF4\x90\x80\x80", 0, 0}, Utf8Row{"lead_f5", "\xF5\x80\x80\x80", 0, 0},
        Utf8Row{"lead_f8_five_bytes", "\xF8\x88\x80\x80\x80", 0, 0}, Utf8Row{"lead_ff", "\xFF", 0, 0},
        Utf8Row{"lone_continuation", "\x80", 0, 0}, Utf8Row{"truncated_two", "\xC3", 0, 0},
        Utf8Row{"truncated_three", "\xE2\x82", 0, 0}, Utf8Row{"truncated_four", "\xF0\x9F\x8E", 0, 0},
        Utf8Row{"ascii_where_continuation",
                "\xC3"
                "A",
                0, 0},
        Utf8Row{"lead_where_continuation", "\xE2\xC2\x80", 0, 0}),
    [](const ::testing::TestParamInfo<Utf8Row>& info) { return std::string(info.param.label); });

TEST(Utf8Text, IsCheckedThroughoutNotOnlyAtTheStart) {
    EXPECT_TRUE(isUtf8(""));
    EXPECT_TRUE(isUtf8("caf\xC3\xA9 \xF0\x9F\x8E\xAC ok"));
    EXPECT_FALSE(isUtf8("fine until \xED\xA0\x80"));
    EXPECT_FALSE(isUtf8("fine until \xC0\x80"));
}

// Every place that checks UTF-8 uses the validator: what it refuses cannot be sent, and a fault
// message holding it still goes out, with the bytes replaced.
TEST(Utf8Text, SurrogatesAndOverlongFormsAreRefusedWhereverTextIsSent) {
    for (const std::string bad : {"\xED\xA0\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xF4\x90\x80\x80"}) {
        EXPECT_THROW(detail::encodeResponse(Value("a" + bad)), ConversionError);
        EXPECT_THROW(detail::encodeCall("m", {Value("a" + bad)}), ConversionError);
        EXPECT_THROW(detail::encodeResponse(Value(Struct{{"k" + bad, Value(1)}})), ConversionError);
        const std::string fault = detail::encodeFault(1, "bad " + bad);
        EXPECT_TRUE(isUtf8(fault)) << fault;
        EXPECT_NE(fault.find("bad ?"), std::string::npos) << fault;
    }
}

}  // namespace
