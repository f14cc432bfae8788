#include "engine/labels.h"

#include "common/number.h"

namespace sitbone::internal {

std::string FieldLabel(const CompiledRuleSet& rs, std::size_t field) {
  const FieldSpec& f = rs.schema->field(field);
  return f.label.empty() ? f.name : f.label;
}

std::string InputValueText(const CompiledRuleSet& rs, std::size_t field, const Value& v) {
  const FieldSpec& f = rs.schema->field(field);
  if (v.is_null()) return "not recorded";
  switch (f.type) {
    case FieldType::kTri: return v.boolean ? "yes" : "no";
    case FieldType::kTest: return v.boolean ? "positive" : "negative";
    case FieldType::kEnum: return SymbolLabel(rs, v);
    case FieldType::kInt:
    case FieldType::kNumber: return FormatNumber(v.number) + (f.unit.empty() ? "" : " " + f.unit);
  }
  return "";
}

std::string SymbolLabel(const CompiledRuleSet& rs, const Value& v) {
  const Domain& d = rs.domains[static_cast<std::size_t>(rs.symbol_domain[v.symbol])];
  const std::size_t ordinal = v.symbol - d.base;
  std::string text = ordinal < d.labels.size() && !d.labels[ordinal].empty() ? d.labels[ordinal] : d.values[ordinal];
  if (v.qualifiers == 0) return text;
  std::string qualifiers;
  const auto& tokens = d.qualifiers[ordinal];
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!(v.qualifiers & (1u << i))) continue;
    // A qualifier names a derived value or an input: shown by its label.
    std::string label = tokens[i];
    for (std::size_t k = 0; k < rs.derived.size(); ++k)
      if (rs.derived[k].name == tokens[i] && !rs.derived[k].label.empty()) label = rs.derived[k].label;
    if (const int field = rs.schema->Find(tokens[i]); label == tokens[i] && field >= 0)
      label = FieldLabel(rs, static_cast<std::size_t>(field));
    qualifiers += (qualifiers.empty() ? "" : "; ") + label;
  }
  return text + " (" + qualifiers + ")";
}

std::string OutputValueText(const CompiledRuleSet& rs, std::size_t output, const Value& v) {
  (void)output;
  switch (v.kind) {
    case Kind::kNull: return "not decided";
    case Kind::kBool: return v.boolean ? "yes" : "no";
    case Kind::kNumber: return FormatNumber(v.number);
    case Kind::kSymbol: return SymbolLabel(rs, v);
  }
  return "";
}

std::string DerivedLabel(const CompiledRuleSet& rs, std::size_t derived) {
  const Derived& d = rs.derived[derived];
  return d.label.empty() ? d.name : d.label;
}

std::string OutputLabel(const CompiledRuleSet& rs, std::size_t output) {
  const Output& o = rs.outputs[output];
  return o.label.empty() ? o.name : o.label;
}

}  // namespace sitbone::internal
