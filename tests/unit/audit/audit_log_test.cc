// The audit log writer (src/audit/audit_log.cc): records round-trip through
// VerifyAuditLog, masking and hashing keep input values out of the file, a
// log continues its sequence and chain when reopened, a torn or foreign file
// is never appended to, a short write is an error, and threads and processes
// appending to one log keep one intact chain.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "audit_test_support.h"
#include "sitbone/render.h"

namespace sitbone {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing_support::JoinLines;
using testing_support::MustOpen;
using testing_support::MustParse;
using testing_support::ReadText;
using testing_support::RecordDecisions;
using testing_support::SplitLines;
using testing_support::TempDir;
using testing_support::Triage;
using testing_support::Verify;
using testing_support::WriteLog;
using testing_support::WriteText;
using Json = nlohmann::json;

AuditLogOptions Options(const std::string& path) {
  AuditLogOptions options;
  options.path = path;
  return options;
}

std::vector<AuditProblem::Kind> Kinds(const AuditVerifyReport& report) {
  std::vector<AuditProblem::Kind> kinds;
  for (const AuditProblem& p : report.problems) kinds.push_back(p.kind);
  return kinds;
}

// Every leaf value of a JSON document, as text (strings as they are, numbers
// dumped), except the hash fields.
void Leaves(const Json& j, const std::string& key, std::vector<std::string>* out) {
  if (key == "input_sha256" || key == "prev" || key == "line_sha256" || key == "fingerprint") return;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) Leaves(it.value(), it.key(), out);
  } else if (j.is_array()) {
    for (const auto& item : j) Leaves(item, key, out);
  } else {
    out->push_back(j.is_string() ? j.get<std::string>() : j.dump());
  }
}

// --- Round trip ------------------------------------------------------------------

TEST(AuditLogTest, RecordsRoundTripThroughVerifyWithTheDecisionAsDecided) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  const RuleSet& rules = Triage();
  std::unique_ptr<AuditLog> log = MustOpen(Options(path));
  ASSERT_NE(log, nullptr);
  std::vector<Evaluation> decided;
  for (const Assessment& a : testing_support::VariedAssessments(rules, 3)) {
    Result<Evaluation> ev = rules.Evaluate(a);
    ASSERT_TRUE(ev.has_value());
    ASSERT_TRUE(log->Record(rules, a, *ev).ok());
    decided.push_back(*ev);
  }
  EXPECT_EQ(log->records_written(), 3u);
  Result<AuditVerifyReport> report = Verify(path);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_TRUE(report->intact()) << ::testing::PrintToString(report->problems);
  EXPECT_EQ(report->lines, 3u);
  EXPECT_EQ(report->records, 3u);
  EXPECT_EQ(report->last_seq, 3u);
  std::vector<std::string> lines = SplitLines(ReadText(path));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(report->last_line_sha256, internal::Sha256Hex(lines[2]));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Json record = Json::parse(lines[i]);
    Json result = Json::parse(RenderJson(rules, decided[i]));
    EXPECT_EQ(record["seq"], i + 1);
    EXPECT_EQ(record["prev"], internal::Sha256Hex(i == 0 ? std::string() : lines[i - 1]));
    EXPECT_EQ(record["trace"], result["trace"]);
    for (const std::string& name : rules.output_names()) EXPECT_EQ(record["outputs"][name], result[name]) << name;
  }
}

TEST(AuditLogTest, ReopeningALogContinuesItsSequenceAndChain) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  WriteLog(path, 2);
  WriteLog(path, 3);
  Result<AuditVerifyReport> report = Verify(path);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->intact()) << ::testing::PrintToString(report->problems);
  EXPECT_EQ(report->records, 5u);
  EXPECT_EQ(report->last_seq, 5u);
}

TEST(AuditLogTest, ANewLogIsReadableAndWritableByItsOwnerOnly) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  WriteLog(path, 1);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AuditLogTest, FsyncStillWritesIntactRecords) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  AuditLogOptions options = Options(path);
  options.fsync = true;
  std::unique_ptr<AuditLog> log = MustOpen(options);
  ASSERT_NE(log, nullptr);
  RecordDecisions(*log, 3);
  EXPECT_TRUE(Verify(path)->intact());
}

// --- What the file may hold of the input -------------------------------------------

TEST(AuditLogTest, MaskedFieldsAreAbsentFromTheFile) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  AuditLogOptions options = Options(path);
  options.input = AuditInput::kMasked;
  options.masked_fields = {"bmi", "sitting_tolerance_min", "activity"};
  std::unique_ptr<AuditLog> log = MustOpen(options);
  ASSERT_NE(log, nullptr);
  const RuleSet& rules = Triage();
  const Assessment a = MustParse(rules, testing_support::kDistinctAssessment);
  ASSERT_TRUE(log->Record(rules, a, *rules.Evaluate(a)).ok());
  const std::string text = ReadText(path);
  EXPECT_THAT(text, Not(HasSubstr("31.7")));
  EXPECT_THAT(text, Not(HasSubstr("cycling")));
  Json input = Json::parse(text)["input"];
  EXPECT_EQ(input["bmi"], "***masked***");
  EXPECT_EQ(input["sitting_tolerance_min"], "***masked***");
  EXPECT_EQ(input["activity"], "***masked***");
  // The fields not masked are recorded as evaluated.
  EXPECT_EQ(input["pain_nrs"], 3);
  EXPECT_EQ(input["fever"], "no");
  std::vector<std::string> leaves;
  Leaves(Json::parse(text), "", &leaves);
  EXPECT_THAT(leaves, Not(::testing::Contains("47")));
}

TEST(AuditLogTest, AMaskedFieldIsMaskedEvenWhenUnknown) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  AuditLogOptions options = Options(path);
  options.input = AuditInput::kMasked;
  options.masked_fields = {"bmi"};
  std::unique_ptr<AuditLog> log = MustOpen(options);
  const RuleSet& rules = Triage();
  const Assessment a = MustParse(rules, R"({"fever": "no"})");
  ASSERT_TRUE(log->Record(rules, a, *rules.Evaluate(a)).ok());
  EXPECT_EQ(Json::parse(ReadText(path))["input"]["bmi"], "***masked***");
}

TEST(AuditLogTest, HashModeWritesNoInputValue) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  std::unique_ptr<AuditLog> log = MustOpen(Options(path));
  const RuleSet& rules = Triage();
  const Assessment a = MustParse(rules, testing_support::kDistinctAssessment);
  ASSERT_TRUE(log->Record(rules, a, *rules.Evaluate(a)).ok());
  Json record = Json::parse(ReadText(path));
  EXPECT_FALSE(record.contains("input"));
  EXPECT_EQ(record["input_sha256"].get<std::string>().size(), 64u);
  std::vector<std::string> leaves;
  Leaves(record, "", &leaves);
  for (const char* value : {"31.7", "47", "cycling"}) EXPECT_THAT(leaves, Not(::testing::Contains(value))) << value;
}

TEST(AuditLogTest, AnUnknownMaskedFieldIsRefusedSoTheFieldMeantCannotLeak) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  AuditLogOptions options = Options(path);
  options.input = AuditInput::kMasked;
  options.masked_fields = {"bmii"};
  std::unique_ptr<AuditLog> log = MustOpen(options);
  ASSERT_NE(log, nullptr);
  const RuleSet& rules = Triage();
  const Assessment a = MustParse(rules, testing_support::kDistinctAssessment);
  Status s = log->Record(rules, a, *rules.Evaluate(a));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("cannot mask 'bmii': it is not an input of rule set 'tendon-triage-example'; "
                                     "did you mean 'bmi'?"));
  EXPECT_THAT(ReadText(path), IsEmpty());
}

TEST(AuditLogTest, MaskedFieldsWithoutMaskedInputAreRefusedAtOpen) {
  TempDir dir;
  AuditLogOptions options = Options(dir.path() + "/audit.jsonl");
  options.masked_fields = {"bmi"};
  Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(options);
  ASSERT_FALSE(log.has_value());
  EXPECT_EQ(log.error().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(options.path));
}

TEST(AuditLogTest, ADecisionFromAnotherRuleSetIsRefused) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  std::unique_ptr<AuditLog> log = MustOpen(Options(path));
  const RuleSet& rules = Triage();
  LoadOptions overridden;
  overridden.threshold_overrides = {{"obesity_bmi_min", 32}};
  std::shared_ptr<const RuleSet> other =
      testing_support::LoadClean(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/examples/tendon_triage", overridden);
  ASSERT_NE(other, nullptr);
  const Assessment a = MustParse(rules, testing_support::kDistinctAssessment);
  const Assessment b = MustParse(*other, testing_support::kDistinctAssessment);
  // The assessment of another rule set's schema...
  EXPECT_EQ(log->Record(rules, b, *other->Evaluate(b)).code(), StatusCode::kInvalidArgument);
  // ...or an evaluation made with another fingerprint.
  Evaluation forged = *rules.Evaluate(a);
  forged.provenance.fingerprint = other->fingerprint();
  EXPECT_EQ(log->Record(rules, a, forged).code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(ReadText(path), IsEmpty());
}

// --- Torn lines and files that are not ours ------------------------------------------

TEST(AuditLogTest, ATornLastLineIsReportedAndNeverAppendedTo) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  WriteLog(path, 2);
  // A crash in the middle of the third write.
  const std::string third_start = R"({"schema":"sitbone-audit/1","seq":3,"time":"2025-)";
  { std::ofstream(path, std::ios::binary | std::ios::app) << third_start; }
  const std::string before = ReadText(path);

  Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(Options(path));
  ASSERT_FALSE(log.has_value());
  EXPECT_EQ(log.error().code(), StatusCode::kIoError);
  EXPECT_THAT(log.error().message(),
              HasSubstr("audit log '" + path + "': it ends in a torn line: line 3 has no newline"));
  EXPECT_THAT(log.error().message(), HasSubstr("it is never appended to: run 'sitbone audit verify " + path + "'"));
  EXPECT_EQ(ReadText(path), before);

  Result<AuditVerifyReport> report = Verify(path);
  ASSERT_TRUE(report.has_value());
  EXPECT_THAT(Kinds(*report), ElementsAre(AuditProblem::Kind::kTornLine));
  EXPECT_EQ(report->problems[0].line, 3u);
  EXPECT_EQ(report->records, 2u);
}

TEST(AuditLogTest, ALineTornAfterOpeningStopsTheNextRecordInsteadOfMergingIntoIt) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  std::unique_ptr<AuditLog> log = MustOpen(Options(path));
  ASSERT_NE(log, nullptr);
  RecordDecisions(*log, 1);
  // Another writer's record, cut short.
  { std::ofstream(path, std::ios::binary | std::ios::app) << R"({"schema":"sitbone-au)"; }
  const std::string before = ReadText(path);
  const RuleSet& rules = Triage();
  const Assessment a = MustParse(rules, testing_support::kDistinctAssessment);
  Status s = log->Record(rules, a, *rules.Evaluate(a));
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_THAT(s.message(), HasSubstr("torn line: line 2 has no newline"));
  EXPECT_EQ(ReadText(path), before);
}

TEST(AuditLogTest, AFileThatIsNotAnAuditLogIsNeverAppendedTo) {
  TempDir dir;
  const std::string path = dir.Write("rows.jsonl", "{\"fever\": \"no\"}\n{\"fever\": \"yes\"}\n");
  const std::string before = ReadText(path);
  Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(Options(path));
  ASSERT_FALSE(log.has_value());
  EXPECT_THAT(log.error().message(),
              HasSubstr("its last line (line 2) is not an intact audit record: no \"schema\" field"));
  EXPECT_EQ(ReadText(path), before);
}

TEST(AuditLogTest, AnAlteredLastRecordIsRefusedAtOpen) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  WriteLog(path, 3);
  std::vector<std::string> lines = SplitLines(ReadText(path));
  lines[2] = lines[2].replace(lines[2].find("\"seq\":3"), 7, "\"seq\":4");
  WriteText(path, JoinLines(lines));
  Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(Options(path));
  ASSERT_FALSE(log.has_value());
  EXPECT_THAT(log.error().message(), HasSubstr("its last line (line 3) is not an intact audit record: the line does "
                                               "not match its line_sha256"));
}

TEST(AuditLogTest, OnlyRegularFilesAreOpened) {
  TempDir dir;
  for (const std::string& path : {dir.path(), std::string("/dev/null")}) {
    Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(Options(path));
    ASSERT_FALSE(log.has_value()) << path;
    EXPECT_EQ(log.error().code(), StatusCode::kIoError) << path;
  }
  // A FIFO with no reader: refused at once, not a hang.
  const std::string fifo = dir.path() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(Options(fifo));
  ASSERT_FALSE(log.has_value());
  EXPECT_EQ(log.error().code(), StatusCode::kIoError);
  EXPECT_FALSE(AuditLog::Open(Options("")).has_value());
}

// A write cut short by the file-size limit (RLIMIT_FSIZE) is the nearest a
// test gets to a full disk: write(2) returns fewer bytes than asked.
TEST(AuditLogTest, AShortWriteIsAnErrorAndLeavesALogThatIsNotAppendedTo) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  std::unique_ptr<AuditLog> log = MustOpen(Options(path));
  ASSERT_NE(log, nullptr);
  RecordDecisions(*log, 1);
  const std::size_t size = ReadText(path).size();
  const RuleSet& rules = Triage();
  const Assessment a = MustParse(rules, testing_support::kDistinctAssessment);
  const Evaluation ev = *rules.Evaluate(a);

  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = size + 100;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  Status s = log->Record(rules, a, ev);
  ::setrlimit(RLIMIT_FSIZE, &saved);
  ::signal(SIGXFSZ, old_handler);

  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_THAT(s.message(), HasSubstr("only 100 of "));
  EXPECT_THAT(s.message(), HasSubstr("the log now ends in a torn line"));
  // Nothing is written after it, by this log or a new one.
  EXPECT_EQ(log->Record(rules, a, ev).code(), StatusCode::kIoError);
  EXPECT_FALSE(AuditLog::Open(Options(path)).has_value());
  EXPECT_EQ(ReadText(path).size(), size + 100);
  Result<AuditVerifyReport> report = Verify(path);
  EXPECT_THAT(Kinds(*report), ElementsAre(AuditProblem::Kind::kTornLine));
  EXPECT_EQ(report->problems[0].line, 2u);
}

// --- Concurrency -----------------------------------------------------------------------

TEST(AuditLogTest, ConcurrentRecordsFromFourThreadsGiveOneIntactChain) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  std::unique_ptr<AuditLog> log = MustOpen(Options(path));
  ASSERT_NE(log, nullptr);
  const RuleSet& rules = Triage();
  constexpr int kThreads = 4;
  constexpr std::size_t kPerThread = 250;
  std::vector<std::vector<Assessment>> inputs;
  std::vector<std::vector<Evaluation>> decisions(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    inputs.push_back(testing_support::VariedAssessments(rules, kPerThread, static_cast<std::uint32_t>(t + 1)));
    for (const Assessment& a : inputs.back()) decisions[t].push_back(*rules.Evaluate(a));
  }
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < kPerThread; ++i)
        if (!log->Record(rules, inputs[t][i], decisions[t][i]).ok()) ++failures[t];
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_THAT(failures, ::testing::Each(0));
  Result<AuditVerifyReport> report = Verify(path);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->intact()) << ::testing::PrintToString(report->problems);
  EXPECT_EQ(report->lines, 1000u);
  EXPECT_EQ(report->records, 1000u);
  EXPECT_EQ(report->last_seq, 1000u);
}

TEST(AuditLogTest, TwoLogsOpenOnOneFileKeepOneChain) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  // Two open file descriptions of one file, as two processes would have.
  std::unique_ptr<AuditLog> first = MustOpen(Options(path));
  std::unique_ptr<AuditLog> second = MustOpen(Options(path));
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  std::thread a([&] { RecordDecisions(*first, 150, 1); });
  std::thread b([&] { RecordDecisions(*second, 150, 2); });
  a.join();
  b.join();
  Result<AuditVerifyReport> report = Verify(path);
  EXPECT_TRUE(report->intact()) << ::testing::PrintToString(report->problems);
  EXPECT_EQ(report->records, 300u);
}

TEST(AuditLogTest, ProcessesAppendingToOneLogKeepOneChain) {
  TempDir dir;
  const std::string path = dir.path() + "/audit.jsonl";
  const RuleSet& rules = Triage();
  const std::vector<Assessment> inputs = testing_support::VariedAssessments(rules, 100);
  std::vector<Evaluation> decisions;
  for (const Assessment& a : inputs) decisions.push_back(*rules.Evaluate(a));
  std::vector<pid_t> children;
  for (int c = 0; c < 3; ++c) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // The child: no gtest assertions, only an exit code.
      Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(Options(path));
      if (!log) ::_exit(2);
      for (std::size_t i = 0; i < inputs.size(); ++i)
        if (!(*log)->Record(rules, inputs[i], decisions[i]).ok()) ::_exit(3);
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  Result<AuditVerifyReport> report = Verify(path);
  EXPECT_TRUE(report->intact()) << ::testing::PrintToString(report->problems);
  EXPECT_EQ(report->records, 300u);
  EXPECT_EQ(report->last_seq, 300u);
}

}  // namespace
}  // namespace sitbone
