// The built `sitbone` executable (SITBONE_CLI_PATH), run through the shell:
// main() wires the real standard streams and exit codes to sitbone::cli::Main.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_test_support.h"

namespace sitbone::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using testing_support::CliResult;
using testing_support::Data;
using testing_support::ExampleRules;
using testing_support::Lines;
using testing_support::ParseJson;
using testing_support::RunBinary;
using testing_support::RunCli;

TEST(CliExecutableTest, HelpExitsZeroOnStdout) {
  CliResult r = RunBinary({"--help"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, StartsWith("usage: sitbone <command> [options]\n"));
  EXPECT_THAT(r.err, IsEmpty());
}

TEST(CliExecutableTest, UnknownCommandExitsTwoOnStderr) {
  CliResult r = RunBinary({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, StartsWith("sitbone: unknown command 'frobnicate'\n"));
}

TEST(CliExecutableTest, EvaluateFromStandardInputMatchesInProcessRun) {
  const std::string input = R"({"saddle_anaesthesia": "no", "fever": "no", "pain_nrs": 9, "night_pain": "no"})";
  const std::vector<std::string> args = {"evaluate", "--rules", ExampleRules(), "--format", "json", "-"};
  CliResult binary = RunBinary(args, input);
  ASSERT_EQ(binary.exit_code, 0) << binary;
  EXPECT_THAT(binary.err, IsEmpty());
  nlohmann::json j = ParseJson(binary.out);
  EXPECT_EQ(j["stage"], "reactive");
  EXPECT_EQ(j["trace"], nlohmann::json({"EX-ST2", "EX-PH1", "EX-CF2"}));
  EXPECT_EQ(binary.out, RunCli(args, input).out);
}

TEST(CliExecutableTest, InvalidAssessmentExitsThreeNamingTheField) {
  CliResult r = RunBinary({"evaluate", "--rules", ExampleRules(), Data("assessments/out_of_range.json")});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("field 'pain_nrs'"));
}

TEST(CliExecutableTest, BatchWritesOneLinePerRowAndExitsThree) {
  CliResult r = RunBinary({"batch", "--rules", ExampleRules(), Data("rows.jsonl")});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_EQ(Lines(r.out).size(), 5u) << r;
  EXPECT_EQ(r.err, "sitbone: 5 row(s), 3 evaluated, 2 error row(s)\n");
}

TEST(CliExecutableTest, ValidateBrokenRuleSetExitsOne) {
  CliResult r = RunBinary({"validate", Data("broken_rules")});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.out, HasSubstr(": invalid: 3 error(s), 0 warning(s)\n"));
}

}  // namespace
}  // namespace sitbone::cli
