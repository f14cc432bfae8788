// libFuzzer target: an expression, parsed on its own (fast, deep) and then as
// the condition of a rule of a small fixed rule set (type checking, lowering,
// evaluation of an empty and of a full assessment).
#include <cstddef>
#include <cstdint>
#include <string>

#include "expr/ast.h"
#include "fuzz_support.h"

namespace {

// The rule set around the expression: every kind of input, a threshold, a
// derived value and two outputs.
std::string RuleSetWith(const std::string& expr) {
  std::string quoted;
  for (char c : expr) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    quoted += c;
  }
  return R"(sitbone: 1
id: fuzz
version: 1.0.0
status: draft
title: Expression fuzzing
review_date: 2026-01-01
bibliography:
  src: fuzzing fixture
inputs:
  pain: {type: int, range: [0, 10], description: Pain.}
  bmi: {type: number, range: [10, 60], description: BMI.}
  fever: {type: tri, description: Fever.}
  slump: {type: test, description: Slump test.}
  onset: {type: enum, values: [gradual, sudden], description: Onset.}
thresholds:
  high: {value: 7, evidence: P, source: fixture}
outputs:
  level: {type: enum, values: [low, high], default: low, nullable: false}
  notes: {type: list, values: [n1, n2]}
derived:
  severe: {expr: pain >= $high}
steps:
  - id: s
    hit: first
    rules:
      - id: R1
        when: ")" + quoted + R"("
        then:
          - set: {level: high}
          - append: {notes: n1}
        rationale: Fuzzed.
        cite: [src]
        evidence: P
)";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string expr(reinterpret_cast<const char*>(data), size);
  sitbone::internal::Ast ast;
  sitbone::internal::ParseError error;
  (void)sitbone::internal::ParseExpression(expr, &ast, &error);
  sitbone::CompileResult r = sitbone::fuzz::CompileText(RuleSetWith(expr));
  (void)r.diagnostics.Format();
  if (!r.ok()) return 0;
  const sitbone::RuleSet& rules = *r.rule_set;
  for (const char* input : {"{}", R"({"pain": 8, "bmi": 31.5, "fever": "yes", "slump": "negative", "onset": "sudden"})"}) {
    sitbone::Result<sitbone::Assessment> a = sitbone::ParseAssessment(rules.schema(), input);
    if (!a) std::abort();  // the fixed inputs are valid
    sitbone::Result<sitbone::Evaluation> ev = rules.Evaluate(*a);
    if (ev) sitbone::fuzz::RenderAll(rules, *ev);
  }
  return 0;
}
