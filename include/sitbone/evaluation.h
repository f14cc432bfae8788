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
  // With explain: list the unknown inputs whose answer would change a
  // headline output (Evaluation::ask_next), by evaluating every alternative
  // answer. Costs one evaluation per alternative (docs/performance.md).
  bool ask_next = true;
};

// One element of a list output. `fields` holds the catalogue fields the output
// renders (e.g. to/reason/timeframe for referrals); empty for plain ids.
struct OutputItem {
  std::string id;
  // What a clinician reads: the catalogue entry's label or the value label,
  // with its qualifiers ("Slower progression (BMI 30 or more)").
  std::string label;
  std::vector<std::pair<std::string, std::string>> fields;
};

struct OutputValue {
  enum class Kind { kNull, kBool, kInteger, kNumber, kSymbol, kList };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string symbol;
  std::vector<OutputItem> items;
  // What a clinician reads for a non-list value: the value label ("Reactive
  // (irritable)"), "yes"/"no", the number, or "not decided" for null.
  std::string label;

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

// One fact that made a fired rule's condition true, under three-valued
// logic: for `and` every operand, for `or` the true ones, for count(...) the
// items counted, beneath a derived value the facts that decided it, down to
// input values and thresholds. Every fact is true of the assessment.
struct DecidingFact {
  std::string subject;   // the input, derived value or output; "" for a computed value
  std::string label;     // what a clinician reads for the subject
  std::string relation;  // "is", "is not", "<", "<=", ">", ">=", "is one of", "is not recorded", "counted"
  std::string value;     // the value as read ("15 min", "yes", "Gradual", "4")
  std::string compared_with;  // the other side of a comparison ("30 min"), or ""
  std::string threshold;      // the threshold key `compared_with` comes from, or ""
  int depth = 0;         // 0: in the rule's condition; n: n derived values below it
  std::string text;      // the fact in one line: "Sitting tolerance: 15 min < 30 min"
};

// Why a rule fired: its rationale and sources, the facts that decided its
// condition, and the input values the condition read (directly or through
// derived values), deciding or not.
struct RuleExplanation {
  std::string rule_id;
  std::string step_id;
  std::string title;
  std::string rationale;
  std::string evidence;
  std::vector<Citation> citations;
  std::vector<InputRead> inputs;
  std::vector<DecidingFact> deciding_facts;
  // The rule whose later output replaced everything this rule set (so this
  // rule no longer decides anything), or "".
  std::string superseded_by;
};

// How answering one unknown input would change a headline output.
struct OutputChange {
  std::string output;
  std::string label;  // the output's label
  std::string from;   // the value now, as read ("Routine", "none")
  std::string to;     // the value with the answer
  // List outputs: the items the answer adds and removes, as read.
  std::vector<std::string> added, removed;
  // An output with `severity: increasing`: +1 when the answer makes it more
  // severe, -1 less severe; 0 otherwise.
  int severity = 0;
};

struct AskNextAnswer {
  std::string value;  // as an assessment would give it ("yes", "sudden_traumatic", "12")
  std::string label;  // as read ("yes", "Sudden, with an injury", "12 weeks")
  std::vector<OutputChange> changes;
};

// An unknown input whose answer would change a headline output
// (outputs with `ask_next:` in the rule set), found by evaluating each
// alternative answer. Ranked by the most important output it changes.
struct AskNextItem {
  std::string field;
  std::string label;
  std::string question;
  int rank = 0;  // the smallest ask_next rank among the outputs it changes
  std::vector<AskNextAnswer> answers;  // only the answers that change something
};

// A rule whose condition was unknown: it did not fire, and these unknown
// inputs are what kept it from being decided.
struct BlockedRule {
  std::string rule_id;
  std::vector<std::string> unknown_inputs;
};

// A text of the rule set's `report:` section whose condition holds for this
// assessment (a prompt outside the model, the pain-monitoring rules of a
// plan, when to review); `placement` says where a report shows it.
struct Notice {
  std::string id;
  std::string placement;  // now | plan | assessment
  std::string title;
  std::string text;
  std::string summary;  // the short form a summary report shows, or "" (then `text`)
  // A report marks it as something to act on first (default: placement now).
  bool alert = false;
  std::vector<Citation> citations;
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
  // For each output, the rule that gave it its final value ("" = its default
  // or a step action); declaration order, internal outputs excluded.
  std::vector<std::pair<std::string, std::string>> decided_by;
  std::vector<AskNextItem> ask_next;  // ranked, safety first
  // Whether ask_next was computed (EvaluateOptions::explain and ask_next);
  // when false, an empty ask_next says nothing about what could change.
  bool ask_next_evaluated = false;
  std::vector<Notice> notices;        // in rule-set order
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
