// The decision audit log (docs/audit.md): an optional JSON Lines file with one
// record per decision (when, which exact rule set and engine, the input or its
// SHA-256, the outputs and the rules that fired), each line hashed and chained
// to the line before it, so that an edited, deleted, inserted or reordered
// record, or a line torn by a crash, is found by VerifyAuditLog.
#ifndef SITBONE_AUDIT_LOG_H_
#define SITBONE_AUDIT_LOG_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sitbone/assessment.h"
#include "sitbone/evaluation.h"
#include "sitbone/status.h"

namespace sitbone {

class RuleSet;
namespace internal {
struct AuditLogState;
}

// The value of every record's `schema` field.
inline constexpr const char* kAuditSchema = "sitbone-audit/1";
// What a masked input field holds instead of its value.
inline constexpr const char* kAuditMasked = "***masked***";

// How a record holds the assessment it decided on.
enum class AuditInput {
  // `input_sha256`: the SHA-256 of the canonical input (docs/audit.md), so
  // the log holds no input value; whoever has the assessment can show that it
  // was the one decided on.
  kHash,
  // `input`: every input field with its value, the fields in
  // `masked_fields` replaced by kAuditMasked.
  kMasked,
};

struct AuditLogOptions {
  std::string path;  // the log file; created (mode 0600) when absent
  AuditInput input = AuditInput::kHash;
  // With kMasked: input fields whose value never reaches the file (known or
  // not: "unknown" would itself tell something). Each must be a field of the
  // rule set's schema; Record refuses an unknown name, since a misspelt one
  // would leave the field it meant in the clear.
  std::vector<std::string> masked_fields;
  // fdatasync(2) after every record, so that a record Record accepted
  // survives a power loss. Off, the operating system writes it out later; a
  // crash of the program alone never loses an accepted record.
  bool fsync = false;
};

// An open audit log. Thread-safe: any number of threads may call Record on
// one AuditLog; each record is appended with one write(2) of the whole line
// under a mutex and an exclusive flock(2), so records from threads and from
// other sitbone processes appending to the same file never interleave and
// the sequence and chain continue across them. Not copyable or movable.
class AuditLog {
 public:
  // Opens (or creates) the log for appending. Reads its last line to
  // continue the sequence and the chain, and refuses a file that does not end
  // in an intact record: one ending in a torn line (no newline; the error
  // names the file and the line) is never appended to, nor is a file whose
  // last line is not a record of this schema. Errors (channel 1):
  // kInvalidArgument (no path; masked_fields without kMasked), kIoError (not
  // a regular file, cannot be opened or read, torn or foreign last line).
  static Result<std::unique_ptr<AuditLog>> Open(const AuditLogOptions& options);

  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends the record of one decision: `evaluation` of `assessment` by
  // `rules`. Returns only when the line is written (and with fsync, on
  // disk). Errors (channel 1): kInvalidArgument if the assessment or the
  // evaluation does not come from `rules`, or a masked field is not an input
  // of `rules`; kIoError if the line could not be written whole (a short
  // write leaves a torn line, which later calls and Open then refuse) or the
  // file no longer ends in an intact record.
  Status Record(const RuleSet& rules, const Assessment& assessment, const Evaluation& evaluation);

  const std::string& path() const;
  // Records written through this object.
  std::uint64_t records_written() const;

 private:
  explicit AuditLog(std::unique_ptr<internal::AuditLogState> state);
  std::unique_ptr<internal::AuditLogState> state_;
};

// One problem VerifyAuditLog found.
struct AuditProblem {
  enum class Kind {
    kTornLine,    // the last line has no newline: a write was cut short
    kTooLong,     // the line is longer than a record may be
    kNotText,     // a NUL byte or invalid UTF-8
    kNotJson,     // not one JSON object (or over the nesting/size limits)
    kNotARecord,  // JSON, but not a sitbone-audit/1 record
    kAltered,     // the line does not match its line_sha256
    kChainBreak,  // `prev` is not the SHA-256 of the line before
    kSequence,    // `seq` is not one more than the seq before
  };
  Kind kind = Kind::kNotARecord;
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based byte column; 0 when the whole line is meant
  std::string message;
};

// "torn-line", "too-long", "not-text", "not-json", "not-a-record",
// "altered", "chain-break", "sequence".
const char* AuditProblemKindName(AuditProblem::Kind kind);

struct AuditVerifyReport {
  std::size_t lines = 0;    // lines read, a torn last line included
  std::size_t records = 0;  // lines that are intact records (own hash correct)
  // In line order; at most kMaxAuditProblems (src/common/limits.h), the rest
  // only counted, so a hostile file cannot exhaust memory.
  std::vector<AuditProblem> problems;
  std::size_t problems_omitted = 0;
  // The last intact record: its seq and the SHA-256 of its line. Keep them
  // outside the log to detect a later truncation (docs/audit.md#limits).
  std::uint64_t last_seq = 0;
  std::string last_line_sha256;

  bool intact() const { return problems.empty() && problems_omitted == 0; }
};

// Reads the whole log at `path` and checks every line: text, JSON, schema,
// its own hash, its link to the line before, and the sequence. Memory is
// bounded by the longest line accepted (the audit record limit of
// docs/limits.md); a longer line is a problem, not a crash. Problems are
// collected in the report, never thrown. Errors (channel 1): kNotFound,
// kIoError (not a regular file, a read failure).
Result<AuditVerifyReport> VerifyAuditLog(const std::string& path);

}  // namespace sitbone

#endif  // SITBONE_AUDIT_LOG_H_
