// Differential test: the PHT rule set (rules/pht, run by the engine) against
// the hand-written reference implementation of section G
// (tests/reference/pht_reference.cc, no engine involved). Random assessments
// drawn from the input schema with a fixed seed - unknowns, range ends and
// values on both sides of every threshold included - must give the same value
// for every G3 output field.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "pht_generator.h"
#include "pht_reference.h"
#include "pht_reference_json.h"
#include "sitbone/sitbone.h"
#include "yaml-cpp/yaml.h"

namespace sitbone {
namespace {

using Json = nlohmann::json;
using testing_support::Generator;
using testing_support::ToAssessment;

constexpr const char* kListsAsSets[] = {"differential_flags", "modifiers", "exercises", "avoid", "advice", "notes"};

// The G3 fields of an engine result, in the reference's JSON shape.
Json EngineFields(const Evaluation& ev) {
  Json j = Json::object();
  for (const auto& [name, v] : ev.outputs) {
    switch (v.kind) {
      case OutputValue::Kind::kNull: j[name] = nullptr; break;
      case OutputValue::Kind::kBool: j[name] = v.boolean; break;
      case OutputValue::Kind::kInteger: j[name] = static_cast<long long>(v.number); break;
      case OutputValue::Kind::kNumber: j[name] = v.number; break;
      case OutputValue::Kind::kSymbol: j[name] = v.symbol; break;
      case OutputValue::Kind::kList: {
        Json list = Json::array();
        for (const auto& item : v.items) {
          if (item.fields.empty()) {
            list.push_back(item.id);
          } else {
            Json o = Json::object();
            for (const auto& [k, f] : item.fields) o[k] = f;
            list.push_back(o);
          }
        }
        j[name] = list;
      }
    }
  }
  j["missing_data"] = ev.missing_data;
  j["trace"] = ev.trace;
  return j;
}

Json Normalise(Json j) {
  for (const char* key : kListsAsSets)
    if (j.contains(key) && j[key].is_array()) std::sort(j[key].begin(), j[key].end());
  return j;
}

struct Agreement {
  long compared = 0;
  long disagreements = 0;
  std::set<std::string> rules_fired;
};

void Compare(const RuleSet& rules, const reference::Thresholds& thresholds, unsigned seed, long count,
             Agreement* agreement) {
  Generator gen(rules, seed);
  Workspace workspace(rules);
  EvaluateOptions no_explain;
  no_explain.explain = false;
  for (long i = 0; i < count; ++i) {
    Json doc = gen.Next();
    Assessment a = ToAssessment(rules, doc);
    ASSERT_TRUE(rules.Evaluate(a, workspace).ok());
    Json engine = Normalise(EngineFields(rules.Materialize(a, workspace, no_explain)));
    Json ref = Normalise(Json::parse(reference::OutputToJson(reference::EvaluatePht(reference::InputFromJson(doc), thresholds)).dump()));
    ++agreement->compared;
    for (const auto& id : engine["trace"]) agreement->rules_fired.insert(id.get<std::string>());
    if (engine != ref) {
      ++agreement->disagreements;
      if (agreement->disagreements <= 5) {
        std::string diff;
        for (auto it = ref.begin(); it != ref.end(); ++it)
          if (engine[it.key()] != it.value())
            diff += "  " + it.key() + ": reference " + it.value().dump() + ", rule set " + engine[it.key()].dump() + "\n";
        ADD_FAILURE() << "seed " << seed << " record " << i << " disagrees:\n" << diff << "input: " << doc.dump();
      }
    }
  }
}

std::shared_ptr<const RuleSet> LoadPht(const LoadOptions& options = {}) {
  CompileResult r = LoadRuleSet(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/pht", options);
  EXPECT_TRUE(r.ok()) << r.diagnostics.Format();
  return r.rule_set;
}

TEST(PhtAgreementTest, RuleSetMatchesReferenceOnRandomAssessments) {
  auto rules = LoadPht();
  ASSERT_TRUE(rules);
  Agreement agreement;
  Compare(*rules, reference::Thresholds{}, 20261121u, 120000, &agreement);
  EXPECT_EQ(agreement.disagreements, 0) << "of " << agreement.compared;
  // The draw must exercise the whole model, or agreement proves little.
  for (const auto& rule : rules->rules())
    EXPECT_TRUE(agreement.rules_fired.count(rule.id)) << rule.id << " never fired in the random draw";
}

TEST(PhtAgreementTest, RuleSetMatchesReferenceWithThresholdOverrides) {
  // Each override set moves several G4 values; both sides get the same values.
  const std::vector<std::vector<std::pair<std::string, double>>> override_sets = {
      {{"stage_pain_reactive_min", 6}, {"stage_sitting_settled_min", 45}, {"dx_min_positive_core", 2}},
      {{"avulsion_late_days", 90}, {"sudden_onset_phase1_cap_days", 28}, {"young_apophysis_age_max", 21}},
      {{"progress_max_exercise_nrs", 4}, {"regress_min_exercise_nrs", 5}, {"ex2_lsi_min", 85}, {"ex3_lsi_min", 95}},
      {{"min_weeks_per_phase", 3}, {"min_weeks_per_phase_with_modifier", 4}, {"lumbar_cap_phase_ls2_ls3", 1},
       {"ls3_neural_signs_min", 1}, {"metabolic_bmi_min", 27}},
      {{"ls3_neural_signs_min", 3}, {"ls2_neural_signs_min", 2}, {"dx_bridge_positive_nrs", 3}},
  };
  unsigned seed = 7;
  for (const auto& overrides : override_sets) {
    LoadOptions options;
    options.threshold_overrides = overrides;
    auto rules = LoadPht(options);
    ASSERT_TRUE(rules);
    reference::Thresholds thresholds;
    for (const auto& [k, v] : overrides) ASSERT_TRUE(thresholds.Set(k, v)) << k;
    Agreement agreement;
    Compare(*rules, thresholds, seed++, 10000, &agreement);
    EXPECT_EQ(agreement.disagreements, 0) << "with " << overrides.size() << " overrides";
  }
}

TEST(PhtAgreementTest, ExampleAssessmentsMatchReference) {
  // The examples that `make demo` shows, and whose expected results are
  // checked in examples/assessments/expected.yaml, are confirmed here by the
  // independent implementation.
  auto rules = LoadPht();
  ASSERT_TRUE(rules);
  int compared = 0;
  for (const char* name : {"01_reactive_runner", "02_settled_runner_warm_up", "03_desk_worker_back_pain_tingling",
                           "04_suspected_avulsion", "05_cauda_equina", "06_follow_up_progresses",
                           "07_follow_up_flare_regresses", "08_mostly_missing"}) {
    std::string path = std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/../examples/assessments/" + name + ".json";
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    Json doc = Json::parse(in);
    Assessment a = ToAssessment(*rules, doc);
    Result<Evaluation> ev = rules->Evaluate(a);
    ASSERT_TRUE(ev.has_value());
    Json engine = Normalise(EngineFields(*ev));
    Json ref = Normalise(Json::parse(reference::OutputToJson(reference::EvaluatePht(reference::InputFromJson(doc))).dump()));
    EXPECT_EQ(engine, ref) << name;
    ++compared;
  }
  EXPECT_EQ(compared, 8);
}

}  // namespace
}  // namespace sitbone
