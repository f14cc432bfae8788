// Renderers for evaluations and input schemas: JSON for software, text for the
// clinician reading the screen.
#ifndef SITBONE_RENDER_H_
#define SITBONE_RENDER_H_

#include <string>
#include <vector>

#include "sitbone/evaluation.h"
#include "sitbone/rule_set.h"

namespace sitbone {

// The result as a JSON object: the declared outputs at the top level (null
// for null, [] for empty lists, integers as JSON integers), then
// `missing_data`, `trace`, `details` (catalogue text of the plan items),
// `explanation`, `blocked`, `unknown_inputs`, `provenance` and `disclaimer`.
std::string RenderJson(const RuleSet& rules, const Evaluation& evaluation,
                       int indent = 2);

// The clinician report (docs/reports.md), action first: "What to do now"
// (referrals with how soon, what to do meanwhile and the safety net; prompts
// to act on now; the headline result), "Ask next" (unknown answers that would
// change it, safety first), the outputs in the groups the rule set declares
// with their catalogue text, why (the rule that decided each headline output
// and the facts that made it fire), what is still not recorded, numbered
// references, then provenance and the disclaimer. Every id is shown by its
// label.
enum class ReportFormat { kText, kMarkdown, kHtml };
// kSummary: the headline outputs' deciding rules, eight "ask next" questions,
// sections without empty outputs. kFull: every fired rule (superseded ones
// marked, facts down to inputs and thresholds), every question and output.
enum class ReportDetail { kSummary, kFull };

struct ReportOptions {
  ReportFormat format = ReportFormat::kText;
  ReportDetail detail = ReportDetail::kSummary;
  // kHtml: only <div class="sitbone-report"> with its scoped <style>, to embed
  // in another page (a notebook cell); otherwise a whole HTML5 document.
  bool html_fragment = false;
};

// One assessment's report; `name` (e.g. the file) is shown under the title.
struct ReportPart {
  std::string name;
  const Evaluation* evaluation = nullptr;
};

std::string RenderReport(const RuleSet& rules, const Evaluation& evaluation, const ReportOptions& options = {},
                         const std::string& name = "");
// Several reports in one document: text and Markdown one after another with
// a rule between them; HTML as one page with one printed page per report.
std::string RenderReports(const RuleSet& rules, const std::vector<ReportPart>& parts,
                          const ReportOptions& options = {});

// The summary text report: RenderReport with the default options.
std::string RenderText(const RuleSet& rules, const Evaluation& evaluation);

// The input fields table: "markdown" or "json".
std::string RenderSchemaMarkdown(const RuleSet& rules);
std::string RenderSchemaJson(const RuleSet& rules);

}  // namespace sitbone

#endif  // SITBONE_RENDER_H_
