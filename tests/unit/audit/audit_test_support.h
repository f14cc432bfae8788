// Helpers for the audit log tests: the example rule set, a decision on it,
// writing records to a log in a temporary folder, and editing log lines the
// way a tamperer (or a crash) would.
#ifndef SITBONE_TESTS_UNIT_AUDIT_AUDIT_TEST_SUPPORT_H_
#define SITBONE_TESTS_UNIT_AUDIT_AUDIT_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/sha256.h"
#include "sitbone/audit_log.h"
#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {

inline void PrintTo(const AuditProblem& p, std::ostream* os) {
  *os << "line " << p.line << ":" << p.column << " " << AuditProblemKindName(p.kind) << ": " << p.message;
}

namespace testing_support {

// The teaching rule set (never the PHT set, which is developed separately).
inline const RuleSet& Triage() {
  static std::shared_ptr<const RuleSet> rules =
      LoadClean(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/examples/tendon_triage");
  if (!rules) std::abort();
  return *rules;
}

// A settled runner with some distinctive values (bmi 31.7, sitting 47 min,
// cycling) that a test can look for in the file.
inline constexpr const char kDistinctAssessment[] =
    R"({"saddle_anaesthesia": "no", "fever": "no", "pain_nrs": 3, "sitting_tolerance_min": 47,
        "night_pain": "no", "bridge_test": "negative", "stretch_test": "negative", "activity": "cycling",
        "diabetes": "no", "bmi": 31.7})";

// Records `n` decisions on the Triage set, varied so that records differ.
inline void RecordDecisions(AuditLog& log, std::size_t n, std::uint32_t seed = 1) {
  const RuleSet& rules = Triage();
  for (const Assessment& a : VariedAssessments(rules, n, seed)) {
    Result<Evaluation> ev = rules.Evaluate(a);
    ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
    Status s = log.Record(rules, a, *ev);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
}

inline std::unique_ptr<AuditLog> MustOpen(const AuditLogOptions& options) {
  Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(options);
  EXPECT_TRUE(log.has_value()) << (log ? std::string() : log.error().ToString());
  return log ? std::move(log).value() : nullptr;
}

// A log of `n` records at `path`.
inline void WriteLog(const std::string& path, std::size_t n) {
  AuditLogOptions options;
  options.path = path;
  std::unique_ptr<AuditLog> log = MustOpen(options);
  ASSERT_NE(log, nullptr);
  RecordDecisions(*log, n);
}

// The lines of a file without their newlines (a torn last line included).
inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

inline std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
}

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// What a tamperer who knows the format does after editing a line: recompute
// its line_sha256 (the SHA-256 of the line without that field).
// The field is the last 82 bytes: ,"line_sha256":"<64 hex digits>"}
inline std::string RehashLine(const std::string& line) {
  const std::string content = line.substr(0, line.size() - 82) + "}";
  return content.substr(0, content.size() - 1) + ",\"line_sha256\":\"" + internal::Sha256Hex(content) + "\"}";
}

inline Result<AuditVerifyReport> Verify(const std::string& path) { return VerifyAuditLog(path); }

}  // namespace testing_support
}  // namespace sitbone

#endif  // SITBONE_TESTS_UNIT_AUDIT_AUDIT_TEST_SUPPORT_H_
