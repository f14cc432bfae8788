// `sitbone test`: a rule set's own cases (passing: exit 0, coverage line,
// "N passed, 0 failed"), a failing case (exit 1, expected vs actual), --cases,
// --min-coverage, and missing or broken inputs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cli_test_support.h"

namespace sitbone::cli {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing_support::CliResult;
using testing_support::Data;
using testing_support::ExampleRules;
using testing_support::RunCli;

TEST(CliRuleTestTest, PassingCasesInTheRuleSetsTestsFolder) {
  CliResult r = RunCli({"test", Data("mini_rules")});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_EQ(r.out,
            "PASS high-pain\n"
            "PASS night-pain\n"
            "PASS low\n"
            "PASS unknown-stays-unclear\n"
            "PASS out-of-range-rejected\n"
            "rule coverage: 2/2 rules fired (100.0%)\n"
            "5 passed, 0 failed\n");
}

TEST(CliRuleTestTest, FailingCasePrintsExpectedAndActualAndExitsOne) {
  const std::string cases = Data("mini_failing_cases.yaml");
  CliResult r = RunCli({"test", Data("mini_rules"), "--cases", cases});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.out, HasSubstr("PASS low-passes\n"));
  EXPECT_THAT(r.out, HasSubstr("FAIL wrong-expectation (" + cases +
                               ":6)\n"
                               "  irritability:\n"
                               "    expected: low\n"
                               "    actual:   high\n"
                               "  trace:\n"
                               "    expected: [MINI-LOW]\n"
                               "    actual:   [MINI-HIGH]\n"));
  EXPECT_THAT(r.out, EndsWith("1 passed, 1 failed\n"));
}

TEST(CliRuleTestTest, CasesFileAgainstTheExampleRuleSetReportsCoverageGaps) {
  CliResult r = RunCli({"test", ExampleRules(), "--cases", Data("tendon_triage_cases.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("PASS saddle-anaesthesia-is-an-emergency\nPASS settled-runner-loads-through-range\n"));
  EXPECT_THAT(r.out, HasSubstr("rule coverage: 5/10 rules fired (50.0%)\n"
                               "never fired: EX-RF2 EX-ST1 EX-ST2 EX-PH1 EX-CAP\n"
                               "2 passed, 0 failed\n"));
}

TEST(CliRuleTestTest, CoverageBelowMinimumExitsOne) {
  const std::string args_cases = Data("tendon_triage_cases.yaml");
  CliResult ok = RunCli({"test", ExampleRules(), "--cases", args_cases, "--min-coverage", "0.5"});
  EXPECT_EQ(ok.exit_code, 0) << ok;
  CliResult low = RunCli({"test", ExampleRules(), "--cases", args_cases, "--min-coverage", "0.6"});
  EXPECT_EQ(low.exit_code, 1) << low;
  EXPECT_THAT(low.out, HasSubstr("2 passed, 0 failed\n"));
  EXPECT_THAT(low.err, HasSubstr("rule coverage 50.0% is below --min-coverage"));
}

TEST(CliRuleTestTest, MissingCasesExitThree) {
  const std::string cases = Data("no_such_cases.yaml");
  CliResult r = RunCli({"test", Data("mini_rules"), "--cases", cases});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("no test file or folder at '" + cases + "'"));
}

TEST(CliRuleTestTest, BrokenRuleSetExitsOneWithDiagnostics) {
  CliResult r = RunCli({"test", Data("broken_rules")});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.out, Not(HasSubstr("passed")));
  EXPECT_THAT(r.err, HasSubstr("error[E2002]: unknown name 'pain_nsr'"));
  EXPECT_THAT(r.err, HasSubstr("rule set '" + Data("broken_rules") + "' is invalid"));
}

}  // namespace
}  // namespace sitbone::cli
