// Authoring problems in rule files (channel 2 of docs/architecture.md#error-model).
// Loading a rule set never stops at the first problem: every problem found is
// collected as a Diagnostic with a stable code (docs/diagnostics.md), a position
// inside the YAML source and a hint.
#ifndef SITBONE_DIAGNOSTIC_H_
#define SITBONE_DIAGNOSTIC_H_

#include <string>
#include <vector>

namespace sitbone {

enum class Severity { kError, kWarning };

// A position in a source file. `line` and `column` are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  std::string code;  // stable, e.g. "E3002"; documented in docs/diagnostics.md
  Severity severity = Severity::kError;
  std::string message;
  SourceLocation location;
  std::string path;     // YAML path of the offending node, e.g. "/steps/2/rules/0/when"
  std::string rule_id;  // the rule (or step) the problem belongs to, if any
  std::string hint;     // how to fix it; may be empty
};

// An ordered collection of diagnostics.
class Diagnostics {
 public:
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  bool HasErrors() const;
  std::size_t ErrorCount() const;

  // Compiler-style report: "file:line:col: error[E2003]: message", the source
  // line, a caret under the column, and the hint. Source lines are read from
  // the files named in the locations; unreadable files just omit the excerpt.
  std::string Format() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace sitbone

#endif  // SITBONE_DIAGNOSTIC_H_
