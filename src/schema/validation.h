// The checks an input value must pass, shared by single assessments
// (AssessmentBuilder) and whole-cohort evaluation (EvaluateBatch), so that both
// accept exactly the same values and word their errors the same way.
#ifndef SITBONE_SCHEMA_VALIDATION_H_
#define SITBONE_SCHEMA_VALIDATION_H_

#include <string>

#include "sitbone/assessment.h"
#include "sitbone/schema.h"
#include "sitbone/status.h"

namespace sitbone::internal {

// Empty if `value` is acceptable for the int or number field `f`, else the
// reason, e.g. "11 (out of range) is not valid; allowed: a whole number from
// 0 to 10 (NRS), or null". The caller prefixes "field 'x': " or "column 'x': ".
std::string NumberProblem(const FieldSpec& f, double value);

// "11 (out of range) is not valid; allowed: ..." for any shown value.
std::string NotValid(const FieldSpec& f, const std::string& shown);

struct Doc;
// Sets `field` from a YAML value as an assessment file, a rule-set test case
// and a batch line all read it (YAML 1.2 core schema): null, ~ or nothing is
// unknown; plain true/false are booleans; a plain decimal number
// (ParseDecimal: no 0x7, no .inf) is a number; anything else, and every
// quoted value, is text. A list or mapping is an error naming the field.
Status SetFromYaml(AssessmentBuilder* builder, const std::string& field, const Doc& value);

}  // namespace sitbone::internal

#endif  // SITBONE_SCHEMA_VALIDATION_H_
