// Tests for the clinician report (src/output/report.cc, report_writers.cc) on
// the PHT examples: what to do now comes first (a referral with how soon,
// meanwhile and safety net; the prompts of an incomplete screen; the headline
// result, marked where an answer could change it), "ask next", the plan by
// labels with dosage and progression, why (summary and full), what is not
// recorded, numbered references, provenance; and the Markdown and HTML forms.
// Properties over all worked cases and random assessments are in
// tests/rules/pht_report_test.cc.
#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/render.h"
#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing_support::Example;
using testing_support::LoadClean;
using testing_support::MustEvaluate;
using testing_support::Pht;

const char* const kExamples[] = {
    "01_reactive_runner.json", "02_settled_runner_warm_up.json", "03_desk_worker_back_pain_tingling.json",
    "04_suspected_avulsion.json", "05_cauda_equina.json", "06_follow_up_progresses.json",
    "07_follow_up_flare_regresses.json", "08_mostly_missing.json"};
const char kReactive[] = "01_reactive_runner.json";
const char kLumbarFirst[] = "03_desk_worker_back_pain_tingling.json";
const char kAvulsion[] = "04_suspected_avulsion.json";
const char kEmergency[] = "05_cauda_equina.json";
const char kMissing[] = "08_mostly_missing.json";

Evaluation EvaluateExample(const std::string& name) { return MustEvaluate(Pht(), Example(name)); }

std::string Report(const std::string& example, ReportDetail detail = ReportDetail::kSummary,
                   ReportFormat format = ReportFormat::kText) {
  ReportOptions options;
  options.detail = detail;
  options.format = format;
  return RenderReport(Pht(), EvaluateExample(example), options);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The text with every run of blanks and line breaks collapsed to one space.
std::string Unwrapped(const std::string& text) {
  std::string out;
  bool blank = false;
  for (char c : text) {
    if (c == ' ' || c == '\n') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

// The body of the section headed "== title ==" (any case), to the next heading.
std::string Section(const std::string& text, std::string title) {
  std::size_t start = text.find("\n== " + title + " ==\n");
  if (start == std::string::npos) {
    std::transform(title.begin(), title.end(), title.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
    start = text.find("\n== " + title + " ==\n");
  }
  if (start == std::string::npos) return "";
  const std::size_t body = text.find('\n', start + 1) + 1;
  const std::size_t end = text.find("\n== ", body);
  return text.substr(body, end == std::string::npos ? std::string::npos : end - body + 1);
}

std::vector<std::string> Headings(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& line : Lines(text))
    if (line.rfind("== ", 0) == 0) out.push_back(line);
  return out;
}

// ---- what to do now comes first ----

TEST(ReportTest, EveryReportOpensWithWhatToDoNow) {
  for (const char* example : kExamples) {
    const std::string text = Report(example);
    const std::vector<std::string> lines = Lines(text);
    ASSERT_GE(lines.size(), 4u) << example;
    EXPECT_EQ(lines[0], Pht().title()) << example;
    EXPECT_EQ(lines[1], "Decision support for the treating clinician: it does not replace clinical judgement.");
    EXPECT_TRUE(lines[3] == "== What to do now ==" || lines[3] == "== WHAT TO DO NOW ==") << example << ": " << lines[3];
    // The whole disclaimer closes the report.
    EXPECT_THAT(Unwrapped(text), HasSubstr(Unwrapped(Pht().disclaimer()))) << example;
  }
}

TEST(ReportTest, AnEmergencyReferralStandsOutWithMeanwhileAndSafetyNetAndNoPlan) {
  const std::string text = Report(kEmergency);
  EXPECT_EQ(Headings(text).front(), "== WHAT TO DO NOW ==");
  const std::string now = Unwrapped(Section(text, "What to do now"));
  EXPECT_THAT(now, StartsWith("! Refer: Emergency spinal assessment: Now, as an emergency; to be seen within hours"));
  EXPECT_THAT(now, HasSubstr("Meanwhile: No exercise or other treatment from this assessment."));
  EXPECT_THAT(now, HasSubstr("Safety net: If the patient cannot be seen within hours"));
  EXPECT_THAT(now, HasSubstr("- Red-flag level: Emergency: same day, within hours"));
  EXPECT_THAT(now, HasSubstr("- Pathway: Stop: emergency referral"));
  // Nothing that belongs to a plan, and no undecided headline in the summary.
  EXPECT_EQ(Section(text, "Plan"), "");
  EXPECT_THAT(text, Not(HasSubstr("Exercises")));
  EXPECT_THAT(text, Not(HasSubstr("Dosage")));
  EXPECT_THAT(now, Not(HasSubstr("not decided")));
}

TEST(ReportTest, AnIncompleteScreenSaysWhatToAskBeforeAnyLoadingAndMarksTheHeadlineNotFinal) {
  const Evaluation ev = EvaluateExample(kMissing);
  const std::string text = RenderText(Pht(), ev);
  const std::string now = Unwrapped(Section(text, "What to do now"));
  EXPECT_THAT(now, StartsWith("! Ask the cauda equina questions now:"));
  EXPECT_THAT(now, HasSubstr("! No loading until the red-flag screen is complete:"));
  // "None" is not a reassurance while questions could raise it.
  EXPECT_THAT(now, HasSubstr("- Red-flag level: None so far (not final: it could rise)"));
  EXPECT_THAT(now, HasSubstr("- Stage: Indeterminate (not final)"));
  EXPECT_THAT(now, HasSubstr("Not final: an answer to a question under Ask next would change it."));
  // Safety first: the questions whose answer means an emergency come first.
  ASSERT_FALSE(ev.ask_next.empty());
  EXPECT_EQ(ev.ask_next.front().field, "saddle_anaesthesia");
  const std::string ask = Unwrapped(Section(text, "Ask next"));
  EXPECT_THAT(ask, HasSubstr("1. " + ev.ask_next.front().question +
                             " If yes: Red-flag level becomes Emergency: same day, within hours (now None)"));
  // Eight in the summary, and every safety question (of the first rank)
  // beyond them; every one in the full report.
  std::size_t shown = 0;
  while (shown < ev.ask_next.size() && (shown < 8 || ev.ask_next[shown].rank == ev.ask_next.front().rank)) ++shown;
  EXPECT_GT(shown, 8u);
  for (std::size_t i = 0; i < shown; ++i)
    EXPECT_THAT(ask, HasSubstr(std::to_string(i + 1) + ". " + ev.ask_next[i].question)) << i;
  EXPECT_THAT(ask, HasSubstr(std::to_string(ev.ask_next.size() - shown) + " more questions would change the result"));
  EXPECT_THAT(Report(kMissing, ReportDetail::kFull),
              HasSubstr("  " + std::to_string(ev.ask_next.size()) + ". "));
}

TEST(ReportTest, AskNextShowsWhatAListGainsAndAnswersNumbersAsRanges) {
  const std::string ask = Unwrapped(Section(Report(kLumbarFirst), "Ask next"));
  EXPECT_THAT(ask, HasSubstr("If yes: Referrals: adds GP or psychology support"));
  // Numbers are answered as ranges: every value from 12 weeks up adds the review.
  EXPECT_THAT(ask, HasSubstr("If 12 weeks or more: Referrals: adds Sport and exercise medicine review"));
}

TEST(ReportTest, AReferralThatHoldsThePlanBackCarriesItsOwnAdvice) {
  const std::string now = Unwrapped(Section(Report(kAvulsion), "What to do now"));
  EXPECT_THAT(now, HasSubstr("! Refer: Urgent orthopaedic or sports medicine review with MRI: Urgently, within 1 week."));
  EXPECT_THAT(now, HasSubstr("Meanwhile: No tendon-loading programme until the review."));
}

TEST(ReportTest, ReferralsAreShownMostUrgentFirst) {
  // The result keeps G's order (the GP review first); the report leads with
  // the referral that is needed soonest (catalogue `priority`).
  std::string assessment = Example(kReactive);
  for (const std::string field : {"\"history_of_cancer\": ", "\"neuro_deficit\": "})
    assessment.replace(assessment.find(field + "\"no\""), field.size() + 4, field + "\"yes\"");
  const Evaluation ev = MustEvaluate(Pht(), assessment);
  const OutputValue* referrals = ev.Find("referrals");
  ASSERT_NE(referrals, nullptr);
  ASSERT_EQ(referrals->items.size(), 2u);
  EXPECT_EQ(referrals->items[0].label, "GP review");
  const std::string now = Section(RenderText(Pht(), ev), "What to do now");
  const std::size_t urgent = now.find("! Refer: Urgent medical or spinal assessment: Urgently, within 1 week.");
  const std::size_t soon = now.find("! Refer: GP review: Soon, within 2 weeks.");
  ASSERT_NE(urgent, std::string::npos) << now;
  ASSERT_NE(soon, std::string::npos) << now;
  EXPECT_LT(urgent, soon);
}

// ---- the plan ----

TEST(ReportTest, ExercisesShowTheirLabelDescriptionDosageAndProgression) {
  const Evaluation ev = EvaluateExample(kLumbarFirst);
  const std::string plan = Unwrapped(Section(RenderText(Pht(), ev), "Plan"));
  const OutputValue* exercises = ev.Find("exercises");
  ASSERT_NE(exercises, nullptr);
  ASSERT_FALSE(exercises->items.empty());
  std::size_t previous = 0;
  for (const OutputItem& item : exercises->items) {
    const CatalogEntry* entry = Pht().FindCatalogEntry("exercises", item.id);
    ASSERT_NE(entry, nullptr) << item.id;
    const std::size_t at = plan.find("- " + entry->Get("label") + ": " + Unwrapped(entry->Get("description")) +
                                     " Dosage: " + Unwrapped(entry->Get("dosage")) +
                                     " Progression: " + Unwrapped(entry->Get("progression")));
    EXPECT_NE(at, std::string::npos) << item.id << " in:\n" << plan;
    if (at != std::string::npos) {
      EXPECT_GE(at, previous) << "exercises in list order";
      previous = at;
    }
  }
  EXPECT_THAT(plan, HasSubstr("- Slower progression (Peri- or postmenopausal)"));
  EXPECT_THAT(plan, HasSubstr("Phase status: Provisional: a safety cap applies"));
}

TEST(ReportTest, ThePlanStatesThePainMonitoringRulesWithTheirNumbersAndWhenToReview) {
  // The summary shows each notice's short form, the full report its whole text.
  const std::string plan = Unwrapped(Section(Report(kReactive), "Plan"));
  EXPECT_THAT(plan, HasSubstr("Pain monitoring during exercise and the next morning: Familiar pain, 0 to 10, during "
                              "each session and the next morning: 0 to 3 acceptable"));
  EXPECT_THAT(plan, HasSubstr("above 3 but below 6 hold the load; 6 or more step that exercise or the phase back."));
  EXPECT_THAT(plan, HasSubstr("When to review: Review after at least 2 weeks in this phase, with a pain diary"));
  EXPECT_THAT(plan, Not(HasSubstr("Use the same monitoring test at the same time each day")));
  const std::string full = Unwrapped(Section(Report(kReactive, ReportDetail::kFull), "Plan"));
  EXPECT_THAT(full, HasSubstr("During exercise or running, 0 to 3 out of 10 is acceptable"));
  EXPECT_THAT(full, HasSubstr("Use the same monitoring test at the same time each day"));
  EXPECT_THAT(full, HasSubstr("When to review: Review once the patient has spent at least 2 weeks in this phase"));
}

// ---- why ----

TEST(ReportTest, TheSummaryWhyShowsTheRulesThatDecidedTheHeadlineWithTheirFacts) {
  const Evaluation ev = EvaluateExample(kEmergency);
  const std::string why = Section(RenderText(Pht(), ev), "Why");
  EXPECT_THAT(why, HasSubstr("  1. Possible cauda equina syndrome or progressive neurological deficit\n"));
  EXPECT_THAT(why, HasSubstr("     - Altered saddle sensation: yes\n     - New bladder or bowel problem: yes\n"));
  EXPECT_THAT(why, HasSubstr("     Basis: evidence expert opinion\n"));
  // Only the deciding rule (RF1 decides red-flag level, referrals, pathway);
  // the confidence rule CF0 decides no headline line.
  EXPECT_THAT(why, Not(HasSubstr("  2. ")));
}

TEST(ReportTest, TheFullWhyShowsEveryFiredRuleAndMarksTheReplacedOnes) {
  const Evaluation ev = EvaluateExample(kLumbarFirst);
  ReportOptions full;
  full.detail = ReportDetail::kFull;
  const std::string why = Unwrapped(Section(RenderReport(Pht(), ev, full), "Why"));
  std::size_t previous = 0;
  for (std::size_t i = 0; i < ev.explanation.size(); ++i) {
    const RuleExplanation& ex = ev.explanation[i];
    const std::size_t at = why.find(std::to_string(i + 1) + ". " + ex.title + " (rule " + ex.rule_id + "): " +
                                    Unwrapped(ex.rationale));
    EXPECT_NE(at, std::string::npos) << ex.rule_id << " in:\n" << why;
    if (at != std::string::npos) {
      EXPECT_GE(at, previous);
      previous = at;
    }
  }
  // PH1 (start in Phase 1) was replaced by PH4 (the lumbar cap).
  EXPECT_THAT(why, HasSubstr("Replaced by: Provisional plan with a phase cap: this rule no longer decides anything"));
  // The summary does not present the replaced rule at all.
  EXPECT_THAT(Section(RenderText(Pht(), ev), "Why"), Not(HasSubstr("Start in Phase 1")));
}

// ---- not recorded, references, provenance ----

TEST(ReportTest, NotRecordedListsEachMissingItemOnceByItsLabel) {
  const Evaluation ev = EvaluateExample(kMissing);
  const std::string text = RenderText(Pht(), ev);
  const std::string missing = Unwrapped(Section(text, "Not recorded"));
  // "a|b|c" reads as its labels, any one of which answers it.
  EXPECT_THAT(missing, HasSubstr("- Modified bent-knee stretch test or Bent-knee stretch test or Puranen-Orava test "
                                 "(either one)"));
  EXPECT_THAT(text, Not(HasSubstr("|")));
  // What "ask next" asks is not repeated.
  for (const AskNextItem& item : ev.ask_next) EXPECT_THAT(missing, Not(HasSubstr("- " + item.label + " ")));
  EXPECT_EQ(Section(Report(kEmergency), "Not recorded"), "");
}

TEST(ReportTest, TheFullReportNumbersEachReferenceOnceInTheOrderFirstCited) {
  const Evaluation ev = EvaluateExample(kLumbarFirst);
  ReportOptions full;
  full.detail = ReportDetail::kFull;
  const std::string text = RenderReport(Pht(), ev, full);
  const std::string refs = Unwrapped(Section(text, "References"));
  // Citation marks [n] before the list: each new number is the next one.
  const std::string body = text.substr(0, text.find("\n== References ==\n"));
  int highest = 0;
  for (std::size_t at = body.find('['); at != std::string::npos; at = body.find('[', at + 1)) {
    const int n = std::atoi(body.c_str() + at + 1);
    if (n == 0) continue;
    EXPECT_LE(n, highest + 1) << "reference [" << n << "] cited before [" << highest + 1 << "]";
    highest = std::max(highest, n);
  }
  EXPECT_GT(highest, 5);
  EXPECT_THAT(refs, HasSubstr(std::to_string(highest) + ". "));
  EXPECT_THAT(refs, Not(HasSubstr(std::to_string(highest + 1) + ". ")));
  // Every cited reference is listed exactly once.
  for (const RuleExplanation& ex : ev.explanation)
    for (const Citation& c : ex.citations) {
      const std::string entry = Unwrapped(c.reference);
      EXPECT_NE(refs.find(entry), std::string::npos) << c.key;
      EXPECT_EQ(refs.find(entry), refs.rfind(entry)) << c.key;
    }
  EXPECT_THAT(Section(RenderText(Pht(), ev), "References"), "");
}

TEST(ReportTest, ProvenanceNamesTheRuleSetTheFingerprintAndAnyOverride) {
  EXPECT_THAT(Report(kLumbarFirst), HasSubstr("\nRule set pht version 2.0.0 (testing), fingerprint " +
                                              Pht().fingerprint().substr(0, 12) + ", sitbone "));
  LoadOptions options;
  options.threshold_overrides = {{"stage_pain_reactive_min", 6}};
  auto rules = LoadClean(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/pht", options);
  ASSERT_NE(rules, nullptr);
  const Evaluation ev = MustEvaluate(*rules, Example(kMissing));
  EXPECT_THAT(RenderText(*rules, ev), HasSubstr("\nThresholds changed for this run: stage_pain_reactive_min = 6.\n"));
}

TEST(ReportTest, WithoutTheExplanationTheReportSaysWhatWasNotChecked) {
  Result<Evaluation> ev =
      Pht().Evaluate(testing_support::MustParse(Pht(), Example(kMissing)), EvaluateOptions{false, false});
  ASSERT_TRUE(ev.has_value());
  EXPECT_FALSE(ev->ask_next_evaluated);
  const std::string text = RenderText(Pht(), *ev);
  EXPECT_THAT(Unwrapped(text), HasSubstr("Not checked: this result was evaluated without its explanation"));
  EXPECT_THAT(text, Not(HasSubstr("(not final)")));
  EXPECT_THAT(text, Not(HasSubstr("== Why ==")));
  // No claim that answers would not change the result: that was not computed.
  EXPECT_THAT(Section(text, "Not recorded"), StartsWith("  Record these to complete the assessment.\n"));
  EXPECT_TRUE(EvaluateExample(kMissing).ask_next_evaluated);
}

TEST(ReportTest, ARuleSetWithoutHeadlineOutputsMakesNoClaimAboutWhatAnswersWouldChange) {
  auto rules = LoadClean(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/examples/tendon_triage");
  ASSERT_NE(rules, nullptr);
  const Evaluation ev = MustEvaluate(*rules, "saddle_anaesthesia: no\npain_nrs: 4\nbridge_test: positive\n");
  ASSERT_FALSE(ev.missing_data.empty());
  const std::string text = RenderText(*rules, ev);
  EXPECT_THAT(Section(text, "Not recorded"), StartsWith("  Record these to complete the assessment.\n"));
  EXPECT_THAT(Section(text, "What to do now"), HasSubstr("Nothing to act on before the sections below"));
}

// ---- formats ----

TEST(ReportTest, MarkdownHasTheSameSectionsAsHeadings) {
  const std::string md = Report(kEmergency, ReportDetail::kSummary, ReportFormat::kMarkdown);
  EXPECT_THAT(md, StartsWith("# " + Pht().title() + "\n"));
  EXPECT_THAT(md, HasSubstr("\n## What to do now\n\n- **(!)** **Refer: Emergency spinal assessment**: Now, as an emergency"));
  EXPECT_THAT(md, HasSubstr("  - *Meanwhile*: No exercise"));
  EXPECT_LT(md.find("## What to do now"), md.find("## Why"));
}

TEST(ReportTest, HtmlIsOneSelfContainedPageWithOneArticlePerAssessment) {
  const Evaluation a = EvaluateExample(kEmergency), b = EvaluateExample(kReactive);
  ReportOptions html;
  html.format = ReportFormat::kHtml;
  const std::string page = RenderReports(Pht(), {{"05.json", &a}, {"01.json", &b}}, html);
  EXPECT_THAT(page, StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
  EXPECT_THAT(page, HasSubstr("<section class=\"alert\">\n<h2>What to do now</h2>"));
  EXPECT_THAT(page, HasSubstr("<p>Assessment: <code>05.json</code></p>"));
  std::size_t articles = 0;
  for (std::size_t at = page.find("<article>"); at != std::string::npos; at = page.find("<article>", at + 1)) ++articles;
  EXPECT_EQ(articles, 2u);
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, Not(HasSubstr("http")));  // no external file
  // A fragment for embedding: the scoped style and the container only.
  html.html_fragment = true;
  const std::string fragment = RenderReport(Pht(), a, html);
  EXPECT_THAT(fragment, StartsWith("<style>\n.sitbone-report "));
  EXPECT_THAT(fragment, Not(HasSubstr("<html")));
  EXPECT_THAT(fragment, HasSubstr("<div class=\"sitbone-report\">"));
}

TEST(ReportTest, SeveralTextReportsAreHeadedAndSeparated) {
  const Evaluation a = EvaluateExample(kEmergency), b = EvaluateExample(kReactive);
  const std::string text = RenderReports(Pht(), {{"05.json", &a}, {"01.json", &b}});
  EXPECT_THAT(text, HasSubstr("\nAssessment: 05.json\n"));
  EXPECT_THAT(text, HasSubstr("\n" + std::string(72, '=') + "\n\n" + Pht().title() + "\nAssessment: 01.json\n"));
}

}  // namespace
}  // namespace sitbone
