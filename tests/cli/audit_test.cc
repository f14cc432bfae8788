// `sitbone audit verify` (exit 0 intact, 1 not intact, 2 usage, 3 unreadable;
// one FILE:LINE: line per problem) and the --audit-log options of `evaluate`
// and `batch`: one record per decision, written before the result is shown,
// error rows not recorded, a torn log never appended to.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_test_support.h"

namespace sitbone::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;
using testing_support::CliResult;
using testing_support::Data;
using testing_support::ExampleRules;
using testing_support::Lines;
using testing_support::ParseJson;
using testing_support::ReadFileText;
using testing_support::RunBinary;
using testing_support::RunCli;
using Json = nlohmann::json;

// A scratch folder per test, removed at the end.
class CliAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        (fs::temp_directory_path() / ("sitbone-cli-audit-" + std::to_string(::getpid()) + "-" + info->name())).string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    log_ = dir_ + "/audit.jsonl";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  CliResult Evaluate(std::vector<std::string> args) {
    args.insert(args.begin(), {"evaluate", "--rules", ExampleRules()});
    return RunCli(args);
  }
  CliResult Verify(const std::string& file) { return RunCli({"audit", "verify", file}); }
  void WriteText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }

  std::string dir_;
  std::string log_;
};

// --- audit verify ----------------------------------------------------------------

TEST_F(CliAuditTest, VerifyOfAnIntactLogExitsZeroAndNamesTheLastRecord) {
  ASSERT_EQ(Evaluate({"--audit-log", log_, Data("assessments/settled_runner.json"), Data("assessments/red_flag.yaml")})
                .exit_code,
            0);
  CliResult r = Verify(log_);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, MatchesRegex(log_ + ": intact: 2 record\\(s\\), last seq 2, last line sha256 [0-9a-f]{64}\n"));
  EXPECT_THAT(r.err, IsEmpty());
}

TEST_F(CliAuditTest, VerifyOfADamagedLogExitsOneWithFileAndLineForEachProblem) {
  ASSERT_EQ(Evaluate({"--audit-log", log_, Data("assessments/settled_runner.json"), Data("assessments/red_flag.yaml"),
                      Data("assessments/pain_5.json")})
                .exit_code,
            0);
  std::vector<std::string> lines = Lines(ReadFileText(log_));
  ASSERT_EQ(lines.size(), 3u);
  // Line 2 edited, and a NUL in line 3, and a torn fourth line.
  lines[1].replace(lines[1].find("\"level\":\""), 9, "\"level\":\"x");
  lines[2][5] = '\0';
  WriteText(log_, lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + "{\"schema\":\"sit");
  CliResult r = Verify(log_);
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(Lines(r.out),
              ElementsAre(log_ + ":2: altered: the line does not match its line_sha256: its content was changed after "
                                 "it was written",
                          log_ + ":3:6: not-text: the text contains a NUL byte (0x00), which is never valid here",
                          log_ + ":4: torn-line: the last line has no newline (a write was cut short): it is not a "
                                 "record, and nothing is appended after it",
                          log_ + ": not intact: 3 problem(s) in 4 line(s), 1 intact record(s)"));
  EXPECT_THAT(r.err, IsEmpty());
}

TEST_F(CliAuditTest, VerifyReportsADeletedRecordAtItsLine) {
  ASSERT_EQ(Evaluate({"--audit-log", log_, Data("assessments/settled_runner.json"), Data("assessments/red_flag.yaml"),
                      Data("assessments/pain_5.json")})
                .exit_code,
            0);
  std::vector<std::string> lines = Lines(ReadFileText(log_));
  WriteText(log_, lines[0] + "\n" + lines[2] + "\n");
  CliResult r = Verify(log_);
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.out, HasSubstr(log_ + ":2: chain-break: \"prev\" is not the SHA-256 of line 1"));
  EXPECT_THAT(r.out, HasSubstr(log_ + ":2: sequence: seq 3 where 2 was expected: 1 record(s) missing"));
}

TEST_F(CliAuditTest, VerifyOfAFileThatCannotBeReadExitsThree) {
  CliResult missing = Verify(dir_ + "/none.jsonl");
  EXPECT_EQ(missing.exit_code, 3) << missing;
  EXPECT_EQ(missing.err, "sitbone: audit log '" + dir_ + "/none.jsonl' does not exist\n");
  EXPECT_THAT(missing.out, IsEmpty());
  CliResult directory = Verify(dir_);
  EXPECT_EQ(directory.exit_code, 3) << directory;
  EXPECT_THAT(directory.err, HasSubstr("is not a regular file"));
}

TEST_F(CliAuditTest, AuditUsageErrorsExitTwo) {
  CliResult none = RunCli({"audit"});
  EXPECT_EQ(none.exit_code, 2) << none;
  EXPECT_THAT(none.err, StartsWith("usage: sitbone audit <command>"));
  CliResult unknown = RunCli({"audit", "check", log_});
  EXPECT_EQ(unknown.exit_code, 2) << unknown;
  EXPECT_THAT(unknown.err, StartsWith("sitbone: unknown audit command 'check'\n"));
  CliResult no_file = RunCli({"audit", "verify"});
  EXPECT_EQ(no_file.exit_code, 2) << no_file;
  EXPECT_THAT(no_file.err, StartsWith("sitbone: audit verify needs an audit log file\n"));
  CliResult bad_option = RunCli({"audit", "verify", "--frobnicate", log_});
  EXPECT_EQ(bad_option.exit_code, 2) << bad_option;
  EXPECT_THAT(bad_option.out, IsEmpty());
}

TEST_F(CliAuditTest, AuditHelpListsVerifyAndExitsZero) {
  CliResult help = RunCli({"audit", "--help"});
  EXPECT_EQ(help.exit_code, 0) << help;
  EXPECT_THAT(help.out, HasSubstr("\n  verify FILE "));
  CliResult verify_help = RunCli({"audit", "verify", "--help"});
  EXPECT_EQ(verify_help.exit_code, 0) << verify_help;
  EXPECT_THAT(verify_help.out, StartsWith("usage: sitbone audit verify [options] FILE\n"));
  EXPECT_THAT(RunCli({"--help"}).out, HasSubstr("\n  audit verify FILE "));
}

// --- evaluate --audit-log ----------------------------------------------------------

TEST_F(CliAuditTest, EvaluateRecordsEachResultAsPrinted) {
  CliResult r = Evaluate({"--format", "json", "--audit-log", log_, Data("assessments/settled_runner.json"),
                          Data("assessments/red_flag.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r;
  std::vector<std::string> printed = Lines(r.out);
  std::vector<std::string> records = Lines(ReadFileText(log_));
  ASSERT_EQ(printed.size(), 2u);
  ASSERT_EQ(records.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    Json result = ParseJson(printed[i]);
    Json record = ParseJson(records[i]);
    EXPECT_EQ(record["seq"], i + 1);
    EXPECT_EQ(record["trace"], result["trace"]);
    EXPECT_EQ(record["outputs"]["level"], result["level"]);
    EXPECT_EQ(record["outputs"]["exercises"], result["exercises"]);
    EXPECT_EQ(record["rule_set"]["fingerprint"], result["provenance"]["fingerprint"]);
    EXPECT_TRUE(record.contains("input_sha256"));
    EXPECT_FALSE(record.contains("input"));
  }
}

TEST_F(CliAuditTest, EvaluateWithMaskedInputHidesTheNamedFields) {
  CliResult r = Evaluate({"--audit-log", log_, "--audit-input", "masked", "--audit-mask", "pain_nrs,activity",
                          "--audit-mask", "bmi", Data("assessments/settled_runner.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  Json input = ParseJson(ReadFileText(log_))["input"];
  for (const char* field : {"pain_nrs", "activity", "bmi"}) EXPECT_EQ(input[field], "***masked***") << field;
  EXPECT_EQ(input["fever"], "no");
}

TEST_F(CliAuditTest, EvaluateRefusesToAppendToATornLogAndShowsNoResult) {
  const std::string torn = "{\"schema\":\"sitbone-audit/1\",\"seq\":1,\"ti";
  WriteText(log_, torn);
  CliResult r = Evaluate({"--audit-log", log_, Data("assessments/settled_runner.json")});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err, "sitbone: audit log '" + log_ +
                       "': it ends in a torn line: line 1 has no newline (a write was cut short); it is never "
                       "appended to: run 'sitbone audit verify " +
                       log_ + "', keep the file as it is, move it aside and start a new log\n");
  EXPECT_EQ(ReadFileText(log_), torn);
}

// Lowers the file-size limit (RLIMIT_FSIZE) for one call, so that a write
// past `bytes` is cut short as on a full disk.
template <typename F>
CliResult WithFileSizeLimit(std::size_t bytes, F run) {
  struct rlimit saved {};
  EXPECT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = bytes;
  EXPECT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  CliResult r = run();
  ::setrlimit(RLIMIT_FSIZE, &saved);
  ::signal(SIGXFSZ, old_handler);
  return r;
}

TEST_F(CliAuditTest, EvaluateShowsNoResultThatCouldNotBeRecorded) {
  const std::string probe = dir_ + "/probe.jsonl";
  ASSERT_EQ(Evaluate({"--audit-log", probe, Data("assessments/settled_runner.json")}).exit_code, 0);
  const std::size_t first_record = ReadFileText(probe).size();
  CliResult r = WithFileSizeLimit(first_record + 10, [&] {
    return Evaluate({"--format", "json", "--audit-log", log_, Data("assessments/settled_runner.json"),
                     Data("assessments/red_flag.yaml"), Data("assessments/pain_5.json")});
  });
  EXPECT_EQ(r.exit_code, 3) << r;
  // The first result was recorded and shown; the second could not be
  // recorded, so it is not shown, and the third is not evaluated.
  ASSERT_EQ(Lines(r.out).size(), 1u) << r;
  EXPECT_EQ(ParseJson(r.out)["stage"], "settled");
  EXPECT_THAT(r.err, StartsWith("sitbone: the result of '" + Data("assessments/red_flag.yaml") +
                                "' is not shown: it could not be recorded: only 10 of "));
  EXPECT_EQ(Lines(r.err).size(), 1u) << r;
}

TEST_F(CliAuditTest, EvaluateWithAnUnknownMaskFieldIsAUsageErrorAndWritesNothing) {
  CliResult r = Evaluate({"--audit-log", log_, "--audit-input", "masked", "--audit-mask", "bmii",
                          Data("assessments/settled_runner.json")});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_EQ(r.err,
            "sitbone: --audit-mask: 'bmii' is not an input of rule set 'tendon-triage-example'; did you mean "
            "'bmi'?\n");
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_FALSE(std::filesystem::exists(log_));
}

TEST_F(CliAuditTest, AuditOptionsThatCannotBeHonouredAreUsageErrors) {
  const std::string input = Data("assessments/settled_runner.json");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"--audit-input", "masked", input}, "sitbone: --audit-input needs --audit-log FILE\n"},
      {{"--audit-fsync", input}, "sitbone: --audit-fsync needs --audit-log FILE\n"},
      {{"--audit-log", log_, "--audit-input", "plain", input},
       "sitbone: --audit-input must be hash or masked, got 'plain'\n"},
      {{"--audit-log", log_, "--audit-mask", "bmi", input},
       "sitbone: --audit-mask needs --audit-input masked (with hash the log holds no input value)\n"},
  };
  for (const Case& c : cases) {
    CliResult r = Evaluate(c.args);
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, c.message);
    CliResult b = RunCli([&] {
      std::vector<std::string> args = {"batch", "--rules", ExampleRules()};
      args.insert(args.end(), c.args.begin(), c.args.end() - 1);
      args.push_back(Data("rows.jsonl"));
      return args;
    }());
    EXPECT_EQ(b.exit_code, 2) << b;
    EXPECT_EQ(b.err, c.message);
  }
  EXPECT_FALSE(std::filesystem::exists(log_));
}

TEST_F(CliAuditTest, AnAuditLogThatIsNotARegularFileExitsThree) {
  CliResult r = Evaluate({"--audit-log", dir_, Data("assessments/settled_runner.json")});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, StartsWith("sitbone: cannot open audit log '" + dir_ + "'"));
}

TEST_F(CliAuditTest, TheRealExecutableRecordsAndVerifies) {
  CliResult e = RunBinary({"evaluate", "--rules", ExampleRules(), "--audit-log", log_, "-"}, R"({"fever": "yes"})");
  ASSERT_EQ(e.exit_code, 0) << e;
  CliResult v = RunBinary({"audit", "verify", log_});
  EXPECT_EQ(v.exit_code, 0) << v;
  EXPECT_THAT(v.out, StartsWith(log_ + ": intact: 1 record(s), last seq 1, "));
  WriteText(log_, ReadFileText(log_) + "\n");
  CliResult damaged = RunBinary({"audit", "verify", log_});
  EXPECT_EQ(damaged.exit_code, 1) << damaged;
  EXPECT_THAT(damaged.out, HasSubstr(log_ + ":2:1: not-json: syntax error"));
}

// --- batch --audit-log ---------------------------------------------------------------

// data/rows.jsonl: 1 good, 2 out of range, 3 blank, 4 red flag, 5 good.
TEST_F(CliAuditTest, BatchRecordsEvaluatedRowsButNotErrorRows) {
  CliResult r = RunCli({"batch", "--rules", ExampleRules(), "--audit-log", log_, Data("rows.jsonl")});
  EXPECT_EQ(r.exit_code, 3) << r;
  std::vector<std::string> rows = Lines(r.out);
  ASSERT_EQ(rows.size(), 5u);
  std::vector<std::string> records = Lines(ReadFileText(log_));
  ASSERT_EQ(records.size(), 3u);
  std::size_t k = 0;
  for (const std::string& row : rows) {
    Json o = ParseJson(row);
    if (!o.contains("result")) continue;
    Json record = ParseJson(records[k++]);
    EXPECT_EQ(record["trace"], o["result"]["trace"]) << row;
    EXPECT_EQ(record["outputs"]["stage"], o["result"]["stage"]) << row;
  }
  EXPECT_EQ(RunCli({"audit", "verify", log_}).exit_code, 0);
}

// The file-size limit cuts the second record's write short, as a full disk
// would: from that row on no decision is shown, yet every row keeps its line.
TEST_F(CliAuditTest, BatchAfterAnAuditFailureShowsNoMoreDecisionsButKeepsEveryRow) {
  const std::string probe = dir_ + "/probe.jsonl";
  ASSERT_EQ(RunCli({"batch", "--rules", ExampleRules(), "--audit-log", probe, Data("rows.jsonl")}).exit_code, 3);
  const std::size_t first_record = Lines(ReadFileText(probe))[0].size() + 1;

  CliResult r = WithFileSizeLimit(first_record + 10, [&] {
    return RunCli({"batch", "--rules", ExampleRules(), "--audit-log", log_, Data("rows.jsonl")});
  });

  EXPECT_EQ(r.exit_code, 3) << r;
  std::vector<std::string> rows = Lines(r.out);
  ASSERT_EQ(rows.size(), 5u) << r;
  EXPECT_TRUE(ParseJson(rows[0]).contains("result")) << rows[0];
  EXPECT_THAT(ParseJson(rows[3])["error"].get<std::string>(),
              StartsWith("row 4: not shown: it could not be recorded: only 10 of "));
  EXPECT_THAT(ParseJson(rows[4])["error"].get<std::string>(),
              StartsWith("row 5: not evaluated: the audit log failed at row 4: only 10 of "));
  EXPECT_THAT(r.err, HasSubstr("sitbone: the audit log failed at row 4: only 10 of "));
  EXPECT_THAT(r.err, HasSubstr("sitbone: 5 row(s), 1 evaluated, 4 error row(s)\n"));
  CliResult v = Verify(log_);
  EXPECT_EQ(v.exit_code, 1) << v;
  EXPECT_THAT(v.out, HasSubstr(log_ + ":2: torn-line: "));
}

}  // namespace
}  // namespace sitbone::cli
