// libFuzzer target: one line of a decision audit log, as `sitbone audit
// verify` reads it (docs/audit.md). Finds crashes, hangs and undefined
// behaviour in the record reader: the text checks, the bounded JSON reader and
// the field checks. Every line must come back as intact or as one problem.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "audit/record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  sitbone::internal::LineCheck check = sitbone::internal::CheckRecordLine(line);
  // A problem always says what it is.
  if (!check.ok && check.message.empty()) std::abort();
  return 0;
}
