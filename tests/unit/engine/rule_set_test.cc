// Tests for the public RuleSet API over the compiled form
// (src/engine/rule_set.cc), on the bundled PHT rule set (rules/pht): metadata
// accessors, the fingerprint, output presentation, catalogue look-ups, the
// declared outputs, the guards of Evaluate against assessments and workspaces
// made for another rule set, Materialize without explanations, and where the
// default rule set is found.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using testing_support::DataPath;
using testing_support::Example;
using testing_support::LoadClean;
using testing_support::Pht;
using testing_support::PhtPath;
using testing_support::MustEvaluate;
using testing_support::MustParse;
using testing_support::ReadText;



// ---- metadata ----

TEST(RuleSetTest, ExposesTheHeaderOfThePhtRuleSet) {
  const RuleSet& rules = Pht();
  EXPECT_EQ(rules.id(), "pht");
  EXPECT_EQ(rules.version(), "2.0.0");
  EXPECT_EQ(rules.status(), "testing");
  EXPECT_THAT(rules.title(), HasSubstr("Proximal hamstring tendinopathy"));
  EXPECT_THAT(rules.authors(), ElementsAre("sitbone developers"));
  EXPECT_EQ(rules.review_date(), "2026-11-21");
  EXPECT_THAT(rules.disclaimer(), ::testing::StartsWith("Decision support only."));
  EXPECT_THAT(rules.disclaimer(), Not(HasSubstr("\n")));  // folded with >-
  EXPECT_TRUE(std::filesystem::equivalent(rules.source_dir(), PhtPath())) << rules.source_dir();
}

TEST(RuleSetTest, CountsTheInputsThresholdsAndRulesOfThePhtRuleSet) {
  const RuleSet& rules = Pht();
  EXPECT_EQ(rules.schema()->size(), 71u);
  EXPECT_THAT(rules.thresholds(), SizeIs(38));
  EXPECT_THAT(rules.rules(), SizeIs(54));
  EXPECT_THAT(rules.threshold_overrides(), IsEmpty());
}

TEST(RuleSetTest, RuleInfoCarriesStepRationaleEvidenceAndResolvedCitations) {
  const RuleSet& rules = Pht();
  std::vector<std::string> ids;
  for (const RuleInfo& r : rules.rules()) {
    ids.push_back(r.id);
    EXPECT_FALSE(r.step_id.empty()) << r.id;
    EXPECT_FALSE(r.rationale.empty()) << r.id;
    EXPECT_FALSE(r.evidence.empty()) << r.id;
    EXPECT_THAT(r.citations, Not(IsEmpty())) << r.id;
    for (const Citation& c : r.citations) EXPECT_FALSE(c.reference.empty()) << r.id << " " << c.key;
  }
  EXPECT_THAT(ids, Contains("RF1"));
  EXPECT_THAT(ids, Contains("CF3"));
}

TEST(RuleSetTest, ThresholdsCarryTheirAuthoredValuesAndMetadata) {
  const RuleSet& rules = Pht();
  const Threshold* t = nullptr;
  for (const Threshold& th : rules.thresholds())
    if (th.key == "stage_pain_reactive_min") t = &th;
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->value, 7);
  EXPECT_EQ(t->authored_value, 7);
  EXPECT_EQ(t->unit, "NRS 0-10");
  EXPECT_EQ(t->evidence, "X->P");
  EXPECT_THAT(t->source, HasSubstr("Kelley 2013"));
}

// ---- fingerprint ----

TEST(RuleSetTest, TheFingerprintIsSixtyFourHexDigitsAndStableAcrossLoads) {
  const std::string& fp = Pht().fingerprint();
  EXPECT_EQ(fp.size(), 64u);
  EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos) << fp;
  auto again = LoadClean(PhtPath());
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->fingerprint(), fp);
  EXPECT_EQ(MustEvaluate(Pht(), "{}").provenance.fingerprint, fp);
}

TEST(RuleSetTest, AnOverrideChangesTheFingerprintAndIsListedInProvenance) {
  LoadOptions options;
  options.threshold_overrides = {{"stage_pain_reactive_min", 6}};
  auto overridden = LoadClean(PhtPath(), options);
  ASSERT_NE(overridden, nullptr);
  EXPECT_NE(overridden->fingerprint(), Pht().fingerprint());
  EXPECT_EQ(overridden->fingerprint().size(), 64u);
  EXPECT_THAT(overridden->threshold_overrides(),
              ElementsAre(std::make_pair(std::string("stage_pain_reactive_min"), 6.0)));
  for (const Threshold& t : overridden->thresholds())
    if (t.key == "stage_pain_reactive_min") {
      EXPECT_EQ(t.value, 6);
      EXPECT_EQ(t.authored_value, 7);
    }
  const Evaluation ev = MustEvaluate(*overridden, Example("01_reactive_runner.json"));
  EXPECT_EQ(ev.provenance.fingerprint, overridden->fingerprint());
  EXPECT_THAT(ev.provenance.threshold_overrides,
              ElementsAre(std::make_pair(std::string("stage_pain_reactive_min"), 6.0)));
  EXPECT_THAT(MustEvaluate(Pht(), Example("01_reactive_runner.json")).provenance.threshold_overrides, IsEmpty());
}

TEST(RuleSetTest, ProvenanceNamesTheRuleSetVersionStatusAndEngine) {
  const Provenance p = MustEvaluate(Pht(), "{}").provenance;
  EXPECT_EQ(p.rule_set_id, "pht");
  EXPECT_EQ(p.rule_set_version, "2.0.0");
  EXPECT_EQ(p.rule_set_status, "testing");
  EXPECT_FALSE(p.engine_version.empty());
}

// ---- presentation and catalogues ----

TEST(RuleSetTest, PresentationGivesLabelGroupCatalogAndOrder) {
  const RuleSet& rules = Pht();
  auto referrals = rules.Presentation("referrals");
  ASSERT_TRUE(referrals.has_value());
  EXPECT_EQ(referrals->label, "Referrals");
  EXPECT_EQ(referrals->group, "Red flags and referrals");
  EXPECT_EQ(referrals->catalog, "referrals");
  EXPECT_TRUE(referrals->ordered);

  auto exercises = rules.Presentation("exercises");
  ASSERT_TRUE(exercises.has_value());
  EXPECT_EQ(exercises->label, "Exercises");
  EXPECT_EQ(exercises->group, "Plan");
  EXPECT_EQ(exercises->catalog, "exercises");
  EXPECT_THAT(exercises->describe, ElementsAre("description", "dosage", "progression"));
  EXPECT_FALSE(exercises->ordered);

  auto screen = rules.Presentation("red_flag_screen_complete");
  ASSERT_TRUE(screen.has_value());
  EXPECT_EQ(screen->label, "Red-flag screen complete");
  EXPECT_EQ(screen->description, "null when the cauda equina rule stopped the screen.");
  EXPECT_EQ(screen->catalog, "");

  auto version = rules.Presentation("model_version");
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->label, "Decision-model version");
  EXPECT_EQ(version->group, "");
}

TEST(RuleSetTest, PresentationOfAnUnknownOutputIsEmpty) {
  EXPECT_FALSE(Pht().Presentation("no_such_output").has_value());
  EXPECT_FALSE(Pht().Presentation("").has_value());
  EXPECT_FALSE(Pht().Presentation("age_years").has_value());  // an input, not an output
}

TEST(RuleSetTest, PresentationLabelDefaultsToTheOutputName) {
  auto rules = LoadClean(DataPath("compiler/valid.yaml"));
  ASSERT_NE(rules, nullptr);
  auto level = rules->Presentation("level");
  ASSERT_TRUE(level.has_value());
  EXPECT_EQ(level->label, "level");
  EXPECT_EQ(level->group, "");
}

TEST(RuleSetTest, FindCatalogEntryGivesTheExerciseTextWithDosage) {
  const CatalogEntry* e = Pht().FindCatalogEntry("exercises", "ex_iso_bridge_double");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->id, "ex_iso_bridge_double");
  EXPECT_EQ(e->Get("phase"), "1");
  EXPECT_THAT(e->Get("description"), ::testing::StartsWith("Both-leg bridge held"));
  EXPECT_EQ(e->Get("dosage"), "5 holds of 30-45 s at about 70% effort with ~2 min rest, daily; or 10 holds of 10 s.");
  EXPECT_EQ(e->Get("cite"), "rio2015, kinetic_revolution_ep37, goom2016");
  EXPECT_THAT(e->Get("sources"), HasSubstr("Rio E, Kidgell D"));
  EXPECT_THAT(e->Get("sources"), HasSubstr("Goom TSH"));
  EXPECT_EQ(e->Get("no_such_field"), "");
  // Fields keep their authored order.
  ASSERT_GE(e->fields.size(), 3u);
  EXPECT_EQ(e->fields[0].first, "phase");
  EXPECT_EQ(e->fields[1].first, "description");
  EXPECT_EQ(e->fields[2].first, "dosage");
}

TEST(RuleSetTest, FindCatalogEntryIsNullForAnUnknownIdOrCatalogue) {
  EXPECT_EQ(Pht().FindCatalogEntry("exercises", "ex_no_such_exercise"), nullptr);
  EXPECT_EQ(Pht().FindCatalogEntry("no_such_catalog", "ex_iso_bridge_double"), nullptr);
  EXPECT_EQ(Pht().FindCatalogEntry("avoid", "ex_iso_bridge_double"), nullptr);  // right id, wrong catalogue
  EXPECT_NE(Pht().FindCatalogEntry("avoid", "avoid_static_hamstring_stretch"), nullptr);
}

// ---- outputs ----

TEST(RuleSetTest, OutputNamesListTheDeclaredOutputsInOrderWithoutInternalOnes) {
  const std::vector<std::string> names = Pht().output_names();
  EXPECT_THAT(names, ElementsAre("model_version", "red_flag_level", "red_flag_screen_complete", "referrals", "pathway",
                                 "lumbar_screen", "diagnosis_likelihood", "differential_flags", "stage", "stage_basis",
                                 "stage_confidence", "chronicity", "phase", "phase_status", "phase_action",
                                 "min_weeks_per_phase", "modifiers", "exercises", "avoid", "advice", "notes",
                                 "confidence"));
  for (const char* internal : {"phase_cap", "plan_discharge", "plan_restricted"})
    EXPECT_THAT(names, Not(Contains(internal)));
}

TEST(RuleSetTest, AnEvaluationHasExactlyTheOutputNamesInTheSameOrder) {
  const Evaluation ev = MustEvaluate(Pht(), Example("03_desk_worker_back_pain_tingling.json"));
  std::vector<std::string> names;
  for (const auto& [name, value] : ev.outputs) names.push_back(name);
  EXPECT_EQ(names, Pht().output_names());
  EXPECT_EQ(ev.Find("phase_cap"), nullptr);
}

// ---- guards ----

TEST(RuleSetTest, EvaluateRejectsAnAssessmentBuiltForAnotherRuleSet) {
  auto other = LoadClean(DataPath("compiler/valid.yaml"));
  ASSERT_NE(other, nullptr);
  const Assessment foreign = MustParse(*other, R"({"pain": 3})");
  Result<Evaluation> ev = Pht().Evaluate(foreign);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(ev.error().message(), HasSubstr("another rule set's schema"));

  Workspace ws(Pht());
  const Status s = Pht().Evaluate(foreign, ws);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

TEST(RuleSetTest, EvaluateRejectsAnAssessmentParsedWithAnotherLoadOfTheSameRuleSet) {
  auto second = LoadClean(PhtPath());
  ASSERT_NE(second, nullptr);
  const Assessment a = MustParse(*second, Example("01_reactive_runner.json"));
  Result<Evaluation> ev = Pht().Evaluate(a);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(second->Evaluate(a).has_value());
}

TEST(RuleSetTest, EvaluateRejectsAWorkspaceMadeForAnotherRuleSet) {
  auto other = LoadClean(DataPath("compiler/valid.yaml"));
  ASSERT_NE(other, nullptr);
  Workspace foreign(*other);
  const Assessment a = MustParse(Pht(), Example("01_reactive_runner.json"));
  const Status s = Pht().Evaluate(a, foreign);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("workspace was created for another rule set"));
  Workspace own(Pht());
  EXPECT_TRUE(Pht().Evaluate(a, own).ok());
}

// ---- Materialize ----

TEST(RuleSetTest, MaterializeWithoutExplainHasOutputsAndTraceButNoExplanation) {
  const RuleSet& rules = Pht();
  const Assessment a = MustParse(rules, Example("08_mostly_missing.json"));
  Workspace ws(rules);
  ws.set_explain(true);
  ASSERT_TRUE(rules.Evaluate(a, ws).ok());
  const Evaluation full = rules.Materialize(a, ws);
  EvaluateOptions plain;
  plain.explain = false;
  const Evaluation bare = rules.Materialize(a, ws, plain);

  EXPECT_THAT(full.explanation, Not(IsEmpty()));
  EXPECT_THAT(full.blocked, Not(IsEmpty()));
  EXPECT_THAT(full.unknown_inputs, Not(IsEmpty()));
  EXPECT_THAT(bare.explanation, IsEmpty());
  EXPECT_THAT(bare.blocked, IsEmpty());
  EXPECT_THAT(bare.unknown_inputs, IsEmpty());

  EXPECT_EQ(bare.trace, full.trace);
  EXPECT_THAT(bare.trace, Not(IsEmpty()));
  EXPECT_EQ(bare.missing_data, full.missing_data);
  EXPECT_THAT(bare.missing_data, Not(IsEmpty()));
  ASSERT_EQ(bare.outputs.size(), full.outputs.size());
  for (std::size_t i = 0; i < bare.outputs.size(); ++i) {
    EXPECT_EQ(bare.outputs[i].first, full.outputs[i].first);
    EXPECT_EQ(bare.outputs[i].second.ToString(), full.outputs[i].second.ToString()) << bare.outputs[i].first;
  }
  EXPECT_EQ(bare.provenance.fingerprint, rules.fingerprint());
}

TEST(RuleSetTest, EvaluateWithoutExplainHasNoExplanation) {
  EvaluateOptions plain;
  plain.explain = false;
  const Assessment a = MustParse(Pht(), Example("05_cauda_equina.json"));
  Result<Evaluation> ev = Pht().Evaluate(a, plain);
  ASSERT_TRUE(ev.has_value());
  EXPECT_THAT(ev->explanation, IsEmpty());
  EXPECT_THAT(ev->blocked, IsEmpty());
  EXPECT_THAT(ev->trace, Not(IsEmpty()));
}

// ---- the default rule set ----

// Sets or clears SITBONE_RULES_DIR for one scope and restores it afterwards.
class ScopedRulesDir {
 public:
  explicit ScopedRulesDir(const char* value) {
    if (const char* old = std::getenv("SITBONE_RULES_DIR")) saved_ = std::string(old);
    if (value)
      setenv("SITBONE_RULES_DIR", value, 1);
    else
      unsetenv("SITBONE_RULES_DIR");
  }
  ~ScopedRulesDir() {
    if (saved_)
      setenv("SITBONE_RULES_DIR", saved_->c_str(), 1);
    else
      unsetenv("SITBONE_RULES_DIR");
  }

 private:
  std::optional<std::string> saved_;
};

TEST(RuleSetTest, DefaultRuleSetPathHonoursSitboneRulesDir) {
  ScopedRulesDir env("/opt/clinic/rules/custom");
  EXPECT_EQ(DefaultRuleSetPath(), "/opt/clinic/rules/custom");
}

TEST(RuleSetTest, DefaultRuleSetPathPointsAtAFolderWithRuleSetYamlWithoutTheVariable) {
  ScopedRulesDir env(nullptr);
  const std::string path = DefaultRuleSetPath();
  EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::path(path) / "ruleset.yaml")) << path;
  auto rules = LoadClean(path);
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(rules->id(), "pht");
}

TEST(RuleSetTest, AnEmptySitboneRulesDirIsIgnored) {
  ScopedRulesDir env("");
  const std::string path = DefaultRuleSetPath();
  EXPECT_FALSE(path.empty());
  EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::path(path) / "ruleset.yaml")) << path;
}

}  // namespace
}  // namespace sitbone
