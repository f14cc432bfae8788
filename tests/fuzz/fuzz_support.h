// Shared by the libFuzzer targets: the bundled PHT rule set (loaded once), and
// compiling a rule-file text through a scratch folder (LoadRuleSet reads a
// folder, as a user's rule set is read).
#ifndef SITBONE_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define SITBONE_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "sitbone/sitbone.h"

namespace sitbone::fuzz {

inline const RuleSet& Pht() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    CompileResult r = LoadRuleSet(SITBONE_FUZZ_RULES_DIR "/pht");
    if (!r.ok()) std::abort();
    return r.rule_set;
  }();
  return *rules;
}

// Compiles `text` as the ruleset.yaml of a scratch folder of this process.
inline CompileResult CompileText(const std::string& text) {
  static const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("sitbone-fuzz-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ruleset.yaml", std::ios::binary | std::ios::trunc) << text;
  return LoadRuleSet(dir.string());
}

// Renders every way a result is shown; a crash, an exception or invalid
// output here is a finding.
inline void RenderAll(const RuleSet& rules, const Evaluation& ev) {
  (void)RenderJson(rules, ev);
  (void)RenderText(rules, ev);
}

}  // namespace sitbone::fuzz

#endif  // SITBONE_TESTS_FUZZ_FUZZ_SUPPORT_H_
