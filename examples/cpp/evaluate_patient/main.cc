// The smallest end-to-end use of sitbone: load a rule set, build one
// assessment, evaluate it, print a few outputs and the trace.
//
// usage: evaluate_patient RULES_DIR        (e.g. rules/examples/tendon_triage)
#include <iostream>
#include <string>
#include <utility>

#include "sitbone/sitbone.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: evaluate_patient RULES_DIR\n";
    return 2;
  }

  // 1. Load and compile the rule set. Problems in the rule files are collected
  //    as diagnostics, never thrown.
  sitbone::CompileResult loaded = sitbone::LoadRuleSet(argv[1]);
  if (!loaded.ok()) {
    std::cerr << loaded.diagnostics.Format();
    return 1;
  }
  const sitbone::RuleSet& rules = *loaded.rule_set;
  std::cout << "Rule set: " << rules.id() << " " << rules.version() << " (" << rules.status() << ")\n";

  // 2. Build an assessment field by field. Every value is checked against the
  //    rule set's input schema at once; fields left out are unknown.
  sitbone::AssessmentBuilder builder(rules.schema());
  const std::pair<const char*, const char*> answers[] = {{"saddle_anaesthesia", "no"}, {"fever", "no"},
                                                         {"night_pain", "no"},         {"stretch_test", "negative"},
                                                         {"activity", "running"},      {"diabetes", "yes"}};
  for (const auto& [field, value] : answers) {
    if (sitbone::Status status = builder.SetText(field, value); !status.ok()) {
      std::cerr << status.ToString() << "\n";
      return 1;
    }
  }
  if (sitbone::Status status = builder.SetNumber("pain_nrs", 4); !status.ok()) {
    std::cerr << status.ToString() << "\n";
    return 1;
  }
  // Values are never clamped: an invalid one is an error naming the field,
  // and the builder keeps its previous state.
  sitbone::Status rejected = builder.SetNumber("pain_nrs", 12);
  std::cout << "Rejected: " << rejected.message() << "\n";

  // 3. Evaluate.
  sitbone::Result<sitbone::Evaluation> result = rules.Evaluate(builder.Build());
  if (!result) {
    std::cerr << result.error().ToString() << "\n";
    return 1;
  }
  const sitbone::Evaluation& evaluation = *result;

  // 4. Read a few outputs by name...
  for (const char* name : {"level", "stage", "phase", "exercises", "modifiers"})
    std::cout << name << ": " << evaluation.Find(name)->ToString() << "\n";

  // ...and the rules that fired, in order.
  std::cout << "trace:";
  for (const std::string& rule_id : evaluation.trace) std::cout << " " << rule_id;
  std::cout << "\n";
  // Every result says which rule set (and, in provenance.fingerprint, which
  // exact content) produced it.
  std::cout << "evaluated with " << evaluation.provenance.rule_set_id << " " << evaluation.provenance.rule_set_version
            << "\n";
  return 0;
}
