// Properties of the clinician report (src/output/report.cc) over every worked
// case and 10,000 random PHT assessments (tests/rules/pht_generator.h), in
// both details and in text and Markdown:
//  - no internal name reaches the reader: no snake_case id, no `|`, no
//    `field=value` pair;
//  - every deciding fact about an input is true of that input;
//  - no superseded rule is presented as deciding: the summary's "Why" holds
//    exactly the rules that decided the headline, and none of them was
//    replaced;
//  - every "ask next" answer, given as stated, changes the output it names
//    from the value it says to the value it says (checked by evaluating it;
//    for a number's open range, "12 weeks or more", at the end of the field's
//    range too);
//  - a referral never comes with a loading programme.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cctype>
#include <string>
#include <vector>

#include "pht_generator.h"
#include "sitbone/sitbone.h"

namespace sitbone {
namespace {

using testing_support::Generator;
using testing_support::Json;
using testing_support::ToAssessment;
using testing_support::VignetteInputs;

const RuleSet& Pht() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    CompileResult r = LoadRuleSet(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/pht");
    EXPECT_TRUE(r.ok()) << r.diagnostics.Format();
    return r.rule_set;
  }();
  return *rules;
}

// What a list or scalar output reads as in "ask next" ("none" for an empty list).
std::string Shown(const OutputValue& v) {
  if (v.kind != OutputValue::Kind::kList) return v.label;
  std::string text;
  for (const auto& item : v.items) text += (text.empty() ? "" : "; ") + item.label;
  return text.empty() ? "none" : text;
}

bool Word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The first snake_case word (letters or digits on both sides of a '_'), or "".
std::string SnakeCaseWord(const std::string& text) {
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] != '_' || !std::isalnum(static_cast<unsigned char>(text[i - 1])) ||
        !std::isalnum(static_cast<unsigned char>(text[i + 1])))
      continue;
    std::size_t a = i, b = i;
    while (a > 0 && Word(text[a - 1])) --a;
    while (b < text.size() && Word(text[b])) ++b;
    return text.substr(a, b - a);
  }
  return "";
}

// The first "word=word", or "".
std::string FieldValuePair(const std::string& text) {
  for (std::size_t i = 1; i + 1 < text.size(); ++i)
    if (text[i] == '=' && Word(text[i - 1]) && Word(text[i + 1])) return text.substr(i - 1, 3);
  return "";
}

// Markdown without its backslash escapes.
std::string Unescaped(const std::string& md) {
  std::string out;
  for (std::size_t i = 0; i < md.size(); ++i) {
    if (md[i] == '\\' && i + 1 < md.size()) ++i;
    out += md[i];
  }
  return out;
}

double LeadingNumber(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

// The fact about input `field` is true of the assessment: its value is the
// input's value, and a comparison it states holds.
void ExpectFactTrue(const Assessment& a, const DecidingFact& f, int field, const std::string& context) {
  const FieldSpec& spec = a.schema().field(static_cast<std::size_t>(field));
  if (f.relation == "is not recorded") {
    EXPECT_FALSE(a.known(static_cast<std::size_t>(field))) << context << f.text;
    return;
  }
  ASSERT_TRUE(a.known(static_cast<std::size_t>(field))) << context << f.text;
  const double x = a.encoded(static_cast<std::size_t>(field));
  switch (spec.type) {
    case FieldType::kTri: EXPECT_EQ(f.value, x != 0 ? "yes" : "no") << context << f.text; break;
    case FieldType::kTest: EXPECT_EQ(f.value, x != 0 ? "positive" : "negative") << context << f.text; break;
    case FieldType::kEnum: {
      const std::size_t k = static_cast<std::size_t>(x);
      EXPECT_EQ(f.value, spec.value_labels.at(k).empty() ? spec.values.at(k) : spec.value_labels.at(k))
          << context << f.text;
      break;
    }
    case FieldType::kInt:
    case FieldType::kNumber: {
      EXPECT_EQ(LeadingNumber(f.value), x) << context << f.text;
      const double y = LeadingNumber(f.compared_with);
      if (f.relation == "<") {
        EXPECT_LT(x, y) << context << f.text;
      }
      if (f.relation == "<=") {
        EXPECT_LE(x, y) << context << f.text;
      }
      if (f.relation == ">") {
        EXPECT_GT(x, y) << context << f.text;
      }
      if (f.relation == ">=") {
        EXPECT_GE(x, y) << context << f.text;
      }
      break;
    }
  }
}

struct Tally {
  long reports = 0, facts = 0, answers = 0, referrals = 0;
};

void Check(const Json& doc, Tally* tally) {
  const RuleSet& rules = Pht();
  const Assessment a = ToAssessment(rules, doc);
  Result<Evaluation> r = rules.Evaluate(a);
  ASSERT_TRUE(r.has_value()) << doc.dump();
  const Evaluation& ev = *r;
  const std::string context = doc.dump() + "\n";

  for (ReportDetail detail : {ReportDetail::kSummary, ReportDetail::kFull}) {
    ReportOptions options;
    options.detail = detail;
    const std::string text = RenderReport(rules, ev, options);
    ++tally->reports;
    EXPECT_EQ(SnakeCaseWord(text), "") << "an id in the report\n" << context;
    EXPECT_EQ(text.find('|'), std::string::npos) << context;
    EXPECT_EQ(FieldValuePair(text), "") << "a field=value pair in the report\n" << context;
    // Markdown says the same with its escapes: unescaped, it holds no id.
    options.format = ReportFormat::kMarkdown;
    EXPECT_EQ(SnakeCaseWord(Unescaped(RenderReport(rules, ev, options))), "") << "an id in the Markdown report\n"
                                                                                << context;

    // Referrals come without a loading programme.
    const OutputValue* referrals = ev.Find("referrals");
    const OutputValue* pathway = ev.Find("pathway");
    if (referrals && !referrals->items.empty() && pathway && pathway->symbol != "lumbar_first" &&
        pathway->symbol != "tendon_rehab") {
      ++tally->referrals;
      EXPECT_EQ(text.find("\nExercises\n"), std::string::npos) << context;
      EXPECT_EQ(text.find("  Exercises\n"), std::string::npos) << context;
    }
  }

  // Deciding facts about inputs are true of the input.
  for (const RuleExplanation& ex : ev.explanation)
    for (const DecidingFact& f : ex.deciding_facts) {
      const int field = rules.schema()->Find(f.subject);
      if (field < 0) continue;
      ++tally->facts;
      ExpectFactTrue(a, f, field, context + ex.rule_id + ": ");
    }

  // The rules that decided the headline never were replaced, and the
  // summary's "Why" lists their titles and no "Replaced by".
  const std::string summary = RenderText(rules, ev);
  EXPECT_EQ(summary.find("Replaced by"), std::string::npos) << context;
  for (const auto& [output, rule] : ev.decided_by) {
    if (rule.empty()) continue;
    for (const RuleExplanation& ex : ev.explanation)
      if (ex.rule_id == rule) {
        EXPECT_EQ(ex.superseded_by, "") << output << " decided by a replaced rule\n" << context;
      }
  }

  // Every "ask next" answer changes what it says it changes.
  for (const AskNextItem& item : ev.ask_next)
    for (const AskNextAnswer& answer : item.answers) {
      Json changed = doc;
      const FieldSpec& spec = rules.schema()->field(static_cast<std::size_t>(rules.schema()->Find(item.field)));
      if (spec.type == FieldType::kInt || spec.type == FieldType::kNumber) {
        changed[item.field] = std::strtod(answer.value.c_str(), nullptr);
      } else {
        changed[item.field] = answer.value;
      }
      // A number's answer stands for a range ("12 weeks or more"): its first
      // value, and for an open range the end of the field's range too.
      std::vector<Json> tries = {changed};
      const std::string label = answer.label;
      if (label.size() > 8 && label.compare(label.size() - 8, 8, " or more") == 0 && spec.max) {
        tries.push_back(doc);
        tries.back()[item.field] = *spec.max;
      }
      if (label.size() > 8 && label.compare(label.size() - 8, 8, " or less") == 0 && spec.min) {
        tries.push_back(doc);
        tries.back()[item.field] = *spec.min;
      }
      for (const Json& t : tries) {
        Result<Evaluation> alt = rules.Evaluate(ToAssessment(rules, t), EvaluateOptions{false, false});
        ASSERT_TRUE(alt.has_value());
        ++tally->answers;
        for (const OutputChange& c : answer.changes) {
          const OutputValue* before = ev.Find(c.output);
          const OutputValue* after = alt->Find(c.output);
          ASSERT_TRUE(before && after) << c.output;
          EXPECT_EQ(Shown(*before), c.from) << item.field << " " << label << ": " << c.output << "\n" << context;
          EXPECT_EQ(Shown(*after), c.to) << item.field << " " << t[item.field].dump() << " (" << label << "): "
                                         << c.output << "\n" << context;
        }
      }
    }
}

TEST(PhtReportTest, WorkedCasesReadAsClinicalText) {
  Tally tally;
  for (const Json& doc : VignetteInputs()) Check(doc, &tally);
  EXPECT_GT(tally.reports, 20);
  EXPECT_GT(tally.answers, 20);
  EXPECT_GT(tally.referrals, 2);
}

TEST(PhtReportTest, RandomAssessmentsReadAsClinicalText) {
  Generator generator(Pht(), 20261207);
  Tally tally;
  for (int i = 0; i < 10000 && !::testing::Test::HasFailure(); ++i) Check(generator.Next(), &tally);
  // The properties were exercised, not vacuously true.
  EXPECT_EQ(tally.reports, 20000);
  EXPECT_GT(tally.facts, 100000);
  EXPECT_GT(tally.answers, 10000);
  EXPECT_GT(tally.referrals, 500);
}

}  // namespace
}  // namespace sitbone
