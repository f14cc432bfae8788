// Whole-cohort evaluation over columns: one call evaluates every row of a
// table (numpy arrays, a pandas DataFrame, Arrow buffers...) without building
// an Assessment per row. Numeric columns are read in place; coded columns
// (tri, test and enum fields) are integer codes plus their labels, validated
// once per label rather than once per row. Outputs come back as columns:
// numbers, or integer codes into a table of categories built during the call
// (enum values, and for list outputs each distinct combination of items).
//
// Every input row yields exactly one result row, in order: either outputs or
// an error message naming the column and the value (the row's outputs are
// then null). Evaluation of a row is identical to RuleSet::Evaluate on the
// same values.
#ifndef SITBONE_BATCH_H_
#define SITBONE_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sitbone/status.h"

namespace sitbone {

class RuleSet;

// One input column. Exactly one of `numbers` / `codes` is set.
struct InputColumn {
  std::string name;  // an input field of the rule set's schema
  // Numbers, for int and number fields: NaN means unknown. Read in place.
  const double* numbers = nullptr;
  // Codes, for tri, test and enum fields: an index into `labels`, or a
  // negative value for unknown. Labels are the values as written
  // ("yes", "positive", "gradual", "unknown"); a label that is not allowed for
  // the field makes every row that uses it an error row.
  const std::int32_t* codes = nullptr;
  std::vector<std::string> labels;
};

struct BatchOptions {
  // Worker threads (1 = the calling thread only). Results do not depend on it.
  int threads = 1;
};

// One output column.
struct OutputColumn {
  enum class Kind {
    kCategorical,  // `codes` index `categories`; -1 is null
    kNumber,       // `numbers`; NaN is null (int outputs hold whole numbers)
  };
  std::string name;
  Kind kind = Kind::kCategorical;
  bool is_list = false;     // categories are combinations of list items
  bool is_integer = false;  // kNumber holding an int output
  bool is_bool = false;     // kCategorical over {false, true}
  std::vector<std::int32_t> codes;
  std::vector<double> numbers;
  // For scalar outputs one label per category; for list outputs each
  // category is the list of item ids in that combination (possibly empty).
  std::vector<std::vector<std::string>> categories;
};

struct BatchResult {
  std::size_t rows = 0;
  // The declared outputs (internal ones excluded), then `missing_data` and
  // `trace` as list columns.
  std::vector<OutputColumn> columns;
  // Per row: empty when the row was evaluated, else the error message.
  std::vector<std::string> errors;
  std::size_t error_count = 0;
};

// Evaluates `rows` rows. Errors (channel 1): kInvalidArgument for an unknown
// column name (with a suggestion), a column given twice, a numeric column for
// a coded field or the reverse. Bad values are not errors of the call: they
// become error rows.
Result<BatchResult> EvaluateBatch(const RuleSet& rules, const std::vector<InputColumn>& columns, std::size_t rows,
                                  const BatchOptions& options = {});

}  // namespace sitbone

#endif  // SITBONE_BATCH_H_
