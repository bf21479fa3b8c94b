// Value: construction, typed access, mismatch messages, equality.
#include <hostbridge/value.hpp>

#include <gtest/gtest.h>

#include "deep_value.hpp"

using namespace hostbridge;

TEST(Value, DefaultIsNil) {
    EXPECT_TRUE(Value().isNil());
    EXPECT_TRUE(Value(nullptr).isNil());
    EXPECT_EQ(Value().type(), ValueType::Nil);
}

TEST(Value, ConstructorsPickTheExpectedType) {
    EXPECT_EQ(Value(true).type(), ValueType::Boolean);
    EXPECT_EQ(Value(3).type(), ValueType::Int);
    EXPECT_EQ(Value(std::int64_t(1) << 40).type(), ValueType::Int);
    EXPECT_EQ(Value(3u).type(), ValueType::Int);
    EXPECT_EQ(Value(2.5).type(), ValueType::Double);
    EXPECT_EQ(Value("text").type(), ValueType::String);  // not bool, although a pointer converts to bool
    EXPECT_EQ(Value(std::string("x")).type(), ValueType::String);
    EXPECT_EQ(Value(Bytes{1, 2}).type(), ValueType::Bytes);
    EXPECT_EQ(Value(DateTime{}).type(), ValueType::DateTime);
    EXPECT_EQ(Value(Array{1, "a"}).type(), ValueType::Array);
    EXPECT_EQ(Value(Struct{{"a", 1}}).type(), ValueType::Struct);
}

TEST(Value, TypedAccessReturnsTheContent) {
    EXPECT_EQ(Value(-7).asInt(), -7);
    EXPECT_EQ(Value(false).asBool(), false);
    EXPECT_DOUBLE_EQ(Value(0.25).asDouble(), 0.25);
    EXPECT_EQ(Value("héllo").asString(), "héllo");
    EXPECT_EQ(Value(Bytes{0, 255}).asBytes(), (Bytes{0, 255}));
    EXPECT_EQ(Value(Array{1, 2}).asArray().size(), 2u);
    EXPECT_EQ(Value(Struct{{"k", "v"}}).at("k").asString(), "v");
}

TEST(Value, IntReadsAsDoubleButNotTheOtherWay) {
    EXPECT_DOUBLE_EQ(Value(2).asDouble(), 2.0);
    EXPECT_THROW(Value(2.0).asInt(), ConversionError);
}

TEST(Value, MismatchSaysWhatWasExpectedAndWhatCame) {
    try {
        Value(1).asString();
        FAIL() << "no exception";
    } catch (const ConversionError& e) {
        EXPECT_STREQ(e.what(), "expected string, got int");
        EXPECT_EQ(e.detail(), "expected string, got int");
    }
}

TEST(Value, ConversionErrorPathGrowsOutward) {
    const ConversionError inner(".name", "expected string, got int");
    const ConversionError outer = inner.within("[3]").within("params[1]");
    EXPECT_EQ(outer.path(), "params[1][3].name");
    EXPECT_STREQ(outer.what(), "params[1][3].name: expected string, got int");
}

TEST(Value, UnsignedAboveInt64IsRefused) {
    EXPECT_THROW(Value(std::uint64_t(1) << 63), ConversionError);
    EXPECT_EQ(Value(std::uint64_t(INT64_MAX)).asInt(), INT64_MAX);
}

TEST(Value, MemberAndIndexLookup) {
    const Value v(Struct{{"list", Array{10, 20}}});
    EXPECT_EQ(v.at("list").at(1).asInt(), 20);
    EXPECT_EQ(v.find("absent"), nullptr);
    EXPECT_NE(v.find("list"), nullptr);
    EXPECT_EQ(Value(1).find("x"), nullptr);
    try {
        v.at("absent");
        FAIL();
    } catch (const ConversionError& e) {
        EXPECT_STREQ(e.what(), ".absent: missing member");
    }
    EXPECT_THROW(v.at("list").at(2), ConversionError);
}

TEST(Value, CopiesAreDeepAndIndependent) {
    const Value original(Struct{{"list", Array{1, Array{"a", Bytes{1, 2}}, Struct{{"x", 2.5}}}}, {"n", Value()}});
    Value copy = original;
    EXPECT_EQ(copy, original);
    copy.asStruct()["list"].asArray()[1].asArray()[0] = Value("changed");
    EXPECT_NE(copy, original);
    EXPECT_EQ(original.at("list").at(1).at(0).asString(), "a");
    copy = original;
    EXPECT_EQ(copy, original);
    const Value& same = copy;
    copy = same;  // assigning a value to itself keeps it
    EXPECT_EQ(copy, original);
}

TEST(Value, EqualityIsDeep) {
    EXPECT_EQ(Value(Array{1, Struct{{"a", "b"}}}), Value(Array{1, Struct{{"a", "b"}}}));
    EXPECT_NE(Value(Array{1, Struct{{"a", "b"}}}), Value(Array{1, Struct{{"a", "c"}}}));
    EXPECT_NE(Value(1), Value(1.0));  // different XML-RPC types
}

TEST(Value, TypeNamesAreXmlRpcNames) {
    EXPECT_STREQ(typeName(ValueType::Boolean), "boolean");
    EXPECT_STREQ(typeName(ValueType::DateTime), "dateTime.iso8601");
    EXPECT_STREQ(typeName(ValueType::Bytes), "base64");
    EXPECT_STREQ(typeName(ValueType::Nil), "nil");
}

// A value far deeper than anything may send, built, copied and dropped: copying, comparing and
// destroying it take no stack per level (a 14,000-level value overflowed the stack in each).
TEST(Value, DeepValuesAreCopiedComparedAndFreedWithoutRecursion) {
    const int levels = 200000;
    Value a, b;
    for (int i = 0; i < levels; ++i) {
        a = inArray(std::move(a));
        b = inStruct(std::move(b));
    }
    Value c = Value(Array{Value(Array{})});
    for (int i = 0; i < levels; ++i) c = inArray(std::move(c));
    Value d = Value(Array{Value(Array{1})});
    for (int i = 0; i < levels; ++i) d = inArray(std::move(d));
    EXPECT_FALSE(a == b);
    EXPECT_TRUE(c == c);
    EXPECT_FALSE(c == d);
    const Value copyOfB = b;
    Value copyOfD;
    copyOfD = d;
    EXPECT_TRUE(copyOfB == b);
    EXPECT_TRUE(copyOfD == d);
    EXPECT_FALSE(copyOfD == c);
    a = Value();  // frees 200,000 levels
    b = Value();
}
