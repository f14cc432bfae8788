// `sitbone validate`: a good rule set (exit 0, summary and fingerprint) and
// broken ones (exit 1, every diagnostic compiler-style with file:line:col, the
// source line and a caret).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cli_test_support.h"

namespace sitbone::cli {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing_support::CliResult;
using testing_support::Data;
using testing_support::ExampleRules;
using testing_support::RunCli;

TEST(CliValidateTest, GoodRuleSetPrintsSummaryAndFingerprint) {
  CliResult r = RunCli({"validate", ExampleRules()});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(r.out, HasSubstr(ExampleRules() +
                               ": ok: rule set tendon-triage-example 1.0.0 (draft), 11 inputs, 3 thresholds, 10 rules, "
                               "0 warning(s)\n"));
  EXPECT_THAT(r.out, ContainsRegex("\nfingerprint sha256:[0-9a-f]{64}\n$"));
  EXPECT_THAT(r.out, Not(HasSubstr("error[")));
}

TEST(CliValidateTest, DirOptionIsTheSameAsThePositionalFolder) {
  CliResult positional = RunCli({"validate", ExampleRules()});
  CliResult option = RunCli({"validate", "--dir", ExampleRules()});
  EXPECT_EQ(option.exit_code, 0) << option;
  EXPECT_EQ(option.out, positional.out);
}

TEST(CliValidateTest, BrokenRuleSetPrintsEveryDiagnosticWithLocationAndCaret) {
  const std::string dir = Data("broken_rules");
  const std::string file = dir + "/ruleset.yaml";
  CliResult r = RunCli({"validate", dir});
  EXPECT_EQ(r.exit_code, 1) << r;
  // A misspelt input in a condition, with the source line, a caret under the
  // name and a did-you-mean hint.
  EXPECT_THAT(r.out, HasSubstr(file + ":31:15: error[E2002]: unknown name 'pain_nsr' (in BRK-1)\n"
                                      " 31 |         when: pain_nsr >= 7\n"
                                      "    |               ^\n"
                                      "  = hint: did you mean 'pain_nrs'?\n"));
  // An unknown citation key.
  EXPECT_THAT(r.out, HasSubstr(file + ":42:16: error[E2008]: unknown citation key 'fixtur' (in BRK-2)\n"
                                      " 42 |         cite: [fixtur]\n"
                                      "    |                ^\n"
                                      "  = hint: did you mean 'fixture'?\n"));
  // A value the output does not have.
  EXPECT_THAT(r.out, HasSubstr(file + ":40:33: error[E3003]: 'medium' is not a value of irritability"));
  EXPECT_THAT(r.out, HasSubstr(" 40 |           - set: {irritability: medium}\n"
                               "    |                                 ^\n"));
  EXPECT_THAT(r.out, HasSubstr(dir + ": invalid: 3 error(s), 0 warning(s)\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("fingerprint")));
}

TEST(CliValidateTest, WarningsPassUnlessStrict) {
  const std::string dir = Data("warn_rules");
  CliResult lax = RunCli({"validate", dir});
  EXPECT_EQ(lax.exit_code, 0) << lax;
  EXPECT_THAT(lax.out, HasSubstr(dir + "/ruleset.yaml:20:3: warning[W2001]: threshold 'unused_min' is never used\n"));
  EXPECT_THAT(lax.out,
              HasSubstr(": ok: rule set cli-warn 0.1.0 (draft), 1 inputs, 1 thresholds, 1 rules, 1 warning(s)\n"));

  CliResult strict = RunCli({"validate", "--strict", dir});
  EXPECT_EQ(strict.exit_code, 1) << strict;
  EXPECT_THAT(strict.out, HasSubstr("warning[W2001]"));
  EXPECT_THAT(strict.out, HasSubstr(dir + ": invalid:"));
}

TEST(CliValidateTest, MissingFolderIsAnIoErrorExitingThree) {
  const std::string dir = Data("no_such_rules");
  CliResult r = RunCli({"validate", dir});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.err, HasSubstr("no rule set at '" + dir + "'"));
}

TEST(CliValidateTest, TooManyFoldersIsAUsageError) {
  CliResult r = RunCli({"validate", ExampleRules(), Data("mini_rules")});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("usage: sitbone validate"));
}

}  // namespace
}  // namespace sitbone::cli
