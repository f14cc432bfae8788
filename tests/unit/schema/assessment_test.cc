// Tests for assessment validation (src/schema/assessment.cc): unknown fields,
// wrong types, ranges without clamping, whole numbers, enum values, null /
// absent / default, JSON and YAML syntax errors with positions, and documents
// that are not objects. Every rejection is kInvalidInput naming the field.
// Fixture: tests/data/schema/assessment_rules.yaml.
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/assessment.h"
#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing_support::DataPath;
using testing_support::LoadClean;

std::shared_ptr<const Schema> TheSchema() {
  static const std::shared_ptr<const RuleSet> rules = LoadClean(DataPath("schema/assessment_rules.yaml"));
  if (!rules) std::abort();
  return rules->schema();
}

std::size_t Index(const std::string& field) {
  int i = TheSchema()->Find(field);
  EXPECT_GE(i, 0) << field;
  return static_cast<std::size_t>(i);
}

Assessment Accept(const std::string& text) {
  Result<Assessment> a = ParseAssessment(TheSchema(), text);
  EXPECT_TRUE(a.has_value()) << text << " was rejected: " << (a ? "" : a.error().ToString());
  return a ? *a : AssessmentBuilder(TheSchema()).Build();
}

Status Reject(const std::string& text, const std::string& source = "<input>") {
  Result<Assessment> a = ParseAssessment(TheSchema(), text, source);
  EXPECT_FALSE(a.has_value()) << text << " was accepted";
  if (a.has_value()) return Status();
  EXPECT_EQ(a.error().code(), StatusCode::kInvalidInput) << a.error().ToString();
  return a.error();
}

// ---- unknown fields ----

TEST(AssessmentTest, RejectsAnUnknownFieldWithADidYouMeanHint) {
  Status s = Reject(R"({"pain_nr": 3})");
  EXPECT_EQ(s.field(), "pain_nr");
  EXPECT_THAT(s.message(), HasSubstr("unknown field 'pain_nr'"));
  EXPECT_THAT(s.message(), HasSubstr("did you mean 'pain_nrs'?"));
}

TEST(AssessmentTest, RejectsAnUnknownFieldWithoutAHintWhenNothingIsClose) {
  Status s = Reject(R"({"zzzzzzzzzz": "yes"})");
  EXPECT_EQ(s.field(), "zzzzzzzzzz");
  EXPECT_THAT(s.message(), HasSubstr("unknown field 'zzzzzzzzzz'"));
  EXPECT_THAT(s.message(), Not(HasSubstr("did you mean")));
}

TEST(AssessmentTest, NamesAnUnknownFieldEvenWhenItsValueIsAListOrObject) {
  Status s = Reject(R"({"fevr": {"nested": 1}})");
  EXPECT_EQ(s.field(), "fevr");
  EXPECT_THAT(s.message(), HasSubstr("unknown field 'fevr'"));
  EXPECT_THAT(s.message(), HasSubstr("did you mean 'fever'?"));
  Status yaml = Reject("fevr: [yes]\n");
  EXPECT_EQ(yaml.field(), "fevr");
  EXPECT_THAT(yaml.message(), HasSubstr("unknown field 'fevr'"));
}

// ---- wrong types ----

TEST(AssessmentTest, RejectsAStringForAnInt) {
  Status s = Reject(R"({"pain_nrs": "3"})");
  EXPECT_EQ(s.field(), "pain_nrs");
  EXPECT_THAT(s.message(), HasSubstr("field 'pain_nrs'"));
  EXPECT_THAT(s.message(), HasSubstr("the text '3'"));
  EXPECT_THAT(s.message(), HasSubstr("a whole number from 0 to 10 (NRS 0-10)"));
}

TEST(AssessmentTest, RejectsANumberForATriField) {
  Status s = Reject(R"({"fever": 1})");
  EXPECT_EQ(s.field(), "fever");
  EXPECT_THAT(s.message(), HasSubstr("the number 1"));
  EXPECT_THAT(s.message(), HasSubstr("yes, no or unknown"));
}

TEST(AssessmentTest, RejectsABooleanForATriFieldWithAYesNoHint) {
  for (const char* text : {R"({"fever": true})", R"({"fever": false})"}) {
    Status s = Reject(text);
    EXPECT_EQ(s.field(), "fever");
    EXPECT_THAT(s.message(), HasSubstr("the boolean"));
    EXPECT_THAT(s.message(), HasSubstr(R"(write "yes" or "no")"));
  }
}

TEST(AssessmentTest, RejectsABooleanForATestField) {
  Status s = Reject(R"({"bridge_test": true})");
  EXPECT_EQ(s.field(), "bridge_test");
  EXPECT_THAT(s.message(), HasSubstr("positive, negative or unknown"));
}

TEST(AssessmentTest, RejectsAListValue) {
  Status s = Reject(R"({"fever": ["yes"]})");
  EXPECT_EQ(s.field(), "fever");
  EXPECT_THAT(s.message(), HasSubstr("a list or object is not valid here"));
}

TEST(AssessmentTest, RejectsTriWordsForATestFieldAndTestWordsForATriField) {
  EXPECT_EQ(Reject(R"({"bridge_test": "yes"})").field(), "bridge_test");
  EXPECT_EQ(Reject(R"({"fever": "positive"})").field(), "fever");
}

// ---- ranges, whole numbers, enum values ----

TEST(AssessmentTest, RejectsOutOfRangeValuesWithoutClamping) {
  for (const char* text : {R"({"pain_nrs": 11})", R"({"pain_nrs": -1})", R"({"bmi": 11.99})", R"({"bmi": 70.5})"}) {
    Status s = Reject(text);
    EXPECT_THAT(s.message(), HasSubstr("out of range")) << text;
    EXPECT_FALSE(s.field().empty());
  }
  EXPECT_EQ(Reject(R"({"pain_nrs": 11})").field(), "pain_nrs");
  EXPECT_THAT(Reject(R"({"bmi": 71})").message(), HasSubstr("from 12 to 70 (kg/m2)"));
}

TEST(AssessmentTest, AcceptsTheInclusiveBoundsOfARange) {
  EXPECT_EQ(Accept(R"({"pain_nrs": 0})").encoded(Index("pain_nrs")), 0);
  EXPECT_EQ(Accept(R"({"pain_nrs": 10})").encoded(Index("pain_nrs")), 10);
  EXPECT_EQ(Accept(R"({"bmi": 12})").encoded(Index("bmi")), 12);
  EXPECT_EQ(Accept(R"({"bmi": 70.0})").encoded(Index("bmi")), 70);
  EXPECT_DOUBLE_EQ(Accept(R"({"bmi": 31.25})").encoded(Index("bmi")), 31.25);
}

TEST(AssessmentTest, RejectsAnIntWithAFraction) {
  Status s = Reject(R"({"pain_nrs": 6.5})");
  EXPECT_EQ(s.field(), "pain_nrs");
  EXPECT_THAT(s.message(), HasSubstr("6.5"));
  EXPECT_THAT(s.message(), HasSubstr("whole number"));
}

TEST(AssessmentTest, AcceptsSixPointZeroAsSix) {
  const Assessment a = Accept(R"({"pain_nrs": 6.0})");
  EXPECT_EQ(a.encoded(Index("pain_nrs")), 6);
  EXPECT_EQ(a.Display(Index("pain_nrs")), "6");
}

TEST(AssessmentTest, RejectsAnEnumValueThatIsNotListed) {
  Status s = Reject(R"({"activity": "swimming"})");
  EXPECT_EQ(s.field(), "activity");
  EXPECT_THAT(s.message(), HasSubstr("'swimming'"));
  EXPECT_THAT(s.message(), HasSubstr("running, cycling, other, or unknown"));
  // Values are case-sensitive.
  EXPECT_EQ(Reject(R"({"activity": "Running"})").field(), "activity");
}

TEST(AssessmentTest, EncodesEveryKindOfValue) {
  const Assessment a =
      Accept(R"({"fever": "yes", "bridge_test": "negative", "activity": "cycling", "pain_nrs": 4, "bmi": 22.5})");
  EXPECT_EQ(a.encoded(Index("fever")), 1);
  EXPECT_EQ(a.encoded(Index("bridge_test")), 0);
  EXPECT_EQ(a.encoded(Index("activity")), 1);
  EXPECT_EQ(a.encoded(Index("pain_nrs")), 4);
  EXPECT_EQ(a.Display(Index("fever")), "yes");
  EXPECT_EQ(a.Display(Index("bridge_test")), "negative");
  EXPECT_EQ(a.Display(Index("activity")), "cycling");
  EXPECT_EQ(a.Display(Index("bmi")), "22.5");
}

TEST(AssessmentTest, UnknownIsAcceptedForTriTestAndEnumFields) {
  const Assessment a = Accept(R"({"fever": "unknown", "bridge_test": "unknown", "activity": "unknown"})");
  for (const char* f : {"fever", "bridge_test", "activity"}) {
    EXPECT_FALSE(a.known(Index(f))) << f;
    EXPECT_EQ(a.Display(Index(f)), "unknown") << f;
  }
}

// ---- null, absent, default ----

TEST(AssessmentTest, NullIsTheSameAsAbsentAndAppliesTheNumericDefault) {
  const Assessment absent = Accept("{}");
  const Assessment null = Accept(R"({"visit_number": null, "pain_nrs": null, "fever": null})");
  for (const Assessment* a : {&absent, &null}) {
    EXPECT_EQ(a->encoded(Index("visit_number")), 1);
    EXPECT_TRUE(a->known(Index("visit_number")));
    EXPECT_FALSE(a->known(Index("pain_nrs")));
    EXPECT_EQ(a->Display(Index("pain_nrs")), "null");
    EXPECT_FALSE(a->known(Index("fever")));
  }
  EXPECT_EQ(Accept(R"({"visit_number": 7})").encoded(Index("visit_number")), 7);
}

TEST(AssessmentTest, BuilderSetNullRestoresTheDefault) {
  AssessmentBuilder b(TheSchema());
  ASSERT_TRUE(b.SetNumber("visit_number", 9).ok());
  ASSERT_TRUE(b.SetNull("visit_number").ok());
  EXPECT_EQ(b.Build().encoded(Index("visit_number")), 1);
}

TEST(AssessmentTest, BuilderLeavesTheValueUnchangedWhenASetFails) {
  AssessmentBuilder b(TheSchema());
  ASSERT_TRUE(b.SetNumber("pain_nrs", 3).ok());
  Status s = b.SetNumber("pain_nrs", 11);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.field(), "pain_nrs");
  ASSERT_TRUE(b.SetText("fever", "yes").ok());
  EXPECT_FALSE(b.SetText("fever", "maybe").ok());
  const Assessment a = b.Build();
  EXPECT_EQ(a.encoded(Index("pain_nrs")), 3);
  EXPECT_EQ(a.encoded(Index("fever")), 1);
}

TEST(AssessmentTest, BuilderRejectsNonFiniteNumbers) {
  AssessmentBuilder b(TheSchema());
  Status s = b.SetNumber("bmi", std::nan(""));
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.field(), "bmi");
  EXPECT_EQ(b.SetNumber("bmi", INFINITY).field(), "bmi");
}

// ---- JSON syntax ----

TEST(AssessmentTest, ReportsAJsonSyntaxErrorWithLineAndColumn) {
  Status s = Reject("{\n  \"fever\": \"yes\",\n  \"pain_nrs\": 3,,\n}", "case.json");
  EXPECT_THAT(s.message(), StartsWith("case.json:3:17: invalid JSON"));
  EXPECT_THAT(s.message(), HasSubstr("syntax error"));
  EXPECT_EQ(s.field(), "");
}

TEST(AssessmentTest, ReportsAJsonSyntaxErrorOnTheFirstLine) {
  Status s = Reject(R"({"fever": yes})");
  EXPECT_THAT(s.message(), StartsWith("<input>:1:11: invalid JSON"));
}

TEST(AssessmentTest, PrefixesFieldErrorsWithTheSourceName) {
  Status s = Reject(R"({"pain_nrs": 11})", "visit.json");
  EXPECT_THAT(s.message(), StartsWith("visit.json: field 'pain_nrs'"));
}

// ---- YAML ----

TEST(AssessmentTest, AcceptsYamlInput) {
  const Assessment a = Accept("fever: yes\nbridge_test: positive\nactivity: running\npain_nrs: 6.0\nbmi: 24.5\n");
  EXPECT_EQ(a.encoded(Index("fever")), 1);
  EXPECT_EQ(a.encoded(Index("bridge_test")), 1);
  EXPECT_EQ(a.encoded(Index("activity")), 0);
  EXPECT_EQ(a.encoded(Index("pain_nrs")), 6);
  EXPECT_EQ(a.encoded(Index("bmi")), 24.5);
  EXPECT_EQ(a.encoded(Index("visit_number")), 1);
}

TEST(AssessmentTest, ReportsYamlFieldErrorsWithThePositionOfTheValue) {
  Status s = Reject("fever: yes\npain_nrs: 11\n", "visit.yaml");
  EXPECT_THAT(s.message(), StartsWith("visit.yaml:2:11: field 'pain_nrs'"));
  EXPECT_THAT(s.message(), HasSubstr("out of range"));
  EXPECT_EQ(s.field(), "pain_nrs");
}

TEST(AssessmentTest, ReportsAYamlSyntaxErrorWithItsPosition) {
  Status s = Reject("fever: yes\npain_nrs: [3\n", "visit.yaml");
  EXPECT_THAT(s.message(), StartsWith("visit.yaml:"));
  EXPECT_THAT(s.message(), HasSubstr("YAML syntax error"));
}

TEST(AssessmentTest, YamlQuotedNumbersAreTextAndYamlBooleansAreRejected) {
  Status quoted = Reject("pain_nrs: \"6\"\n");
  EXPECT_EQ(quoted.field(), "pain_nrs");
  EXPECT_THAT(quoted.message(), HasSubstr("the text '6'"));
  Status boolean = Reject("fever: true\n");
  EXPECT_EQ(boolean.field(), "fever");
  EXPECT_THAT(boolean.message(), HasSubstr(R"(write "yes" or "no")"));
}

TEST(AssessmentTest, YamlNullAndTildeAreAbsent) {
  const Assessment a = Accept("visit_number: ~\npain_nrs: null\nfever:\n");
  EXPECT_EQ(a.encoded(Index("visit_number")), 1);
  EXPECT_FALSE(a.known(Index("pain_nrs")));
  EXPECT_FALSE(a.known(Index("fever")));
}

TEST(AssessmentTest, RejectsAnUnknownYamlFieldWithAHint) {
  Status s = Reject("fever: yes\npian_nrs: 3\n");
  EXPECT_EQ(s.field(), "pian_nrs");
  EXPECT_THAT(s.message(), StartsWith("<input>:2:"));
  EXPECT_THAT(s.message(), HasSubstr("did you mean 'pain_nrs'?"));
}

// ---- documents that are not objects ----

TEST(AssessmentTest, RejectsDocumentsThatAreNotObjects) {
  for (const char* text : {"[1, 2]", "[]", "- fever\n- pain_nrs\n", "42", "just text", "\"fever\""}) {
    Status s = Reject(text);
    EXPECT_EQ(s.field(), "") << text;
    EXPECT_THAT(s.message(), HasSubstr("an assessment must be a")) << text;
  }
}

TEST(AssessmentTest, EveryFieldErrorIsInvalidInputNamingTheField) {
  struct Case {
    const char* text;
    const char* field;
  };
  for (const Case& c : {Case{R"({"pain_nr": 1})", "pain_nr"}, Case{R"({"pain_nrs": "x"})", "pain_nrs"},
                        Case{R"({"fever": 0})", "fever"}, Case{R"({"fever": false})", "fever"},
                        Case{R"({"bmi": 500})", "bmi"}, Case{R"({"visit_number": 1.5})", "visit_number"},
                        Case{R"({"activity": "golf"})", "activity"}, Case{R"({"bridge_test": {}})", "bridge_test"},
                        Case{"activity: golf\n", "activity"}}) {
    Status s = Reject(c.text);
    EXPECT_EQ(s.code(), StatusCode::kInvalidInput) << c.text;
    EXPECT_EQ(s.field(), c.field) << c.text;
  }
}

}  // namespace
}  // namespace sitbone
