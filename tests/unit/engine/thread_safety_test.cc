// Thread-safety of evaluation (include/sitbone/rule_set.h promises that any
// number of threads may evaluate one RuleSet concurrently without locks):
// thousands of varied assessments evaluated single-threaded, then from 8
// threads sharing one std::shared_ptr<const RuleSet>, through RuleSet::Evaluate
// and through a Workspace per thread; every rendered JSON result must match.
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/render.h"
#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using testing_support::DataPath;
using testing_support::VariedAssessments;

constexpr std::size_t kAssessments = 3000;
constexpr int kThreads = 8;

std::shared_ptr<const RuleSet> Load(const std::string& path) {
  CompileResult result = LoadRuleSet(path);
  EXPECT_TRUE(result.ok()) << result.diagnostics.Format();
  return result.rule_set;
}

std::string ViaEvaluate(const RuleSet& rules, const Assessment& a) {
  Result<Evaluation> ev = rules.Evaluate(a);
  return ev ? RenderJson(rules, *ev) : "error: " + ev.error().ToString();
}

std::string ViaWorkspace(const RuleSet& rules, const Assessment& a, Workspace& ws) {
  Status s = rules.Evaluate(a, ws);
  return s.ok() ? RenderJson(rules, rules.Materialize(a, ws)) : "error: " + s.ToString();
}

void CheckConcurrentEvaluation(const std::string& path) {
  const std::shared_ptr<const RuleSet> rules = Load(path);
  ASSERT_NE(rules, nullptr);
  const std::vector<Assessment> assessments = VariedAssessments(*rules, kAssessments, 20261121);

  // Single-threaded reference results for both paths.
  std::vector<std::string> expected_full(kAssessments), expected_ws(kAssessments);
  {
    Workspace ws(*rules);
    for (std::size_t i = 0; i < kAssessments; ++i) {
      expected_full[i] = ViaEvaluate(*rules, assessments[i]);
      expected_ws[i] = ViaWorkspace(*rules, assessments[i], ws);
      ASSERT_EQ(expected_full[i].rfind("error", 0), std::string::npos) << expected_full[i];
    }
  }
  // The inputs really vary: many distinct results.
  EXPECT_GT(std::set<std::string>(expected_full.begin(), expected_full.end()).size(), kAssessments / 10);

  std::atomic<int> ready{0};
  std::atomic<std::size_t> mismatches{0};
  std::atomic<std::size_t> done{0};
  std::mutex first_mismatch_mutex;
  std::string first_mismatch;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t, shared = rules]() {  // each thread holds its own copy of the shared_ptr
      Workspace ws(*shared);
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      for (std::size_t k = 0; k < kAssessments; ++k) {
        // Each thread walks the assessments in its own order.
        const std::size_t i = (k * (2 * static_cast<std::size_t>(t) + 1) + static_cast<std::size_t>(t) * 389) % kAssessments;
        const std::string full = ViaEvaluate(*shared, assessments[i]);
        const std::string via_ws = ViaWorkspace(*shared, assessments[i], ws);
        if (full != expected_full[i] || via_ws != expected_ws[i]) {
          mismatches.fetch_add(1);
          std::lock_guard<std::mutex> lock(first_mismatch_mutex);
          if (first_mismatch.empty())
            first_mismatch = "thread " + std::to_string(t) + ", assessment " + std::to_string(i) + ":\n" +
                             (full != expected_full[i] ? full + "\nexpected\n" + expected_full[i]
                                                       : via_ws + "\nexpected\n" + expected_ws[i]);
        }
        done.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(done.load(), kAssessments * kThreads);
  EXPECT_EQ(mismatches.load(), 0u) << first_mismatch;
}

TEST(ThreadSafetyTest, EightThreadsSharingTheExampleRuleSetGetIdenticalResults) {
  CheckConcurrentEvaluation(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/examples/tendon_triage");
}

TEST(ThreadSafetyTest, EightThreadsSharingTheExpressionFixtureGetIdenticalResults) {
  CheckConcurrentEvaluation(DataPath("engine/expressions.yaml"));
}

TEST(ThreadSafetyTest, AWorkspaceIsReusableAcrossAssessmentsWithoutCarryOver) {
  const std::shared_ptr<const RuleSet> rules = Load(DataPath("engine/actions.yaml"));
  ASSERT_NE(rules, nullptr);
  const std::vector<Assessment> assessments = VariedAssessments(*rules, 200, 5);
  Workspace ws(*rules);
  for (std::size_t i = 0; i < assessments.size(); ++i) {
    Workspace fresh(*rules);
    EXPECT_EQ(ViaWorkspace(*rules, assessments[i], ws), ViaWorkspace(*rules, assessments[i], fresh)) << i;
  }
}

}  // namespace
}  // namespace sitbone
