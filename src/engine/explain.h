// Why, exactly: the facts that decided a fired rule's condition, who gave
// each output its final value, and which unknown inputs would change a
// headline output (docs/explanations.md). All read a recorded run (the
// workspace's node values) and are computed only when a result is
// materialised with `explain`, never on the evaluation path itself.
#ifndef SITBONE_ENGINE_EXPLAIN_H_
#define SITBONE_ENGINE_EXPLAIN_H_

#include <cstdint>
#include <vector>

#include "engine/evaluator.h"
#include "sitbone/evaluation.h"

namespace sitbone::internal {

// The facts that made fired rule `rule` fire: those that made its condition
// true and, in a first-match step, why each rule before it did not apply.
std::vector<DecidingFact> DecidingFacts(const WorkspaceData& ws, std::uint32_t rule);

// For fired rule `rule`: the rule that replaced every output value it wrote,
// or -1 when some of its writes still stand (or it wrote nothing).
std::int32_t SupersededBy(const WorkspaceData& ws, std::uint32_t rule);

// The unknown inputs of `encoded` (one double per field, NaN = unknown) whose
// answer would change an output with an `ask_next` rank, given the finished
// run in `ws`; ranked, safety first.
std::vector<AskNextItem> AskNext(const WorkspaceData& ws, const double* encoded);

}  // namespace sitbone::internal

#endif  // SITBONE_ENGINE_EXPLAIN_H_
