// Type-checks a parsed expression against the rule set's names and lowers it
// into the compiled node array. Runs once at load time; evaluation never sees
// text again.
#ifndef SITBONE_EXPR_CHECKER_H_
#define SITBONE_EXPR_CHECKER_H_

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/compiled.h"
#include "expr/ast.h"

namespace sitbone::internal {

struct Type {
  enum class K { kBool, kNumber, kSymbol, kNull, kLiteral, kList, kError };
  K k = K::kError;
  int domain = -1;  // kSymbol, kList
  std::string literal;  // kLiteral: the unresolved text
};

std::string TypeName(const Type& t, const CompiledRuleSet& rs);

struct Type;
struct NameRef {
  enum class K { kInput, kDerived, kOutput };
  K k = K::kInput;
  int index = 0;
};

struct ExprIssue {
  std::string code;
  int offset = 0;
  std::string message;
  std::string hint;
};

// What names mean where the expression is compiled.
struct ExprEnv {
  CompiledRuleSet* rs = nullptr;
  const std::unordered_map<std::string, NameRef>* names = nullptr;
  // Resolves `$key`; returns false if unknown.
  std::function<bool(const std::string& key, double* value)> threshold;
  // Rule id -> index, or -1.
  std::function<int(const std::string& id)> rule_index;
  int fired_limit = 0;        // fired() may name rules with index < fired_limit
  bool allow_outputs = true;  // derived values may not read outputs or fired()
  const std::vector<Type>* derived_types = nullptr;  // by derived index
  // Filled while compiling:
  std::vector<int> inputs_read;
  std::vector<int> derived_read;
};

// Compiles `ast`. `expected` (may be null) gives the type that bare symbol
// literals resolve against. Returns the root node index, or -1 after adding
// at least one issue.
int CompileExpression(const Ast& ast, ExprEnv& env, const Type* expected, Type* type,
                      std::vector<ExprIssue>* issues);

// Levenshtein-based suggestion from `candidates` ("" when none is close).
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace sitbone::internal

#endif  // SITBONE_EXPR_CHECKER_H_
