// Tests for the hand-written PHT reference model: every worked case of the
// knowledge base (the project's copy, rules/pht/tests/vignettes.yaml), input
// validation (V0), threshold boundaries and missing data.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "pht_reference.h"
#include "pht_reference_json.h"

#ifndef SITBONE_VIGNETTES_PATH
#error "SITBONE_VIGNETTES_PATH must point at rules/pht/tests/vignettes.yaml"
#endif

namespace sitbone::reference {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// ---------------------------------------------------------------------------
// YAML -> JSON. Quoted scalars stay strings ('yes', 'no'); plain scalars are
// typed the YAML 1.2 core-schema way (null, booleans, integers, floats).
json ScalarToJson(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted: always a string
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (!text.empty()) {
    errno = 0;
    char* end = nullptr;
    const long long i = std::strtoll(text.c_str(), &end, 10);
    if (errno == 0 && end != nullptr && *end == '\0') return i;
    errno = 0;
    end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (errno == 0 && end != nullptr && *end == '\0') return d;
  }
  return text;
}

json YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return ScalarToJson(node);
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const YAML::Node& item : node) a.push_back(YamlToJson(item));
      return a;
    }
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : node) o[kv.first.as<std::string>()] = YamlToJson(kv.second);
      return o;
    }
  }
  return nullptr;
}

struct Vignette {
  std::string id;
  json input;
  json expected;
};

void PrintTo(const Vignette& v, std::ostream* os) { *os << v.id; }

struct VignetteFile {
  std::vector<Vignette> cases;
  std::string error;
};

const VignetteFile& LoadVignettes() {
  static const VignetteFile file = [] {
    VignetteFile f;
    try {
      const YAML::Node root = YAML::LoadFile(SITBONE_VIGNETTES_PATH);
      for (const YAML::Node& v : root["tests"]) {
        f.cases.push_back(
            Vignette{v["id"].as<std::string>(), YamlToJson(v["input"]), YamlToJson(v["expect"])});
      }
    } catch (const std::exception& e) {
      f.error = e.what();
    }
    return f;
  }();
  return file;
}

std::vector<Vignette> VignetteCases() { return LoadVignettes().cases; }

// Evaluates a JSON document through validation, the model and serialisation.
json Evaluate(const json& input, const Thresholds& t = {}) {
  return json::parse(OutputToJson(EvaluatePht(InputFromJson(input), t)).dump());
}

std::vector<std::string> Strings(const json& a) {
  std::vector<std::string> v;
  for (const json& x : a) v.push_back(x.get<std::string>());
  return v;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// ---------------------------------------------------------------------------
// Worked cases.

TEST(VignetteFileTest, LoadsAll43Cases) {
  const VignetteFile& f = LoadVignettes();
  ASSERT_EQ(f.error, "") << "cannot read " << SITBONE_VIGNETTES_PATH;
  EXPECT_EQ(f.cases.size(), 43u);
  for (const Vignette& v : f.cases) EXPECT_EQ(v.input.size(), 71u) << v.id;
}

class VignetteTest : public ::testing::TestWithParam<Vignette> {};

TEST_P(VignetteTest, MatchesExpectedOutput) {
  const Vignette& v = GetParam();
  json got;
  ASSERT_NO_THROW(got = Evaluate(v.input)) << v.id;
  // Also through the text entry point.
  EXPECT_EQ(json::parse(OutputToJson(EvaluatePht(InputFromJsonText(v.input.dump()))).dump()), got);

  EXPECT_EQ(got.at("model_version"), 2);
  for (auto it = v.expected.begin(); it != v.expected.end(); ++it) {
    const std::string& key = it.key();
    const json& want = it.value();
    ASSERT_TRUE(got.contains(key)) << v.id << ": output lacks " << key;
    const json& have = got.at(key);
    if (want.is_array() && key != "trace" && key != "referrals") {
      ASSERT_TRUE(have.is_array()) << v.id << "." << key;
      EXPECT_EQ(Sorted(Strings(have)), Sorted(Strings(want)))
          << v.id << "." << key << "\n  got:      " << have.dump()
          << "\n  expected: " << want.dump();
    } else {
      EXPECT_EQ(have, want) << v.id << "." << key << "\n  got:      " << have.dump()
                            << "\n  expected: " << want.dump();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Vignettes, VignetteTest, ::testing::ValuesIn(VignetteCases()),
                         [](const ::testing::TestParamInfo<Vignette>& info) {
                           return info.param.id;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(VignetteTest);

// ---------------------------------------------------------------------------
// Output shape (G3).

// A complete, clean first visit: settled, likely PHT, negative lumbar screen,
// complete red-flag screen. Evaluates to tendon_rehab, Phase 2 (PH2), CF3.
json Base() {
  return json{
      {"age_years", 42},
      {"sex", "male"},
      {"menopausal_status", "not_applicable"},
      {"main_activity", "running"},
      {"daily_sitting_hours", 6},
      {"symptom_duration_weeks", 20},
      {"onset", "gradual"},
      {"mechanism_hip_flexion_knee_extension", "no"},
      {"felt_pop_at_onset", "no"},
      {"posterior_thigh_bruising", "no"},
      {"palpable_gap", "no"},
      {"marked_hamstring_weakness", "no"},
      {"recent_load_spike", "no"},
      {"pain_localised_ischial", "yes"},
      {"pain_worst_24h_nrs", 3},
      {"rest_or_night_pain", "no"},
      {"night_pain_unrelated_to_load", "no"},
      {"sitting_tolerance_min", 90},
      {"pain_with_daily_activities", "no"},
      {"latent_flare_over_24h", "no"},
      {"warm_up_effect", "yes"},
      {"running_status", "running_reduced"},
      {"slb_short_lever_nrs", 1},
      {"slb_long_lever_nrs", 3},
      {"arabesque_test", "positive"},
      {"modified_bent_knee_stretch_test", "positive"},
      {"low_back_pain", "no"},
      {"pain_below_knee", "no"},
      {"leg_paraesthesia", "no"},
      {"slump_test", "negative"},
      {"straight_leg_raise_test", "negative"},
      {"neuro_deficit", "no"},
      {"major_motor_deficit", "no"},
      {"saddle_anaesthesia", "no"},
      {"new_bladder_bowel_dysfunction", "no"},
      {"bilateral_leg_neuro_symptoms", "no"},
      {"progressive_neuro_deficit", "no"},
      {"new_sexual_dysfunction", "no"},
      {"fever_or_unwell", "no"},
      {"unexplained_weight_loss", "no"},
      {"history_of_cancer", "no"},
      {"immunosuppressed", "no"},
      {"diabetes", "no"},
      {"hypercholesterolaemia", "no"},
      {"inflammatory_arthritis", "no"},
      {"bmi", 24},
      {"recent_fluoroquinolone", "no"},
      {"local_steroid_injection_last_6_weeks", "no"},
      {"psychosocial_flags", "no"},
      {"prior_failed_loading_rehab_weeks", 0},
      {"strength_lsi_pct", 75},
  };
}

// Base() seen at a follow-up in Phase 2 with every progression condition met
// (EX2: long bridge 3, LSI 85, no rest pain). Evaluates to PR3 -> Phase 3.
json FollowUp() {
  json j = Base();
  j["visit_number"] = 3;
  j["previous_phase"] = 2;
  j["previous_diagnosis_likelihood"] = "likely";
  j["exercise_pain_nrs"] = 2;
  j["response_24h"] = "baseline";
  j["weekly_trend"] = "stable";
  j["weeks_in_phase"] = 2;
  j["strength_lsi_pct"] = 85;
  return j;
}

TEST(OutputShapeTest, BaseCaseIsCleanPhase2) {
  const json out = Evaluate(Base());
  EXPECT_EQ(out["pathway"], "tendon_rehab");
  EXPECT_EQ(out["diagnosis_likelihood"], "likely");
  EXPECT_EQ(out["stage"], "settled");
  EXPECT_EQ(out["stage_confidence"], "high");
  EXPECT_EQ(out["phase"], 2);
  EXPECT_EQ(out["confidence"], "high");
  EXPECT_THAT(Strings(out["missing_data"]), IsEmpty());
  EXPECT_THAT(Strings(out["trace"]), ElementsAre("LS6", "DX1", "ST4", "PW1", "PH2", "CF3"));

  const json fu = Evaluate(FollowUp());
  EXPECT_EQ(fu["phase"], 3);
  EXPECT_EQ(fu["phase_action"], "progress");
  EXPECT_THAT(Strings(fu["trace"]), ElementsAre("LS6", "DX0", "ST4", "PW1", "PR3", "CF3"));
}

TEST(OutputShapeTest, KeysInG3OrderAndIntegerTypes) {
  const nlohmann::ordered_json out = OutputToJson(EvaluatePht(InputFromJson(Base())));
  std::vector<std::string> keys;
  for (auto it = out.begin(); it != out.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys,
              ElementsAre("model_version", "red_flag_level", "red_flag_screen_complete",
                          "referrals", "pathway", "lumbar_screen", "diagnosis_likelihood",
                          "differential_flags", "stage", "stage_basis", "stage_confidence",
                          "chronicity", "phase", "phase_status", "phase_action",
                          "min_weeks_per_phase", "modifiers", "exercises", "avoid", "advice",
                          "notes", "confidence", "missing_data", "trace"));
  EXPECT_TRUE(out["model_version"].is_number_integer());
  EXPECT_TRUE(out["phase"].is_number_integer());
  EXPECT_TRUE(out["min_weeks_per_phase"].is_number_integer());
  EXPECT_TRUE(out["red_flag_screen_complete"].is_boolean());
  EXPECT_TRUE(out["referrals"].is_array());
  EXPECT_EQ(out.dump().find("null"), std::string::npos);
}

TEST(OutputShapeTest, EmergencyStopNullsAndEmptyLists) {
  json in = Base();
  in["saddle_anaesthesia"] = "yes";
  const json out = Evaluate(in);
  EXPECT_EQ(out["red_flag_level"], "emergency");
  EXPECT_TRUE(out["red_flag_screen_complete"].is_null());
  ASSERT_EQ(out["referrals"].size(), 1u);
  EXPECT_EQ(out["referrals"][0],
            (json{{"to", "emergency_department_or_on_call_spinal_team"},
                  {"reason", "suspected_cauda_equina_or_progressive_neuro_deficit"},
                  {"timeframe", "immediate"}}));
  for (const char* k : {"lumbar_screen", "diagnosis_likelihood", "stage_basis", "stage_confidence",
                        "chronicity", "phase", "phase_status", "phase_action",
                        "min_weeks_per_phase"}) {
    EXPECT_TRUE(out[k].is_null()) << k;
  }
  for (const char* k : {"differential_flags", "modifiers", "exercises", "avoid", "advice", "notes",
                        "missing_data"}) {
    EXPECT_TRUE(out[k].is_array() && out[k].empty()) << k;
  }
  EXPECT_EQ(out["stage"], "not_staged");
  EXPECT_THAT(Strings(out["trace"]), ElementsAre("RF1", "CF0"));
}

// ---------------------------------------------------------------------------
// Step 0 (V0).

std::string RejectionMessage(const json& doc) {
  try {
    InputFromJson(doc);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<accepted>";
}

std::string TextRejectionMessage(const std::string& text) {
  try {
    InputFromJsonText(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<accepted>";
}

TEST(ValidationTest, RejectsNonObject) {
  EXPECT_THROW(InputFromJson(json::array()), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json(3)), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json(nullptr)), std::invalid_argument);
  EXPECT_THROW(InputFromJsonText("[1, 2]"), std::invalid_argument);
  EXPECT_THROW(InputFromJsonText("{\"age_years\": "), std::invalid_argument);
}

TEST(ValidationTest, RejectsUnknownKey) {
  const std::string msg = RejectionMessage(json{{"age_years", 30}, {"favourite_colour", "blue"}});
  EXPECT_THAT(msg, HasSubstr("favourite_colour"));
  EXPECT_THAT(msg, HasSubstr("blue"));
  EXPECT_THAT(msg, HasSubstr("age_years"));  // the allowed keys are listed
  EXPECT_THROW(InputFromJson(json{{"Age_Years", 30}}), std::invalid_argument);
}

TEST(ValidationTest, RejectsBadEnumValues) {
  std::string msg = RejectionMessage(json{{"palpable_gap", "maybe"}});
  EXPECT_THAT(msg, HasSubstr("palpable_gap"));
  EXPECT_THAT(msg, HasSubstr("maybe"));
  EXPECT_THAT(msg, HasSubstr("\"yes\", \"no\", \"unknown\""));
  msg = RejectionMessage(json{{"arabesque_test", "yes"}});
  EXPECT_THAT(msg, HasSubstr("arabesque_test"));
  EXPECT_THAT(msg, HasSubstr("positive"));
  EXPECT_THAT(RejectionMessage(json{{"onset", "sudden"}}), HasSubstr("sudden_traumatic"));
  EXPECT_THROW(InputFromJson(json{{"sex", "Female"}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"palpable_gap", true}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"palpable_gap", 1}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"response_24h", json::array()}}), std::invalid_argument);
}

TEST(ValidationTest, IntegersAcceptWholeFloatsOnly) {
  PhtInput in = InputFromJson(json{{"pain_worst_24h_nrs", 6.0}});
  ASSERT_TRUE(in.pain_worst_24h_nrs.has_value());
  EXPECT_EQ(*in.pain_worst_24h_nrs, 6.0);
  EXPECT_EQ(Evaluate(json{{"previous_phase", 2.0}, {"visit_number", 2.0}}),
            Evaluate(json{{"previous_phase", 2}, {"visit_number", 2}}));

  const std::string msg = RejectionMessage(json{{"pain_worst_24h_nrs", 6.5}});
  EXPECT_THAT(msg, HasSubstr("pain_worst_24h_nrs"));
  EXPECT_THAT(msg, HasSubstr("6.5"));
  EXPECT_THAT(msg, HasSubstr("whole number from 0 to 10"));
  EXPECT_THROW(InputFromJson(json{{"visit_number", 1.5}}), std::invalid_argument);
  // num fields accept fractions.
  EXPECT_NO_THROW(InputFromJson(json{{"weeks_in_phase", 2.5}, {"bmi", 22.7}}));
}

TEST(ValidationTest, RejectsBooleansAndStringsForNumbers) {
  std::string msg = RejectionMessage(json{{"bmi", true}});
  EXPECT_THAT(msg, HasSubstr("bmi"));
  EXPECT_THAT(msg, HasSubstr("true"));
  EXPECT_THROW(InputFromJson(json{{"age_years", false}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"age_years", "34"}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"bmi", "22.5"}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"bmi", json::object()}}), std::invalid_argument);
}

TEST(ValidationTest, RangesAreInclusive) {
  EXPECT_NO_THROW(InputFromJson(json{{"age_years", 10}}));
  EXPECT_NO_THROW(InputFromJson(json{{"age_years", 100}}));
  const std::string msg = RejectionMessage(json{{"age_years", 101}});
  EXPECT_THAT(msg, HasSubstr("age_years"));
  EXPECT_THAT(msg, HasSubstr("101"));
  EXPECT_THAT(msg, HasSubstr("10 to 100"));
  EXPECT_THROW(InputFromJson(json{{"age_years", 9}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"bmi", 11.99}}), std::invalid_argument);
  EXPECT_NO_THROW(InputFromJson(json{{"bmi", 12.0}, {"strength_lsi_pct", 150}}));
  EXPECT_THROW(InputFromJson(json{{"strength_lsi_pct", 150.01}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"previous_phase", 5}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"previous_phase", 0}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"visit_number", 0}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"sitting_tolerance_min", -1}}), std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"visa_h", std::numeric_limits<std::uint64_t>::max()}}),
               std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"days_since_injury", std::numeric_limits<std::int64_t>::min()}}),
               std::invalid_argument);
}

TEST(ValidationTest, RejectsNonFiniteAndHugeNumbers) {
  // 1e400 cannot be represented; the JSON parser refuses it and the text entry
  // point reports it against the field.
  std::string msg = TextRejectionMessage(R"({"age_years": 40, "bmi": 1e400})");
  EXPECT_THAT(msg, HasSubstr("bmi"));
  EXPECT_THAT(msg, HasSubstr("1e400"));
  EXPECT_THAT(msg, HasSubstr("12 to 70"));
  EXPECT_THAT(TextRejectionMessage(R"({"age_years": -1e400})"), HasSubstr("age_years"));
  EXPECT_THAT(TextRejectionMessage(R"({"nonsense": 1e400})"), HasSubstr("nonsense"));
  // Documents built in memory can hold non-finite values.
  EXPECT_THROW(InputFromJson(json{{"bmi", std::numeric_limits<double>::infinity()}}),
               std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"bmi", std::numeric_limits<double>::quiet_NaN()}}),
               std::invalid_argument);
  EXPECT_THROW(InputFromJson(json{{"age_years", 1e300}}), std::invalid_argument);
  EXPECT_THROW(InputFromJsonText(R"({"visit_number": 100000000000000000000000})"),
               std::invalid_argument);
}

TEST(ValidationTest, NullMeansAbsentForEveryField) {
  // Every one of the 71 fields sent as null equals the empty document.
  json all_null = json::object();
  const auto& cases = LoadVignettes().cases;
  ASSERT_FALSE(cases.empty());
  for (auto it = cases.front().input.begin(); it != cases.front().input.end(); ++it) {
    all_null[it.key()] = nullptr;
  }
  EXPECT_EQ(all_null.size(), 71u);
  EXPECT_EQ(Evaluate(all_null), Evaluate(json::object()));
  const PhtInput in = InputFromJson(json{{"visit_number", nullptr}});
  ASSERT_TRUE(in.visit_number.has_value());
  EXPECT_EQ(*in.visit_number, 1.0);
}

// ---------------------------------------------------------------------------
// Threshold boundaries (values from G4; each one below, at and above).

TEST(ThresholdTest, SetKnownAndUnknownKeys) {
  Thresholds t;
  EXPECT_TRUE(t.Set("avulsion_late_days", 90));
  EXPECT_EQ(t.avulsion_late_days, 90);
  EXPECT_TRUE(t.Set("lumbar_cap_phase_ls2_ls3", 3));
  EXPECT_EQ(t.lumbar_cap_phase_ls2_ls3, 3);
  EXPECT_FALSE(t.Set("avulsion_acute_window_days", 42));  // retired v1 key
  EXPECT_FALSE(t.Set("", 1));
  const Thresholds defaults;
  EXPECT_EQ(defaults.avulsion_signs_reliable_after_days, 7);
  EXPECT_EQ(defaults.min_weeks_per_phase_with_modifier, 3);
  EXPECT_EQ(defaults.ex3_lsi_min, 90);
}

// RF2(c): sudden onset with a pop and all three signs "no" is reassuring only
// from day 7 (avulsion_signs_reliable_after_days).
json SuddenPopAllSignsNo(int days) {
  json j = Base();
  j["onset"] = "sudden_traumatic";
  j["felt_pop_at_onset"] = "yes";
  j["days_since_injury"] = days;
  return j;
}

TEST(ThresholdTest, AvulsionSignsReliableAfterDays) {
  json out = Evaluate(SuddenPopAllSignsNo(6));
  EXPECT_EQ(out["pathway"], "refer_first");
  EXPECT_EQ(out["red_flag_level"], "urgent");
  EXPECT_THAT(Strings(out["trace"]), ElementsAre("RF2a", "CF0"));
  for (int days : {7, 8}) {
    out = Evaluate(SuddenPopAllSignsNo(days));
    EXPECT_EQ(out["pathway"], "tendon_rehab") << days;
    // Not an avulsion, but the sudden-onset cap (< 42 days) applies.
    EXPECT_EQ(out["diagnosis_likelihood"], "possible") << days;
    EXPECT_EQ(out["phase"], 1) << days;
    EXPECT_EQ(out["phase_status"], "provisional") << days;
    EXPECT_THAT(Strings(out["trace"]),
                ElementsAre("LS6", "DX1", "DX5b", "ST4", "PW1", "PH2", "PH4", "CF2"))
        << days;
  }
  // The same key moved by configuration.
  Thresholds t;
  ASSERT_TRUE(t.Set("avulsion_signs_reliable_after_days", 10));
  EXPECT_EQ(Evaluate(SuddenPopAllSignsNo(8), t)["pathway"], "refer_first");
}

TEST(ThresholdTest, AvulsionLateDays) {
  for (int days : {179, 180, 181}) {
    json in = Base();
    in["palpable_gap"] = "yes";
    in["days_since_injury"] = days;
    const json out = Evaluate(in);
    EXPECT_EQ(out["pathway"], "refer_first") << days;
    ASSERT_EQ(out["referrals"].size(), 1u) << days;
    if (days <= 180) {
      EXPECT_EQ(out["red_flag_level"], "urgent") << days;
      EXPECT_EQ(out["referrals"][0]["timeframe"], "urgent_within_1_week") << days;
      EXPECT_THAT(Strings(out["trace"]), ElementsAre("RF2a", "CF0")) << days;
    } else {
      EXPECT_EQ(out["red_flag_level"], "soon") << days;
      EXPECT_EQ(out["referrals"][0]["reason"], "suspected_chronic_proximal_hamstring_avulsion");
      EXPECT_EQ(out["referrals"][0]["timeframe"], "soon_within_2_to_4_weeks") << days;
      EXPECT_THAT(Strings(out["trace"]), ElementsAre("RF2b", "CF0")) << days;
    }
  }
}

TEST(ThresholdTest, YoungApophysisAgeForRf2c) {
  for (int age : {24, 25, 26}) {
    json in = Base();
    in["palpable_gap"] = "yes";
    in["age_years"] = age;
    const json out = Evaluate(in);
    if (age <= 25) {
      EXPECT_THAT(Strings(out["notes"]),
                  ElementsAre("consider_ischial_apophyseal_avulsion_plain_xray"));
      EXPECT_THAT(Strings(out["trace"]), ElementsAre("RF2a", "RF2c", "CF0"));
    } else {
      EXPECT_THAT(Strings(out["notes"]), IsEmpty());
      EXPECT_THAT(Strings(out["trace"]), ElementsAre("RF2a", "CF0"));
    }
  }
}

TEST(ThresholdTest, SuddenOnsetPhase1CapDays) {
  for (int days : {41, 42, 43}) {
    json in = Base();
    in["onset"] = "sudden_traumatic";  // pop and mechanism "no": no RF2
    in["days_since_injury"] = days;
    const json out = Evaluate(in);
    EXPECT_EQ(out["pathway"], "tendon_rehab") << days;
    EXPECT_THAT(Strings(out["differential_flags"]),
                ElementsAre("acute_onset_consider_tear_imaging_if_not_improving"));
    if (days < 42) {
      EXPECT_EQ(out["phase"], 1) << days;
      EXPECT_EQ(out["phase_status"], "provisional") << days;
      EXPECT_EQ(Strings(out["trace"]).back(), "CF2");
      EXPECT_THAT(Strings(out["trace"]), ::testing::Contains("PH4"));
    } else {
      EXPECT_EQ(out["phase"], 2) << days;
      EXPECT_EQ(out["phase_status"], "definitive") << days;
      EXPECT_THAT(Strings(out["trace"]),
                  ElementsAre("LS6", "DX1", "DX5b", "ST4", "PW1", "PH2", "CF2"));
    }
  }
}

TEST(ThresholdTest, AdolescentApophysisAge) {
  for (int age : {17, 18, 19}) {
    json in = Base();
    in["age_years"] = age;
    const json out = Evaluate(in);
    if (age <= 18) {
      EXPECT_THAT(Strings(out["differential_flags"]),
                  ElementsAre("ischial_apophyseal_injury_possible"));
      EXPECT_EQ(out["confidence"], "moderate");
    } else {
      EXPECT_THAT(Strings(out["differential_flags"]), IsEmpty());
      EXPECT_EQ(out["confidence"], "high");
    }
  }
}

TEST(ThresholdTest, DiagnosticSittingCriterion) {
  // Arabesque negative leaves two positive core criteria; a sitting tolerance
  // below 30 min supplies the third (DX1), 30 and above does not (DX4).
  for (int minutes : {29, 30, 31}) {
    json in = Base();
    in["arabesque_test"] = "negative";
    in["sitting_tolerance_min"] = minutes;
    EXPECT_EQ(Evaluate(in)["diagnosis_likelihood"], minutes < 30 ? "likely" : "possible") << minutes;
  }
}

TEST(ThresholdTest, DiagnosticBridgePositive) {
  // Bridge status is positive from 2/10 on the larger known lever.
  for (int nrs : {1, 2, 3}) {
    json in = Base();
    in["slb_short_lever_nrs"] = nullptr;
    in["slb_long_lever_nrs"] = nrs;
    EXPECT_EQ(Evaluate(in)["diagnosis_likelihood"], nrs >= 2 ? "likely" : "possible") << nrs;
  }
}

TEST(ThresholdTest, StagePainReactiveMin) {
  // Five settled core signs; worst pain 7 adds one reactive point, which keeps
  // the stage settled but lowers its confidence (high needs R = 0).
  for (int nrs : {6, 7, 8}) {
    json in = Base();
    in["pain_worst_24h_nrs"] = nrs;
    const json out = Evaluate(in);
    EXPECT_EQ(out["stage"], "settled") << nrs;
    EXPECT_EQ(out["stage_confidence"], nrs >= 7 ? "moderate" : "high") << nrs;
  }
}

TEST(ThresholdTest, StageSittingBands) {
  // Only sitting tolerance and load spike are informative here: other domains
  // are unknown, worst pain is neutral (5).
  auto stage_of = [](int minutes) {
    json in = Base();
    for (const char* k : {"rest_or_night_pain", "pain_with_daily_activities",
                          "latent_flare_over_24h", "warm_up_effect"}) {
      in[k] = "unknown";
    }
    in["pain_worst_24h_nrs"] = 5;
    in["recent_load_spike"] = "yes";
    in["sitting_tolerance_min"] = minutes;
    in["rest_or_night_pain"] = "yes";  // third known core domain, reactive
    return Evaluate(in);
  };
  // R: load spike + rest pain = 2 -> reactive; sitting < 20 adds a third point.
  EXPECT_EQ(stage_of(19)["stage_confidence"], "high");
  EXPECT_EQ(stage_of(20)["stage_confidence"], "moderate");
  EXPECT_EQ(stage_of(59)["stage"], "reactive");
  // Sitting >= 60 is one settled point: R = 2, S = 1 -> still reactive.
  EXPECT_EQ(stage_of(60)["stage"], "reactive");
  EXPECT_EQ(stage_of(60)["stage_confidence"], "moderate");
}

TEST(ThresholdTest, ChronicityBoundaries) {
  const std::vector<std::pair<double, const char*>> cases = {
      {5.9, "acute_lt_6wk"},        {6, "subacute_6_to_12wk"},
      {11.5, "subacute_6_to_12wk"}, {11.99, "subacute_6_to_12wk"},
      {12, "persistent_ge_12wk"},   {12.1, "persistent_ge_12wk"}};
  for (const auto& [weeks, want] : cases) {
    json in = Base();
    in["symptom_duration_weeks"] = weeks;
    EXPECT_EQ(Evaluate(in)["chronicity"], want) << weeks;
  }
}

TEST(ThresholdTest, FailedRehabReferralWeeks) {
  for (double weeks : {11.9, 12.0, 12.5}) {
    json in = Base();
    in["prior_failed_loading_rehab_weeks"] = weeks;
    const json out = Evaluate(in);
    if (weeks >= 12) {
      ASSERT_EQ(out["referrals"].size(), 1u) << weeks;
      EXPECT_EQ(out["referrals"][0]["to"], "sport_and_exercise_medicine_physician");
      EXPECT_THAT(Strings(out["trace"]), ::testing::Contains("MOD5"));
    } else {
      EXPECT_TRUE(out["referrals"].empty()) << weeks;
    }
  }
}

TEST(ThresholdTest, MetabolicBmiAndTokenOrder) {
  json in = Base();
  in["bmi"] = 29.9;
  EXPECT_THAT(Strings(Evaluate(in)["modifiers"]), IsEmpty());
  in["bmi"] = 30;
  json out = Evaluate(in);
  EXPECT_THAT(Strings(out["modifiers"]), ElementsAre("slow_progression:bmi_ge_30"));
  EXPECT_EQ(out["min_weeks_per_phase"], 3);
  EXPECT_EQ(Strings(out["advice"]).back(), "adv_metabolic_health_review");
  in["menopausal_status"] = "post";
  in["diabetes"] = "yes";
  EXPECT_THAT(Strings(Evaluate(in)["modifiers"]),
              ElementsAre("slow_progression:diabetes,bmi_ge_30,peri_or_post_menopause"));
}

TEST(ThresholdTest, FastTrackLongBridgeAndLsi) {
  // PH3 needs long bridge <= 2 and LSI >= 80 (arabesque negative, so DX4).
  auto phase_of = [](int long_bridge, double lsi) {
    json in = Base();
    in["arabesque_test"] = "negative";
    in["slb_long_lever_nrs"] = long_bridge;
    in["strength_lsi_pct"] = lsi;
    return Evaluate(in)["phase"];
  };
  EXPECT_EQ(phase_of(2, 80), 3);
  EXPECT_EQ(phase_of(1, 80), 3);
  EXPECT_EQ(phase_of(3, 80), 2);
  EXPECT_EQ(phase_of(2, 79.9), 2);
  EXPECT_EQ(phase_of(2, 80.1), 3);
}

TEST(ThresholdTest, FollowUpExercisePain) {
  // <= 3 progresses, 4-5 holds, >= 6 regresses (PR2).
  const std::vector<std::tuple<int, int, const char*, const char*>> cases = {
      {2, 3, "progress", "PR3"}, {3, 3, "progress", "PR3"}, {4, 2, "hold", "PR4"},
      {5, 2, "hold", "PR4"},     {6, 1, "regress", "PR2"},  {7, 1, "regress", "PR2"}};
  for (const auto& [nrs, phase, action, rule] : cases) {
    json in = FollowUp();
    in["exercise_pain_nrs"] = nrs;
    const json out = Evaluate(in);
    EXPECT_EQ(out["phase"], phase) << nrs;
    EXPECT_EQ(out["phase_action"], action) << nrs;
    EXPECT_THAT(Strings(out["trace"]), ::testing::Contains(rule)) << nrs;
  }
}

TEST(ThresholdTest, MinWeeksPerPhase) {
  for (double weeks : {1.9, 2.0, 2.1}) {
    json in = FollowUp();
    in["weeks_in_phase"] = weeks;
    EXPECT_EQ(Evaluate(in)["phase_action"], weeks >= 2 ? "progress" : "hold") << weeks;
  }
  // With a metabolic modifier the minimum is 3 weeks.
  for (double weeks : {2.0, 2.9, 3.0}) {
    json in = FollowUp();
    in["hypercholesterolaemia"] = "yes";
    in["weeks_in_phase"] = weeks;
    const json out = Evaluate(in);
    EXPECT_EQ(out["min_weeks_per_phase"], 3);
    EXPECT_EQ(out["phase_action"], weeks >= 3 ? "progress" : "hold") << weeks;
  }
}

TEST(ThresholdTest, Ex2LsiAndLongBridge) {
  for (double lsi : {79.0, 80.0, 81.0}) {
    json in = FollowUp();
    in["strength_lsi_pct"] = lsi;
    EXPECT_EQ(Evaluate(in)["phase"], lsi >= 80 ? 3 : 2) << lsi;
  }
  for (int nrs : {2, 3, 4}) {
    json in = FollowUp();
    in["slb_long_lever_nrs"] = nrs;
    EXPECT_EQ(Evaluate(in)["phase"], nrs <= 3 ? 3 : 2) << nrs;
  }
}

TEST(ThresholdTest, LumbarCapAtFollowUp) {
  // LS2 at a follow-up caps at Phase 2: progress 2 -> 3 becomes hold at 2.
  json in = FollowUp();
  in["low_back_pain"] = "yes";
  in["slump_test"] = "positive";
  json out = Evaluate(in);
  EXPECT_EQ(out["pathway"], "lumbar_first");
  EXPECT_EQ(out["phase"], 2);
  EXPECT_EQ(out["phase_action"], "hold");
  EXPECT_EQ(out["phase_status"], "provisional");
  EXPECT_THAT(Strings(out["trace"]), ElementsAre("LS2", "DX0", "ST4", "PW2", "PR3", "PH4", "CF2"));
  // A configured cap of 3 lets the progression through.
  Thresholds t;
  ASSERT_TRUE(t.Set("lumbar_cap_phase_ls2_ls3", 3));
  out = Evaluate(in, t);
  EXPECT_EQ(out["phase"], 3);
  EXPECT_EQ(out["phase_action"], "progress");
}

// ---------------------------------------------------------------------------
// Missing data: unknown is never "no".

TEST(MissingDataTest, EmptyDocumentWithholdsThePlan) {
  const json out = Evaluate(json::object());
  EXPECT_EQ(out["red_flag_level"], "none");
  EXPECT_EQ(out["red_flag_screen_complete"], false);
  EXPECT_EQ(out["pathway"], "complete_screen_first");
  EXPECT_EQ(out["lumbar_screen"], "not_screened");
  EXPECT_EQ(out["diagnosis_likelihood"], "indeterminate");
  EXPECT_EQ(out["stage"], "indeterminate");
  EXPECT_EQ(out["stage_basis"], "insufficient_data");
  EXPECT_EQ(out["chronicity"], "unknown");
  EXPECT_TRUE(out["phase"].is_null());
  EXPECT_TRUE(out["min_weeks_per_phase"].is_null());
  EXPECT_TRUE(out["exercises"].empty());
  EXPECT_THAT(Strings(out["notes"]), ElementsAre("complete_red_flag_screen_before_loading"));
  EXPECT_EQ(out["confidence"], "low");
  EXPECT_THAT(Strings(out["trace"]), ElementsAre("RF5", "LS5", "DX3", "ST1", "PW4", "CF1"));
  EXPECT_THAT(Strings(out["missing_data"]),
              ElementsAre("arabesque_test", "bilateral_leg_neuro_symptoms", "fever_or_unwell",
                          "history_of_cancer", "immunosuppressed", "latent_flare_over_24h",
                          "leg_paraesthesia", "low_back_pain", "marked_hamstring_weakness",
                          "modified_bent_knee_stretch_test|bent_knee_stretch_test|puranen_orava_test",
                          "new_bladder_bowel_dysfunction", "new_sexual_dysfunction",
                          "night_pain_unrelated_to_load", "onset", "pain_below_knee",
                          "pain_localised_ischial", "pain_with_daily_activities",
                          "pain_worst_24h_nrs", "palpable_gap", "posterior_thigh_bruising",
                          "progressive_neuro_deficit", "recent_load_spike", "rest_or_night_pain",
                          "saddle_anaesthesia", "sitting_tolerance_min",
                          "slb_short_lever_nrs|slb_long_lever_nrs", "slump_test",
                          "straight_leg_raise_test", "symptom_duration_weeks",
                          "unexplained_weight_loss", "warm_up_effect"));
}

TEST(MissingDataTest, UnknownRestPainDoesNotMeetEx1) {
  json in = Base();
  in["rest_or_night_pain"] = "unknown";
  const json out = Evaluate(in);
  EXPECT_EQ(out["phase"], 1);  // PH2 needs rest_or_night_pain = no
  EXPECT_THAT(Strings(out["trace"]), ElementsAre("LS6", "DX1", "ST4", "PW1", "PH1", "CF3"));
  EXPECT_THAT(Strings(out["missing_data"]), ElementsAre("rest_or_night_pain"));
}

TEST(MissingDataTest, UnknownLatentFlareBlocksPhase2Start) {
  json in = Base();
  in["latent_flare_over_24h"] = "unknown";
  const json out = Evaluate(in);
  EXPECT_EQ(out["stage"], "settled");
  EXPECT_EQ(out["phase"], 1);
  EXPECT_THAT(Strings(out["missing_data"]), ElementsAre("latent_flare_over_24h"));
}

TEST(MissingDataTest, CaudaEquinaItemsExemptOnlyWhenAllThreeAreNo) {
  json in = Base();
  for (const char* k : {"saddle_anaesthesia", "new_bladder_bowel_dysfunction",
                        "bilateral_leg_neuro_symptoms", "progressive_neuro_deficit",
                        "new_sexual_dysfunction"}) {
    in.erase(k);
  }
  // Back pain, leg pain and paraesthesia all "no": the CES items are not needed.
  json out = Evaluate(in);
  EXPECT_EQ(out["red_flag_screen_complete"], true);
  EXPECT_EQ(out["pathway"], "tendon_rehab");
  EXPECT_THAT(Strings(out["missing_data"]), IsEmpty());
  // Back pain unknown is not "no": the CES items are required and missing.
  in["low_back_pain"] = "unknown";
  out = Evaluate(in);
  EXPECT_EQ(out["red_flag_screen_complete"], false);
  EXPECT_EQ(out["pathway"], "complete_screen_first");
  EXPECT_EQ(out["lumbar_screen"], "incomplete");
  EXPECT_TRUE(out["phase"].is_null());
  EXPECT_THAT(Strings(out["missing_data"]),
              ElementsAre("bilateral_leg_neuro_symptoms", "low_back_pain",
                          "new_bladder_bowel_dysfunction", "new_sexual_dysfunction",
                          "progressive_neuro_deficit", "saddle_anaesthesia"));
  EXPECT_THAT(Strings(out["trace"]), ElementsAre("RF5", "LS7", "DX1", "ST4", "PW4", "CF2"));
}

TEST(MissingDataTest, UngradedMotorDeficitIsTreatedAsMajor) {
  json in = Base();
  in["neuro_deficit"] = "yes";
  in["major_motor_deficit"] = "unknown";
  const json out = Evaluate(in);
  EXPECT_EQ(out["lumbar_screen"], "radiculopathy_with_deficit");
  EXPECT_EQ(out["red_flag_level"], "urgent");
  ASSERT_EQ(out["referrals"].size(), 1u);
  EXPECT_EQ(out["referrals"][0]["timeframe"], "urgent_within_1_week");
  EXPECT_THAT(Strings(out["missing_data"]), ElementsAre("major_motor_deficit"));
  EXPECT_EQ(out["phase"], 1);
  EXPECT_THAT(Strings(out["exercises"]),
              UnorderedElementsAre("ex_general_strength_non_provocative", "ex_iso_bridge_double"));
}

TEST(MissingDataTest, FollowUpNeverProgressesOnMissingMonitoring) {
  for (const char* k : {"exercise_pain_nrs", "weeks_in_phase", "response_24h", "weekly_trend"}) {
    json in = FollowUp();
    in[k] = nullptr;
    const json out = Evaluate(in);
    EXPECT_EQ(out["phase"], 2) << k;
    EXPECT_EQ(out["phase_action"], "hold") << k;
    EXPECT_THAT(Strings(out["missing_data"]), ElementsAre(k));
  }
  // Unknown exit-criterion inputs are listed too (EX2 for Phase 2).
  json in = FollowUp();
  in["strength_lsi_pct"] = nullptr;
  in["rest_or_night_pain"] = "unknown";
  const json out = Evaluate(in);
  EXPECT_EQ(out["phase_action"], "hold");
  EXPECT_THAT(Strings(out["missing_data"]), ElementsAre("rest_or_night_pain", "strength_lsi_pct"));
}

TEST(MissingDataTest, UnknownPreviousDiagnosisIsRescored) {
  json in = FollowUp();
  in["previous_diagnosis_likelihood"] = nullptr;
  const json out = Evaluate(in);
  EXPECT_EQ(out["diagnosis_likelihood"], "likely");
  EXPECT_THAT(Strings(out["missing_data"]), ElementsAre("previous_diagnosis_likelihood"));
  EXPECT_THAT(Strings(out["trace"]), ElementsAre("LS6", "DX1", "ST4", "PW1", "PR3", "CF3"));
}

}  // namespace
}  // namespace sitbone::reference
