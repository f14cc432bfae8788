// Deciding facts, the rule that decided each output, superseded rules and
// "what would change the answer" (src/engine/explain.cc), on a small fixture
// and on the PHT rule set's worked cases.
#include "engine/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sitbone/sitbone.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing_support::DataPath;
using testing_support::LoadClean;
using testing_support::MustEvaluate;
using testing_support::MustParse;

std::shared_ptr<const RuleSet> Fixture() { return LoadClean(DataPath("engine/explain.yaml")); }

const RuleExplanation& Fired(const Evaluation& ev, const std::string& rule) {
  for (const auto& ex : ev.explanation)
    if (ex.rule_id == rule) return ex;
  ADD_FAILURE() << rule << " did not fire";
  static const RuleExplanation kNone;
  return kNone;
}

std::vector<std::string> Texts(const RuleExplanation& ex) {
  std::vector<std::string> out;
  for (const auto& f : ex.deciding_facts) out.push_back(std::string(static_cast<std::size_t>(f.depth) * 2, ' ') + f.text);
  return out;
}

TEST(ExplainTest, DecidingFactsOfAnAndAreEveryOperandAndOfACountTheItemsCounted) {
  auto rules = Fixture();
  Evaluation ev = MustEvaluate(*rules, R"({"saddle": "no", "pain": 7, "night": "no", "onset": "gradual", "flare": "no"})");
  // night = no is not counted, so it is not a deciding fact of REACTIVE.
  EXPECT_THAT(Texts(Fired(ev, "REACTIVE")), ElementsAre("Reactive features: 1 >= 1", "  Worst pain: 7 /10 >= 6 /10",
                                                        "Onset: Gradual"));
  const DecidingFact& pain = Fired(ev, "REACTIVE").deciding_facts[1];
  EXPECT_EQ(pain.subject, "pain");
  EXPECT_EQ(pain.threshold, "reactive_pain");
  EXPECT_EQ(pain.compared_with, "6 /10");
}

TEST(ExplainTest, AFalseComparisonIsShownInTheFormThatIsTrue) {
  auto rules = Fixture();
  Evaluation ev = MustEvaluate(*rules, R"({"saddle": "no", "pain": 2, "night": "no", "onset": "gradual", "flare": "no"})");
  // SETTLED fires because REACTIVE did not: its facts say why, truthfully.
  EXPECT_THAT(Texts(Fired(ev, "SETTLED")),
              ElementsAre("Reactive tendon: does not apply", "  Reactive features: 0 < 1"));
  // LOAD: `night == false or pain < 3`, both true: the true operands.
  EXPECT_THAT(Texts(Fired(ev, "LOAD")), ElementsAre("Stage: Settled", "Night pain: no", "Worst pain: 2 /10 < 3 /10"));
}

TEST(ExplainTest, AnEarlierRuleLeftUndecidedIsNamedWithTheAnswersItNeeds) {
  auto rules = Fixture();
  // count() is never unknown, so the pain alone decides the reactive
  // features; the onset is what REACTIVE waits for.
  Evaluation ev = MustEvaluate(*rules, R"({"saddle": "no", "pain": 7, "flare": "no"})");
  EXPECT_THAT(Texts(Fired(ev, "SETTLED")),
              ElementsAre("Reactive tendon: undecided, because of missing answers", "  Onset: not recorded"));
}

TEST(ExplainTest, EachOutputNamesTheRuleThatGaveItsFinalValueAndAReplacedRuleIsSuperseded) {
  auto rules = Fixture();
  Evaluation ev = MustEvaluate(*rules, R"({"saddle": "no", "pain": 2, "night": "no", "onset": "gradual", "flare": "no"})");
  EXPECT_THAT(ev.decided_by, ElementsAre(std::pair<std::string, std::string>("level", ""),
                                         std::pair<std::string, std::string>("stage", "SETTLED"),
                                         std::pair<std::string, std::string>("plan", "LOAD")));
  // SETTLED's stage still stands, so it is not superseded although LOAD replaced its plan.
  EXPECT_EQ(Fired(ev, "SETTLED").superseded_by, "");
  EXPECT_EQ(Fired(ev, "LOAD").superseded_by, "");
}

TEST(ExplainTest, ARuleWhoseEveryOutputWasReplacedIsSupersededByTheRuleThatReplacedIt) {
  auto rules = Fixture();
  // SETTLED sets stage and plan, LOAD the plan again, FLARE both again.
  Evaluation ev = MustEvaluate(*rules, R"({"saddle": "no", "pain": 2, "night": "no", "onset": "gradual", "flare": "yes"})");
  EXPECT_THAT(ev.trace, ElementsAre("SETTLED", "LOAD", "FLARE"));
  EXPECT_EQ(Fired(ev, "SETTLED").superseded_by, "FLARE");
  EXPECT_EQ(Fired(ev, "LOAD").superseded_by, "FLARE");
  EXPECT_EQ(Fired(ev, "FLARE").superseded_by, "");
  EXPECT_THAT(ev.decided_by, ElementsAre(std::pair<std::string, std::string>("level", ""),
                                         std::pair<std::string, std::string>("stage", "FLARE"),
                                         std::pair<std::string, std::string>("plan", "FLARE")));
}

TEST(ExplainTest, AskNextListsTheUnknownAnswersThatChangeAWatchedOutputSafetyFirst) {
  auto rules = Fixture();
  // Pain 7 is a reactive feature; with the onset unknown REACTIVE is
  // undecided and the stage falls to "settled". Saddle numbness is unknown.
  Evaluation ev = MustEvaluate(*rules, R"({"pain": 7, "night": "no", "flare": "no"})");
  ASSERT_EQ(ev.ask_next.size(), 2u);
  const AskNextItem& saddle = ev.ask_next[0];
  EXPECT_EQ(saddle.field, "saddle");
  EXPECT_EQ(saddle.label, "Saddle numbness");
  EXPECT_EQ(saddle.question, "Any numbness in the saddle area?");
  EXPECT_EQ(saddle.rank, 1);
  ASSERT_EQ(saddle.answers.size(), 1u);  // "no" changes nothing
  EXPECT_EQ(saddle.answers[0].value, "yes");
  ASSERT_EQ(saddle.answers[0].changes.size(), 2u);
  EXPECT_EQ(saddle.answers[0].changes[0].output, "level");
  EXPECT_EQ(saddle.answers[0].changes[0].from, "No red flag");
  EXPECT_EQ(saddle.answers[0].changes[0].to, "Emergency");
  EXPECT_EQ(saddle.answers[0].changes[1].output, "stage");
  EXPECT_EQ(saddle.answers[0].changes[1].to, "not decided");
  const AskNextItem& onset = ev.ask_next[1];
  EXPECT_EQ(onset.field, "onset");
  EXPECT_EQ(onset.rank, 2);
  ASSERT_EQ(onset.answers.size(), 1u);  // "sudden" keeps "settled"
  EXPECT_EQ(onset.answers[0].value, "gradual");
  EXPECT_EQ(onset.answers[0].label, "Gradual");
  ASSERT_EQ(onset.answers[0].changes.size(), 1u);
  EXPECT_EQ(onset.answers[0].changes[0].from, "Settled");
  EXPECT_EQ(onset.answers[0].changes[0].to, "Reactive");
}

TEST(ExplainTest, AskNextTriesNumbersOnEitherSideOfEveryThresholdTheyAreComparedWith) {
  auto rules = Fixture();
  // Pain unknown, night no, onset gradual: pain >= 6 makes the tendon reactive.
  Evaluation ev = MustEvaluate(*rules, R"({"saddle": "no", "night": "no", "onset": "gradual", "flare": "no"})");
  ASSERT_EQ(ev.ask_next.size(), 1u);
  EXPECT_EQ(ev.ask_next[0].field, "pain");
  std::vector<std::string> values;
  for (const auto& a : ev.ask_next[0].answers) values.push_back(a.value);
  // 5, 6 and 7 were tried; 6 and 7 change the stage alike: one answer, "6 or more".
  EXPECT_THAT(values, ElementsAre("6"));
  EXPECT_THAT(ev.ask_next[0].answers[0].label, ::testing::EndsWith(" or more"));
}

TEST(ExplainTest, WithoutAskNextTheListIsNotComputed) {
  auto rules = Fixture();
  EvaluateOptions options;
  options.ask_next = false;
  Result<Evaluation> ev = rules->Evaluate(MustParse(*rules, R"({"pain": 7})"), options);
  ASSERT_TRUE(ev.has_value());
  EXPECT_THAT(ev->ask_next, IsEmpty());
  EXPECT_FALSE(ev->explanation.empty());
}

TEST(ExplainTest, ANoticeIsShownOnlyWhenItsConditionHoldsWithItsThresholdFilledIn) {
  auto rules = Fixture();
  Evaluation reactive = MustEvaluate(*rules, R"({"saddle": "no", "pain": 7, "onset": "gradual", "flare": "no"})");
  ASSERT_EQ(reactive.notices.size(), 1u);
  EXPECT_EQ(reactive.notices[0].id, "reactive_note");
  EXPECT_EQ(reactive.notices[0].placement, "now");
  EXPECT_EQ(reactive.notices[0].text, "Keep pain during exercise below 6 out of 10.");
  EXPECT_EQ(reactive.notices[0].citations.size(), 1u);
  Evaluation settled = MustEvaluate(*rules, R"({"saddle": "no", "pain": 2, "onset": "gradual", "flare": "no"})");
  EXPECT_THAT(settled.notices, IsEmpty());
}

TEST(ExplainTest, ARuleSetPastDraftWithoutALabelFailsWithAPositionedDiagnostic) {
  for (const char* status : {"testing", "production", "retired"}) {
    SCOPED_TRACE(status);
    testing_support::TempDir dir;
    std::string text = testing_support::ReadText(DataPath("engine/explain.yaml"));
    text.replace(text.find("status: draft"), 13, std::string("status: ") + status);
    text.replace(text.find("label: Next-day flare, "), 23, "");
    dir.Write("ruleset.yaml", text);
    CompileResult r = LoadRuleSet(dir.path());
    ASSERT_FALSE(r.ok());
    std::vector<Diagnostic> found = testing_support::WithCode(r.diagnostics, "E2012");
    ASSERT_EQ(found.size(), 1u) << r.diagnostics.Format();
    EXPECT_THAT(found[0].message, ::testing::HasSubstr("input 'flare' has no label"));
    EXPECT_GT(found[0].location.line, 0);
    EXPECT_GT(found[0].location.column, 0);
  }
}

TEST(ExplainTest, ADraftRuleSetMayLeaveLabelsOut) {
  testing_support::TempDir dir;
  std::string text = testing_support::ReadText(DataPath("engine/explain.yaml"));
  text.replace(text.find("label: Next-day flare, "), 23, "");
  dir.Write("ruleset.yaml", text);
  CompileResult r = LoadRuleSet(dir.path());
  EXPECT_TRUE(r.ok()) << r.diagnostics.Format();
}

TEST(ExplainTest, AskNextIsEmptyWhenEveryAnswerIsKnownOrChangesNothing) {
  auto rules = Fixture();
  Evaluation ev = MustEvaluate(*rules, R"({"saddle": "no", "pain": 7, "night": "yes", "onset": "gradual", "flare": "no"})");
  EXPECT_THAT(ev.ask_next, IsEmpty());
}

}  // namespace
}  // namespace sitbone

namespace sitbone {
namespace {

using testing_support::Pht;
using testing_support::VariedAssessments;

// On the PHT rule set, over varied assessments with unknowns: every "ask
// next" answer, given as stated, really changes each output it names, to the
// value it names; and a superseded rule never decides an output.
TEST(ExplainPhtTest, EveryAskNextAnswerReallyChangesTheOutputsItNames) {
  const RuleSet& rules = Pht();
  std::size_t checked = 0;
  for (const Assessment& a : VariedAssessments(rules, 300, 7)) {
    Result<Evaluation> ev = rules.Evaluate(a);
    ASSERT_TRUE(ev.has_value());
    for (const AskNextItem& item : ev->ask_next) {
      for (const AskNextAnswer& answer : item.answers) {
        AssessmentBuilder b(rules.schema());
        for (std::size_t f = 0; f < a.size(); ++f) {
          const FieldSpec& spec = rules.schema()->field(f);
          if (!a.known(f)) continue;
          if (spec.type == FieldType::kInt || spec.type == FieldType::kNumber) {
            ASSERT_TRUE(b.SetNumber(spec.name, a.encoded(f)).ok());
          } else {
            ASSERT_TRUE(b.SetText(spec.name, a.Display(f)).ok());
          }
        }
        const FieldSpec& spec = rules.schema()->field(static_cast<std::size_t>(rules.schema()->Find(item.field)));
        const bool numeric = spec.type == FieldType::kInt || spec.type == FieldType::kNumber;
        ASSERT_TRUE((numeric ? b.SetNumber(item.field, std::stod(answer.value)) : b.SetText(item.field, answer.value)).ok());
        Result<Evaluation> changed = rules.Evaluate(b.Build());
        ASSERT_TRUE(changed.has_value());
        ASSERT_FALSE(answer.changes.empty());
        for (const OutputChange& c : answer.changes) {
          EXPECT_NE(ev->Find(c.output)->ToString(), changed->Find(c.output)->ToString())
              << item.field << "=" << answer.value << " should change " << c.output;
          ++checked;
        }
      }
    }
    for (const RuleExplanation& ex : ev->explanation) {
      if (ex.superseded_by.empty()) continue;
      for (const auto& [output, rule] : ev->decided_by) EXPECT_NE(rule, ex.rule_id) << output;
    }
  }
  EXPECT_GT(checked, 100u);
}

// Every deciding fact is about a value the assessment really has: an input
// fact shows the input as given (or "not recorded" when it is unknown).
TEST(ExplainPhtTest, EveryDecidingFactAboutAnInputShowsItsValue) {
  const RuleSet& rules = Pht();
  for (const Assessment& a : VariedAssessments(rules, 300, 11)) {
    Result<Evaluation> ev = rules.Evaluate(a);
    ASSERT_TRUE(ev.has_value());
    for (const RuleExplanation& ex : ev->explanation)
      for (const DecidingFact& f : ex.deciding_facts) {
        const int field = rules.schema()->Find(f.subject);
        if (field < 0 || f.relation == "did not apply" || f.relation == "is undecided") continue;
        EXPECT_EQ(a.known(static_cast<std::size_t>(field)), f.relation != "is not recorded") << ex.rule_id << ": " << f.text;
      }
  }
}

}  // namespace
}  // namespace sitbone
