// `sitbone schema --format markdown|json`: the input fields of a rule set.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_test_support.h"

namespace sitbone::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using testing_support::CliResult;
using testing_support::ExampleRules;
using testing_support::ParseJson;
using testing_support::RunCli;
using Json = nlohmann::json;

TEST(CliSchemaTest, MarkdownIsTheDefaultAndHasOneRowPerField) {
  CliResult def = RunCli({"schema", "--rules", ExampleRules()});
  CliResult md = RunCli({"schema", "--rules", ExampleRules(), "--format", "markdown"});
  EXPECT_EQ(md.exit_code, 0) << md;
  EXPECT_THAT(md.err, IsEmpty());
  EXPECT_EQ(def.out, md.out);
  EXPECT_THAT(md.out, StartsWith("# Input fields of tendon-triage-example 1.0.0\n"));
  EXPECT_THAT(md.out, HasSubstr("| Field | Type | Unit / values | Range | Description | How obtained |\n|---|"));
  EXPECT_THAT(md.out, HasSubstr("| `pain_nrs` | int | NRS 0-10 | 0-10 | Worst familiar pain in the last 24 hours. |"));
  EXPECT_THAT(md.out, HasSubstr("| `activity` | enum | running, cycling, other, unknown |"));
  EXPECT_THAT(md.out, HasSubstr("| `visit_number` | int |  | 1-200 (default 1) |"));
  std::size_t rows = 0;
  for (std::size_t at = md.out.find("\n| `"); at != std::string::npos; at = md.out.find("\n| `", at + 1)) ++rows;
  EXPECT_EQ(rows, 11u);
}

TEST(CliSchemaTest, JsonListsFieldsInDeclarationOrderWithTypesRangesAndValues) {
  CliResult r = RunCli({"schema", "--rules", ExampleRules(), "-f", "json"});
  ASSERT_EQ(r.exit_code, 0) << r;
  Json j = ParseJson(r.out);
  EXPECT_EQ(j["rule_set"], "tendon-triage-example");
  EXPECT_EQ(j["version"], "1.0.0");
  std::vector<std::string> names;
  for (const auto& f : j["fields"]) names.push_back(f["name"]);
  EXPECT_THAT(names, ElementsAre("saddle_anaesthesia", "fever", "pain_nrs", "sitting_tolerance_min", "night_pain",
                                 "bridge_test", "stretch_test", "activity", "diabetes", "bmi", "visit_number"));
  const Json& pain = j["fields"][2];
  EXPECT_EQ(pain["type"], "int");
  EXPECT_EQ(pain["unit"], "NRS 0-10");
  EXPECT_EQ(pain["range"], Json({0, 10}));
  EXPECT_EQ(j["fields"][5]["type"], "test");
  EXPECT_EQ(j["fields"][7]["values"], Json({"running", "cycling", "other"}));
  EXPECT_EQ(j["fields"][10]["default"], 1);
}

TEST(CliSchemaTest, UnknownFormatExitsTwo) {
  CliResult r = RunCli({"schema", "--rules", ExampleRules(), "--format", "yaml"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err, "sitbone: --format must be markdown or json, got 'yaml'\n");
}

}  // namespace
}  // namespace sitbone::cli
