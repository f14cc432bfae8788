// Validation of assessments against the input schema, field by field, and
// parsing of JSON (nlohmann/json) and YAML (via the loader's Doc) documents.
#include "sitbone/assessment.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "common/number.h"
#include "loader/document.h"
#include "loader/json_reader.h"
#include "loader/text_check.h"
#include "schema/validation.h"

namespace sitbone {
namespace {

using internal::FormatNumber;

std::string Allowed(const FieldSpec& f) {
  switch (f.type) {
    case FieldType::kTri: return "yes, no or unknown";
    case FieldType::kTest: return "positive, negative or unknown";
    case FieldType::kEnum: {
      std::string s;
      for (const auto& v : f.values) s += v + ", ";
      return s + "or unknown";
    }
    case FieldType::kInt:
    case FieldType::kNumber: {
      std::string s = f.type == FieldType::kInt ? "a whole number" : "a number";
      if (f.min && f.max) s += " from " + FormatNumber(*f.min) + " to " + FormatNumber(*f.max);
      if (!f.unit.empty()) s += " (" + f.unit + ")";
      return s + ", or null";
    }
  }
  return "";
}

Status Invalid(const FieldSpec& f, const std::string& shown) {
  return Status(StatusCode::kInvalidInput, "field '" + f.name + "': " + internal::NotValid(f, shown), f.name);
}

}  // namespace

namespace internal {

std::string NotValid(const FieldSpec& f, const std::string& shown) {
  return shown + " is not valid; allowed: " + Allowed(f);
}

std::string NumberProblem(const FieldSpec& f, double value) {
  if (!std::isfinite(value)) return NotValid(f, "a non-finite number");
  if (f.type == FieldType::kInt && value != std::floor(value)) return NotValid(f, FormatNumber(value));
  if ((f.min && value < *f.min) || (f.max && value > *f.max)) return NotValid(f, FormatNumber(value) + " (out of range)");
  return {};
}

}  // namespace internal

std::string Assessment::Display(std::size_t i) const {
  const FieldSpec& f = schema_->field(i);
  double v = values_[i];
  if (std::isnan(v)) return (f.type == FieldType::kInt || f.type == FieldType::kNumber) ? "null" : "unknown";
  switch (f.type) {
    case FieldType::kTri: return v != 0 ? "yes" : "no";
    case FieldType::kTest: return v != 0 ? "positive" : "negative";
    case FieldType::kEnum: return f.values[static_cast<std::size_t>(v)];
    default: return FormatNumber(v);
  }
}

AssessmentBuilder::AssessmentBuilder(std::shared_ptr<const Schema> schema) : schema_(std::move(schema)) {
  values_.resize(schema_->size());
  for (std::size_t i = 0; i < values_.size(); ++i)
    values_[i] = schema_->field(i).default_number.value_or(std::numeric_limits<double>::quiet_NaN());
}

Status AssessmentBuilder::Lookup(std::string_view field, std::size_t* index) const {
  int i = schema_->Find(field);
  if (i < 0) {
    std::string hint = schema_->Suggest(field);
    return Status(StatusCode::kInvalidInput,
                  "unknown field '" + std::string(field) + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
                  std::string(field));
  }
  *index = static_cast<std::size_t>(i);
  return Status();
}

Status AssessmentBuilder::SetText(std::string_view field, std::string_view value) {
  std::size_t i = 0;
  if (Status s = Lookup(field, &i); !s.ok()) return s;
  const FieldSpec& f = schema_->field(i);
  const std::string shown = "'" + std::string(value) + "'";
  double encoded = std::numeric_limits<double>::quiet_NaN();
  switch (f.type) {
    case FieldType::kTri:
      if (value == "yes") encoded = 1;
      else if (value == "no") encoded = 0;
      else if (value != "unknown") return Invalid(f, shown);
      break;
    case FieldType::kTest:
      if (value == "positive") encoded = 1;
      else if (value == "negative") encoded = 0;
      else if (value != "unknown") return Invalid(f, shown);
      break;
    case FieldType::kEnum: {
      if (value == "unknown") break;
      auto it = std::find(f.values.begin(), f.values.end(), value);
      if (it == f.values.end()) return Invalid(f, shown);
      encoded = static_cast<double>(it - f.values.begin());
      break;
    }
    case FieldType::kInt:
    case FieldType::kNumber:
      return Invalid(f, "the text " + shown);
  }
  values_[i] = encoded;
  return Status();
}

Status AssessmentBuilder::SetNumber(std::string_view field, double value) {
  std::size_t i = 0;
  if (Status s = Lookup(field, &i); !s.ok()) return s;
  const FieldSpec& f = schema_->field(i);
  if (f.type != FieldType::kInt && f.type != FieldType::kNumber) return Invalid(f, "the number " + FormatNumber(value));
  if (std::string problem = internal::NumberProblem(f, value); !problem.empty())
    return Status(StatusCode::kInvalidInput, "field '" + f.name + "': " + problem, f.name);
  values_[i] = value;
  return Status();
}

Status AssessmentBuilder::SetBool(std::string_view field, bool value) {
  std::size_t i = 0;
  if (Status s = Lookup(field, &i); !s.ok()) return s;
  const FieldSpec& f = schema_->field(i);
  std::string hint = f.type == FieldType::kTri ? " (write \"yes\" or \"no\")" : "";
  Status s = Invalid(f, std::string("the boolean ") + (value ? "true" : "false") + hint);
  return s;
}

Status AssessmentBuilder::SetNull(std::string_view field) {
  std::size_t i = 0;
  if (Status s = Lookup(field, &i); !s.ok()) return s;
  values_[i] = schema_->field(i).default_number.value_or(std::numeric_limits<double>::quiet_NaN());
  return Status();
}

Assessment AssessmentBuilder::Build() const {
  Assessment a;
  a.schema_ = schema_;
  a.values_ = values_;
  return a;
}

namespace {

// A list or object as a field value: an unknown field is named as such first.
Status NotAScalar(const Schema& schema, const std::string& field, const char* what) {
  if (schema.Find(field) < 0) {
    std::string hint = schema.Suggest(field);
    return Status(StatusCode::kInvalidInput,
                  "unknown field '" + field + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"), field);
  }
  return Status(StatusCode::kInvalidInput, "field '" + field + "': " + what + " is not valid here", field);
}

Status TextError(std::string_view source, std::string_view text, std::size_t offset, const std::string& message) {
  int line = 0, column = 0;
  internal::LineColumn(text, offset, &line, &column);
  return Status(StatusCode::kInvalidInput, fmt::format("{}:{}:{}: {}", source, line, column, message));
}

Result<Assessment> FromJson(std::shared_ptr<const Schema> schema, std::string_view text, std::string_view source) {
  const internal::ReadLimits& limits = internal::kAssessmentLimits;
  if (internal::TextProblem p = internal::CheckText(text, limits.max_bytes); !p.ok()) {
    if (text.size() > limits.max_bytes) return Status(StatusCode::kInvalidInput, fmt::format("{}: {}", source, p.message));
    return TextError(source, text, p.offset, p.message);
  }
  internal::JsonRead read = internal::ReadBoundedJson(text, limits, "document");
  switch (read.failure) {
    case internal::JsonRead::Failure::kNone: break;
    case internal::JsonRead::Failure::kSyntax: return TextError(source, text, read.offset, "invalid JSON: " + read.message);
    case internal::JsonRead::Failure::kOutOfRange:
      return Status(StatusCode::kInvalidInput, fmt::format("{}: invalid JSON: {}", source, read.message));
    case internal::JsonRead::Failure::kLimit:
      return Status(StatusCode::kInvalidInput, fmt::format("{}: {}", source, read.message));
  }
  const std::string& duplicate = read.duplicate_key;
  const nlohmann::json& doc = read.doc;
  if (!duplicate.empty())
    return Status(StatusCode::kInvalidInput,
                  std::string(source) + ": duplicate key '" + duplicate + "': each field may appear once", duplicate);
  if (!doc.is_object())
    return Status(StatusCode::kInvalidInput, std::string(source) + ": an assessment must be a JSON object of field: value");
  AssessmentBuilder b(std::move(schema));
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const auto& v = it.value();
    Status s;
    if (v.is_null()) s = b.SetNull(it.key());
    else if (v.is_boolean()) s = b.SetBool(it.key(), v.get<bool>());
    else if (v.is_number()) s = b.SetNumber(it.key(), v.get<double>());
    else if (v.is_string()) s = b.SetText(it.key(), v.get<std::string>());
    else s = NotAScalar(*b.schema(), it.key(), "a list or object");
    if (!s.ok()) return Status(s.code(), std::string(source) + ": " + s.message(), s.field());
  }
  return b.Build();
}

Result<Assessment> FromYaml(std::shared_ptr<const Schema> schema, std::string_view text, std::string_view source) {
  internal::SourceSet sources;
  const internal::SourceFile* file = sources.Add(std::string(source), std::string(text));
  internal::Doc doc;
  Diagnostics diags;
  if (!internal::ParseYaml(file, &doc, &diags, internal::kAssessmentLimits) || diags.HasErrors()) {
    const Diagnostic& d = diags.items().front();
    if (d.location.line == 0) return Status(StatusCode::kInvalidInput, d.location.file + ": " + d.message);
    return Status(StatusCode::kInvalidInput, d.location.file + ":" + std::to_string(d.location.line) + ":" +
                                                 std::to_string(d.location.column) + ": " + d.message);
  }
  if (!doc.is_map())
    return Status(StatusCode::kInvalidInput, std::string(source) + ": an assessment must be a mapping of field: value");
  AssessmentBuilder b(std::move(schema));
  for (const auto& [k, v] : doc.entries) {
    Status s;
    std::string where = std::string(source) + ":" + std::to_string(v.line ? v.line : k.line) + ":" +
                        std::to_string(v.line ? v.column : k.column) + ": ";
    s = internal::SetFromYaml(&b, k.scalar, v);
    if (!s.ok()) return Status(s.code(), where + s.message(), s.field());
  }
  return b.Build();
}

}  // namespace

namespace internal {

Status SetFromYaml(AssessmentBuilder* builder, const std::string& field, const Doc& v) {
  if (v.IsNullLike()) return builder->SetNull(field);
  if (!v.is_scalar()) return NotAScalar(*builder->schema(), field, "a list or mapping");
  if (!v.quoted() && (v.scalar == "true" || v.scalar == "false")) return builder->SetBool(field, v.scalar == "true");
  double number = 0;
  if (!v.quoted() && ParseDecimal(v.scalar, &number)) return builder->SetNumber(field, number);
  return builder->SetText(field, v.scalar);
}

}  // namespace internal

Result<Assessment> ParseAssessment(std::shared_ptr<const Schema> schema, std::string_view text,
                                   std::string_view source_name) {
  // No exception leaves the library: a bad_alloc on a hostile input, or a
  // parser's own exception that was not foreseen, is an invalid-input error.
  try {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (text[first] == '{' || text[first] == '['))
      return FromJson(std::move(schema), text, source_name);
    return FromYaml(std::move(schema), text, source_name);
  } catch (const std::exception& e) {
    return Status(StatusCode::kInvalidInput, fmt::format("{}: the assessment cannot be read ({})", source_name, e.what()));
  }
}

}  // namespace sitbone
