// The input fields of a rule set as a Markdown table (sitbone schema
// --format markdown, docs/schema tables).
#include "common/number.h"
#include "sitbone/render.h"

namespace sitbone {

std::string RenderSchemaMarkdown(const RuleSet& rules) {
  auto esc = [](std::string s) {
    std::string o;
    for (char c : s) o += c == '|' ? std::string("\\|") : std::string(1, c);
    return o;
  };
  std::string out = "# Input fields of " + rules.id() + " " + rules.version() + "\n\n";
  out += "| Field | Type | Unit / values | Range | Description | How obtained |\n|---|---|---|---|---|---|\n";
  for (const auto& f : rules.schema()->fields()) {
    std::string values = f.unit;
    if (f.type == FieldType::kTri) values = "yes, no, unknown";
    if (f.type == FieldType::kTest) values = "positive, negative, unknown";
    if (f.type == FieldType::kEnum) {
      values.clear();
      for (const auto& v : f.values) values += v + ", ";
      values += "unknown";
    }
    std::string range;
    if (f.min) range = internal::FormatNumber(*f.min) + "-" + internal::FormatNumber(f.max.value_or(*f.min));
    if (f.default_number) range += " (default " + internal::FormatNumber(*f.default_number) + ")";
    out += "| `" + f.name + "` | " + FieldTypeName(f.type) + " | " + esc(values) + " | " + range + " | " +
           esc(f.description) + " | " + esc(f.how_obtained) + " |\n";
  }
  return out;
}

}  // namespace sitbone
