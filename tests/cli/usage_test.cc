// `sitbone` usage: top-level and per-command --help, --version, unknown
// commands and bad options. Usage errors exit 2 and write only to stderr.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cli_test_support.h"
#include "sitbone/version.h"

namespace sitbone::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using testing_support::CliResult;
using testing_support::ExampleRules;
using testing_support::RunCli;

TEST(CliUsageTest, TopLevelHelpListsEveryCommandOnStdout) {
  CliResult r = RunCli({"--help"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, StartsWith("usage: sitbone <command> [options]\n"));
  for (const char* command : {"evaluate", "batch", "validate", "test", "schema", "audit"})
    EXPECT_THAT(r.out, HasSubstr("\n  " + std::string(command) + " ")) << command;
  EXPECT_THAT(r.out, HasSubstr("Exit codes: 0 ok, 1 invalid rule set, failed rule tests or an audit log not intact, 2 "
                               "usage error,\n3 invalid input"));
  EXPECT_THAT(r.err, IsEmpty());
}

TEST(CliUsageTest, VersionPrintsTheEngineVersion) {
  CliResult r = RunCli({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, std::string("sitbone ") + kEngineVersion + "\n");
}

TEST(CliUsageTest, NoCommandPrintsUsageOnStderrAndExitsTwo) {
  CliResult r = RunCli({});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, StartsWith("usage: sitbone <command>"));
}

TEST(CliUsageTest, UnknownCommandExitsTwoAndNamesItOnStderr) {
  CliResult r = RunCli({"evaluat", "x.json"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, StartsWith("sitbone: unknown command 'evaluat'\n"));
  EXPECT_THAT(r.err, HasSubstr("usage: sitbone <command>"));
}

// --- Per-command help ---------------------------------------------------------

class CliCommandHelpTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CliCommandHelpTest, HelpPrintsUsageAndOptionsOnStdoutAndExitsZero) {
  const std::string command = GetParam();
  for (const char* flag : {"--help", "-h"}) {
    CliResult r = RunCli({command, flag});
    EXPECT_EQ(r.exit_code, 0) << flag << "\n" << r;
    EXPECT_THAT(r.out, StartsWith("usage: sitbone " + command + " ")) << flag;
    EXPECT_THAT(r.out, HasSubstr("show this help")) << flag;
    EXPECT_THAT(r.err, IsEmpty()) << flag;
  }
}

// --help wins over everything else and never loads a rule set.
TEST_P(CliCommandHelpTest, HelpDoesNotLoadRules) {
  const std::string command = GetParam();
  // validate and test take the folder as an argument, the others --rules.
  const bool positional = command == "validate" || command == "test";
  CliResult r = positional ? RunCli({command, "--help", "/no/such/path"})
                           : RunCli({command, "--help", "--rules", "/no/such/path"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
}

TEST_P(CliCommandHelpTest, UnknownOptionExitsTwoWithMessageAndUsageOnStderr) {
  const std::string command = GetParam();
  CliResult r = RunCli({command, "--frobnicate"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("--frobnicate"));
  EXPECT_THAT(r.err, HasSubstr("usage: sitbone " + command));
}

INSTANTIATE_TEST_SUITE_P(AllCommands, CliCommandHelpTest,
                         ::testing::Values("evaluate", "batch", "validate", "test", "schema"),
                         [](const ::testing::TestParamInfo<const char*>& param_info) {
                           return std::string(param_info.param);
                         });

// --- Bad options ------------------------------------------------------------------

TEST(CliUsageTest, OptionWithoutItsValueExitsTwo) {
  CliResult r = RunCli({"evaluate", "x.json", "--rules"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.err, HasSubstr("rules"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST(CliUsageTest, EvaluateRejectsAnUnknownFormat) {
  CliResult r = RunCli({"evaluate", "--rules", ExampleRules(), "--format", "xml", "x.json"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.err, HasSubstr("--format must be text, markdown, html or json, got 'xml'"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST(CliUsageTest, EvaluateWithoutAnInputFileExitsTwo) {
  CliResult r = RunCli({"evaluate", "--rules", ExampleRules()});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.err, HasSubstr("evaluate needs an assessment file (or - for standard input)"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST(CliUsageTest, BatchWithoutAnInputFileExitsTwo) {
  CliResult r = RunCli({"batch", "--rules", ExampleRules()});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.err, HasSubstr("batch needs a JSON Lines file"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST(CliUsageTest, BatchTakesOnlyOneInputFile) {
  CliResult r = RunCli({"batch", "--rules", ExampleRules(), "a.jsonl", "b.jsonl"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("usage: sitbone batch"));
}

TEST(CliUsageTest, MinCoverageMustBeANumber) {
  CliResult r = RunCli({"test", "--min-coverage", "most"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.err, HasSubstr("min-coverage"));
  EXPECT_THAT(r.out, IsEmpty());
}

}  // namespace
}  // namespace sitbone::cli
