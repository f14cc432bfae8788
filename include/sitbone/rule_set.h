// Loading and compiling a rule set: YAML documents -> checked, compiled,
// immutable RuleSet. A RuleSet is shared as std::shared_ptr<const RuleSet> and
// every method is const with no hidden mutable state, so any number of
// threads may evaluate one RuleSet concurrently without locks.
#ifndef SITBONE_RULE_SET_H_
#define SITBONE_RULE_SET_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitbone/assessment.h"
#include "sitbone/diagnostic.h"
#include "sitbone/evaluation.h"
#include "sitbone/schema.h"
#include "sitbone/status.h"

namespace sitbone {

namespace internal {
struct CompiledRuleSet;
}

struct LoadOptions {
  // Replace threshold values without editing files: {"stage_pain_reactive_min", 6}.
  // An unknown key is an error diagnostic (E2009). Overrides change the
  // fingerprint and are listed in every result's provenance.
  std::vector<std::pair<std::string, double>> threshold_overrides;
  // Treat warnings as errors (CI and "production" status rule sets).
  bool warnings_as_errors = false;
};

struct Threshold {
  std::string key;
  double value = 0;
  double authored_value = 0;  // the value in the rule file, before overrides
  std::string unit;
  std::string evidence;  // E, E-ind, X, P (or combinations such as "X/P")
  std::string source;
  std::string description;
};

struct RuleInfo {
  std::string id;
  std::string step_id;
  std::string title;
  std::string rationale;
  std::string evidence;
  std::vector<Citation> citations;
};

struct CatalogEntry {
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;  // in authored order
  // Looks up a field; returns an empty string when absent.
  const std::string& Get(std::string_view name) const;
};

class RuleSet {
 public:
  // Rule-set metadata (all from the `ruleset.yaml` header).
  const std::string& id() const;
  const std::string& version() const;
  const std::string& status() const;  // draft, testing, production, retired
  const std::string& title() const;
  const std::vector<std::string>& authors() const;
  const std::string& review_date() const;
  const std::string& disclaimer() const;
  // SHA-256 over the canonical content (key order, comments and layout do not
  // matter) with threshold overrides applied, as 64 lower-case hex digits.
  const std::string& fingerprint() const;
  // Where the rule set was loaded from (its folder).
  const std::string& source_dir() const;

  std::shared_ptr<const Schema> schema() const;
  const std::vector<Threshold>& thresholds() const;
  const std::vector<RuleInfo>& rules() const;
  const std::vector<std::pair<std::string, double>>& threshold_overrides() const;
  // Catalogue entry by catalogue and id, or nullptr.
  const CatalogEntry* FindCatalogEntry(std::string_view catalog,
                                       std::string_view id) const;
  // Names of the declared outputs (internal working outputs excluded), in declaration order.
  std::vector<std::string> output_names() const;
  // How an output is presented: its label, report group, the catalogue its
  // list items come from ("" if none) and the catalogue fields a text report
  // shows per item. nullptr for an unknown output.
  struct OutputPresentation {
    std::string label, group, catalog, description;
    std::vector<std::string> describe;
    bool ordered = false;  // list order is significant
    // Where a report shows it: "action" (in "What to do now", e.g. referrals),
    // "headline" (the result's summary lines), "section" (its group) or
    // "full" (only in the full report). docs/reports.md.
    std::string report = "section";
    // Rank among the outputs "ask next" watches (1 first); 0 = not watched.
    int ask_next = 0;
    // The enum's values run from least to most severe (`severity: increasing`).
    bool severity_increasing = false;
  };
  std::optional<OutputPresentation> Presentation(std::string_view output) const;

  // Evaluates one assessment. Allocates the returned Evaluation; for the
  // allocation-free path use Evaluate(assessment, workspace).
  // Errors (channel 1): kInvalidArgument if the assessment was built for
  // another rule set's schema.
  Result<Evaluation> Evaluate(const Assessment& assessment,
                              const EvaluateOptions& options = {}) const;

  // The allocation-free path: evaluates into `workspace`, which must have been
  // created for this rule set and may be reused for any number of calls (one
  // workspace per thread). Read results through the workspace, or turn them
  // into an Evaluation with Materialize.
  Status Evaluate(const Assessment& assessment, Workspace& workspace) const;
  Evaluation Materialize(const Assessment& assessment, const Workspace& workspace,
                         const EvaluateOptions& options = {}) const;

  const internal::CompiledRuleSet& impl() const { return *impl_; }
  explicit RuleSet(std::shared_ptr<const internal::CompiledRuleSet> impl);

 private:
  std::shared_ptr<const internal::CompiledRuleSet> impl_;
};

// Diagnostics are always complete (warnings included); `rule_set` is set only
// when there is no error.
struct CompileResult {
  std::shared_ptr<const RuleSet> rule_set;
  Diagnostics diagnostics;
  bool ok() const { return rule_set != nullptr; }
};

// Loads the rule set in folder `path` (which holds `ruleset.yaml`), or the
// file `path` itself. Never throws; problems are diagnostics (channel 2).
CompileResult LoadRuleSet(const std::string& path, const LoadOptions& options = {});

// The folder of the bundled default rule set (the PHT model): the environment
// variable SITBONE_RULES_DIR if set, else `pht` in the nearest
// `share/sitbone/rules` at or up to four levels above the folder of the binary
// that holds sitbone (libsitbone.so, or the program linked with the static
// library). That is <prefix>/share/sitbone/rules for an install, wherever the
// prefix has been moved, and <build>/share/sitbone/rules (a link to the
// source tree's rules/) for a build tree. No build-machine path is compiled in.
std::string DefaultRuleSetPath();

}  // namespace sitbone

#endif  // SITBONE_RULE_SET_H_
