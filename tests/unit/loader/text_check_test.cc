// Tests for the checks every text passes before parsing
// (src/loader/text_check.cc): size, NUL bytes, UTF-8.
#include "loader/text_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace sitbone::internal {
namespace {

using ::testing::HasSubstr;

TEST(TextCheckTest, AcceptsUtf8TextIncludingEveryLengthOfCharacter) {
  EXPECT_TRUE(CheckText("onset: gradual # é → 𝄞\n", 1000).ok());
  EXPECT_EQ(FindInvalidUtf8("a\xC3\xA9\xE2\x86\x92\xF0\x9D\x84\x9E"), std::string::npos);
}

TEST(TextCheckTest, FindsTheFirstInvalidSequence) {
  EXPECT_EQ(FindInvalidUtf8("ok\xFFmore"), 2u);             // never valid
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);                 // continuation first
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);               // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\xAF"), 0u);           // overlong, 3 bytes
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);          // UTF-16 surrogate U+D800
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);       // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("abc\xE2\x86"), 3u);            // truncated at the end
}

TEST(TextCheckTest, ANulByteIsAnErrorAtItsOffset) {
  const std::string text = std::string("{\"onset\":\"gradual\"}") + '\0' + "{\"saddle_anaesthesia\":\"yes\"}";
  TextProblem p = CheckText(text, 1000);
  EXPECT_FALSE(p.ok());
  EXPECT_EQ(p.offset, 19u);
  EXPECT_THAT(p.message, HasSubstr("NUL"));
}

TEST(TextCheckTest, ATextOverTheLimitIsAnError) {
  TextProblem p = CheckText(std::string(101, 'a'), 100);
  EXPECT_FALSE(p.ok());
  EXPECT_THAT(p.message, HasSubstr("more than the limit of 100 bytes"));
  EXPECT_TRUE(CheckText(std::string(100, 'a'), 100).ok());
}

TEST(TextCheckTest, LineColumnCountsFromOne) {
  int line = 0, column = 0;
  LineColumn("ab\ncd", 4, &line, &column);
  EXPECT_EQ(line, 2);
  EXPECT_EQ(column, 2);
}

}  // namespace
}  // namespace sitbone::internal
