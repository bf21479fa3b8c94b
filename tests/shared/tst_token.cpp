// Tokens: long enough, fresh each time, compared without early exit.
#include <hostbridge/token.hpp>

#include <gtest/gtest.h>

#include <set>

using namespace hostbridge;

TEST(Token, HasAtLeast128RandomBitsAsHex) {
    const std::string token = generateToken();
    EXPECT_GE(token.size() * 4, 128u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Token, EveryTokenIsNew) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(generateToken());
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(Token, EqualityIsExact) {
    EXPECT_TRUE(tokensEqual("abc", "abc"));
    EXPECT_FALSE(tokensEqual("abc", "abd"));
    EXPECT_FALSE(tokensEqual("abc", "abcd"));
    EXPECT_FALSE(tokensEqual("", "a"));
    EXPECT_TRUE(tokensEqual("", ""));
    EXPECT_FALSE(tokensEqual(std::string("a\0b", 3), std::string("a\0c", 3)));
}
