// Explains one result: which rules fired and why (rationale, the input values
// each read, the sources it cites), which rules were left undecided because
// inputs were unknown, and so which questions would settle them.
//
// usage: explain_trace RULES_DIR ASSESSMENT.json
//        (e.g. rules/examples/tendon_triage
//              examples/assessments/tendon_triage/settled_partly_known.json)
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "sitbone/sitbone.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: explain_trace RULES_DIR ASSESSMENT.json\n";
    return 2;
  }
  sitbone::CompileResult loaded = sitbone::LoadRuleSet(argv[1]);
  if (!loaded.ok()) {
    std::cerr << loaded.diagnostics.Format();
    return 1;
  }
  const sitbone::RuleSet& rules = *loaded.rule_set;

  // Parse and validate a JSON (or YAML) assessment; errors name the field.
  std::ifstream file(argv[2], std::ios::binary);
  if (!file) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 1;
  }
  std::ostringstream text;
  text << file.rdbuf();
  const std::string name = std::filesystem::path(argv[2]).filename().string();
  sitbone::Result<sitbone::Assessment> assessment = sitbone::ParseAssessment(rules.schema(), text.str(), name);
  if (!assessment) {
    std::cerr << assessment.error().ToString() << "\n";
    return 1;
  }

  // The explanation is on by default (EvaluateOptions::explain).
  sitbone::Result<sitbone::Evaluation> result = rules.Evaluate(*assessment);
  if (!result) {
    std::cerr << result.error().ToString() << "\n";
    return 1;
  }
  const sitbone::Evaluation& ev = *result;

  std::cout << "Assessment " << name << " against " << rules.id() << " " << rules.version() << "\n\n";
  std::cout << "Outputs:\n";
  for (const auto& [output, value] : ev.outputs) std::cout << "  " << output << " = " << value.ToString() << "\n";

  std::cout << "\nRules fired, in order:\n";
  int n = 0;
  for (const sitbone::RuleExplanation& rule : ev.explanation) {
    std::cout << "  " << ++n << ". " << rule.rule_id << " (step " << rule.step_id << "): " << rule.title
              << " [evidence " << rule.evidence << "]\n";
    std::cout << "     why:  " << rule.rationale << "\n";
    std::cout << "     read: ";
    if (rule.inputs.empty()) std::cout << "no input directly";
    for (std::size_t i = 0; i < rule.inputs.size(); ++i)
      std::cout << (i ? ", " : "") << rule.inputs[i].field << " = " << rule.inputs[i].value;
    std::cout << "\n";
    for (const sitbone::Citation& source : rule.citations)
      std::cout << "     cite: [" << source.key << "] " << source.reference << "\n";
  }

  std::cout << "\nRules left undecided by unknown inputs:\n";
  if (ev.blocked.empty()) std::cout << "  none\n";
  for (const sitbone::BlockedRule& blocked : ev.blocked) {
    std::cout << "  " << blocked.rule_id << " needs";
    for (const std::string& input : blocked.unknown_inputs) std::cout << " " << input;
    std::cout << "\n";
  }

  // The union of those inputs is what to ask next; the schema says how.
  std::cout << "\nAsk next:\n";
  if (ev.unknown_inputs.empty()) std::cout << "  nothing\n";
  for (const std::string& input : ev.unknown_inputs) {
    const sitbone::FieldSpec& field = rules.schema()->field(static_cast<std::size_t>(rules.schema()->Find(input)));
    std::cout << "  " << input << " (" << sitbone::FieldTypeName(field.type) << "): " << field.description << " ["
              << field.how_obtained << "]\n";
  }

  std::cout << "\nMissing data recorded by the rules:";
  if (ev.missing_data.empty()) std::cout << " none";
  for (const std::string& item : ev.missing_data) std::cout << " " << item;
  std::cout << "\n";
  return 0;
}
