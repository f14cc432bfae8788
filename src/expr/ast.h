// The expression language as parsed: a small tree with the character offset
// and length of every node inside the expression text, so that diagnostics can
// point at the exact spot inside the YAML scalar.
#ifndef SITBONE_EXPR_AST_H_
#define SITBONE_EXPR_AST_H_

#include <string>
#include <vector>

namespace sitbone::internal {

struct Ast {
  enum class Kind { kNumber, kString, kBool, kNull, kIdent, kThreshold, kCall, kUnary, kBinary, kIn, kList };
  Kind kind = Kind::kNull;
  std::string text;  // identifier, threshold key, function name, operator or string
  double number = 0;
  bool boolean = false;
  std::vector<Ast> kids;
  int offset = 0;  // in the expression text
  int length = 0;
  int height = 1;  // levels of the tree below and including this node (bounded by kMaxExpressionDepth)
};

struct ParseError {
  int offset = 0;
  std::string message;
};

// Parses `text`. On failure returns false and fills `error`. Texts longer
// than kMaxExpressionBytes and trees higher than kMaxExpressionDepth
// (src/common/limits.h) are errors, so that no later recursive pass over the
// tree can run out of stack.
bool ParseExpression(const std::string& text, Ast* out, ParseError* error);

}  // namespace sitbone::internal

#endif  // SITBONE_EXPR_AST_H_
