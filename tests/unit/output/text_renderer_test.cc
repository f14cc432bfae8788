// Tests for the clinician-readable report (src/output/text_renderer.cc) on
// three PHT examples: an emergency (05_cauda_equina), a lumbar-first plan
// (03_desk_worker_back_pain_tingling) and a mostly-missing assessment
// (08_mostly_missing). The order of the sections, the exercise text with its
// dosage, the missing data, the references and the trace line; and the
// markdown table of input fields.
#include <algorithm>
#include <map>
#include <cstdlib>
#include <memory>
#include <set>
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
using ::testing::Not;
using testing_support::Example;
using testing_support::LoadClean;
using testing_support::Pht;
using testing_support::MustEvaluate;
using testing_support::ReadText;


Evaluation EvaluateExample(const std::string& name) {
  return MustEvaluate(Pht(), Example(name));
}

const char kEmergency[] = "05_cauda_equina.json";
const char kLumbarFirst[] = "03_desk_worker_back_pain_tingling.json";
const char kMissing[] = "08_mostly_missing.json";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The text with every run of blanks and line breaks collapsed to one space,
// so that wrapped paragraphs can be searched for their words.
std::string Unwrapped(const std::string& text) {
  std::string out;
  bool blank = false;
  for (char c : text) {
    if (c == ' ' || c == '\n') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

// The lines of the section headed "== title ==", up to the next heading or
// the blank line that ends it.
std::string Section(const std::string& text, const std::string& title) {
  const std::size_t start = text.find("\n== " + title + " ==\n");
  if (start == std::string::npos) return "";
  const std::size_t body = text.find('\n', start + 1) + 1;
  const std::size_t end = text.find("\n\n", body);
  return text.substr(body, end == std::string::npos ? std::string::npos : end - body + 1);
}

std::size_t Position(const std::string& text, const std::string& what) {
  const std::size_t p = text.find(what);
  EXPECT_NE(p, std::string::npos) << "'" << what << "' not found in:\n" << text;
  return p;
}

// ---- order ----

TEST(TextRendererTest, TheDisclaimerComesBeforeAnyResult) {
  for (const char* example : {kEmergency, kLumbarFirst, kMissing}) {
    const std::string text = RenderText(Pht(), EvaluateExample(example));
    const std::vector<std::string> lines = Lines(text);
    ASSERT_GE(lines.size(), 4u);
    EXPECT_EQ(lines[0], Pht().title()) << example;
    EXPECT_EQ(lines[1], "Rule set pht 2.0.0 (testing)") << example;
    EXPECT_EQ(lines[2].rfind("NOTE: Decision support only.", 0), 0u) << example << ": " << lines[2];
    // The whole disclaimer is there, before the first section.
    const std::string header = text.substr(0, Position(text, "\n== "));
    EXPECT_THAT(Unwrapped(header), HasSubstr("NOTE: " + Unwrapped(Pht().disclaimer()))) << example;
  }
}

TEST(TextRendererTest, RedFlagsAndReferralsComeBeforeThePlanAndTheReasons) {
  for (const char* example : {kEmergency, kLumbarFirst, kMissing}) {
    const std::string text = RenderText(Pht(), EvaluateExample(example));
    const std::size_t red_flags = Position(text, "== Red flags and referrals ==");
    const std::size_t plan = Position(text, "== Plan ==");
    const std::size_t why = Position(text, "== Why: the rules that fired, in order ==");
    EXPECT_LT(red_flags, plan) << example;
    EXPECT_LT(red_flags, why) << example;
    EXPECT_LT(plan, why) << example;
    // Red flags are the first section of results; before them only what to
    // do now and the questions that would change the result.
    for (std::size_t at = text.find("\n== "); at != std::string::npos && at + 1 < red_flags; at = text.find("\n== ", at + 1))
      EXPECT_TRUE(text.compare(at, 10, "\n== Now ==") == 0 || text.compare(at, 14, "\n== Ask next: ") == 0)
          << example << ": " << text.substr(at, 40);
  }
}

// ---- the emergency ----

TEST(TextRendererTest, AnEmergencyShowsTheReferralAndNoLoadingProgramme) {
  const std::string text = RenderText(Pht(), EvaluateExample(kEmergency));
  const std::string red_flags = Section(text, "Red flags and referrals");
  EXPECT_THAT(red_flags, HasSubstr("  Red-flag level: emergency\n"));
  EXPECT_THAT(red_flags, HasSubstr("to: emergency department or on call spinal team"));
  EXPECT_THAT(red_flags, HasSubstr("timeframe: immediate"));
  EXPECT_THAT(red_flags, HasSubstr("  Pathway: stop emergency\n"));
  const std::string plan = Section(text, "Plan");
  EXPECT_THAT(plan, HasSubstr("none: nothing in this section applies to this result"));
  EXPECT_THAT(text, Not(HasSubstr("Exercises:")));
  EXPECT_THAT(text, Not(HasSubstr("dosage:")));
}

// ---- the plan ----

TEST(TextRendererTest, ExercisesAreListedWithTheirDescriptionAndDosage) {
  const Evaluation ev = EvaluateExample(kLumbarFirst);
  const std::string text = RenderText(Pht(), ev);
  const std::string plan = Unwrapped(Section(text, "Plan"));
  const OutputValue* exercises = ev.Find("exercises");
  ASSERT_NE(exercises, nullptr);
  ASSERT_FALSE(exercises->items.empty());
  std::size_t previous = 0;
  for (const OutputItem& item : exercises->items) {
    const CatalogEntry* entry = Pht().FindCatalogEntry("exercises", item.id);
    ASSERT_NE(entry, nullptr) << item.id;
    const std::size_t at = plan.find("- " + item.id + " description: " + Unwrapped(entry->Get("description")) +
                                     " dosage: " + Unwrapped(entry->Get("dosage")));
    EXPECT_NE(at, std::string::npos) << item.id << " in:\n" << plan;
    if (at != std::string::npos) {
      EXPECT_GE(at, previous) << "exercises in list order";
      previous = at;
    }
  }
  EXPECT_THAT(plan, HasSubstr("dosage: 5 holds of 30-45 s at about 70% effort with ~2 min rest, daily; or 10 holds of 10 s."));
}

TEST(TextRendererTest, ALumbarFirstPlanShowsTheRestrictionsAndTheQualifiedModifier) {
  const std::string text = RenderText(Pht(), EvaluateExample(kLumbarFirst));
  EXPECT_THAT(Section(text, "Red flags and referrals"), HasSubstr("  Pathway: lumbar first\n"));
  // Referral lines are wrapped like every other paragraph.
  EXPECT_THAT(Unwrapped(Section(text, "Red flags and referrals")),
              HasSubstr("to: spinal assessment physio or physician; reason: lumbar or neural contribution assess and "
                        "treat first; timeframe: routine"));
  const std::string plan = Section(text, "Plan");
  EXPECT_THAT(plan, HasSubstr("  Exercise phase: 1\n"));
  EXPECT_THAT(plan, HasSubstr("  Phase status: provisional\n"));
  EXPECT_THAT(plan, HasSubstr("    - slow_progression:peri_or_post_menopause\n"));
  EXPECT_THAT(plan, HasSubstr("    - avoid_neural_provocation_slump_and_stretch\n"));
  EXPECT_THAT(Unwrapped(plan), HasSubstr("text: Avoid slumped sitting and nerve-tension stretches"));
}

// ---- missing data ----

TEST(TextRendererTest, AskOrMeasureListsEveryMissingItem) {
  const Evaluation ev = EvaluateExample(kMissing);
  ASSERT_FALSE(ev.missing_data.empty());
  const std::string text = RenderText(Pht(), ev);
  const std::string missing = Unwrapped(Section(text, "Missing data"));
  std::string list;
  for (const std::string& m : ev.missing_data) list += (list.empty() ? "" : ", ") + m;
  EXPECT_THAT(missing, HasSubstr("Ask or measure (\"a|b\": any one of them): " + list)) << missing;
  EXPECT_THAT(missing, HasSubstr("modified_bent_knee_stretch_test|bent_knee_stretch_test|puranen_orava_test"));
}

TEST(TextRendererTest, NothingToAskSaysNoneRecorded) {
  const std::string text = RenderText(Pht(), EvaluateExample(kEmergency));
  EXPECT_THAT(Section(text, "Missing data"), HasSubstr("  none recorded\n"));
  EXPECT_THAT(text, Not(HasSubstr("Ask or measure")));
}

TEST(TextRendererTest, UnknownInputsThatLeftRulesUndecidedAreListed) {
  const Evaluation ev = EvaluateExample(kMissing);
  ASSERT_FALSE(ev.unknown_inputs.empty());
  const std::string missing = Unwrapped(Section(RenderText(Pht(), ev), "Missing data"));
  std::string undecided, inputs;
  for (const BlockedRule& b : ev.blocked) undecided += (undecided.empty() ? "" : ", ") + b.rule_id;
  for (const std::string& u : ev.unknown_inputs) inputs += (inputs.empty() ? "" : ", ") + u;
  EXPECT_THAT(missing, HasSubstr("Unknown inputs that left rules undecided (" + undecided + "): " + inputs));
}

// ---- reasons and references ----

TEST(TextRendererTest, WhyListsEveryFiredRuleInOrderWithTheFactsThatDecidedIt) {
  const Evaluation ev = EvaluateExample(kEmergency);
  const std::string why = Section(RenderText(Pht(), ev), "Why: the rules that fired, in order");
  ASSERT_EQ(ev.trace.size(), 2u);
  const std::size_t first = Position(why, "  1. RF1 - ");
  const std::size_t second = Position(why, "  2. CF0 - ");
  EXPECT_LT(first, second);
  // RF1 is an `or`: its true operands decided it.
  EXPECT_THAT(why, HasSubstr("     - Altered saddle sensation: yes\n     - New bladder or bowel problem: yes\n"));
  EXPECT_THAT(why, Not(HasSubstr("read:")));
  EXPECT_THAT(why, HasSubstr("sources: finucane2020, sbns_bass2018, bmj_best_practice_ces\n"));
}

TEST(TextRendererTest, ReferencesListEachCitedKeyOnceSortedWithItsReference) {
  for (const char* example : {kEmergency, kLumbarFirst, kMissing}) {
    const Evaluation ev = EvaluateExample(example);
    std::map<std::string, std::string> cited;
    for (const RuleExplanation& ex : ev.explanation)
      for (const Citation& c : ex.citations) cited[c.key] = c.reference;
    ASSERT_FALSE(cited.empty()) << example;
    const std::string text = RenderText(Pht(), ev);
    const std::string refs = Section(text, "References");
    std::vector<std::string> keys;
    for (const std::string& line : Lines(refs))
      if (line.rfind("  [", 0) == 0) keys.push_back(line.substr(3, line.find(']') - 3));
    std::vector<std::string> expected;
    for (const auto& [key, reference] : cited) expected.push_back(key);
    EXPECT_EQ(keys, expected) << example << ":\n" << refs;  // sorted, each once
    const std::string unwrapped = Unwrapped(refs);
    for (const auto& [key, reference] : cited)
      EXPECT_THAT(unwrapped, HasSubstr("[" + key + "] " + Unwrapped(reference))) << example;
  }
}

TEST(TextRendererTest, TheTraceLineMatchesTheEvaluationTrace) {
  for (const char* example : {kEmergency, kLumbarFirst, kMissing}) {
    const Evaluation ev = EvaluateExample(example);
    std::string expected = "Trace:";
    for (std::size_t i = 0; i < ev.trace.size(); ++i) expected += (i ? " > " : " ") + ev.trace[i];
    const std::vector<std::string> lines = Lines(RenderText(Pht(), ev));
    EXPECT_EQ(std::count(lines.begin(), lines.end(), expected), 1) << example << ": expected " << expected;
  }
  EXPECT_THAT(RenderText(Pht(), EvaluateExample(kEmergency)), HasSubstr("\nTrace: RF1 > CF0\n"));
}

TEST(TextRendererTest, ProvenanceShowsTheRuleSetAndTheStartOfTheFingerprint) {
  const std::string text = RenderText(Pht(), EvaluateExample(kLumbarFirst));
  EXPECT_THAT(text, HasSubstr("\nProvenance: pht 2.0.0, sha256:" + Pht().fingerprint().substr(0, 16) +
                              "..., engine sitbone "));
}

TEST(TextRendererTest, ProvenanceListsThresholdOverrides) {
  LoadOptions options;
  options.threshold_overrides = {{"stage_pain_reactive_min", 6}};
  auto rules = LoadClean(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/pht", options);
  ASSERT_NE(rules, nullptr);
  const Evaluation ev =
      MustEvaluate(*rules, ReadText(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/../examples/assessments/" + kMissing));
  EXPECT_THAT(RenderText(*rules, ev), HasSubstr(", overrides: stage_pain_reactive_min=6\n"));
}

// ---- the schema table ----

TEST(TextRendererTest, SchemaMarkdownHasAHeaderRowAndOneRowPerField) {
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

TEST(TextRendererTest, SchemaMarkdownShowsUnitsValuesRangesAndDefaults) {
  const std::string md = RenderSchemaMarkdown(Pht());
  EXPECT_THAT(md, HasSubstr("| `age_years` | int | years | 10-100 | Patient's age in whole years. | Ask (history). |\n"));
  EXPECT_THAT(md, HasSubstr("| `sex` | enum | female, male, other, unknown |  | "));
  EXPECT_THAT(md, HasSubstr("| `felt_pop_at_onset` | tri | yes, no, unknown |  | "));
  EXPECT_THAT(md, HasSubstr("| `arabesque_test` | test | positive, negative, unknown |  | "));
  EXPECT_THAT(md, HasSubstr("| `visit_number` | int |  | 1-200 (default 1) | "));
}

}  // namespace
}  // namespace sitbone
