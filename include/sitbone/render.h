// Renderers for evaluations and input schemas: JSON for software, text for the
// clinician reading the screen.
#ifndef SITBONE_RENDER_H_
#define SITBONE_RENDER_H_

#include <string>

#include "sitbone/evaluation.h"
#include "sitbone/rule_set.h"

namespace sitbone {

// The result as a JSON object: the declared outputs at the top level (null
// for null, [] for empty lists, integers as JSON integers), then
// `missing_data`, `trace`, `details` (catalogue text of the plan items),
// `explanation`, `blocked`, `unknown_inputs`, `provenance` and `disclaimer`.
std::string RenderJson(const RuleSet& rules, const Evaluation& evaluation,
                       int indent = 2);

// A clinician-readable summary: the decision-support disclaimer, then the
// outputs in the groups the rule set declares (for PHT: red flags and
// referrals, assessment, plan with exercises and dosage, what to avoid and
// advice, confidence), then missing data, the reasons (rules that fired, the
// values they read, their sources), the references and provenance.
std::string RenderText(const RuleSet& rules, const Evaluation& evaluation);

// The input fields table: "markdown" or "json".
std::string RenderSchemaMarkdown(const RuleSet& rules);
std::string RenderSchemaJson(const RuleSet& rules);

}  // namespace sitbone

#endif  // SITBONE_RENDER_H_
