// Every limit sitbone puts on what it reads, in one place (docs/limits.md is
// the table for users). Input is assumed hostile: a limit exceeded is an
// error with a position (diagnostic E1009 or an invalid-input Status), never a
// crash, a hang or unbounded memory. The values are far above anything a real
// rule set or assessment needs (the PHT rule set: 88 KB in 7 files, the
// largest 41 KB, YAML nested 8 deep, 4,245 nodes, its longest expression 509
// characters).
#ifndef SITBONE_COMMON_LIMITS_H_
#define SITBONE_COMMON_LIMITS_H_

#include <cstddef>

namespace sitbone::internal {

// What one YAML or JSON document may hold.
struct ReadLimits {
  std::size_t max_bytes;       // the document's text
  int max_depth;               // nested mappings and lists
  std::size_t max_nodes;       // scalars, mappings and lists together
  std::size_t max_key_bytes;   // one mapping key
};

// A rule file (ruleset.yaml or an include:d file) or a rule-set test file.
inline constexpr ReadLimits kRuleFileLimits{16u << 20, 64, 2'000'000, 1024};
// One assessment (a file, a standard input, one batch line).
inline constexpr ReadLimits kAssessmentLimits{1u << 20, 16, 100'000, 1024};

// One line (record) of a decision audit log (docs/audit.md): an input of
// every schema field, the outputs and the trace, far below this for any rule
// set. The writer refuses a record the reader would refuse.
inline constexpr ReadLimits kAuditRecordLimits{4u << 20, 16, 1'000'000, 1024};
// Problems `sitbone audit verify` keeps (and prints); the rest are counted.
inline constexpr std::size_t kMaxAuditProblems = 1000;

// Files named by include: and test files: regular files only (not a FIFO or a
// device such as /dev/zero), at most this large.
inline constexpr std::size_t kMaxFileBytes = kRuleFileLimits.max_bytes;

// Expressions: the text of one expression, and how deep its tree may nest
// (parentheses, lists, calls, `not` and chains of binary operators alike,
// since every later pass walks the tree recursively).
inline constexpr std::size_t kMaxExpressionBytes = 64u << 10;
inline constexpr int kMaxExpressionDepth = 256;
// Derived values computed from derived values: the longest chain.
inline constexpr int kMaxDerivedDepth = 256;
// Names and labels in a rule set (ids, versions, keys of thresholds...).
inline constexpr std::size_t kMaxNameBytes = 256;
// "Did you mean" compares only names up to this length (edit distance is
// quadratic in the length).
inline constexpr std::size_t kMaxSuggestBytes = 128;

}  // namespace sitbone::internal

#endif  // SITBONE_COMMON_LIMITS_H_
