// Tests for the JSON renderer (src/output/json_renderer.cc), parsing what
// RenderJson / RenderSchemaJson print for the PHT rule set with nlohmann/json:
// the key order of a result, JSON types (null, [], integers, objects for
// referrals), the catalogue text in `details`, explanation, blocked rules,
// provenance and the disclaimer; and the input-schema document.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sitbone/render.h"
#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using Json = nlohmann::ordered_json;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing_support::Example;
using testing_support::LoadClean;
using testing_support::Pht;
using testing_support::PhtPath;
using testing_support::MustEvaluate;
using testing_support::ReadText;



Json Render(const RuleSet& rules, const Evaluation& ev) {
  const std::string text = RenderJson(rules, ev);
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

Json RenderExample(const std::string& name) { return Render(Pht(), MustEvaluate(Pht(), Example(name))); }

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

std::vector<std::string> Strings(const Json& array) {
  std::vector<std::string> out;
  for (const Json& s : array) out.push_back(s.get<std::string>());
  return out;
}

// ---- layout ----

TEST(JsonRendererTest, OutputsComeFirstInDeclarationOrderThenTheFixedSections) {
  const Json j = RenderExample("01_reactive_runner.json");
  ASSERT_TRUE(j.is_object());
  std::vector<std::string> expected = Pht().output_names();
  for (const char* k : {"missing_data", "trace", "details", "explanation", "blocked", "unknown_inputs", "decided_by", "ask_next", "notices", "provenance",
                        "disclaimer"})
    expected.push_back(k);
  EXPECT_THAT(Keys(j), ElementsAreArray(expected));
}

TEST(JsonRendererTest, AskNextIsNullWhenItWasNotComputed) {
  Result<Evaluation> ev =
      Pht().Evaluate(testing_support::MustParse(Pht(), Example("08_mostly_missing.json")), EvaluateOptions{true, false});
  ASSERT_TRUE(ev.has_value());
  EXPECT_TRUE(Json::parse(RenderJson(Pht(), *ev))["ask_next"].is_null());
  Result<Evaluation> full = Pht().Evaluate(testing_support::MustParse(Pht(), Example("08_mostly_missing.json")));
  ASSERT_TRUE(full.has_value());
  const Json j = Json::parse(RenderJson(Pht(), *full));
  ASSERT_TRUE(j["ask_next"].is_array());
  EXPECT_FALSE(j["ask_next"].empty());
  // The first question (saddle sensation) raises the red-flag level: "severity": "higher".
  const Json& change = j["ask_next"][0]["answers"][0]["changes"][0];
  EXPECT_EQ(change["output"], "red_flag_level");
  EXPECT_EQ(change["severity"], "higher");
}

TEST(JsonRendererTest, TheIndentArgumentControlsTheLayoutNotTheContent) {
  const Evaluation ev = MustEvaluate(Pht(), Example("01_reactive_runner.json"));
  const std::string pretty = RenderJson(Pht(), ev);
  const std::string compact = RenderJson(Pht(), ev, -1);
  EXPECT_THAT(pretty, HasSubstr("\n  \"model_version\": 2,\n"));
  EXPECT_EQ(compact.find('\n'), std::string::npos);
  EXPECT_EQ(Json::parse(pretty), Json::parse(compact));
}

// ---- JSON types ----

TEST(JsonRendererTest, NullOutputsAreJsonNullAndEmptyListsAreEmptyArrays) {
  const Json j = RenderExample("05_cauda_equina.json");
  for (const char* k : {"red_flag_screen_complete", "lumbar_screen", "diagnosis_likelihood", "stage_basis", "phase",
                        "phase_status", "phase_action", "min_weeks_per_phase"})
    EXPECT_TRUE(j.at(k).is_null()) << k << " = " << j.at(k).dump();
  for (const char* k : {"differential_flags", "modifiers", "exercises", "avoid", "advice", "notes"}) {
    EXPECT_TRUE(j.at(k).is_array()) << k;
    EXPECT_TRUE(j.at(k).empty()) << k;
  }
  EXPECT_EQ(j.at("red_flag_level"), "emergency");
  EXPECT_EQ(j.at("pathway"), "stop_emergency");
  EXPECT_EQ(j.at("stage"), "not_staged");
}

TEST(JsonRendererTest, IntegerOutputsAreJsonIntegers) {
  const Json j = RenderExample("01_reactive_runner.json");
  for (const char* k : {"model_version", "phase", "min_weeks_per_phase"}) {
    EXPECT_TRUE(j.at(k).is_number_integer()) << k << " = " << j.at(k).dump();
    EXPECT_FALSE(j.at(k).is_number_float()) << k;
  }
  EXPECT_EQ(j.at("model_version").get<long long>(), 2);
  EXPECT_EQ(j.at("phase").get<long long>(), 1);
  EXPECT_EQ(j.at("min_weeks_per_phase").get<long long>(), 2);
  const std::string text = RenderJson(Pht(), MustEvaluate(Pht(), Example("01_reactive_runner.json")));
  EXPECT_THAT(text, HasSubstr("\"phase\": 1,"));
  EXPECT_THAT(text, Not(HasSubstr("\"phase\": 1.0")));
}

TEST(JsonRendererTest, BooleansAreJsonBooleansAndEnumsAreStrings) {
  const Json j = RenderExample("01_reactive_runner.json");
  EXPECT_TRUE(j.at("red_flag_screen_complete").is_boolean());
  EXPECT_EQ(j.at("red_flag_screen_complete"), true);
  EXPECT_EQ(j.at("stage"), "reactive");
  EXPECT_EQ(j.at("pathway"), "tendon_rehab");
}

TEST(JsonRendererTest, ReferralsAreObjectsWithToReasonAndTimeframe) {
  const Json j = RenderExample("03_desk_worker_back_pain_tingling.json");
  const Json& referrals = j.at("referrals");
  ASSERT_TRUE(referrals.is_array());
  ASSERT_EQ(referrals.size(), 1u);
  const Json& r = referrals[0];
  ASSERT_TRUE(r.is_object());
  EXPECT_THAT(Keys(r), ElementsAre("to", "reason", "timeframe"));
  EXPECT_EQ(r.at("to"), "spinal_assessment_physio_or_physician");
  EXPECT_EQ(r.at("reason"), "lumbar_or_neural_contribution_assess_and_treat_first");
  EXPECT_EQ(r.at("timeframe"), "routine");
}

TEST(JsonRendererTest, PlainListsAreArraysOfIdsWithQualifiers) {
  const Json j = RenderExample("03_desk_worker_back_pain_tingling.json");
  EXPECT_THAT(Strings(j.at("exercises")), ElementsAre("ex_general_strength_non_provocative", "ex_iso_bridge_double"));
  EXPECT_THAT(Strings(j.at("modifiers")), ElementsAre("slow_progression:peri_or_post_menopause"));
}

// ---- details ----

TEST(JsonRendererTest, DetailsCarryTheCatalogueTextOfEveryPlanItem) {
  const Json j = RenderExample("01_reactive_runner.json");
  const Json& details = j.at("details");
  ASSERT_TRUE(details.is_object());
  EXPECT_THAT(Keys(details), ElementsAre("exercises", "avoid", "advice"));  // notes is empty, referrals have fields
  const Json& exercises = details.at("exercises");
  ASSERT_EQ(exercises.size(), j.at("exercises").size());
  for (std::size_t i = 0; i < exercises.size(); ++i) {
    const Json& e = exercises[i];
    const std::string id = e.at("id").get<std::string>();
    EXPECT_EQ(id, j.at("exercises")[i]) << "details follow the list order";
    const CatalogEntry* entry = Pht().FindCatalogEntry("exercises", id);
    ASSERT_NE(entry, nullptr) << id;
    EXPECT_EQ(e.at("description"), entry->Get("description")) << id;
    EXPECT_EQ(e.at("dosage"), entry->Get("dosage")) << id;
    EXPECT_FALSE(e.at("dosage").get<std::string>().empty()) << id;
    EXPECT_FALSE(e.at("sources").get<std::string>().empty()) << id;
    EXPECT_EQ(e.at("sources"), entry->Get("sources")) << id;
  }
  EXPECT_EQ(exercises[0].at("id"), "ex_iso_bridge_double");
  EXPECT_EQ(exercises[0].at("dosage"),
            "5 holds of 30-45 s at about 70% effort with ~2 min rest, daily; or 10 holds of 10 s.");
  EXPECT_THAT(exercises[0].at("sources").get<std::string>(), HasSubstr("Rio E, Kidgell D"));
  for (const Json& a : details.at("avoid")) EXPECT_FALSE(a.at("text").get<std::string>().empty()) << a.dump();
}

TEST(JsonRendererTest, DetailsAreAnEmptyObjectWhenThereIsNoPlan) {
  const Json j = RenderExample("05_cauda_equina.json");
  EXPECT_TRUE(j.at("details").is_object());
  EXPECT_TRUE(j.at("details").empty()) << j.at("details").dump();
}

// ---- explanation, blocked, missing data ----

TEST(JsonRendererTest, TraceAndExplanationFollowTheFiringOrder) {
  const Evaluation ev = MustEvaluate(Pht(), Example("01_reactive_runner.json"));
  const Json j = Render(Pht(), ev);
  EXPECT_THAT(Strings(j.at("trace")), ElementsAreArray(ev.trace));
  EXPECT_THAT(Strings(j.at("trace")), ElementsAre("LS6", "DX1", "ST3", "PW1", "PH1", "CF3"));
  const Json& explanation = j.at("explanation");
  ASSERT_EQ(explanation.size(), ev.trace.size());
  for (std::size_t i = 0; i < explanation.size(); ++i) {
    const Json& e = explanation[i];
    EXPECT_EQ(e.at("rule"), ev.trace[i]);
    EXPECT_EQ(e.at("step"), ev.explanation[i].step_id);
    EXPECT_FALSE(e.at("rationale").get<std::string>().empty());
    EXPECT_FALSE(e.at("evidence").get<std::string>().empty());
    ASSERT_TRUE(e.at("inputs").is_object());
    ASSERT_TRUE(e.at("citations").is_array());
    EXPECT_FALSE(e.at("citations").empty()) << ev.trace[i];
    for (const Json& c : e.at("citations")) {
      EXPECT_THAT(Keys(c), ElementsAre("key", "reference"));
      EXPECT_FALSE(c.at("reference").get<std::string>().empty());
    }
    std::size_t n = 0;
    for (const InputRead& in : ev.explanation[i].inputs) {
      EXPECT_EQ(e.at("inputs").at(in.field), in.value) << ev.trace[i] << " " << in.field;
      ++n;
    }
    EXPECT_EQ(e.at("inputs").size(), n);
  }
}

TEST(JsonRendererTest, MissingDataBlockedRulesAndUnknownInputsAreListed) {
  const Evaluation ev = MustEvaluate(Pht(), Example("08_mostly_missing.json"));
  const Json j = Render(Pht(), ev);
  EXPECT_THAT(Strings(j.at("missing_data")), ElementsAreArray(ev.missing_data));
  EXPECT_THAT(Strings(j.at("missing_data")), ::testing::Contains("palpable_gap"));
  const Json& blocked = j.at("blocked");
  ASSERT_EQ(blocked.size(), ev.blocked.size());
  ASSERT_FALSE(blocked.empty());
  for (std::size_t i = 0; i < blocked.size(); ++i) {
    EXPECT_THAT(Keys(blocked[i]), ElementsAre("rule", "unknown_inputs"));
    EXPECT_EQ(blocked[i].at("rule"), ev.blocked[i].rule_id);
    EXPECT_THAT(Strings(blocked[i].at("unknown_inputs")), ElementsAreArray(ev.blocked[i].unknown_inputs));
  }
  EXPECT_THAT(Strings(j.at("unknown_inputs")), ElementsAreArray(ev.unknown_inputs));
  EXPECT_FALSE(j.at("unknown_inputs").empty());
}

TEST(JsonRendererTest, EmptySectionsAreEmptyArrays) {
  const Json j = RenderExample("05_cauda_equina.json");  // nothing missing, nothing undecided
  for (const char* k : {"missing_data", "blocked", "unknown_inputs"}) {
    EXPECT_TRUE(j.at(k).is_array()) << k;
    EXPECT_TRUE(j.at(k).empty()) << k << " = " << j.at(k).dump();
  }
}

// ---- provenance, disclaimer ----

TEST(JsonRendererTest, ProvenanceNamesTheRuleSetAndPrefixesTheFingerprint) {
  const Json j = RenderExample("01_reactive_runner.json");
  const Json& p = j.at("provenance");
  EXPECT_THAT(Keys(p), ElementsAre("rule_set", "version", "status", "fingerprint", "engine", "threshold_overrides"));
  EXPECT_EQ(p.at("rule_set"), "pht");
  EXPECT_EQ(p.at("version"), "2.0.0");
  EXPECT_EQ(p.at("status"), "testing");
  EXPECT_EQ(p.at("fingerprint"), "sha256:" + Pht().fingerprint());
  EXPECT_THAT(p.at("engine").get<std::string>(), ::testing::StartsWith("sitbone "));
  EXPECT_TRUE(p.at("threshold_overrides").is_object());
  EXPECT_TRUE(p.at("threshold_overrides").empty());
}

TEST(JsonRendererTest, ProvenanceListsThresholdOverridesAsNumbers) {
  LoadOptions options;
  options.threshold_overrides = {{"stage_pain_reactive_min", 6}, {"dx_bridge_positive_nrs", 2.5}};
  auto rules = LoadClean(PhtPath(), options);
  ASSERT_NE(rules, nullptr);
  const Json j = Render(*rules, MustEvaluate(*rules, Example("01_reactive_runner.json")));
  const Json& overrides = j.at("provenance").at("threshold_overrides");
  ASSERT_TRUE(overrides.is_object());
  EXPECT_TRUE(overrides.at("stage_pain_reactive_min").is_number_integer());
  EXPECT_EQ(overrides.at("stage_pain_reactive_min").get<long long>(), 6);
  EXPECT_DOUBLE_EQ(overrides.at("dx_bridge_positive_nrs").get<double>(), 2.5);
  EXPECT_EQ(j.at("provenance").at("fingerprint"), "sha256:" + rules->fingerprint());
}

TEST(JsonRendererTest, TheDisclaimerIsTheRuleSetsDisclaimer) {
  const Json j = RenderExample("05_cauda_equina.json");
  EXPECT_EQ(j.at("disclaimer"), Pht().disclaimer());
  EXPECT_THAT(j.at("disclaimer").get<std::string>(), ::testing::StartsWith("Decision support only."));
}

// ---- schema ----

TEST(JsonRendererTest, SchemaJsonListsEveryFieldWithTypeRangeAndValues) {
  const std::string text = RenderSchemaJson(Pht());
  const Json j = Json::parse(text, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << text;
  EXPECT_THAT(Keys(j), ElementsAre("rule_set", "version", "fields"));
  EXPECT_EQ(j.at("rule_set"), "pht");
  EXPECT_EQ(j.at("version"), "2.0.0");
  const Json& fields = j.at("fields");
  ASSERT_EQ(fields.size(), 71u);
  const Schema& schema = *Pht().schema();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const Json& f = fields[i];
    const FieldSpec& spec = schema.field(i);
    EXPECT_EQ(f.at("name"), spec.name) << "fields keep the schema order";
    EXPECT_EQ(f.at("type"), FieldTypeName(spec.type)) << spec.name;
    EXPECT_EQ(f.at("description"), spec.description) << spec.name;
    if (spec.type == FieldType::kInt || spec.type == FieldType::kNumber) {
      ASSERT_TRUE(f.contains("range")) << spec.name;
      ASSERT_EQ(f.at("range").size(), 2u) << spec.name;
      EXPECT_EQ(f.at("range")[0].get<double>(), *spec.min) << spec.name;
      EXPECT_EQ(f.at("range")[1].get<double>(), *spec.max) << spec.name;
    }
    if (spec.type == FieldType::kEnum) {
      ASSERT_TRUE(f.contains("values")) << spec.name;
      EXPECT_THAT(Strings(f.at("values")), ElementsAreArray(spec.values)) << spec.name;
    } else {
      EXPECT_FALSE(f.contains("values")) << spec.name;
    }
  }
  const Json& age = fields[0];
  EXPECT_EQ(age.at("name"), "age_years");
  EXPECT_EQ(age.at("unit"), "years");
  EXPECT_TRUE(age.at("range")[0].is_number_integer());
  EXPECT_EQ(age.at("range"), Json::array({10, 100}));
  EXPECT_EQ(age.at("how_obtained"), "Ask (history).");
  EXPECT_EQ(fields[1].at("values"), Json::array({"female", "male", "other"}));
}

TEST(JsonRendererTest, SchemaJsonGivesTheDefaultOfAFieldThatHasOne) {
  const Json j = Json::parse(RenderSchemaJson(Pht()));
  int with_default = 0;
  for (const Json& f : j.at("fields")) {
    if (!f.contains("default")) continue;
    ++with_default;
    EXPECT_EQ(f.at("name"), "visit_number");
    EXPECT_TRUE(f.at("default").is_number_integer());
    EXPECT_EQ(f.at("default").get<long long>(), 1);
  }
  EXPECT_EQ(with_default, 1);
}

}  // namespace
}  // namespace sitbone
