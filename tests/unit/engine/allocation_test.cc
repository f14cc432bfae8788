// The allocation-free evaluation path: RuleSet::Evaluate(assessment, workspace)
// must not allocate once the workspace exists (include/sitbone/evaluation.h).
//
// This file replaces the global operator new / delete for the whole test
// binary with versions that count allocations in a thread-local counter.
// Counting is off unless a test turns it on (CountAllocations), so other tests
// are unaffected apart from going through malloc.
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace {

thread_local bool t_counting = false;
thread_local std::size_t t_allocations = 0;

void* Allocate(std::size_t size) {
  if (t_counting) ++t_allocations;
  return std::malloc(size == 0 ? 1 : size);
}

void* AllocateAligned(std::size_t size, std::align_val_t alignment) {
  if (t_counting) ++t_allocations;
  const std::size_t a = static_cast<std::size_t>(alignment);
  const std::size_t rounded = ((size == 0 ? 1 : size) + a - 1) / a * a;
  return std::aligned_alloc(a, rounded);
}

// Not inlined, so that GCC does not pair the builtin operator new with free()
// at inlined call sites (a -Wmismatched-new-delete false positive).
[[gnu::noinline]] void Release(void* p) noexcept { std::free(p); }

}  // namespace

void* operator new(std::size_t size) {
  if (void* p = Allocate(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = Allocate(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return Allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return Allocate(size); }
void* operator new(std::size_t size, std::align_val_t alignment) {
  if (void* p = AllocateAligned(size, alignment)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  if (void* p = AllocateAligned(size, alignment)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return AllocateAligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return AllocateAligned(size, alignment);
}
void operator delete(void* p) noexcept { Release(p); }
void operator delete[](void* p) noexcept { Release(p); }
void operator delete(void* p, std::size_t) noexcept { Release(p); }
void operator delete[](void* p, std::size_t) noexcept { Release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { Release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { Release(p); }
void operator delete(void* p, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { Release(p); }

namespace sitbone {
namespace {

using testing_support::DataPath;
using testing_support::VariedAssessments;

// Counts the allocations `body` makes on this thread.
template <typename F>
std::size_t CountAllocations(F&& body) {
  t_allocations = 0;
  t_counting = true;
  body();
  t_counting = false;
  return t_allocations;
}

TEST(AllocationTest, TheCounterSeesAllocations) {
  const std::size_t n = CountAllocations([] {
    auto p = std::make_unique<int>(1);
    std::string s(200, 'x');
    std::vector<double> v(10);
    auto aligned = std::make_unique<std::aligned_storage_t<64, 64>>();
    (void)p;
    (void)aligned;
  });
  EXPECT_EQ(n, 4u);
}

TEST(AllocationTest, TheCounterOnlyCountsTheCurrentThread) {
  const std::size_t n = CountAllocations([] {
    std::thread other([] {
      std::vector<int> v(100);
      (void)v;
    });
    other.join();
  });
  // Starting a thread may allocate on this thread; the other thread's vector is not counted.
  const std::size_t baseline = CountAllocations([] {
    std::thread other([] {});
    other.join();
  });
  EXPECT_EQ(n, baseline);
}

std::shared_ptr<const RuleSet> Load(const std::string& path) {
  CompileResult result = LoadRuleSet(path);
  EXPECT_TRUE(result.ok()) << result.diagnostics.Format();
  return result.rule_set;
}

class WorkspaceAllocationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WorkspaceAllocationTest, EvaluatingIntoAWarmWorkspaceAllocatesNothing) {
  const std::shared_ptr<const RuleSet> rules = Load(GetParam());
  ASSERT_NE(rules, nullptr);
  const std::vector<Assessment> assessments = VariedAssessments(*rules, 2000, 42);
  Workspace ws(*rules);
  ASSERT_TRUE(rules->Evaluate(assessments[0], ws).ok());  // warm-up

  std::size_t failures = 0;
  const std::size_t allocations = CountAllocations([&] {
    for (int round = 0; round < 3; ++round)
      for (const Assessment& a : assessments)
        if (!rules->Evaluate(a, ws).ok()) ++failures;
  });
  EXPECT_EQ(failures, 0u);
  EXPECT_EQ(allocations, 0u) << "allocations in " << 3 * assessments.size() << " evaluations";

  // The workspace still holds correct results afterwards.
  const Assessment& last = assessments.back();
  EvaluateOptions options;
  options.explain = false;
  const Evaluation via_ws = rules->Materialize(last, ws, options);
  Result<Evaluation> direct = rules->Evaluate(last, options);
  ASSERT_TRUE(direct.has_value());
  EXPECT_EQ(via_ws.trace, direct->trace);
  EXPECT_EQ(via_ws.missing_data, direct->missing_data);
}

TEST_P(WorkspaceAllocationTest, TheAllocatingPathIsMeasuredToAllocate) {
  const std::shared_ptr<const RuleSet> rules = Load(GetParam());
  ASSERT_NE(rules, nullptr);
  const std::vector<Assessment> assessments = VariedAssessments(*rules, 1, 3);
  const std::size_t allocations = CountAllocations([&] {
    Result<Evaluation> ev = rules->Evaluate(assessments[0]);
    (void)ev;
  });
  EXPECT_GT(allocations, 0u);
}

INSTANTIATE_TEST_SUITE_P(RuleSets, WorkspaceAllocationTest,
                         ::testing::Values(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/examples/tendon_triage",
                                           DataPath("engine/expressions.yaml"), DataPath("engine/actions.yaml"),
                                           DataPath("engine/blocked.yaml"), DataPath("engine/stop.yaml"),
                                           DataPath("engine/missing.yaml"), DataPath("engine/hit_policies.yaml")));

}  // namespace
}  // namespace sitbone
