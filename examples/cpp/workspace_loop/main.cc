// Evaluates many assessments with one reused Workspace: the allocation-free
// path for batch jobs and servers (one Workspace per thread, one RuleSet shared
// by all). Counts how the assessments were staged and phased.
//
// usage: workspace_loop RULES_DIR        (e.g. rules/examples/tendon_triage)
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "sitbone/sitbone.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: workspace_loop RULES_DIR\n";
    return 2;
  }
  sitbone::CompileResult loaded = sitbone::LoadRuleSet(argv[1]);
  if (!loaded.ok()) {
    std::cerr << loaded.diagnostics.Format();
    return 1;
  }
  const sitbone::RuleSet& rules = *loaded.rule_set;

  // A grid of assessments: every pain score, each night-pain answer (including
  // unknown) and each stretch-test result. Assessments are built up front;
  // building them allocates, evaluating them does not.
  std::vector<sitbone::Assessment> assessments;
  for (int pain = 0; pain <= 10; ++pain) {
    for (const char* night : {"yes", "no", "unknown"}) {
      for (const char* stretch : {"positive", "negative"}) {
        sitbone::AssessmentBuilder builder(rules.schema());
        builder.SetText("saddle_anaesthesia", "no");
        builder.SetText("fever", "no");
        builder.SetNumber("pain_nrs", pain);
        builder.SetText("night_pain", night);
        builder.SetText("stretch_test", stretch);
        assessments.push_back(builder.Build());
      }
    }
  }

  // One workspace, created for this rule set and reused for every call.
  sitbone::Workspace workspace(rules);
  sitbone::EvaluateOptions outputs_only;
  outputs_only.explain = false;
  std::map<std::string, int> stages, phases;
  int same_as_evaluate = 0;
  for (const sitbone::Assessment& assessment : assessments) {
    if (sitbone::Status status = rules.Evaluate(assessment, workspace); !status.ok()) {
      std::cerr << status.ToString() << "\n";
      return 1;
    }
    // Copy out only what is needed; the workspace keeps the latest result
    // until the next call.
    sitbone::Evaluation ev = rules.Materialize(assessment, workspace, outputs_only);
    ++stages[ev.Find("stage")->ToString()];
    ++phases[ev.Find("phase")->ToString()];

    // The workspace path gives the same answers as the allocating one.
    sitbone::Result<sitbone::Evaluation> fresh = rules.Evaluate(assessment, outputs_only);
    bool same = fresh.has_value() && fresh->trace == ev.trace;
    for (std::size_t i = 0; same && i < ev.outputs.size(); ++i)
      same = fresh->outputs[i].second.ToString() == ev.outputs[i].second.ToString();
    same_as_evaluate += same ? 1 : 0;
  }

  std::cout << "Evaluated " << assessments.size() << " assessments with one workspace.\n";
  std::cout << "Stages:\n";
  for (const auto& [stage, count] : stages) std::cout << "  " << stage << ": " << count << "\n";
  std::cout << "Phases:\n";
  for (const auto& [phase, count] : phases) std::cout << "  " << phase << ": " << count << "\n";
  std::cout << "Same result as RuleSet::Evaluate: " << same_as_evaluate << "/" << assessments.size() << "\n";
  return 0;
}
