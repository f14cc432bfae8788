// Tests for the rule-set test runner (src/testing/rule_tests.cc): passing and
// failing cases with their expected / actual texts, expect_error cases, cases
// that cannot run, malformed files, and rule coverage.
// Fixtures: tests/data/testing/ (ruleset.yaml and its tests/ folder).
#include <cstdlib>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/rule_tests.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::SizeIs;
using testing_support::DataPath;
using testing_support::LoadClean;

const RuleSet& Rules() {
  static const std::shared_ptr<const RuleSet> rules = LoadClean(DataPath("testing"));
  if (!rules) std::abort();
  return *rules;
}

RuleTestReport MustRun(const std::string& path = {}) {
  Result<RuleTestReport> report = RunRuleTests(Rules(), path);
  EXPECT_TRUE(report.has_value()) << (report ? "" : report.error().ToString());
  return report ? *report : RuleTestReport{};
}

const RuleTestCase& Case(const RuleTestReport& report, const std::string& id) {
  for (const RuleTestCase& c : report.cases)
    if (c.id == id) return c;
  ADD_FAILURE() << "no case " << id;
  static const RuleTestCase kNone;
  return kNone;
}

std::vector<std::string> Failures(const RuleTestCase& c) {
  std::vector<std::string> out;
  for (const RuleTestFailure& f : c.failures) out.push_back(f.field + ": " + f.expected + " | " + f.actual);
  return out;
}

TEST(RuleTestsTest, RunsTheRuleSetsOwnTestsFolderByDefaultInSortedFileOrder) {
  const RuleTestReport report = MustRun();
  std::vector<std::string> ids;
  for (const RuleTestCase& c : report.cases) ids.push_back(c.id);
  EXPECT_THAT(ids, ElementsAre("passing", "failing", "rejected-as-expected", "accepted-but-error-expected",
                               "unknown-output", "invalid-input", "unknown-key"));
  EXPECT_EQ(report.passed(), 2u);
  EXPECT_EQ(report.failed(), 5u);
}

TEST(RuleTestsTest, APassingCaseHasNoFailures) {
  const RuleTestReport report = MustRun();
  const RuleTestCase& c = Case(report, "passing");
  EXPECT_TRUE(c.passed);
  EXPECT_THAT(c.failures, IsEmpty());
  EXPECT_EQ(c.error, "");
  EXPECT_EQ(c.file, DataPath("testing/tests/cases.yaml"));
  EXPECT_EQ(c.line, 3);
}

TEST(RuleTestsTest, AFailingCaseReportsExpectedAndActualPerField) {
  const RuleTestReport report = MustRun();
  const RuleTestCase& c = Case(report, "failing");
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(c.error, "");
  EXPECT_EQ(c.line, 12);
  EXPECT_THAT(Failures(c), ElementsAre("level: urgent | none", "notes: [fever_note] | [] missing [fever_note]",
                                       "trace: [R-FEVER] | []"));
}

TEST(RuleTestsTest, ListsCompareAsMultisetsUnlessOrderedAndTraceInOrder) {
  testing_support::TempDir dir;
  const std::string file = dir.Write("order.yaml", R"(tests:
  - id: unordered-list-any-order
    input: {fever: yes, pain: 9}
    expect: {notes: [pain_note, fever_note]}
  - id: trace-out-of-order
    input: {fever: yes, pain: 9}
    expect: {trace: [R-PAIN, R-FEVER]}
  - id: extra-and-missing
    input: {fever: yes, pain: 1}
    expect: {notes: [pain_note]}
)");
  const RuleTestReport report = MustRun(file);
  ASSERT_THAT(report.cases, SizeIs(3));
  EXPECT_TRUE(report.cases[0].passed) << ::testing::PrintToString(Failures(report.cases[0]));
  EXPECT_THAT(Failures(report.cases[1]), ElementsAre("trace: [R-PAIN, R-FEVER] | [R-FEVER, R-PAIN]"));
  EXPECT_THAT(Failures(report.cases[2]),
              ElementsAre("notes: [pain_note] | [fever_note] missing [pain_note] unexpected [fever_note]"));
}

TEST(RuleTestsTest, AnExpectErrorCasePassesWhenTheInputIsRejectedWithTheText) {
  const RuleTestReport report = MustRun();
  const RuleTestCase& c = Case(report, "rejected-as-expected");
  EXPECT_TRUE(c.passed);
  EXPECT_THAT(c.failures, IsEmpty());
}

TEST(RuleTestsTest, AnExpectErrorCaseFailsWhenTheInputIsAccepted) {
  const RuleTestReport report = MustRun();
  const RuleTestCase& c = Case(report, "accepted-but-error-expected");
  EXPECT_FALSE(c.passed);
  EXPECT_THAT(Failures(c), ElementsAre("error: input rejected with an error containing 'out of range' | input accepted"));
}

TEST(RuleTestsTest, ATestCaseReadsValuesExactlyAsAnAssessmentFileDoes) {
  // One reader for every input: 0x7 is the text '0x7' in a test case too (it
  // was read as 7 here while `sitbone evaluate` rejected it).
  testing_support::TempDir dir;
  const std::string file = dir.Write("hex.yaml", R"(tests:
  - id: hex-is-text
    input: {pain: 0x7}
    expect_error: "field 'pain': the text '0x7' is not valid"
  - id: anchors-are-refused
    input: {pain: &a 7}
    expect: {}
)");
  Result<RuleTestReport> report = RunRuleTests(Rules(), file);
  ASSERT_FALSE(report.has_value()) << "a test file with an anchor must not load";
  EXPECT_THAT(report.error().message(), HasSubstr("YAML anchors (&name) are not accepted"));
  const std::string hex_only = dir.Write("hex-only.yaml", R"(tests:
  - id: hex-is-text
    input: {pain: 0x7}
    expect_error: "field 'pain': the text '0x7' is not valid"
)");
  const RuleTestReport ok = MustRun(hex_only);
  ASSERT_THAT(ok.cases, SizeIs(1));
  EXPECT_TRUE(ok.cases[0].passed) << ::testing::PrintToString(Failures(ok.cases[0]));
}

TEST(RuleTestsTest, AnExpectErrorCaseFailsWhenTheErrorTextDiffers) {
  testing_support::TempDir dir;
  const std::string file = dir.Write("wrong-error.yaml", R"(tests:
  - id: wrong-text
    input: {pain: 11}
    expect_error: unknown field
)");
  const RuleTestReport report = MustRun(file);
  ASSERT_THAT(report.cases, SizeIs(1));
  EXPECT_FALSE(report.cases[0].passed);
  ASSERT_THAT(report.cases[0].failures, SizeIs(1));
  EXPECT_EQ(report.cases[0].failures[0].expected, "an error containing 'unknown field'");
  EXPECT_THAT(report.cases[0].failures[0].actual, HasSubstr("out of range"));
}

TEST(RuleTestsTest, CasesThatCannotRunCarryAnErrorWithTheirPosition) {
  const RuleTestReport report = MustRun();
  const std::string file = DataPath("testing/tests/more/unrunnable.yaml");
  const RuleTestCase& output = Case(report, "unknown-output");
  EXPECT_FALSE(output.passed);
  EXPECT_EQ(output.error, file + ":5:14: 'nosuch' is not an output of rule set rule-tests-fixture");
  const RuleTestCase& input = Case(report, "invalid-input");
  EXPECT_FALSE(input.passed);
  // Reported at the case: its input may come from the file's base_input.
  EXPECT_THAT(input.error, HasSubstr(file + ":6:5: field 'pain'"));
  EXPECT_THAT(input.error, HasSubstr("out of range"));
  const RuleTestCase& key = Case(report, "unknown-key");
  EXPECT_FALSE(key.passed);
  EXPECT_THAT(key.error, HasSubstr(file + ":11:5: unknown key 'expext'"));
}

TEST(RuleTestsTest, EachCaseStartsFromTheFilesBaseInputAndOverridesIt) {
  testing_support::TempDir dir;
  const std::string file = dir.Write("base.yaml", R"(description: Cases sharing a base input.
base_input: {fever: yes, pain: 8}
tests:
  - id: inherits-everything
    input: {}
    expect: {level: urgent, score: 2, trace: [R-FEVER, R-PAIN]}
  - id: overrides-pain
    input: {pain: 1}
    expect: {level: urgent, score: null, trace: [R-FEVER]}
  - id: overrides-with-null
    input: {fever: null}
    expect: {level: none, missing_data: [fever]}
)");
  const RuleTestReport report = MustRun(file);
  ASSERT_THAT(report.cases, SizeIs(3));
  for (const RuleTestCase& c : report.cases)
    EXPECT_TRUE(c.passed) << c.id << ": " << c.error << ::testing::PrintToString(Failures(c));
}

TEST(RuleTestsTest, ACaseMayReadItsInputFromAFileBesideTheTestFile) {
  testing_support::TempDir dir;
  dir.Write("inputs/febrile.json", R"({"fever": "yes", "pain": 9})");
  const std::string file = dir.Write("file-input.yaml", R"(tests:
  - id: from-file
    input_file: inputs/febrile.json
    expect: {level: urgent, score: 2}
  - id: missing-file
    input_file: inputs/none.json
    expect: {level: none}
  - id: both
    input: {}
    input_file: inputs/febrile.json
    expect: {level: none}
)");
  const RuleTestReport report = MustRun(file);
  ASSERT_THAT(report.cases, SizeIs(3));
  EXPECT_TRUE(report.cases[0].passed) << report.cases[0].error << ::testing::PrintToString(Failures(report.cases[0]));
  EXPECT_FALSE(report.cases[1].passed);
  EXPECT_THAT(report.cases[1].error, HasSubstr("cannot read input file"));
  EXPECT_FALSE(report.cases[2].passed);
  EXPECT_THAT(report.cases[2].error, HasSubstr("either 'input' or 'input_file'"));
}

TEST(RuleTestsTest, AnUnknownKeyInATestFileIsAnInvalidInputError) {
  testing_support::TempDir dir;
  const std::string file = dir.Write("typo.yaml", "base_inputs: {fever: yes}\ntests:\n  - id: a\n    input: {}\n    expect: {}\n");
  Result<RuleTestReport> report = RunRuleTests(Rules(), file);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(report.error().message(), HasSubstr("typo.yaml:1:1: unknown key 'base_inputs'"));
}

TEST(RuleTestsTest, ReportsRuleCoverage) {
  const RuleTestReport report = MustRun();
  EXPECT_EQ(report.rules_total, 3u);
  EXPECT_THAT(report.rules_never_fired, ElementsAre("R-NEVER"));
  EXPECT_DOUBLE_EQ(report.rule_coverage(), 2.0 / 3.0);
}

TEST(RuleTestsTest, CoverageCountsOnlyTheCasesRun) {
  testing_support::TempDir dir;
  const std::string file = dir.Write("one.yaml", R"(tests:
  - id: fever-only
    input: {fever: yes, pain: 0}
    expect: {level: urgent}
)");
  const RuleTestReport report = MustRun(file);
  EXPECT_EQ(report.passed(), 1u);
  EXPECT_THAT(report.rules_never_fired, ElementsAre("R-PAIN"));
  EXPECT_DOUBLE_EQ(report.rule_coverage(), 2.0 / 3.0);
  const std::string none = dir.Write("none/none.yaml", "tests:\n  - id: nothing\n    input: {}\n    expect: {}\n");
  const RuleTestReport empty = MustRun(none);
  EXPECT_THAT(empty.rules_never_fired, ElementsAre("R-FEVER", "R-PAIN", "R-NEVER"));
  EXPECT_DOUBLE_EQ(empty.rule_coverage(), 0.0);
}

TEST(RuleTestsTest, AMalformedFileIsAnInvalidInputErrorWithItsPosition) {
  Result<RuleTestReport> report = RunRuleTests(Rules(), DataPath("testing/malformed"));
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(report.error().message(),
              MatchesRegex(".*testing/malformed/broken\\.yaml:[0-9]+:[0-9]+: YAML syntax error.*"));
}

TEST(RuleTestsTest, AFileWithoutATestsListIsAnInvalidInputError) {
  Result<RuleTestReport> report = RunRuleTests(Rules(), DataPath("testing/no-tests-key/cases.yaml"));
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(report.error().message(), HasSubstr("cases.yaml:2:1: a test file is a mapping with a 'tests:' list"));
}

TEST(RuleTestsTest, AMissingPathIsNotFound) {
  Result<RuleTestReport> report = RunRuleTests(Rules(), DataPath("testing/no-such-folder"));
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code(), StatusCode::kNotFound);
  testing_support::TempDir empty;
  Result<RuleTestReport> none = RunRuleTests(Rules(), empty.path());
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sitbone
