// What a clinician reads for the compiled rule set's names and values: the
// labels the rule set declares (docs/rule-format.md), falling back to the id
// only in a draft rule set, which the compiler lets omit labels (E2012).
#ifndef SITBONE_ENGINE_LABELS_H_
#define SITBONE_ENGINE_LABELS_H_

#include <cstddef>
#include <string>

#include "common/value.h"
#include "engine/compiled.h"

namespace sitbone::internal {

// The label of input field `field`.
std::string FieldLabel(const CompiledRuleSet& rs, std::size_t field);
// An input value as read: "yes", "positive", "Gradual", "15 min", or
// "not recorded" for unknown.
std::string InputValueText(const CompiledRuleSet& rs, std::size_t field, const Value& v);
// The label of a symbol (an enum value, a list item, a catalogue entry), with
// its qualifiers' labels in brackets: "Slower progression (peri- or post-menopause)".
std::string SymbolLabel(const CompiledRuleSet& rs, const Value& v);
// An output's scalar value as read; null is "not decided".
std::string OutputValueText(const CompiledRuleSet& rs, std::size_t output, const Value& v);
// The label of a derived value, or of an output.
std::string DerivedLabel(const CompiledRuleSet& rs, std::size_t derived);
std::string OutputLabel(const CompiledRuleSet& rs, std::size_t output);

}  // namespace sitbone::internal

#endif  // SITBONE_ENGINE_LABELS_H_
