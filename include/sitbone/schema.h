// The input schema of a rule set: every field an assessment may carry, with its
// type, unit, valid range or allowed values, and how a clinician obtains it.
#ifndef SITBONE_SCHEMA_H_
#define SITBONE_SCHEMA_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitbone {

// `kTri` is yes/no/unknown, `kTest` positive/negative/unknown. Absent fields
// are unknown (never "no", never 0).
enum class FieldType { kTri, kTest, kEnum, kInt, kNumber };

// "tri", "test", "enum", "int", "number".
const char* FieldTypeName(FieldType type);

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kTri;
  std::string unit;                 // may be empty
  std::optional<double> min, max;   // inclusive range for kInt / kNumber
  std::vector<std::string> values;  // allowed values for kEnum ("unknown" excluded)
  std::optional<double> default_number;  // default for kInt/kNumber when absent
  std::string description;
  std::string how_obtained;
  // What a clinician reads (docs/rule-format.md#inputs): a short label
  // ("Sitting tolerance"), the question to ask or the test to do, and one
  // label per enum value (parallel to `values`). Required in a production rule
  // set (E2012); may be empty in a draft or testing one.
  std::string label;
  std::string question;
  std::vector<std::string> value_labels;
};

// Immutable after loading; shared by the RuleSet. Thread-safe (const only).
class Schema {
 public:
  explicit Schema(std::vector<FieldSpec> fields);

  const std::vector<FieldSpec>& fields() const { return fields_; }
  std::size_t size() const { return fields_.size(); }
  const FieldSpec& field(std::size_t i) const { return fields_[i]; }

  // Index of `name`, or -1.
  int Find(std::string_view name) const;

  // The declared field whose name is closest to `name` (edit distance), for
  // "did you mean" hints; empty when nothing is reasonably close.
  std::string Suggest(std::string_view name) const;

 private:
  std::vector<FieldSpec> fields_;
  std::vector<std::size_t> sorted_;  // indices sorted by name, for Find
};

}  // namespace sitbone

#endif  // SITBONE_SCHEMA_H_
