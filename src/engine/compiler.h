// Rule-set documents -> CompiledRuleSet, collecting every diagnostic.
#ifndef SITBONE_ENGINE_COMPILER_H_
#define SITBONE_ENGINE_COMPILER_H_

#include <memory>
#include <string>

#include "engine/compiled.h"
#include "sitbone/diagnostic.h"
#include "sitbone/rule_set.h"

namespace sitbone::internal {

// Loads and compiles the rule set at `path` (a folder holding ruleset.yaml, or
// a YAML file). Returns null when any error diagnostic was added.
std::shared_ptr<CompiledRuleSet> CompileRuleSet(const std::string& path, const LoadOptions& options,
                                                Diagnostics* diags);

}  // namespace sitbone::internal

#endif  // SITBONE_ENGINE_COMPILER_H_
