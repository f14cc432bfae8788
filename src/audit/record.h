// The line format of the decision audit log (docs/audit.md#the-line-format),
// shared by the writer (AuditLog) and the reader (VerifyAuditLog), so that
// what one writes is exactly what the other accepts: building one record
// line, and checking one line on its own (text, JSON, schema, its own hash).
// Checks that need the line before (chain, sequence) are the reader's.
#ifndef SITBONE_AUDIT_RECORD_H_
#define SITBONE_AUDIT_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sitbone/assessment.h"
#include "sitbone/audit_log.h"
#include "sitbone/evaluation.h"
#include "sitbone/status.h"

namespace sitbone::internal {

// The assessment as evaluated, as one compact JSON object: every field of its
// schema in schema order, the value as an assessment would give it ("yes",
// "positive", an enum value, a number; integers without a fraction), null
// when unknown; fields with masked[i] set hold kAuditMasked. `masked` is
// empty or has one entry per schema field.
std::string CanonicalInput(const Assessment& assessment, const std::vector<bool>& masked);

// What a record is made of besides the decision itself.
struct RecordContext {
  std::uint64_t seq = 0;
  std::string time;  // RFC 3339, UTC, milliseconds
  std::string prev;  // SHA-256 of the line before, or of "" for the first
  AuditInput input = AuditInput::kHash;
  std::vector<bool> masked;  // per schema field; with kMasked
};

// One record line, without its newline, ending in its line_sha256 field.
// Errors: kInvalidArgument when the line would be longer (or nest deeper)
// than the reader accepts (kAuditRecordLimits); kInternal if it cannot be
// serialised.
Result<std::string> BuildRecordLine(const Assessment& assessment, const Evaluation& evaluation,
                                    const RecordContext& context);

// The result of checking one line on its own.
struct LineCheck {
  bool ok = false;
  AuditProblem::Kind kind = AuditProblem::Kind::kNotARecord;  // when !ok
  std::size_t column = 0;
  std::string message;
  // When ok: the record's seq and prev.
  std::uint64_t seq = 0;
  std::string prev;
};

// Checks `line` (without its newline): size, NUL and UTF-8, one JSON object
// within kAuditRecordLimits without repeated keys, schema sitbone-audit/1,
// line_sha256 the last field and equal to the SHA-256 of the line without it
// (the line up to `,"line_sha256":"...` with the closing `}`), then every
// field present with its type and no other field.
LineCheck CheckRecordLine(std::string_view line);

// The current time as RFC 3339 in UTC with milliseconds:
// "2025-01-31T09:15:02.047Z".
std::string Rfc3339UtcNow();

}  // namespace sitbone::internal

#endif  // SITBONE_AUDIT_RECORD_H_
