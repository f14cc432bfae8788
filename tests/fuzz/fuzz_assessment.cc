// libFuzzer target: one assessment (JSON or YAML) against the PHT rule set,
// evaluated with the explanation and rendered as JSON and text. Finds crashes,
// hangs, leaks (ASan) and undefined behaviour (UBSan) in the readers, the
// evaluator and the renderers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const sitbone::RuleSet& rules = sitbone::fuzz::Pht();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sitbone::Result<sitbone::Assessment> assessment = sitbone::ParseAssessment(rules.schema(), text, "fuzz");
  if (!assessment) return 0;
  sitbone::Result<sitbone::Evaluation> ev = rules.Evaluate(*assessment);
  if (ev) sitbone::fuzz::RenderAll(rules, *ev);
  return 0;
}
