// Tests for the three-valued evaluator (src/engine/evaluator.cc) and the
// materialised Evaluation (src/engine/rule_set.cc): Kleene logic, comparisons,
// arithmetic and every function of the expression language, hit policies,
// blocked rules, stop / final steps, missing data, actions and the trace.
// Fixtures: tests/data/engine/*.yaml.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing_support::DataPath;
using testing_support::LoadClean;
using testing_support::MustEvaluate;
using testing_support::MustParse;
using testing_support::Out;

// Each fixture is compiled once per test binary. A fixture that does not
// compile is a broken test setup: LoadClean has printed its diagnostics.
const RuleSet& Fixture(const std::string& name) {
  static std::map<std::string, std::shared_ptr<const RuleSet>> cache;
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, LoadClean(DataPath("engine/" + name + ".yaml"))).first;
  if (!it->second) {
    std::fprintf(stderr, "fixture tests/data/engine/%s.yaml did not compile\n", name.c_str());
    std::abort();
  }
  return *it->second;
}

const RuleSet& Expressions() { return Fixture("expressions"); }

// Evaluates `json` against the expressions fixture and returns one output.
std::string Expr(const std::string& output, const std::string& json) {
  return Out(MustEvaluate(Expressions(), json), output);
}

std::string TriJson(const std::string& a, const std::string& b) {
  return R"({"a": ")" + a + R"(", "b": ")" + b + R"("})";
}

// ---- Kleene logic: the complete truth tables ----

struct TruthRow {
  std::string a, b;    // yes / no / unknown
  std::string expect;  // true / false / null
};
void PrintTo(const TruthRow& r, std::ostream* os) { *os << "a=" << r.a << " b=" << r.b << " -> " << r.expect; }

class AndTruthTableTest : public ::testing::TestWithParam<TruthRow> {};
TEST_P(AndTruthTableTest, FollowsKleeneConjunction) {
  const TruthRow& r = GetParam();
  EXPECT_EQ(Expr("and_ab", TriJson(r.a, r.b)), r.expect) << "a=" << r.a << " b=" << r.b;
}
INSTANTIATE_TEST_SUITE_P(AllNineCases, AndTruthTableTest,
                         ::testing::Values(TruthRow{"yes", "yes", "true"}, TruthRow{"yes", "no", "false"},
                                           TruthRow{"yes", "unknown", "null"}, TruthRow{"no", "yes", "false"},
                                           TruthRow{"no", "no", "false"}, TruthRow{"no", "unknown", "false"},
                                           TruthRow{"unknown", "yes", "null"}, TruthRow{"unknown", "no", "false"},
                                           TruthRow{"unknown", "unknown", "null"}));

class OrTruthTableTest : public ::testing::TestWithParam<TruthRow> {};
TEST_P(OrTruthTableTest, FollowsKleeneDisjunction) {
  const TruthRow& r = GetParam();
  EXPECT_EQ(Expr("or_ab", TriJson(r.a, r.b)), r.expect) << "a=" << r.a << " b=" << r.b;
}
INSTANTIATE_TEST_SUITE_P(AllNineCases, OrTruthTableTest,
                         ::testing::Values(TruthRow{"yes", "yes", "true"}, TruthRow{"yes", "no", "true"},
                                           TruthRow{"yes", "unknown", "true"}, TruthRow{"no", "yes", "true"},
                                           TruthRow{"no", "no", "false"}, TruthRow{"no", "unknown", "null"},
                                           TruthRow{"unknown", "yes", "true"}, TruthRow{"unknown", "no", "null"},
                                           TruthRow{"unknown", "unknown", "null"}));

class NotTruthTableTest : public ::testing::TestWithParam<TruthRow> {};
TEST_P(NotTruthTableTest, FollowsKleeneNegation) {
  const TruthRow& r = GetParam();
  EXPECT_EQ(Expr("not_a", R"({"a": ")" + r.a + R"("})"), r.expect) << "a=" << r.a;
}
INSTANTIATE_TEST_SUITE_P(AllThreeCases, NotTruthTableTest,
                         ::testing::Values(TruthRow{"yes", "", "false"}, TruthRow{"no", "", "true"},
                                           TruthRow{"unknown", "", "null"}));

TEST(EvaluatorTest, TestFieldsAreYesNoValues) {
  EXPECT_EQ(Expr("count_abt", R"({"t": "positive"})"), "1");
  EXPECT_EQ(Expr("count_abt", R"({"t": "negative"})"), "0");
}

// ---- comparisons ----

TEST(EvaluatorTest, ComparesNumbers) {
  const Evaluation ev = MustEvaluate(Expressions(), R"({"x": 2, "y": 3})");
  EXPECT_EQ(Out(ev, "x_lt_y"), "true");
  EXPECT_EQ(Out(ev, "x_le_y"), "true");
  EXPECT_EQ(Out(ev, "x_gt_y"), "false");
  EXPECT_EQ(Out(ev, "x_ge_y"), "false");
  EXPECT_EQ(Out(ev, "x_eq_y"), "false");
  EXPECT_EQ(Out(ev, "x_ne_y"), "true");
  const Evaluation eq = MustEvaluate(Expressions(), R"({"x": 3, "y": 3})");
  EXPECT_EQ(Out(eq, "x_lt_y"), "false");
  EXPECT_EQ(Out(eq, "x_le_y"), "true");
  EXPECT_EQ(Out(eq, "x_ge_y"), "true");
  EXPECT_EQ(Out(eq, "x_eq_y"), "true");
  EXPECT_EQ(Out(eq, "x_ne_y"), "false");
}

TEST(EvaluatorTest, ComparesWithThresholds) {
  EXPECT_EQ(Expr("x_big", R"({"x": 100})"), "true");
  EXPECT_EQ(Expr("x_big", R"({"x": 99.5})"), "false");
}

TEST(EvaluatorTest, AnyComparisonWithAnUnknownSideIsUnknown) {
  for (const std::string json : {R"({"x": 2})", R"({"y": 2})", R"({})"}) {
    const Evaluation ev = MustEvaluate(Expressions(), json);
    for (const char* out : {"x_lt_y", "x_le_y", "x_gt_y", "x_ge_y", "x_eq_y", "x_ne_y"})
      EXPECT_EQ(Out(ev, out), "null") << out << " with " << json;
  }
  EXPECT_EQ(Expr("e_eq_mid", "{}"), "null");
  EXPECT_EQ(Expr("x_big", "{}"), "null");
  EXPECT_EQ(Expr("a_eq_b", TriJson("yes", "unknown")), "null");
}

TEST(EvaluatorTest, ComparesYesNoValuesForEquality) {
  EXPECT_EQ(Expr("a_eq_b", TriJson("yes", "yes")), "true");
  EXPECT_EQ(Expr("a_eq_b", TriJson("no", "no")), "true");
  EXPECT_EQ(Expr("a_eq_b", TriJson("yes", "no")), "false");
}

TEST(EvaluatorTest, ComparesEnumValuesInDeclaredOrder) {
  EXPECT_EQ(Expr("e_eq_mid", R"({"e": "mid"})"), "true");
  EXPECT_EQ(Expr("e_eq_mid", R"({"e": "high"})"), "false");
  EXPECT_EQ(Expr("e_gt_low", R"({"e": "low"})"), "false");
  EXPECT_EQ(Expr("e_gt_low", R"({"e": "mid"})"), "true");
  EXPECT_EQ(Expr("e_gt_low", R"({"e": "high"})"), "true");
}

// ---- in ----

TEST(EvaluatorTest, InTestsMembershipOfEnumValues) {
  EXPECT_EQ(Expr("e_in_low_mid", R"({"e": "low"})"), "true");
  EXPECT_EQ(Expr("e_in_low_mid", R"({"e": "mid"})"), "true");
  EXPECT_EQ(Expr("e_in_low_mid", R"({"e": "high"})"), "false");
  EXPECT_EQ(Expr("e_in_low_mid", R"({})"), "null");
}

TEST(EvaluatorTest, InIsTrueOnAMatchEvenWhenAnotherItemIsUnknown) {
  EXPECT_EQ(Expr("x_in_1_2_y", R"({"x": 2})"), "true");
  EXPECT_EQ(Expr("x_in_1_2_y", R"({"x": 5, "y": 5})"), "true");
  EXPECT_EQ(Expr("x_in_1_2_y", R"({"x": 5, "y": 6})"), "false");
  // No match among the known items and one unknown item: undecided.
  EXPECT_EQ(Expr("x_in_1_2_y", R"({"x": 5})"), "null");
  EXPECT_EQ(Expr("x_in_1_2_y", R"({"y": 1})"), "null");
}

// ---- arithmetic ----

TEST(EvaluatorTest, ComputesArithmetic) {
  const Evaluation ev = MustEvaluate(Expressions(), R"({"x": 7, "y": -2})");
  EXPECT_EQ(Out(ev, "sum"), "5");
  EXPECT_EQ(Out(ev, "difference"), "9");
  EXPECT_EQ(Out(ev, "product"), "-14");
  EXPECT_EQ(Out(ev, "quotient"), "-3.5");
  EXPECT_EQ(Out(ev, "negated"), "-7");
}

TEST(EvaluatorTest, DivisionByZeroIsUnknown) {
  EXPECT_EQ(Expr("quotient", R"({"x": 7, "y": 0})"), "null");
  EXPECT_EQ(Expr("quotient", R"({"x": 0, "y": 0})"), "null");
  EXPECT_EQ(Expr("quotient", R"({"x": 0, "y": 4})"), "0");
}

TEST(EvaluatorTest, ArithmeticWithAnUnknownOperandIsUnknown) {
  const Evaluation ev = MustEvaluate(Expressions(), R"({"x": 7})");
  for (const char* out : {"sum", "difference", "product", "quotient"}) EXPECT_EQ(Out(ev, out), "null") << out;
  EXPECT_EQ(Expr("negated", "{}"), "null");
}

// ---- functions ----

TEST(EvaluatorTest, KnownIsTrueOnlyWhenEveryArgumentIsKnownAndNeverUnknown) {
  EXPECT_EQ(Expr("known_ab", TriJson("yes", "no")), "true");
  EXPECT_EQ(Expr("known_ab", TriJson("no", "unknown")), "false");
  EXPECT_EQ(Expr("known_ab", TriJson("unknown", "yes")), "false");
  EXPECT_EQ(Expr("known_ab", "{}"), "false");
}

TEST(EvaluatorTest, CountCountsOnlyTrueArguments) {
  EXPECT_EQ(Expr("count_abt", R"({"a": "yes", "b": "yes", "t": "positive"})"), "3");
  EXPECT_EQ(Expr("count_abt", R"({"a": "yes", "b": "no", "t": "negative"})"), "1");
  EXPECT_EQ(Expr("count_abt", R"({"a": "yes"})"), "1");
  EXPECT_EQ(Expr("count_abt", R"({})"), "0");
}

TEST(EvaluatorTest, CoalesceReturnsTheFirstKnownArgument) {
  EXPECT_EQ(Expr("coalesce_ab", TriJson("no", "yes")), "false");
  EXPECT_EQ(Expr("coalesce_ab", TriJson("unknown", "yes")), "true");
  EXPECT_EQ(Expr("coalesce_ab", TriJson("unknown", "no")), "false");
  EXPECT_EQ(Expr("coalesce_ab", TriJson("unknown", "unknown")), "null");
  EXPECT_EQ(Expr("coalesce_xy", R"({"x": 4, "y": 9})"), "4");
  EXPECT_EQ(Expr("coalesce_xy", R"({"y": 9})"), "9");
  EXPECT_EQ(Expr("coalesce_xy", R"({})"), "null");
}

TEST(EvaluatorTest, MinAndMaxOfNumbers) {
  const Evaluation ev = MustEvaluate(Expressions(), R"({"x": 9, "y": 4})");
  EXPECT_EQ(Out(ev, "min_xy"), "4");
  EXPECT_EQ(Out(ev, "max_xy"), "9");
  EXPECT_EQ(Out(ev, "min_xy7"), "4");
  EXPECT_EQ(Expr("min_xy7", R"({"x": 9, "y": 8})"), "7");
}

TEST(EvaluatorTest, MinAndMaxAreStrictAboutUnknownArguments) {
  for (const std::string json : {R"({"x": 9})", R"({"y": 4})", R"({})"}) {
    const Evaluation ev = MustEvaluate(Expressions(), json);
    EXPECT_EQ(Out(ev, "min_xy"), "null") << json;
    EXPECT_EQ(Out(ev, "max_xy"), "null") << json;
    EXPECT_EQ(Out(ev, "min_xy7"), "null") << json;
  }
}

TEST(EvaluatorTest, MinAndMaxOfOrderedEnumValues) {
  const Evaluation low = MustEvaluate(Expressions(), R"({"e": "low"})");
  EXPECT_EQ(Out(low, "max_e_mid_is_mid"), "true");
  EXPECT_EQ(Out(low, "max_e_mid_is_high"), "false");
  EXPECT_EQ(Out(low, "min_e_mid_is_low"), "true");
  EXPECT_EQ(Out(low, "min_e_mid_is_mid"), "false");
  const Evaluation high = MustEvaluate(Expressions(), R"({"e": "high"})");
  EXPECT_EQ(Out(high, "max_e_mid_is_high"), "true");
  EXPECT_EQ(Out(high, "max_e_mid_is_mid"), "false");
  EXPECT_EQ(Out(high, "min_e_mid_is_mid"), "true");
  EXPECT_EQ(Out(high, "min_e_mid_is_low"), "false");
  const Evaluation unknown = MustEvaluate(Expressions(), R"({})");
  EXPECT_EQ(Out(unknown, "max_e_mid_is_mid"), "null");
  EXPECT_EQ(Out(unknown, "min_e_mid_is_mid"), "null");
}

TEST(EvaluatorTest, IfPicksABranchAndIsUnknownWhenItsConditionIs) {
  EXPECT_EQ(Expr("if_a_x_y", R"({"a": "yes", "x": 1, "y": 2})"), "1");
  EXPECT_EQ(Expr("if_a_x_y", R"({"a": "no", "x": 1, "y": 2})"), "2");
  EXPECT_EQ(Expr("if_a_x_y", R"({"x": 1, "y": 2})"), "null");
  EXPECT_EQ(Expr("if_a_x_y", R"({"x": 2, "y": 2})"), "null");
  // Only the chosen branch matters.
  EXPECT_EQ(Expr("if_a_x_y", R"({"a": "yes", "x": 1})"), "1");
}

TEST(EvaluatorTest, IsTrueIsFalseIsUnknownAreNeverUnknown) {
  struct Row {
    const char* a;
    const char* is_true;
    const char* is_false;
    const char* is_unknown;
  };
  for (const Row& r : {Row{"yes", "true", "false", "false"}, Row{"no", "false", "true", "false"},
                       Row{"unknown", "false", "false", "true"}}) {
    const Evaluation ev = MustEvaluate(Expressions(), std::string(R"({"a": ")") + r.a + R"("})");
    EXPECT_EQ(Out(ev, "is_true_a"), r.is_true) << r.a;
    EXPECT_EQ(Out(ev, "is_false_a"), r.is_false) << r.a;
    EXPECT_EQ(Out(ev, "is_unknown_a"), r.is_unknown) << r.a;
  }
}

TEST(EvaluatorTest, FiredReadsWhetherAnEarlierRuleFired) {
  const Evaluation a = MustEvaluate(Expressions(), TriJson("yes", "yes"));
  EXPECT_EQ(Out(a, "fired_pick_a"), "true");
  EXPECT_EQ(Out(a, "fired_pick_b"), "false");  // first-match step: pick-a won
  const Evaluation b = MustEvaluate(Expressions(), TriJson("no", "yes"));
  EXPECT_EQ(Out(b, "fired_pick_a"), "false");
  EXPECT_EQ(Out(b, "fired_pick_b"), "true");
  const Evaluation none = MustEvaluate(Expressions(), TriJson("unknown", "unknown"));
  EXPECT_EQ(Out(none, "fired_pick_a"), "false");
  EXPECT_EQ(Out(none, "fired_pick_b"), "false");
}

TEST(EvaluatorTest, QualifiedRendersTheValueWithTheTrueQualifiers) {
  EXPECT_EQ(Expr("modifiers", TriJson("yes", "yes")), "[slow:a,b]");
  EXPECT_EQ(Expr("modifiers", TriJson("no", "yes")), "[slow:b]");
  EXPECT_EQ(Expr("modifiers", TriJson("yes", "unknown")), "[slow:a]");
  EXPECT_EQ(Expr("modifiers", TriJson("no", "no")), "[slow]");
  EXPECT_EQ(Expr("grade", TriJson("yes", "yes")), "slow:a,b");
  EXPECT_EQ(Expr("grade", TriJson("unknown", "yes")), "slow:b");
}

TEST(EvaluatorTest, ContainsReadsTheCurrentListOutput) {
  const Evaluation red = MustEvaluate(Expressions(), TriJson("yes", "no"));
  EXPECT_EQ(Out(red, "tags"), "[red, green]");
  EXPECT_EQ(Out(red, "has_red"), "true");
  EXPECT_EQ(Out(red, "has_blue"), "false");
  const Evaluation blue = MustEvaluate(Expressions(), TriJson("no", "yes"));
  EXPECT_EQ(Out(blue, "tags"), "[blue]");
  EXPECT_EQ(Out(blue, "has_red"), "false");
  EXPECT_EQ(Out(blue, "has_blue"), "true");
}

// ---- hit policies ----

TEST(EvaluatorTest, FirstStepFiresOnlyTheFirstTrueRule) {
  const Evaluation ev = MustEvaluate(Fixture("hit_policies"), R"({"a": "no", "b": "yes", "c": "yes"})");
  EXPECT_EQ(Out(ev, "picked"), "[f2]");
  EXPECT_THAT(ev.trace, ElementsAre("F2", "C2", "C3"));
}

TEST(EvaluatorTest, CollectStepFiresEveryTrueRule) {
  const Evaluation ev = MustEvaluate(Fixture("hit_policies"), R"({"a": "yes", "b": "yes", "c": "yes"})");
  EXPECT_EQ(Out(ev, "picked"), "[f1]");
  EXPECT_EQ(Out(ev, "collected"), "[c1, c2, c3]");
  EXPECT_THAT(ev.trace, ElementsAre("F1", "C1", "C2", "C3"));
}

TEST(EvaluatorTest, NothingFiresWhenNoConditionIsTrue) {
  const Evaluation ev = MustEvaluate(Fixture("hit_policies"), R"({"a": "no", "b": "no", "c": "no"})");
  EXPECT_EQ(Out(ev, "picked"), "[]");
  EXPECT_EQ(Out(ev, "collected"), "[]");
  EXPECT_THAT(ev.trace, IsEmpty());
  EXPECT_THAT(ev.blocked, IsEmpty());
}

TEST(EvaluatorTest, AnUnknownConditionDoesNotFireAndDoesNotEndAFirstStep) {
  const Evaluation ev = MustEvaluate(Fixture("hit_policies"), R"({"b": "yes"})");
  EXPECT_EQ(Out(ev, "picked"), "[f2]");
  EXPECT_EQ(Out(ev, "collected"), "[c2]");
  EXPECT_THAT(ev.trace, ElementsAre("F2", "C2"));
  // F3 was never evaluated (F2 won the first-match step), so it is not blocked.
  ASSERT_EQ(ev.blocked.size(), 3u);
  EXPECT_EQ(ev.blocked[0].rule_id, "F1");
  EXPECT_THAT(ev.blocked[0].unknown_inputs, ElementsAre("a"));
  EXPECT_EQ(ev.blocked[1].rule_id, "C1");
  EXPECT_THAT(ev.blocked[1].unknown_inputs, ElementsAre("a"));
  EXPECT_EQ(ev.blocked[2].rule_id, "C3");
  EXPECT_THAT(ev.blocked[2].unknown_inputs, ElementsAre("c"));
  EXPECT_THAT(ev.unknown_inputs, ElementsAre("a", "c"));
}

// ---- blocked rules: exactly the unknown inputs that mattered ----

// The blocked rules of one evaluation as "RULE:in1,in2" strings.
std::vector<std::string> Blocked(const Evaluation& ev) {
  std::vector<std::string> out;
  for (const BlockedRule& b : ev.blocked) {
    std::string s = b.rule_id + ":";
    for (std::size_t i = 0; i < b.unknown_inputs.size(); ++i) s += (i ? "," : "") + b.unknown_inputs[i];
    out.push_back(s);
  }
  return out;
}

TEST(EvaluatorTest, FalseConjunctionWithAnUnknownSideBlocksNothing) {
  const Evaluation ev = MustEvaluate(Fixture("blocked"), R"({"a": "no", "b": "unknown", "c": "no", "x": 1})");
  EXPECT_THAT(Blocked(ev), ElementsAre("OR:b"));
  EXPECT_THAT(ev.trace, ElementsAre("NOT", "KNOWN"));
  EXPECT_THAT(ev.unknown_inputs, ElementsAre("b"));
}

TEST(EvaluatorTest, TrueAndUnknownBlocksOnTheUnknownSideOnly) {
  const Evaluation ev = MustEvaluate(Fixture("blocked"), R"({"a": "yes", "b": "unknown", "c": "no", "x": 1})");
  EXPECT_THAT(Blocked(ev), ElementsAre("AND:b", "MIXED:b", "DERIVED:b", "IF:b"));
  EXPECT_THAT(ev.trace, ElementsAre("OR", "KNOWN"));
}

TEST(EvaluatorTest, BlockedListsOnlyTheUnknownsOfUndecidedSubexpressions) {
  // (a and b) is false, so only c keeps (a and b) or c undecided.
  const Evaluation ev = MustEvaluate(Fixture("blocked"), R"({"a": "no", "x": 5})");
  EXPECT_THAT(Blocked(ev), ElementsAre("OR:b", "MIXED:c", "DERIVED:c", "IF:c"));
  EXPECT_THAT(ev.unknown_inputs, ElementsAre("b", "c"));
}

TEST(EvaluatorTest, BlockedWithEverythingUnknownListsEveryInputRead) {
  const Evaluation ev = MustEvaluate(Fixture("blocked"), R"({})");
  EXPECT_THAT(Blocked(ev), ElementsAre("AND:a,b", "OR:a,b", "NOT:a", "MIXED:a,b,c", "DERIVED:a,b,c", "IF:a",
                                       "COMPARE:a,x"));
  EXPECT_THAT(ev.trace, ElementsAre("KNOWN"));
  EXPECT_THAT(ev.unknown_inputs, ElementsAre("a", "b", "c", "x"));
}

TEST(EvaluatorTest, AComparisonThatIsFalseDoesNotBlockOnTheOtherSide) {
  const Evaluation low = MustEvaluate(Fixture("blocked"), R"({"x": 1, "b": "no", "c": "no"})");
  EXPECT_THAT(Blocked(low), ElementsAre("OR:a", "NOT:a", "IF:a"));
  const Evaluation high = MustEvaluate(Fixture("blocked"), R"({"x": 5, "b": "no", "c": "no"})");
  EXPECT_THAT(Blocked(high), ElementsAre("OR:a", "NOT:a", "IF:a", "COMPARE:a"));
}

TEST(EvaluatorTest, WithoutExplainThereIsNoExplanationAndNoBlockedList) {
  const RuleSet& rules = Fixture("blocked");
  EvaluateOptions options;
  options.explain = false;
  Result<Evaluation> ev = rules.Evaluate(MustParse(rules, "{}"), options);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  EXPECT_THAT(ev->trace, ElementsAre("KNOWN"));
  EXPECT_THAT(ev->explanation, IsEmpty());
  EXPECT_THAT(ev->blocked, IsEmpty());
  EXPECT_THAT(ev->unknown_inputs, IsEmpty());
}

TEST(EvaluatorTest, ExplanationListsTheInputsReadThroughDerivedValues) {
  const Evaluation ev = MustEvaluate(Fixture("blocked"), R"({"a": "yes", "b": "yes", "x": 2})");
  const RuleExplanation* derived = nullptr;
  for (const auto& ex : ev.explanation)
    if (ex.rule_id == "DERIVED") derived = &ex;
  ASSERT_NE(derived, nullptr);
  EXPECT_EQ(derived->step_id, "probe");
  EXPECT_EQ(derived->rationale, "Through a derived value.");
  ASSERT_EQ(derived->citations.size(), 1u);
  EXPECT_EQ(derived->citations[0].key, "fixture");
  std::vector<std::string> inputs;
  for (const auto& in : derived->inputs) inputs.push_back(in.field + "=" + in.value);
  EXPECT_THAT(inputs, ElementsAre("a=yes", "b=yes", "c=unknown"));
}

// ---- stop and final steps ----

TEST(EvaluatorTest, StopFinishesTheCurrentStepSkipsLaterStepsAndRunsFinalSteps) {
  const Evaluation ev = MustEvaluate(Fixture("stop"), R"({"a": "yes", "b": "yes", "c": "no"})");
  EXPECT_EQ(Out(ev, "log"), "[s1, s1b, s3]");
  EXPECT_THAT(ev.trace, ElementsAre("S1", "S1b", "S3"));
}

TEST(EvaluatorTest, AGuardedStopStopsOnlyWhenItsGuardIsTrue) {
  const Evaluation stopped = MustEvaluate(Fixture("stop"), R"({"a": "no", "c": "yes"})");
  EXPECT_EQ(Out(stopped, "log"), "[g, s3]");
  EXPECT_THAT(stopped.trace, ElementsAre("G", "S3"));
  const Evaluation not_stopped = MustEvaluate(Fixture("stop"), R"({"a": "no", "c": "no"})");
  EXPECT_EQ(Out(not_stopped, "log"), "[g, s2, s3, s4]");
  EXPECT_THAT(not_stopped.trace, ElementsAre("G", "S2", "S3", "S4"));
  // An unknown guard is not true: no stop.
  const Evaluation unknown = MustEvaluate(Fixture("stop"), R"({"a": "no"})");
  EXPECT_EQ(Out(unknown, "log"), "[g, s2, s3, s4]");
}

// ---- missing data ----

TEST(EvaluatorTest, MissingRecordsEveryUnknownItemSortedAndOnce) {
  const Evaluation ev = MustEvaluate(Fixture("missing"), R"({})");
  // c is recorded twice (step and rule), b only when a is yes.
  EXPECT_THAT(ev.missing_data, ElementsAre("a|b", "c", "e", "x"));
  EXPECT_EQ(Out(ev, "done"), "true");
}

TEST(EvaluatorTest, MissingSkipsKnownFieldsAndRunsGuards) {
  const Evaluation ev = MustEvaluate(Fixture("missing"), R"({"a": "yes", "x": 3})");
  // a is known, so neither a|b (one part known) nor x is missing; the guard on b is true.
  EXPECT_THAT(ev.missing_data, ElementsAre("b", "c", "e"));
}

TEST(EvaluatorTest, MissingCompositeNeedsEveryPartUnknown) {
  EXPECT_THAT(MustEvaluate(Fixture("missing"), R"({"b": "no"})").missing_data, ElementsAre("c", "e", "x"));
  EXPECT_THAT(MustEvaluate(Fixture("missing"), R"({"a": "no"})").missing_data, ElementsAre("c", "e", "x"));
}

TEST(EvaluatorTest, NothingIsMissingWhenEverythingIsKnown) {
  const Evaluation ev =
      MustEvaluate(Fixture("missing"), R"({"a": "yes", "b": "no", "c": "no", "x": 0, "e": "two"})");
  EXPECT_THAT(ev.missing_data, IsEmpty());
}

// ---- actions ----

TEST(EvaluatorTest, SetReadsTheCurrentOutputValue) {
  const Evaluation ev = MustEvaluate(Fixture("actions"), R"({"a": "yes"})");
  EXPECT_EQ(Out(ev, "counter"), "2");
  EXPECT_EQ(Out(ev, "level"), "urgent");
  EXPECT_EQ(Out(ev, "phase"), "3");
}

TEST(EvaluatorTest, ACapWithMinLowersButNeverRaises) {
  const Evaluation capped = MustEvaluate(Fixture("actions"), R"({"b": "yes"})");
  EXPECT_EQ(Out(capped, "phase"), "1");
  // max(level, soon) keeps a higher level.
  const Evaluation kept = MustEvaluate(Fixture("actions"), R"({"a": "yes", "b": "no", "c": "yes"})");
  EXPECT_EQ(Out(kept, "level"), "urgent");
  EXPECT_EQ(Out(kept, "phase"), "2");
}

TEST(EvaluatorTest, AnActionRunsOnlyWhenItsGuardIsTrue) {
  // LOWER sets phase 2 only `if: not b`; with b unknown the guard is unknown.
  EXPECT_EQ(Out(MustEvaluate(Fixture("actions"), R"({"c": "yes"})"), "phase"), "3");
  EXPECT_EQ(Out(MustEvaluate(Fixture("actions"), R"({"b": "no", "c": "yes"})"), "phase"), "2");
  EXPECT_EQ(Out(MustEvaluate(Fixture("actions"), R"({"b": "yes", "c": "yes"})"), "phase"), "1");
}

TEST(EvaluatorTest, AppendDeduplicatesAndKeepsFirstInsertionOrder) {
  const Evaluation ev = MustEvaluate(Fixture("actions"), R"({"a": "yes", "b": "no"})");
  EXPECT_EQ(Out(ev, "tags"), "[red, green, blue]");
  const OutputValue* tags = ev.Find("tags");
  ASSERT_NE(tags, nullptr);
  EXPECT_THAT(tags->ids(), ElementsAre("red", "green", "blue"));
}

TEST(EvaluatorTest, RemoveTakesAnItemOutOfAList) {
  EXPECT_EQ(Out(MustEvaluate(Fixture("actions"), R"({"a": "yes", "b": "yes"})"), "tags"), "[red, blue]");
  // Removing an absent item is a no-op; the guarded removal of blue runs.
  EXPECT_EQ(Out(MustEvaluate(Fixture("actions"), R"({"a": "no", "b": "yes"})"), "tags"), "[red]");
}

// RuleSet::Evaluate documents one error (kInvalidArgument for an assessment of
// another rule set); an unknown input is a data gap, never a failure.
// A non-nullable output can never be left null by unknown inputs: an
// expression that may be unknown is rejected when the rule set is loaded
// (E2006), so evaluation never has to fail on a data gap.
TEST(EvaluatorTest, AnExpressionThatMayBeUnknownCannotSetANonNullableOutput) {
  CompileResult result = LoadRuleSet(testing_support::DataDir() + "/engine/non_nullable.yaml");
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u) << result.diagnostics.Format();
  const Diagnostic& d = result.diagnostics.items()[0];
  EXPECT_EQ(d.code, "E2006");
  EXPECT_EQ(d.location.line, 32);
  EXPECT_EQ(d.location.column, 26);
  EXPECT_EQ(d.rule_id, "GRADE");
}

TEST(EvaluatorTest, AGuardedExpressionMaySetANonNullableOutput) {
  const RuleSet& rules = Fixture("non_nullable_guarded");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"fever": "yes"})"), "level"), "high");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"fever": "no"})"), "level"), "low");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({})"), "level"), "low");
}

TEST(EvaluatorTest, OutputsStartFromTheirDefaults) {
  const Evaluation ev = MustEvaluate(Fixture("hit_policies"), R"({})");
  EXPECT_EQ(Out(ev, "picked"), "[]");
  const Evaluation none = MustEvaluate(Fixture("expressions"), R"({})");
  EXPECT_EQ(Out(none, "tags"), "[]");
  EXPECT_EQ(Out(none, "and_ab"), "null");
}

TEST(EvaluatorTest, TraceIsInFiringOrder) {
  const Evaluation ev = MustEvaluate(Fixture("actions"), R"({"a": "yes", "b": "yes", "c": "yes"})");
  EXPECT_THAT(ev.trace, ElementsAre("P", "P2", "CAP", "LOWER"));
  ASSERT_EQ(ev.explanation.size(), 4u);
  EXPECT_EQ(ev.explanation[0].rule_id, "P");
  EXPECT_EQ(ev.explanation[3].rule_id, "LOWER");
}

TEST(EvaluatorTest, OutputsAreListedInDeclarationOrder) {
  const Evaluation ev = MustEvaluate(Fixture("actions"), R"({})");
  std::vector<std::string> names;
  for (const auto& [name, value] : ev.outputs) names.push_back(name);
  EXPECT_THAT(names, ElementsAre("phase", "counter", "tags", "level"));
}

// ---- the workspace path and provenance ----

TEST(EvaluatorTest, WorkspaceEvaluationMatchesTheAllocatingPath) {
  const RuleSet& rules = Fixture("actions");
  Workspace ws(rules);
  for (const char* json : {R"({"a": "yes"})", R"({"b": "yes"})", R"({"a": "yes", "b": "yes", "c": "yes"})", "{}"}) {
    const Assessment assessment = MustParse(rules, json);
    ASSERT_TRUE(rules.Evaluate(assessment, ws).ok());
    EvaluateOptions options;
    options.explain = false;
    const Evaluation via_ws = rules.Materialize(assessment, ws, options);
    Result<Evaluation> direct = rules.Evaluate(assessment, options);
    ASSERT_TRUE(direct.has_value());
    EXPECT_EQ(via_ws.trace, direct->trace) << json;
    ASSERT_EQ(via_ws.outputs.size(), direct->outputs.size());
    for (std::size_t i = 0; i < via_ws.outputs.size(); ++i)
      EXPECT_EQ(via_ws.outputs[i].second.ToString(), direct->outputs[i].second.ToString()) << json;
  }
}

TEST(EvaluatorTest, RejectsAnAssessmentBuiltForAnotherRuleSet) {
  const RuleSet& rules = Fixture("actions");
  const RuleSet& other = Fixture("stop");
  const Assessment foreign = MustParse(other, "{}");
  Result<Evaluation> ev = rules.Evaluate(foreign);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kInvalidArgument);
  Workspace ws(other);
  EXPECT_EQ(rules.Evaluate(MustParse(rules, "{}"), ws).code(), StatusCode::kInvalidArgument);
}

TEST(EvaluatorTest, ProvenanceNamesTheRuleSet) {
  const RuleSet& rules = Fixture("actions");
  const Evaluation ev = MustEvaluate(rules, "{}");
  EXPECT_EQ(ev.provenance.rule_set_id, "actions-fixture");
  EXPECT_EQ(ev.provenance.rule_set_version, "1.0.0");
  EXPECT_EQ(ev.provenance.rule_set_status, "draft");
  EXPECT_EQ(ev.provenance.fingerprint, rules.fingerprint());
  EXPECT_EQ(ev.provenance.fingerprint.size(), 64u);
  EXPECT_THAT(ev.provenance.threshold_overrides, IsEmpty());
}

}  // namespace
}  // namespace sitbone
