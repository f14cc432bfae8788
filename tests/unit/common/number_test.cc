// Tests for the one number reader and formatter (src/common/number.cc).
#include "common/number.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sitbone::internal {
namespace {

TEST(NumberTest, ParseDecimalReadsDecimalNumbersOnly) {
  double v = 0;
  EXPECT_TRUE(ParseDecimal("7", &v));
  EXPECT_EQ(v, 7);
  EXPECT_TRUE(ParseDecimal("-2.5e1", &v));
  EXPECT_EQ(v, -25);
  EXPECT_TRUE(ParseDecimal(".5", &v));
  EXPECT_EQ(v, 0.5);
  EXPECT_TRUE(ParseDecimal("+3.", &v));
  EXPECT_EQ(v, 3);
  for (const char* bad : {"", "-", "0x7", "7 ", " 7", "inf", "nan", "1e", "1e+", "7kg", "1,5", ".", "0x1p3"})
    EXPECT_FALSE(ParseDecimal(bad, &v)) << bad;
}

TEST(NumberTest, ANumberTooLargeForADoubleReadsAsInfinity) {
  double v = 0;
  EXPECT_TRUE(ParseDecimal("1e309", &v));
  EXPECT_TRUE(std::isinf(v));
  EXPECT_TRUE(ParseDecimal(std::string(400, '9'), &v));
  EXPECT_TRUE(std::isinf(v));
}

TEST(NumberTest, DecimalPrefixStopsAtTheFirstCharacterThatIsNotPartOfTheNumber) {
  EXPECT_EQ(DecimalPrefix("12.5)"), 4u);
  EXPECT_EQ(DecimalPrefix("1e5x"), 3u);
  EXPECT_EQ(DecimalPrefix("1ex"), 1u);
  EXPECT_EQ(DecimalPrefix("0x7"), 1u);
  EXPECT_EQ(DecimalPrefix("x"), 0u);
}

TEST(NumberTest, FormatNumberIsExactAndShort) {
  EXPECT_EQ(FormatNumber(7), "7");
  EXPECT_EQ(FormatNumber(-3), "-3");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(6.123456789), "6.123456789");  // was 6.12346 in the text report
  EXPECT_EQ(FormatNumber(1e300), "1e+300");
  double back = 0;
  ASSERT_TRUE(ParseDecimal(FormatNumber(2.0 / 3.0), &back));
  EXPECT_EQ(back, 2.0 / 3.0);
}

}  // namespace
}  // namespace sitbone::internal
