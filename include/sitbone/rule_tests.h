// Test cases that ship beside a rule set (rules/<set>/tests/*.yaml): inputs,
// the expected outputs (any subset, plus missing_data and trace) or an
// expected input error. A file may give `base_input`, the fields every case
// starts from (a case overrides them). Used by `sitbone test` and by ctest.
#ifndef SITBONE_RULE_TESTS_H_
#define SITBONE_RULE_TESTS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "sitbone/rule_set.h"
#include "sitbone/status.h"

namespace sitbone {

struct RuleTestFailure {
  std::string field;
  std::string expected;
  std::string actual;
};

struct RuleTestCase {
  std::string id;
  std::string file;
  int line = 0;
  bool passed = false;
  std::string error;  // set when the case could not be run (bad input, unknown output)
  std::vector<RuleTestFailure> failures;
};

struct RuleTestReport {
  std::vector<RuleTestCase> cases;
  std::size_t rules_total = 0;
  std::vector<std::string> rules_never_fired;  // coverage gaps, in rule order

  std::size_t passed() const;
  std::size_t failed() const;
  double rule_coverage() const;  // fraction of rules that fired in some case
};

// Runs every case in `path`: a YAML test file, or a folder whose *.yaml files
// (recursively, sorted) are test files. With an empty path, the rule set's own
// `tests/` folder. Errors (channel 1): kNotFound / kIoError for files,
// kInvalidInput for a malformed test file (with file:line:column).
Result<RuleTestReport> RunRuleTests(const RuleSet& rules, const std::string& path = {});

}  // namespace sitbone

#endif  // SITBONE_RULE_TESTS_H_
