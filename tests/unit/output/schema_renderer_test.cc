// Tests for the Markdown table of input fields (src/output/schema_renderer.cc).
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/render.h"
#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::HasSubstr;
using testing_support::Pht;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(SchemaRendererTest, SchemaMarkdownHasAHeaderRowAndOneRowPerField) {
  const std::string md = RenderSchemaMarkdown(Pht());
  const std::vector<std::string> lines = Lines(md);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "# Input fields of pht 2.0.0");
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[2], "| Field | Type | Unit / values | Range | Description | How obtained |");
  EXPECT_EQ(lines[3], "|---|---|---|---|---|---|");
  const Schema& schema = *Pht().schema();
  ASSERT_EQ(lines.size(), 4 + schema.size()) << "one row per field and nothing else";
  for (std::size_t i = 0; i < schema.size(); ++i) {
    const std::string& row = lines[4 + i];
    EXPECT_EQ(row.rfind("| `" + schema.field(i).name + "` | " + FieldTypeName(schema.field(i).type) + " | ", 0), 0u)
        << row;
    // Six cells: seven unescaped separators.
    int bars = 0;
    for (std::size_t k = 0; k < row.size(); ++k)
      if (row[k] == '|' && (k == 0 || row[k - 1] != '\\')) ++bars;
    EXPECT_EQ(bars, 7) << row;
  }
}

TEST(SchemaRendererTest, SchemaMarkdownShowsUnitsValuesRangesAndDefaults) {
  const std::string md = RenderSchemaMarkdown(Pht());
  EXPECT_THAT(md, HasSubstr("| `age_years` | int | years | 10-100 | Patient's age in whole years. | Ask (history). |\n"));
  EXPECT_THAT(md, HasSubstr("| `sex` | enum | female, male, other, unknown |  | "));
  EXPECT_THAT(md, HasSubstr("| `felt_pop_at_onset` | tri | yes, no, unknown |  | "));
  EXPECT_THAT(md, HasSubstr("| `arabesque_test` | test | positive, negative, unknown |  | "));
  EXPECT_THAT(md, HasSubstr("| `visit_number` | int |  | 1-200 (default 1) | "));
}

}  // namespace
}  // namespace sitbone
