// Tests for the input schema (src/schema/schema.cc): looking fields up by name
// (a sorted index over fields kept in declaration order), "did you mean"
// suggestions for misspelt field names, and the type names used in reports.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/schema.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

FieldSpec Field(std::string name, FieldType type = FieldType::kTri) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  return f;
}

// Declared out of alphabetical order on purpose.
Schema Sample() {
  return Schema({Field("pain_worst_24h_nrs", FieldType::kInt), Field("age_years", FieldType::kInt),
                 Field("sex", FieldType::kEnum), Field("fever_or_unwell"), Field("arabesque_test", FieldType::kTest),
                 Field("bmi", FieldType::kNumber), Field("pain_below_knee")});
}

TEST(SchemaTest, KeepsFieldsInDeclarationOrder) {
  const Schema s = Sample();
  ASSERT_EQ(s.size(), 7u);
  EXPECT_EQ(s.field(0).name, "pain_worst_24h_nrs");
  EXPECT_EQ(s.field(6).name, "pain_below_knee");
  EXPECT_EQ(s.fields()[2].type, FieldType::kEnum);
}

TEST(SchemaTest, FindReturnsTheDeclarationIndexOfEveryField) {
  const Schema s = Sample();
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s.Find(s.field(i).name), static_cast<int>(i)) << s.field(i).name;
}

TEST(SchemaTest, FindReturnsMinusOneForAnAbsentName) {
  const Schema s = Sample();
  EXPECT_EQ(s.Find("fever"), -1);           // a prefix of a field
  EXPECT_EQ(s.Find("pain"), -1);            // a prefix shared by two fields
  EXPECT_EQ(s.Find("bmi_kg_m2"), -1);       // a field is a prefix of it
  EXPECT_EQ(s.Find("Age_years"), -1);       // names are case-sensitive
  EXPECT_EQ(s.Find(""), -1);
  EXPECT_EQ(s.Find("aaa"), -1);             // before the first name
  EXPECT_EQ(s.Find("zzz"), -1);             // after the last name
  EXPECT_EQ(Schema({}).Find("anything"), -1);
}

TEST(SchemaTest, FindWorksOnEveryFieldOfThePhtRuleSet) {
  auto rules = testing_support::LoadClean(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/pht");
  ASSERT_NE(rules, nullptr);
  const Schema& s = *rules->schema();
  ASSERT_GT(s.size(), 0u);
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s.Find(s.field(i).name), static_cast<int>(i)) << s.field(i).name;
  EXPECT_EQ(s.Find("no_such_field"), -1);
}

TEST(SchemaTest, SuggestNamesTheClosestFieldForATypo) {
  const Schema s = Sample();
  EXPECT_EQ(s.Suggest("age_year"), "age_years");
  EXPECT_EQ(s.Suggest("arabesque_tset"), "arabesque_test");
  EXPECT_EQ(s.Suggest("fever_or_unwel"), "fever_or_unwell");
  EXPECT_EQ(s.Suggest("bni"), "bmi");
  EXPECT_EQ(s.Suggest("pain_below_knees"), "pain_below_knee");
}

TEST(SchemaTest, SuggestPicksTheNearerOfTwoSimilarFields) {
  const Schema s = Schema({Field("pain_at_rest"), Field("pain_at_night")});
  EXPECT_EQ(s.Suggest("pain_at_nite"), "pain_at_night");
  EXPECT_EQ(s.Suggest("pain_at_res"), "pain_at_rest");
}

TEST(SchemaTest, SuggestReturnsNothingForAFarName) {
  const Schema s = Sample();
  EXPECT_EQ(s.Suggest("temperature"), "");
  EXPECT_EQ(s.Suggest("xyz"), "");
  EXPECT_EQ(s.Suggest("completely_unrelated_name"), "");
  EXPECT_EQ(Schema({}).Suggest("age_years"), "");
}

TEST(SchemaTest, FieldTypeNameNamesEveryType) {
  EXPECT_STREQ(FieldTypeName(FieldType::kTri), "tri");
  EXPECT_STREQ(FieldTypeName(FieldType::kTest), "test");
  EXPECT_STREQ(FieldTypeName(FieldType::kEnum), "enum");
  EXPECT_STREQ(FieldTypeName(FieldType::kInt), "int");
  EXPECT_STREQ(FieldTypeName(FieldType::kNumber), "number");
}

}  // namespace
}  // namespace sitbone
