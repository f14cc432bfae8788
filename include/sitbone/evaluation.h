// The result of evaluating one assessment: the outputs the rule set declares,
// the rules that fired (in firing order) with their explanation, the inputs
// that were unknown and mattered, and the provenance stamp.
#ifndef SITBONE_EVALUATION_H_
#define SITBONE_EVALUATION_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sitbone {

class RuleSet;
namespace internal {
struct WorkspaceData;
}

struct EvaluateOptions {
  // Build the per-rule explanation and the list of rules blocked by unknown
  // inputs. Off, Materialize only fills outputs, missing data and trace.
  bool explain = true;
};

// One element of a list output. `fields` holds the catalogue fields the output
// renders (e.g. to/reason/timeframe for referrals); empty for plain ids.
struct OutputItem {
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;
};

struct OutputValue {
  enum class Kind { kNull, kBool, kInteger, kNumber, kSymbol, kList };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string symbol;
  std::vector<OutputItem> items;

  bool is_null() const { return kind == Kind::kNull; }
  // The list ids, for list outputs.
  std::vector<std::string> ids() const;
  // Compact text form: "null", "true", "3", "reactive", "[a, b]".
  std::string ToString() const;
};

struct InputRead {
  std::string field;
  std::string value;  // as Assessment::Display
};

// A source a rule cites: its bibliography key and the full reference.
struct Citation {
  std::string key;
  std::string reference;  // the full bibliographic reference
};

// Why a rule fired: its rationale and sources, and the input values its
// condition read (directly or through derived values).
struct RuleExplanation {
  std::string rule_id;
  std::string step_id;
  std::string title;
  std::string rationale;
  std::string evidence;
  std::vector<Citation> citations;
  std::vector<InputRead> inputs;
};

// A rule whose condition was unknown: it did not fire, and these unknown
// inputs are what kept it from being decided.
struct BlockedRule {
  std::string rule_id;
  std::vector<std::string> unknown_inputs;
};

struct Provenance {
  std::string rule_set_id;
  std::string rule_set_version;
  std::string rule_set_status;
  std::string fingerprint;
  std::string engine_version;
  std::vector<std::pair<std::string, double>> threshold_overrides;
};

struct Evaluation {
  std::vector<std::pair<std::string, OutputValue>> outputs;  // declaration order
  std::vector<std::string> missing_data;  // recorded by rules; sorted, unique
  std::vector<std::string> trace;         // rule ids in firing order
  std::vector<RuleExplanation> explanation;  // one per fired rule, trace order
  std::vector<BlockedRule> blocked;          // rules left undecided by unknowns
  std::vector<std::string> unknown_inputs;   // union of blocked inputs, sorted
  Provenance provenance;

  // The named output, or nullptr.
  const OutputValue* Find(std::string_view name) const;
};

// Per-thread scratch space for the allocation-free evaluation path. Create one
// per thread for a given RuleSet and reuse it; it holds the latest result.
// Not thread-safe itself; movable.
class Workspace {
 public:
  explicit Workspace(const RuleSet& rule_set);
  ~Workspace();
  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;

  // Record what Materialize needs to list blocked rules and the unknown
  // inputs that would decide them (EvaluateOptions::explain). Off by default:
  // recording costs about half as much again as a plain evaluation.
  void set_explain(bool explain);
  bool explain() const;

  internal::WorkspaceData& data() { return *data_; }
  const internal::WorkspaceData& data() const { return *data_; }

 private:
  std::unique_ptr<internal::WorkspaceData> data_;
};

}  // namespace sitbone

#endif  // SITBONE_EVALUATION_H_
