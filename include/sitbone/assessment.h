// One patient assessment, validated against a rule set's input schema.
// Values are never clamped or coerced: an invalid value is an error that names
// the field, the value and what is allowed (channel 1, StatusCode::kInvalidInput).
#ifndef SITBONE_ASSESSMENT_H_
#define SITBONE_ASSESSMENT_H_

#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitbone/schema.h"
#include "sitbone/status.h"

namespace sitbone {

// Encoded field values, one per schema field: NaN means unknown; tri and test
// fields hold 1 (yes/positive) or 0 (no/negative); enum fields hold the index
// of the value in FieldSpec::values; numbers hold themselves. Immutable once
// built; cheap to copy.
class Assessment {
 public:
  const Schema& schema() const { return *schema_; }
  std::size_t size() const { return values_.size(); }
  double encoded(std::size_t field) const { return values_[field]; }
  const double* data() const { return values_.data(); }
  bool known(std::size_t field) const { return !std::isnan(values_[field]); }

  // The value as the user would write it ("yes", "positive", "gradual", "34"),
  // or "unknown" / "null" when absent.
  std::string Display(std::size_t field) const;

 private:
  friend class AssessmentBuilder;
  std::shared_ptr<const Schema> schema_;
  std::vector<double> values_;
};

// Builds an Assessment field by field. Each Set* validates immediately and
// returns the error (kInvalidInput, with Status::field() set) without changing
// the builder. Setting a field twice overwrites it.
class AssessmentBuilder {
 public:
  explicit AssessmentBuilder(std::shared_ptr<const Schema> schema);

  // For tri, test and enum fields: "yes"/"no", "positive"/"negative", an enum
  // value, or "unknown".
  Status SetText(std::string_view field, std::string_view value);
  // For int and number fields. Ints must be whole numbers (6.0 is 6).
  Status SetNumber(std::string_view field, double value);
  // For boolean literals (always rejected: tri fields take "yes"/"no"), kept
  // so that every JSON value kind has one entry point with a precise message.
  Status SetBool(std::string_view field, bool value);
  // Marks the field unknown (the same as never setting it).
  Status SetNull(std::string_view field);

  Assessment Build() const;
  const std::shared_ptr<const Schema>& schema() const { return schema_; }

 private:
  Status Lookup(std::string_view field, std::size_t* index) const;
  std::shared_ptr<const Schema> schema_;
  std::vector<double> values_;
};

// Parses a JSON object (or a YAML mapping) of field -> value and validates it.
// Unknown field names, wrong types, out-of-range values and unknown enum values
// are rejected with kInvalidInput naming the field; syntax errors report the
// line and column. `source_name` is used in messages (e.g. a file name).
Result<Assessment> ParseAssessment(std::shared_ptr<const Schema> schema,
                                   std::string_view text,
                                   std::string_view source_name = "<input>");

}  // namespace sitbone

#endif  // SITBONE_ASSESSMENT_H_
