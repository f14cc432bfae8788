// Tests for the expression checker (src/expr/checker.cc) through small rule
// sets compiled with LoadRuleSet (fixtures in tests/data/checker/): how bare
// enum values resolve against the other side, ambiguous names (E3006), the
// compiled form of and/or chains and of comparisons with constants (read from
// the compiled node array, engine/compiled.h), qualified() errors (E3004) and
// list / single-value mix-ups in contains(), known() and is_unknown() (E3002).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/compiled.h"
#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using internal::CompiledRuleSet;
using internal::Node;
using internal::Op;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using testing_support::DataPath;
using testing_support::LoadClean;
using testing_support::MustEvaluate;
using testing_support::Out;

std::string Fixture(const std::string& name) { return DataPath("checker/" + name); }

const RuleSet& Valid() {
  static std::shared_ptr<const RuleSet> rules = LoadClean(Fixture("valid.yaml"));
  if (!rules) {
    ADD_FAILURE() << "tests/data/checker/valid.yaml did not compile";
    std::abort();
  }
  return *rules;
}

// The root node of rule `id`'s condition.
const Node& When(const RuleSet& rules, const std::string& id) {
  const CompiledRuleSet& rs = rules.impl();
  for (const auto& rule : rs.rules)
    if (rule.info.id == id) {
      EXPECT_GE(rule.when, 0) << id << " has no condition";
      return rs.nodes.at(static_cast<std::size_t>(rule.when));
    }
  ADD_FAILURE() << "no rule " << id;
  static const Node kNone;
  return kNone;
}

const Node& Arg(const RuleSet& rules, const Node& n, std::size_t i) {
  const CompiledRuleSet& rs = rules.impl();
  EXPECT_LT(i, n.argc);
  return rs.nodes.at(rs.args.at(n.args + i));
}

// The input a node reads, by name ("" when the node is not an input).
std::string InputName(const RuleSet& rules, const Node& n) {
  if (n.op != Op::kInput) return "";
  return rules.schema()->field(n.ref).name;
}

std::vector<std::string> ArgInputs(const RuleSet& rules, const Node& n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n.argc; ++i) out.push_back(InputName(rules, Arg(rules, n, i)));
  return out;
}

bool Fired(const Evaluation& ev, const std::string& id) {
  return std::find(ev.trace.begin(), ev.trace.end(), id) != ev.trace.end();
}

// The diagnostics of a failed compile, keyed by rule id.
std::map<std::string, std::vector<Diagnostic>> ByRule(const CompileResult& r) {
  std::map<std::string, std::vector<Diagnostic>> out;
  for (const Diagnostic& d : r.diagnostics.items()) out[d.rule_id].push_back(d);
  return out;
}

// The one diagnostic of rule `id`; fails unless there is exactly one.
Diagnostic OnlyFor(const CompileResult& r, const std::string& id) {
  auto by_rule = ByRule(r);
  EXPECT_THAT(by_rule[id], SizeIs(1)) << id << ":\n" << r.diagnostics.Format();
  return by_rule[id].empty() ? Diagnostic{} : by_rule[id].front();
}

// ---- n-ary and / or ----

TEST(CheckerTest, AnOrChainOfFourCompilesToOneOrNodeWithFourOperandsInOrder) {
  const Node& n = When(Valid(), "OR4");
  EXPECT_EQ(n.op, Op::kOr);
  EXPECT_EQ(n.argc, 4);
  EXPECT_THAT(ArgInputs(Valid(), n), ElementsAre("a", "b", "c", "d"));
}

TEST(CheckerTest, AnAndChainOfThreeCompilesToOneAndNode) {
  const Node& n = When(Valid(), "AND3");
  EXPECT_EQ(n.op, Op::kAnd);
  EXPECT_EQ(n.argc, 3);
  EXPECT_THAT(ArgInputs(Valid(), n), ElementsAre("a", "b", "c"));
}

TEST(CheckerTest, AChainKeepsAndInsideOrAsOneOperand) {
  // a or b and c or d == a or (b and c) or d
  const Node& n = When(Valid(), "MIXED");
  ASSERT_EQ(n.op, Op::kOr);
  ASSERT_EQ(n.argc, 3);
  EXPECT_EQ(InputName(Valid(), Arg(Valid(), n, 0)), "a");
  const Node& middle = Arg(Valid(), n, 1);
  EXPECT_EQ(middle.op, Op::kAnd);
  EXPECT_THAT(ArgInputs(Valid(), middle), ElementsAre("b", "c"));
  EXPECT_EQ(InputName(Valid(), Arg(Valid(), n, 2)), "d");
}

TEST(CheckerTest, ParenthesisedOrsOfOrsFlattenIntoOneNode) {
  const Node& n = When(Valid(), "PARENS");
  EXPECT_EQ(n.op, Op::kOr);
  EXPECT_THAT(ArgInputs(Valid(), n), ElementsAre("a", "b", "c", "d"));
}

TEST(CheckerTest, NotOverAChainStaysANotOfOneOrNode) {
  const Node& n = When(Valid(), "NOT-OR");
  ASSERT_EQ(n.op, Op::kNot);
  ASSERT_EQ(n.argc, 1);
  const Node& chain = Arg(Valid(), n, 0);
  EXPECT_EQ(chain.op, Op::kOr);
  EXPECT_THAT(ArgInputs(Valid(), chain), ElementsAre("a", "b", "c"));
}

TEST(CheckerTest, AFlattenedOrChainStillFollowsKleeneLogic) {
  const RuleSet& rules = Valid();
  EXPECT_TRUE(Fired(MustEvaluate(rules, R"({"a": "no", "b": "no", "c": "no", "d": "yes"})"), "OR4"));
  EXPECT_TRUE(Fired(MustEvaluate(rules, R"({"d": "yes"})"), "OR4"));  // a, b, c unknown
  const Evaluation none = MustEvaluate(rules, R"({"a": "no", "b": "no", "c": "no", "d": "no"})");
  EXPECT_FALSE(Fired(none, "OR4"));
  EXPECT_TRUE(Fired(none, "NOT-OR"));
  const Evaluation undecided = MustEvaluate(rules, R"({"a": "no", "b": "no", "d": "no"})");
  EXPECT_FALSE(Fired(undecided, "OR4"));
  bool blocked = false;
  for (const BlockedRule& b : undecided.blocked)
    if (b.rule_id == "OR4") {
      blocked = true;
      EXPECT_THAT(b.unknown_inputs, ElementsAre("c"));
    }
  EXPECT_TRUE(blocked) << "OR4 with only c unknown is undecided";
  EXPECT_TRUE(Fired(MustEvaluate(rules, R"({"a": "yes", "b": "yes", "c": "yes"})"), "AND3"));
  EXPECT_FALSE(Fired(MustEvaluate(rules, R"({"a": "yes", "b": "unknown", "c": "yes"})"), "AND3"));
  EXPECT_TRUE(Fired(MustEvaluate(rules, R"({"b": "yes", "c": "yes"})"), "MIXED"));
  EXPECT_FALSE(Fired(MustEvaluate(rules, R"({"a": "no", "b": "yes", "c": "no", "d": "no"})"), "MIXED"));
}

// ---- comparisons with constants ----

TEST(CheckerTest, AComparisonWithAThresholdCompilesToCompareConstHoldingItsValue) {
  const Node& n = When(Valid(), "GE-THRESHOLD");
  ASSERT_EQ(n.op, Op::kCompareConst);
  EXPECT_EQ(static_cast<Op>(n.ref), Op::kGe);
  EXPECT_EQ(n.constant.kind, internal::Kind::kNumber);
  EXPECT_EQ(n.constant.number, 7);
  ASSERT_EQ(n.argc, 1);
  EXPECT_EQ(InputName(Valid(), Arg(Valid(), n, 0)), "pain");
}

TEST(CheckerTest, CompareConstHoldsTheOverriddenThresholdValue) {
  LoadOptions options;
  options.threshold_overrides = {{"high_pain", 5}};
  auto rules = LoadClean(Fixture("valid.yaml"), options);
  ASSERT_NE(rules, nullptr);
  const Node& n = When(*rules, "GE-THRESHOLD");
  ASSERT_EQ(n.op, Op::kCompareConst);
  EXPECT_EQ(n.constant.number, 5);
  EXPECT_TRUE(Fired(MustEvaluate(*rules, R"({"pain": 5})"), "GE-THRESHOLD"));
  EXPECT_FALSE(Fired(MustEvaluate(Valid(), R"({"pain": 5})"), "GE-THRESHOLD"));
}

TEST(CheckerTest, AComparisonWithANumberCompilesToCompareConst) {
  const Node& n = When(Valid(), "GT-NUMBER");
  ASSERT_EQ(n.op, Op::kCompareConst);
  EXPECT_EQ(static_cast<Op>(n.ref), Op::kGt);
  EXPECT_EQ(n.constant.number, 3);
  EXPECT_EQ(InputName(Valid(), Arg(Valid(), n, 0)), "pain");
}

TEST(CheckerTest, AComparisonWithABareEnumValueCompilesToCompareConstHoldingTheSymbol) {
  const RuleSet& rules = Valid();
  const Node& n = When(rules, "EQ-ENUM");
  ASSERT_EQ(n.op, Op::kCompareConst);
  EXPECT_EQ(static_cast<Op>(n.ref), Op::kEq);
  ASSERT_EQ(n.constant.kind, internal::Kind::kSymbol);
  EXPECT_EQ(rules.impl().symbol_names.at(n.constant.symbol), "sudden");
  EXPECT_EQ(InputName(rules, Arg(rules, n, 0)), "onset");
}

TEST(CheckerTest, AComparisonOfTwoInputsIsAnOrdinaryBinaryNode) {
  const RuleSet& rules = Valid();
  const Node& n = When(rules, "TWO-INPUTS");
  ASSERT_EQ(n.op, Op::kGt);
  EXPECT_THAT(ArgInputs(rules, n), ElementsAre("pain", "other_pain"));
}

TEST(CheckerTest, CompareConstEvaluatesLikeTheComparisonItReplaces) {
  const RuleSet& rules = Valid();
  EXPECT_TRUE(Fired(MustEvaluate(rules, R"({"pain": 7})"), "GE-THRESHOLD"));
  EXPECT_FALSE(Fired(MustEvaluate(rules, R"({"pain": 6})"), "GE-THRESHOLD"));
  EXPECT_TRUE(Fired(MustEvaluate(rules, R"({"pain": 4})"), "GT-NUMBER"));
  EXPECT_FALSE(Fired(MustEvaluate(rules, R"({"pain": 3})"), "GT-NUMBER"));
  EXPECT_TRUE(Fired(MustEvaluate(rules, R"({"onset": "sudden"})"), "EQ-ENUM"));
  EXPECT_FALSE(Fired(MustEvaluate(rules, R"({"onset": "gradual"})"), "EQ-ENUM"));
  const Evaluation unknown = MustEvaluate(rules, R"({})");
  EXPECT_FALSE(Fired(unknown, "GE-THRESHOLD"));
  EXPECT_FALSE(Fired(unknown, "EQ-ENUM"));
  std::vector<std::string> blocked;
  for (const BlockedRule& b : unknown.blocked) blocked.push_back(b.rule_id);
  EXPECT_THAT(blocked, ::testing::IsSupersetOf({"GE-THRESHOLD", "GT-NUMBER", "EQ-ENUM"}));
}

// ---- bare enum values ----

TEST(CheckerTest, ABareValueOnEitherSideResolvesAgainstTheOtherSide) {
  const RuleSet& rules = Valid();
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"onset": "sudden"})"), "sudden_on_the_left"), "true");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"onset": "gradual"})"), "sudden_on_the_left"), "false");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({})"), "sudden_on_the_left"), "null");
}

TEST(CheckerTest, BareValuesInAnInListResolveAgainstTheLeftSide) {
  const RuleSet& rules = Valid();
  const Node& n = When(rules, "IN-ENUM");
  ASSERT_EQ(n.op, Op::kIn);
  ASSERT_EQ(n.argc, 3);
  EXPECT_EQ(InputName(rules, Arg(rules, n, 0)), "onset");
  for (std::size_t i = 1; i < 3; ++i) {
    const Node& item = Arg(rules, n, i);
    ASSERT_EQ(item.op, Op::kConst);
    ASSERT_EQ(item.constant.kind, internal::Kind::kSymbol);
  }
  EXPECT_EQ(rules.impl().symbol_names.at(Arg(rules, n, 1).constant.symbol), "gradual");
  EXPECT_EQ(rules.impl().symbol_names.at(Arg(rules, n, 2).constant.symbol), "sudden");
  EXPECT_TRUE(Fired(MustEvaluate(rules, R"({"onset": "gradual"})"), "IN-ENUM"));
}

TEST(CheckerTest, FunctionArgumentsResolveAgainstEachOtherAndTheOutput) {
  const RuleSet& rules = Valid();
  // if(a, high, mid) resolves against the output it is set into.
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"a": "yes"})"), "grade_if"), "high");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"a": "no"})"), "grade_if"), "mid");
  // max(grade_max, 'mid') raises to at least mid.
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"b": "no"})"), "grade_max"), "mid");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"b": "yes"})"), "grade_max"), "high");
  // coalesce(onset, gradual) == sudden: both bare values are values of onset.
  EXPECT_EQ(Out(MustEvaluate(rules, R"({})"), "coalesced_is_sudden"), "false");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"onset": "sudden"})"), "coalesced_is_sudden"), "true");
  // contains(tags, red): red is a value of the list.
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"a": "yes"})"), "has_red"), "true");
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"a": "no", "b": "no", "c": "no", "d": "no"})"), "has_red"), "false");
  // qualified(slow, a, b)
  EXPECT_EQ(Out(MustEvaluate(rules, R"({"a": "yes", "b": "no"})"), "modifiers"), "[slow:a]");
}

// ---- ambiguous names ----

TEST(CheckerTest, QuotingAValueThatIsAlsoANameMakesItUnambiguous) {
  auto rules = LoadClean(Fixture("ambiguous-quoted.yaml"));
  ASSERT_NE(rules, nullptr);
  const Evaluation ev = MustEvaluate(*rules, R"({"onset": "sudden", "sudden": "yes"})");
  EXPECT_EQ(Out(ev, "level"), "high");
  EXPECT_EQ(Out(ev, "flags"), "[high]");
}

TEST(CheckerTest, E3006ReportsANameUsedBareWhereAValueOfTheSameSpellingIsExpected) {
  const CompileResult r = LoadRuleSet(Fixture("error-ambiguous.yaml"));
  EXPECT_FALSE(r.ok());
  const std::string file = Fixture("error-ambiguous.yaml");
  for (const auto& [id, line, column, word, domain] :
       std::vector<std::tuple<std::string, int, int, std::string, std::string>>{
           {"IN-LIST", 38, 35, "sudden", "onset"},
           {"SET", 45, 29, "high", "level"},
           {"APPEND", 51, 32, "high", "flags"}}) {
    const Diagnostic d = OnlyFor(r, id);
    EXPECT_EQ(d.code, "E3006") << id << ": " << d.message;
    EXPECT_EQ(d.severity, Severity::kError);
    EXPECT_EQ(d.location.file, file);
    EXPECT_EQ(d.location.line, line) << id;
    EXPECT_EQ(d.location.column, column) << id;
    EXPECT_THAT(d.message, HasSubstr("'" + word + "' is both a name and a value of " + domain)) << id;
    EXPECT_THAT(d.hint, HasSubstr("quote the value ('" + word + "')")) << id;
  }
}

// The docs resolve a bare value against "the other side of a comparison",
// whichever side it is on; a name that is also that value is ambiguous.
TEST(CheckerTest, E3006ReportsAnAmbiguousNameOnTheLeftOfAComparisonToo) {
  const CompileResult r = LoadRuleSet(Fixture("error-ambiguous.yaml"));
  const Diagnostic d = OnlyFor(r, "COMPARE");
  EXPECT_EQ(d.code, "E3006") << d.message;
  EXPECT_EQ(d.location.line, 32);
  EXPECT_EQ(d.location.column, 15);
}

// ---- qualified() ----

TEST(CheckerTest, E3004ReportsQualifiedWithTheWrongNumberOfQualifiers) {
  const CompileResult r = LoadRuleSet(Fixture("error-qualified.yaml"));
  EXPECT_FALSE(r.ok());
  Diagnostic few = OnlyFor(r, "TOO-FEW");
  EXPECT_EQ(few.code, "E3004");
  EXPECT_EQ(few.location.line, 39);
  EXPECT_EQ(few.location.column, 37);  // the call
  EXPECT_THAT(few.message, HasSubstr("'slow' declares 2 qualifier(s) but qualified() gives 1"));
  EXPECT_THAT(few.hint, HasSubstr("outputs/modifiers/qualifiers"));
  Diagnostic many = OnlyFor(r, "TOO-MANY");
  EXPECT_EQ(many.code, "E3004");
  EXPECT_THAT(many.message, HasSubstr("'slow' declares 2 qualifier(s) but qualified() gives 3"));
  Diagnostic none = OnlyFor(r, "NO-QUALIFIERS");
  EXPECT_EQ(none.code, "E3004");
  EXPECT_THAT(none.message, HasSubstr("'plain' declares 0 qualifier(s) but qualified() gives 1"));
  Diagnostic value_only = OnlyFor(r, "VALUE-ONLY");
  EXPECT_EQ(value_only.code, "E3004");
  EXPECT_THAT(value_only.message, HasSubstr("qualified() takes 2 to 17 argument(s), got 1"));
}

TEST(CheckerTest, E3004ReportsQualifiersOutOfTheDeclaredOrderAtTheFirstMisplacedOne) {
  const CompileResult r = LoadRuleSet(Fixture("error-qualified.yaml"));
  Diagnostic d = OnlyFor(r, "SWAPPED");
  EXPECT_EQ(d.code, "E3004");
  EXPECT_EQ(d.location.line, 51);
  EXPECT_EQ(d.location.column, 53);  // 'b', the first qualifier
  EXPECT_THAT(d.message, HasSubstr("qualifier 1 of 'slow' must be the name 'a'"));
  Diagnostic wrong = OnlyFor(r, "WRONG-NAME");
  EXPECT_EQ(wrong.code, "E3004");
  EXPECT_EQ(wrong.location.line, 57);
  EXPECT_EQ(wrong.location.column, 49);  // 'c'
  EXPECT_THAT(wrong.message, HasSubstr("qualifier 2 of 'slow' must be the name 'b'"));
}

TEST(CheckerTest, E3004ReportsQualifiedOfAValueThatIsNotFixed) {
  const CompileResult r = LoadRuleSet(Fixture("error-qualified.yaml"));
  Diagnostic d = OnlyFor(r, "NOT-FIXED");
  EXPECT_EQ(d.code, "E3004");
  EXPECT_THAT(d.message, HasSubstr("qualified() needs a fixed value first"));
}

// ---- lists and single values ----

TEST(CheckerTest, ContainsNeedsAListOutputFirst) {
  const CompileResult r = LoadRuleSet(Fixture("error-list-functions.yaml"));
  EXPECT_FALSE(r.ok());
  for (const auto& [id, line] : std::vector<std::pair<std::string, int>>{{"CONTAINS-ENUM", 31}, {"CONTAINS-INPUT", 37}}) {
    Diagnostic d = OnlyFor(r, id);
    EXPECT_EQ(d.code, "E3002") << id;
    EXPECT_EQ(d.location.line, line) << id;
    EXPECT_EQ(d.location.column, 24) << id;  // the first argument
    EXPECT_THAT(d.message, HasSubstr("contains() needs a list output first")) << id;
  }
}

TEST(CheckerTest, KnownAndIsUnknownRejectAListOutput) {
  const CompileResult r = LoadRuleSet(Fixture("error-list-functions.yaml"));
  Diagnostic known = OnlyFor(r, "KNOWN-LIST");
  EXPECT_EQ(known.code, "E3002");
  EXPECT_EQ(known.location.line, 43);
  EXPECT_EQ(known.location.column, 24);  // 'tags'
  EXPECT_THAT(known.message, HasSubstr("known() takes single values; a list output is never unknown"));
  EXPECT_THAT(known.hint, HasSubstr("contains("));
  Diagnostic is_unknown = OnlyFor(r, "IS-UNKNOWN-LIST");
  EXPECT_EQ(is_unknown.code, "E3002");
  EXPECT_THAT(is_unknown.message, HasSubstr("a list output is never unknown"));
}

TEST(CheckerTest, ContainsOfAListAndKnownOfASingleValueCompile) {
  const CompileResult r = LoadRuleSet(Fixture("error-list-functions.yaml"));
  EXPECT_THAT(ByRule(r)["FINE"], IsEmpty()) << r.diagnostics.Format();
  EXPECT_EQ(r.diagnostics.ErrorCount(), 4u) << r.diagnostics.Format();
}

}  // namespace
}  // namespace sitbone
