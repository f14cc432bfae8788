// A program written as an outside user would write it: load a rule set, build
// one assessment field by field, evaluate it, print the rule-set id and one
// output. Usage: sitbone_consumer RULE_SET_DIR. Exits non-zero on any failure.
#include <iostream>
#include <memory>

#include "sitbone/sitbone.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " RULE_SET_DIR\n";
    return 2;
  }
  sitbone::CompileResult compiled = sitbone::LoadRuleSet(argv[1]);
  if (!compiled.ok()) {
    std::cerr << compiled.diagnostics.Format();
    return 1;
  }
  const sitbone::RuleSet& rules = *compiled.rule_set;

  sitbone::AssessmentBuilder builder(rules.schema());
  for (sitbone::Status status : {builder.SetText("saddle_anaesthesia", "no"), builder.SetText("fever", "no"),
                                 builder.SetNumber("pain_nrs", 8), builder.SetText("night_pain", "yes")}) {
    if (!status.ok()) {
      std::cerr << status.ToString() << "\n";
      return 1;
    }
  }
  sitbone::Result<sitbone::Evaluation> evaluation = rules.Evaluate(builder.Build());
  if (!evaluation) {
    std::cerr << evaluation.error().ToString() << "\n";
    return 1;
  }
  const sitbone::OutputValue* stage = evaluation->Find("stage");
  std::cout << "engine: " << sitbone::kEngineVersion << "\n"
            << "rule set: " << rules.id() << " " << rules.version() << "\n"
            << "stage: " << (stage ? stage->ToString() : "<missing>") << "\n";
  return stage && stage->ToString() == "reactive" ? 0 : 1;
}
