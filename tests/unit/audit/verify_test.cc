// VerifyAuditLog (src/audit/verify.cc): an edited, deleted, inserted or
// reordered record is found at its line; what a hash chain cannot find
// (a tail cut at a line boundary) is found only against a kept last hash;
// hostile lines (NUL, invalid UTF-8, a 10 MB line, deep nesting, a flood of
// bad lines) are problems, never crashes, hangs or unbounded memory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>
#include <string>
#include <vector>

#include "audit_test_support.h"

namespace sitbone {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing_support::JoinLines;
using testing_support::ReadText;
using testing_support::RehashLine;
using testing_support::SplitLines;
using testing_support::TempDir;
using testing_support::Verify;
using testing_support::WriteLog;
using testing_support::WriteText;
using Kind = AuditProblem::Kind;

// (line, kind) of every problem, in order.
std::vector<std::pair<std::size_t, Kind>> Found(const AuditVerifyReport& report) {
  std::vector<std::pair<std::size_t, Kind>> found;
  for (const AuditProblem& p : report.problems) found.emplace_back(p.line, p.kind);
  return found;
}

class AuditVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path() + "/audit.jsonl";
    WriteLog(path_, 5);
    lines_ = SplitLines(ReadText(path_));
    ASSERT_EQ(lines_.size(), 5u);
  }

  // Writes `lines` as the log and verifies it.
  AuditVerifyReport VerifyLines(const std::vector<std::string>& lines) {
    WriteText(path_, JoinLines(lines));
    return VerifyText();
  }
  AuditVerifyReport VerifyText() {
    Result<AuditVerifyReport> report = Verify(path_);
    EXPECT_TRUE(report.has_value()) << report.error().ToString();
    return report ? *report : AuditVerifyReport{};
  }

  static std::string Edit(std::string line, const std::string& from, const std::string& to) {
    const std::size_t at = line.find(from);
    EXPECT_NE(at, std::string::npos) << from << " in " << line;
    return at == std::string::npos ? line : line.replace(at, from.size(), to);
  }

  TempDir dir_;
  std::string path_;
  std::vector<std::string> lines_;
};

TEST_F(AuditVerifyTest, AnIntactLogHasNoProblemsAndNamesItsLastRecord) {
  AuditVerifyReport report = VerifyText();
  EXPECT_TRUE(report.intact()) << ::testing::PrintToString(report.problems);
  EXPECT_EQ(report.lines, 5u);
  EXPECT_EQ(report.records, 5u);
  EXPECT_EQ(report.last_seq, 5u);
  EXPECT_EQ(report.last_line_sha256, internal::Sha256Hex(lines_[4]));
}

TEST_F(AuditVerifyTest, AnEmptyFileIsAnIntactLogOfNoRecords) {
  WriteText(path_, "");
  AuditVerifyReport report = VerifyText();
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.records, 0u);
}

// --- Tampering -----------------------------------------------------------------------

TEST_F(AuditVerifyTest, AnEditedValueIsReportedAsAlteredAtItsLine) {
  std::vector<std::string> lines = lines_;
  // The advice recorded for line 3, changed after the fact.
  const bool emergency = lines[2].find("\"level\":\"emergency\"") != std::string::npos;
  lines[2] = emergency ? Edit(lines[2], "\"level\":\"emergency\"", "\"level\":\"none\"")
                       : Edit(lines[2], "\"level\":\"", "\"level\":\"emergency\",\"was\":\"");
  AuditVerifyReport report = VerifyLines(lines);
  // Line 4's link to line 3 breaks as a consequence; it is not reported twice.
  EXPECT_THAT(Found(report), ElementsAre(std::pair{std::size_t{3}, Kind::kAltered}));
  EXPECT_THAT(report.problems[0].message, HasSubstr("does not match its line_sha256"));
  EXPECT_EQ(report.records, 4u);
}

TEST_F(AuditVerifyTest, AnEditWithARecomputedLineHashBreaksTheChainAtTheNextLine) {
  std::vector<std::string> lines = lines_;
  lines[2] = RehashLine(Edit(lines[2], "\"engine_version\":\"", "\"engine_version\":\"9"));
  AuditVerifyReport report = VerifyLines(lines);
  EXPECT_THAT(Found(report), ElementsAre(std::pair{std::size_t{4}, Kind::kChainBreak}));
  EXPECT_THAT(report.problems[0].message,
              HasSubstr("\"prev\" is not the SHA-256 of line 3: a record was deleted, inserted or moved here, or line "
                        "3 was changed and its line_sha256 recomputed"));
}

TEST_F(AuditVerifyTest, ADeletedRecordBreaksTheChainAndTheSequenceAtItsPlace) {
  std::vector<std::string> lines = lines_;
  lines.erase(lines.begin() + 2);
  AuditVerifyReport report = VerifyLines(lines);
  EXPECT_THAT(Found(report),
              ElementsAre(std::pair{std::size_t{3}, Kind::kChainBreak}, std::pair{std::size_t{3}, Kind::kSequence}));
  EXPECT_THAT(report.problems[1].message,
              HasSubstr("seq 4 where 3 was expected: 1 record(s) missing before this line"));
}

TEST_F(AuditVerifyTest, DeletingTheFirstRecordIsDetectedAtLineOne) {
  std::vector<std::string> lines = lines_;
  lines.erase(lines.begin());
  AuditVerifyReport report = VerifyLines(lines);
  EXPECT_THAT(Found(report),
              ElementsAre(std::pair{std::size_t{1}, Kind::kChainBreak}, std::pair{std::size_t{1}, Kind::kSequence}));
  EXPECT_THAT(report.problems[0].message, HasSubstr("records before this one were removed"));
}

TEST_F(AuditVerifyTest, ASwappedPairOfRecordsIsReportedFromTheFirstOfThem) {
  std::vector<std::string> lines = lines_;
  std::swap(lines[1], lines[2]);
  AuditVerifyReport report = VerifyLines(lines);
  ASSERT_FALSE(report.intact());
  EXPECT_EQ(report.problems.front().line, 2u);
  EXPECT_EQ(report.problems.front().kind, Kind::kChainBreak);
  std::set<std::size_t> at;
  for (const AuditProblem& p : report.problems) at.insert(p.line);
  // Line 2 follows line 1 wrongly, line 3 follows line 2 wrongly, and line 4
  // no longer follows its own predecessor.
  EXPECT_THAT(at, ElementsAre(2u, 3u, 4u));
  EXPECT_THAT(report.problems[1].message, HasSubstr("seq 3 where 2 was expected"));
}

TEST_F(AuditVerifyTest, AnInsertedCopyOfARecordIsReported) {
  std::vector<std::string> lines = lines_;
  lines.insert(lines.begin() + 2, lines[1]);
  AuditVerifyReport report = VerifyLines(lines);
  ASSERT_FALSE(report.intact());
  EXPECT_EQ(report.problems.front().line, 3u);
  EXPECT_THAT(Found(report), ::testing::Contains(std::pair{std::size_t{3}, Kind::kSequence}));
  EXPECT_THAT(report.problems[1].message, HasSubstr("seq 2 where 3 was expected: a record repeated or out of order"));
}

// The limit of a hash chain, stated in docs/audit.md: removing the last
// records at a line boundary leaves a shorter log that is intact. Only the
// last seq and hash kept elsewhere reveal it.
TEST_F(AuditVerifyTest, ACutTailIsSeenOnlyAgainstTheLastHashKeptElsewhere) {
  const AuditVerifyReport full = VerifyText();
  std::vector<std::string> lines = lines_;
  lines.pop_back();
  lines.pop_back();
  AuditVerifyReport cut = VerifyLines(lines);
  EXPECT_TRUE(cut.intact());
  EXPECT_EQ(cut.last_seq, 3u);
  EXPECT_NE(cut.last_line_sha256, full.last_line_sha256);
}

TEST_F(AuditVerifyTest, ATornLastLineIsReportedAndTheRecordsBeforeItStillCount) {
  WriteText(path_, JoinLines(lines_) + lines_[0].substr(0, 50));
  AuditVerifyReport report = VerifyText();
  EXPECT_THAT(Found(report), ElementsAre(std::pair{std::size_t{6}, Kind::kTornLine}));
  EXPECT_EQ(report.records, 5u);
  EXPECT_EQ(report.lines, 6u);
}

TEST_F(AuditVerifyTest, CheckingResumesAfterADamagedLine) {
  std::vector<std::string> lines = lines_;
  lines[1] = "garbage";
  // Line 4 also altered: found although line 2 was broken before it.
  lines[3] = Edit(lines[3], "\"engine_version\":\"", "\"engine_version\":\"9");
  AuditVerifyReport report = VerifyLines(lines);
  EXPECT_THAT(Found(report),
              ElementsAre(std::pair{std::size_t{2}, Kind::kNotJson}, std::pair{std::size_t{4}, Kind::kAltered}));
  EXPECT_EQ(report.problems[0].column, 1u);
}

// --- Hostile lines ------------------------------------------------------------------------

TEST_F(AuditVerifyTest, ANulByteIsReportedWithItsColumn) {
  std::vector<std::string> lines = lines_;
  lines[1][10] = '\0';
  AuditVerifyReport report = VerifyLines(lines);
  EXPECT_THAT(Found(report), ElementsAre(std::pair{std::size_t{2}, Kind::kNotText}));
  EXPECT_EQ(report.problems[0].column, 11u);
  EXPECT_THAT(report.problems[0].message, HasSubstr("NUL byte"));
}

TEST_F(AuditVerifyTest, InvalidUtf8IsReportedWithItsColumn) {
  std::vector<std::string> lines = lines_;
  lines[1][20] = static_cast<char>(0xFF);
  AuditVerifyReport report = VerifyLines(lines);
  EXPECT_THAT(Found(report), ElementsAre(std::pair{std::size_t{2}, Kind::kNotText}));
  EXPECT_EQ(report.problems[0].column, 21u);
  EXPECT_THAT(report.problems[0].message, HasSubstr("not valid UTF-8 (byte 0xFF)"));
}

TEST_F(AuditVerifyTest, ATenMegabyteLineIsTooLongAndTheNextLineIsStillRead) {
  std::vector<std::string> lines = lines_;
  lines.insert(lines.begin() + 2, std::string(10u << 20, 'x'));
  lines[3] = Edit(lines[3], "\"engine_version\":\"", "\"engine_version\":\"9");
  AuditVerifyReport report = VerifyLines(lines);
  EXPECT_THAT(Found(report),
              ElementsAre(std::pair{std::size_t{3}, Kind::kTooLong}, std::pair{std::size_t{4}, Kind::kAltered}));
  EXPECT_EQ(report.lines, 6u);
}

TEST_F(AuditVerifyTest, DeepNestingIsALimitNotAStackOverflow) {
  std::vector<std::string> lines = lines_;
  lines[1] = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  lines[2] = R"({"schema":)" + std::string(100'000, '{') + std::string(100'000, '}') + "}";
  AuditVerifyReport report = VerifyLines(lines);
  EXPECT_THAT(Found(report),
              ElementsAre(std::pair{std::size_t{2}, Kind::kNotJson}, std::pair{std::size_t{3}, Kind::kNotJson}));
  EXPECT_THAT(report.problems[0].message, HasSubstr("nest more than 16 deep"));
}

TEST_F(AuditVerifyTest, ProblemsAreCappedSoAHostileFileCannotExhaustMemory) {
  WriteText(path_, std::string(5000, '\n'));
  AuditVerifyReport report = VerifyText();
  EXPECT_EQ(report.lines, 5000u);
  EXPECT_EQ(report.problems.size(), 1000u);
  EXPECT_EQ(report.problems_omitted, 4000u);
  EXPECT_FALSE(report.intact());
}

TEST_F(AuditVerifyTest, AMissingFileIsNotFoundAndOnlyRegularFilesAreRead) {
  Result<AuditVerifyReport> missing = Verify(dir_.path() + "/none.jsonl");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
  for (const std::string& path : {dir_.path(), std::string("/dev/zero")}) {
    Result<AuditVerifyReport> r = Verify(path);
    ASSERT_FALSE(r.has_value()) << path;
    EXPECT_EQ(r.error().code(), StatusCode::kIoError) << path;
    EXPECT_THAT(r.error().message(), HasSubstr("is not a regular file"));
  }
  const std::string fifo = dir_.path() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Result<AuditVerifyReport> r = Verify(fifo);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace sitbone
