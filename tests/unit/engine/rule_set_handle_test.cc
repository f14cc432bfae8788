// Tests for safe hot reload (src/engine/rule_set_handle.cc): a reload with
// errors never replaces the working rule set; evaluations finish on the rule
// set they started with; threads evaluating during 1,000 reloads (a third of
// them broken) always see a whole, valid rule set and get its exact result.
#include "sitbone/rule_set_handle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sitbone/sitbone.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

std::string Triage() { return std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/examples/tendon_triage"; }
std::string Broken() { return testing_support::DataPath("compiler/error-yaml-syntax.yaml"); }

LoadOptions PainMin(double value) {
  LoadOptions o;
  o.threshold_overrides = {{"reactive_pain_min", value}};
  return o;
}

constexpr const char* kAssessment = R"({"saddle_anaesthesia": "no", "fever": "no", "pain_nrs": 6, "night_pain": "no"})";

std::string Decide(const RuleSet& rules) {
  Result<Assessment> a = ParseAssessment(rules.schema(), kAssessment);
  if (!a) return "parse error";
  Result<Evaluation> ev = rules.Evaluate(*a);
  return ev ? RenderJson(rules, *ev) : "evaluation error";
}

TEST(RuleSetHandleTest, ServesTheInitialRuleSet) {
  CompileResult loaded = LoadRuleSet(Triage());
  ASSERT_TRUE(loaded.ok());
  RuleSetHandle handle(loaded.rule_set);
  EXPECT_EQ(handle.Get(), loaded.rule_set);
  EXPECT_EQ(handle.generation(), 1u);
}

TEST(RuleSetHandleTest, AReloadWithErrorsKeepsTheWorkingRuleSetAndReportsTheErrors) {
  RuleSetHandle handle(LoadRuleSet(Triage()).rule_set);
  const std::shared_ptr<const RuleSet> before = handle.Get();
  ReloadResult r = handle.Reload(Broken());
  EXPECT_FALSE(r.replaced);
  EXPECT_TRUE(r.diagnostics.HasErrors());
  EXPECT_THAT(r.diagnostics.Format(), ::testing::HasSubstr("E1001"));
  EXPECT_EQ(r.generation, 1u);
  EXPECT_EQ(handle.Get(), before);
}

TEST(RuleSetHandleTest, AGoodReloadReplacesTheRuleSetAndRunningEvaluationsKeepTheOldOne) {
  RuleSetHandle handle(LoadRuleSet(Triage()).rule_set);
  std::shared_ptr<const RuleSet> held = handle.Get();  // an evaluation in progress
  const std::string old_fingerprint = held->fingerprint();
  ReloadResult r = handle.Reload(Triage(), PainMin(5));
  ASSERT_TRUE(r.replaced) << r.diagnostics.Format();
  EXPECT_EQ(r.generation, 2u);
  EXPECT_NE(handle.Get()->fingerprint(), old_fingerprint);
  std::weak_ptr<const RuleSet> weak = held;
  EXPECT_EQ(held->fingerprint(), old_fingerprint);  // still whole and usable
  EXPECT_NE(Decide(*held), "evaluation error");
  held.reset();
  EXPECT_TRUE(weak.expired());  // freed once the last evaluation lets go
}

TEST(RuleSetHandleTest, AnEmptyHandleServesNothingUntilItsFirstGoodReload) {
  RuleSetHandle handle(nullptr);
  EXPECT_EQ(handle.Get(), nullptr);
  EXPECT_EQ(handle.generation(), 0u);
  EXPECT_FALSE(handle.Reload(Broken()).replaced);
  EXPECT_EQ(handle.Get(), nullptr);
  EXPECT_TRUE(handle.Reload(Triage()).replaced);
  ASSERT_NE(handle.Get(), nullptr);
  EXPECT_EQ(handle.generation(), 1u);
}

TEST(RuleSetHandleTest, ThreadsEvaluatingDuring1000ReloadsAlwaysSeeAWholeValidRuleSet) {
  // The expected result of each valid rule set, computed before any thread starts.
  std::map<std::string, std::string> expected;
  for (double v : {5.0, 7.0}) {
    CompileResult r = LoadRuleSet(Triage(), PainMin(v));
    ASSERT_TRUE(r.ok());
    expected[r.rule_set->fingerprint()] = Decide(*r.rule_set);
  }
  ASSERT_EQ(expected.size(), 2u);
  ASSERT_NE(expected.begin()->second, std::next(expected.begin())->second);  // the two really differ

  RuleSetHandle handle(LoadRuleSet(Triage(), PainMin(7)).rule_set);
  std::atomic<bool> done{false};
  std::atomic<long> evaluations{0}, wrong{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      while (!done.load()) {
        std::shared_ptr<const RuleSet> rules = handle.Get();
        auto it = expected.find(rules->fingerprint());
        if (it == expected.end() || Decide(*rules) != it->second) ++wrong;
        ++evaluations;
      }
    });
  }
  int replaced = 0, refused = 0;
  for (int i = 0; i < 1000; ++i) {
    ReloadResult r = i % 3 == 2 ? handle.Reload(Broken()) : handle.Reload(Triage(), PainMin(i % 3 == 0 ? 5 : 7));
    (r.replaced ? replaced : refused)++;
  }
  done = true;
  for (auto& w : workers) w.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(evaluations.load(), 0);
  EXPECT_EQ(replaced, 667);
  EXPECT_EQ(refused, 333);
  EXPECT_EQ(handle.generation(), 1u + 667u);
  EXPECT_EQ(expected.count(handle.Get()->fingerprint()), 1u);
}

}  // namespace
}  // namespace sitbone
