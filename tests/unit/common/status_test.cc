// Tests for operational errors (src/common/status.cc, include/sitbone/status.h):
// the stable names of the status codes (the CLI and the JSON error output rely
// on them), Status::ToString, and Result<T>'s value / error access.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/status.h"

namespace sitbone {
namespace {

TEST(StatusTest, EveryCodeHasItsStableLowerCaseName) {
  EXPECT_STREQ(StatusCodeName(StatusCode::kOk), "ok");
  EXPECT_STREQ(StatusCodeName(StatusCode::kInvalidArgument), "invalid_argument");
  EXPECT_STREQ(StatusCodeName(StatusCode::kInvalidInput), "invalid_input");
  EXPECT_STREQ(StatusCodeName(StatusCode::kNotFound), "not_found");
  EXPECT_STREQ(StatusCodeName(StatusCode::kIoError), "io_error");
  EXPECT_STREQ(StatusCodeName(StatusCode::kInvalidRuleSet), "invalid_rule_set");
  EXPECT_STREQ(StatusCodeName(StatusCode::kInternal), "internal");
}

TEST(StatusTest, AnOutOfRangeCodeIsNamedUnknown) {
  EXPECT_STREQ(StatusCodeName(static_cast<StatusCode>(99)), "unknown");
}

TEST(StatusTest, ADefaultStatusIsOkAndPrintsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.field(), "");
  EXPECT_EQ(s.ToString(), "ok");
  EXPECT_TRUE(Status::Ok().ok());
  EXPECT_EQ(Status::Ok().ToString(), "ok");
}

TEST(StatusTest, ToStringIsTheCodeNameThenTheMessage) {
  Status s(StatusCode::kInvalidInput, "field 'age_years': 130 is above the maximum 120", "age_years");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.message(), "field 'age_years': 130 is above the maximum 120");
  EXPECT_EQ(s.field(), "age_years");
  EXPECT_EQ(s.ToString(), "invalid_input: field 'age_years': 130 is above the maximum 120");
  EXPECT_EQ(Status(StatusCode::kNotFound, "no such file").ToString(), "not_found: no such file");
  EXPECT_EQ(Status(StatusCode::kInternal, "").ToString(), "internal: ");
}

TEST(StatusTest, AnOkCodeWithAMessageIsStillOk) {
  Status s(StatusCode::kOk, "ignored");
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(ResultTest, AValueIsReachableThroughValueStarAndArrow) {
  Result<std::string> r(std::string("hello"));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), "hello");
  EXPECT_EQ(*r, "hello");
  EXPECT_EQ(r->size(), 5u);
  const Result<std::string>& cr = r;
  EXPECT_EQ(cr.value(), "hello");
  EXPECT_EQ(*cr, "hello");
  EXPECT_EQ(cr->size(), 5u);
}

TEST(ResultTest, AValueCanBeModifiedInPlace) {
  Result<std::vector<int>> r(std::vector<int>{1, 2});
  r->push_back(3);
  (*r).push_back(4);
  r.value().push_back(5);
  EXPECT_THAT(*r, ::testing::ElementsAre(1, 2, 3, 4, 5));
}

TEST(ResultTest, AStatusIsReachableThroughError) {
  Result<int> r(Status(StatusCode::kIoError, "disk full"));
  EXPECT_FALSE(r.has_value());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().code(), StatusCode::kIoError);
  EXPECT_EQ(r.error().message(), "disk full");
  EXPECT_EQ(r.error().ToString(), "io_error: disk full");
}

TEST(ResultTest, AccessingTheWrongAlternativeThrows) {
  Result<int> error(Status(StatusCode::kNotFound, "gone"));
  EXPECT_ANY_THROW((void)error.value());
  Result<int> value(7);
  EXPECT_ANY_THROW((void)value.error());
}

TEST(ResultTest, TheValueCanBeMovedOut) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(42));
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 42);
}

TEST(ResultTest, FunctionsReturnEitherAlternativeImplicitly) {
  auto half = [](int n) -> Result<int> {
    if (n % 2 != 0) return Status(StatusCode::kInvalidArgument, "odd");
    return n / 2;
  };
  ASSERT_TRUE(half(8).has_value());
  EXPECT_EQ(*half(8), 4);
  ASSERT_FALSE(half(7).has_value());
  EXPECT_EQ(half(7).error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sitbone
