// An outside program that relies on the bundled default rule set, as clinic
// software would: no path given, no SITBONE_RULES_DIR. Prints where the
// default rule set was found and the stage of the assessment in FILE.
// Usage: sitbone_default_rules FILE. Exits non-zero on any failure.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "sitbone/sitbone.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " ASSESSMENT.json\n";
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (!file.good() && !file.eof()) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 3;
  }
  const std::string path = sitbone::DefaultRuleSetPath();
  std::cout << "default rule set: " << path << "\n";
  sitbone::CompileResult compiled = sitbone::LoadRuleSet(path);
  if (!compiled.ok()) {
    std::cerr << compiled.diagnostics.Format();
    return 1;
  }
  const sitbone::RuleSet& rules = *compiled.rule_set;
  sitbone::Result<sitbone::Assessment> assessment = sitbone::ParseAssessment(rules.schema(), text, argv[1]);
  if (!assessment) {
    std::cerr << assessment.error().message() << "\n";
    return 3;
  }
  sitbone::Result<sitbone::Evaluation> evaluation = rules.Evaluate(*assessment);
  if (!evaluation) {
    std::cerr << evaluation.error().ToString() << "\n";
    return 1;
  }
  const sitbone::OutputValue* stage = evaluation->Find("stage");
  std::cout << "rule set: " << rules.id() << " " << rules.version() << "\n"
            << "stage: " << (stage ? stage->ToString() : "<missing>") << "\n";
  return stage ? 0 : 1;
}
