// The clinician report (docs/reports.md) of one PHT assessment: the summary
// text report's first sections, what to do now and what to ask next, and the
// same report as Markdown and as a printable HTML page.
//
// usage: clinician_report [RULES_DIR]   (default: the bundled PHT rule set)
#include <iostream>
#include <string>

#include "sitbone/sitbone.h"

int main(int argc, char** argv) {
  // The examples' build passes the teaching rule set first; this one reads
  // the bundled PHT model unless given another folder with labels.
  const std::string folder = argc > 2 ? argv[2] : sitbone::DefaultRuleSetPath();
  sitbone::CompileResult loaded = sitbone::LoadRuleSet(folder);
  if (!loaded.ok()) {
    std::cerr << loaded.diagnostics.Format();
    return 1;
  }
  const sitbone::RuleSet& rules = *loaded.rule_set;

  // A runner with sit-bone pain, back pain and leg tingling; the cauda equina
  // questions were not asked.
  auto assessment = sitbone::ParseAssessment(rules.schema(), R"({
    "onset": "gradual", "pain_localised_ischial": "yes", "pain_worst_24h_nrs": 6,
    "sitting_tolerance_min": 20, "low_back_pain": "yes", "leg_paraesthesia": "yes",
    "fever_or_unwell": "no", "unexplained_weight_loss": "no", "history_of_cancer": "no",
    "night_pain_unrelated_to_load": "no", "immunosuppressed": "no"})");
  if (!assessment) {
    std::cerr << assessment.error().message() << "\n";
    return 3;
  }
  auto result = rules.Evaluate(*assessment);  // with the explanation and "ask next"
  if (!result) {
    std::cerr << result.error().ToString() << "\n";
    return 3;
  }

  // The summary text report: what to do now comes first. Only its first two
  // sections are printed here (the rest is the plan, why and provenance).
  const std::string text = sitbone::RenderText(rules, *result);
  const std::size_t third = text.find("\n== ", text.find("\n== Ask next ==") + 1);
  std::cout << text.substr(0, third) << "\n...\n\n";

  // The same report as Markdown and as one self-contained HTML5 page.
  sitbone::ReportOptions options;
  options.format = sitbone::ReportFormat::kMarkdown;
  const std::string markdown = sitbone::RenderReport(rules, *result, options);
  std::cout << "Markdown: " << markdown.substr(0, markdown.find('\n')) << "\n";
  options.format = sitbone::ReportFormat::kHtml;
  options.detail = sitbone::ReportDetail::kFull;
  const std::string html = sitbone::RenderReport(rules, *result, options, "runner.json");
  std::cout << "HTML: " << html.substr(0, html.find('\n')) << ", "
            << (html.find("<section class=\"alert\">") != std::string::npos ? "what to do now boxed in red" : "")
            << ", references " << (html.find("<h2>References</h2>") != std::string::npos ? "listed" : "missing")
            << "\n";
  return 0;
}
