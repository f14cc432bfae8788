// The clinician report as a document: sections of paragraphs and list items,
// built once from an Evaluation (report.cc) and written as text, Markdown or
// HTML (report_writers.cc). One model, three writers, so every format says the
// same thing in the same order (docs/reports.md).
#ifndef SITBONE_OUTPUT_REPORT_H_
#define SITBONE_OUTPUT_REPORT_H_

#include <string>
#include <vector>

#include "sitbone/render.h"

namespace sitbone::internal {

// A line under a block: "Dosage: 3 sets of 8-15, 3 days a week." `lead` may
// be empty; `indent` nests facts beneath the fact they explain.
struct ReportLine {
  std::string lead;
  std::string text;
  int indent = 0;
};

struct ReportBlock {
  enum class Kind { kParagraph, kBullet, kNumbered };
  Kind kind = Kind::kParagraph;
  std::string lead;  // shown first and strong ("Refer: Emergency department")
  std::string text;
  std::vector<ReportLine> lines;
  bool alert = false;  // an emergency or urgent item: shown so it stands out
};

struct ReportSection {
  std::string title;
  std::string intro;  // one sentence under the title, or ""
  std::vector<ReportBlock> blocks;
  bool alert = false;
};

struct ReportDocument {
  std::string title;       // the rule set's title
  std::string assessment;  // the assessment's name (a file), or ""
  std::string notice;      // the decision-support line under the title
  std::vector<ReportSection> sections;
  std::vector<std::string> footer;  // provenance and the full disclaimer
};

ReportDocument BuildReport(const RuleSet& rules, const Evaluation& evaluation, ReportDetail detail,
                           const std::string& assessment_name);

std::string WriteText(const ReportDocument& report);
std::string WriteMarkdown(const ReportDocument& report);
// One <article> per report inside <div class="sitbone-report"> with its
// scoped style; `fragment` false wraps it in a self-contained, printable
// HTML5 page.
std::string WriteHtml(const std::vector<ReportDocument>& reports, bool fragment);

}  // namespace sitbone::internal

#endif  // SITBONE_OUTPUT_REPORT_H_
