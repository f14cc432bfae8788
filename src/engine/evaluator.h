// Evaluation of a compiled rule set over one assessment, into a reusable
// workspace. After the workspace is created, evaluation allocates nothing.
#ifndef SITBONE_ENGINE_EVALUATOR_H_
#define SITBONE_ENGINE_EVALUATOR_H_

#include <cstdint>
#include <vector>

#include "common/value.h"
#include "engine/compiled.h"
#include "sitbone/status.h"

namespace sitbone::internal {

enum RuleStatus : std::int8_t { kNotRun = -2, kUnknown = -1, kFalse = 0, kFired = 1 };

struct WorkspaceData {
  explicit WorkspaceData(const CompiledRuleSet& rs);

  const CompiledRuleSet* rs;
  std::vector<Value> inputs;
  std::vector<Value> derived;
  std::vector<std::uint8_t> derived_ready;  // computed on first use in each run
  std::vector<Value> outputs;       // scalar outputs (list outputs unused)
  std::vector<Value> list_items;    // backing store of all list outputs
  std::vector<std::uint32_t> list_size;  // per output
  std::vector<std::uint64_t> missing;    // bit per CompiledRuleSet::missing_items
  std::vector<std::uint32_t> trace;      // fired rule indices; trace_size used
  std::uint32_t trace_size = 0;
  std::vector<std::int8_t> rule_status;  // RuleStatus per rule
  std::vector<std::uint8_t> notice_shown;  // per CompiledRuleSet::notices
  std::vector<Value> node_values;        // per node, filled only when recording
  // Recording only: which rule (-1: a step action or the default) gave each
  // output, and each list item, its value; and what every fired rule wrote
  // (at most one entry per action, so sized by the action count).
  struct Write {
    std::int32_t rule, output;
    std::uint32_t symbol;  // list outputs: the item appended
  };
  std::vector<std::int32_t> output_rule;
  std::vector<std::int32_t> list_item_rule;  // parallel to list_items
  std::vector<Write> writes;
  std::uint32_t writes_size = 0;
  bool record = false;
  bool stopped = false;
  Status error;

  bool missing_bit(std::size_t i) const { return (missing[i / 64] >> (i % 64)) & 1u; }
};

// The Value of field `i` for an encoded assessment value (NaN = unknown).
inline Value InputValue(const CompiledRuleSet& rs, std::size_t i, double encoded) {
  if (encoded != encoded) return Value::Null();
  switch (rs.input_kind[i]) {
    case 0: return Value::Bool(encoded != 0);
    case 1: return Value::Number(encoded);
    default: return Value::Symbol(rs.input_symbol_base[i] + static_cast<std::uint32_t>(encoded));
  }
}

// Sets the inputs from encoded assessment values (NaN = unknown).
void LoadInputs(const double* encoded, WorkspaceData& ws);

// Runs derived values and steps. `ws.record` selects the recording path that
// keeps every node's value for the unknown-input analysis.
void Run(WorkspaceData& ws);

// The input fields whose unknown values left node `root` undecided (only
// meaningful after a recorded run in which `root` was evaluated).
void CollectUnknownInputs(const WorkspaceData& ws, std::uint32_t root, std::vector<int>* fields);

}  // namespace sitbone::internal

#endif  // SITBONE_ENGINE_EVALUATOR_H_
