// libFuzzer target: a rule file (ruleset.yaml) through the whole loader:
// reading, checks, lowering, lints, fingerprint, and the diagnostics rendered
// with excerpts. A rule set that loads is evaluated on an empty assessment.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  sitbone::CompileResult r = sitbone::fuzz::CompileText(text);
  (void)r.diagnostics.Format();
  if (!r.ok()) return 0;
  sitbone::Result<sitbone::Evaluation> ev = r.rule_set->Evaluate(sitbone::AssessmentBuilder(r.rule_set->schema()).Build());
  if (ev) sitbone::fuzz::RenderAll(*r.rule_set, *ev);
  return 0;
}
