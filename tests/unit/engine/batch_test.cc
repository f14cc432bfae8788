// EvaluateBatch: every row gives the same result as RuleSet::Evaluate on the
// same values, whatever the thread count; bad values become error rows;
// column problems are errors of the call.
#include "sitbone/batch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "sitbone/sitbone.h"

namespace sitbone {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<const RuleSet> Pht() {
  static std::shared_ptr<const RuleSet> rules = [] {
    CompileResult r = LoadRuleSet(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/pht");
    EXPECT_TRUE(r.ok()) << r.diagnostics.Format();
    return r.rule_set;
  }();
  return rules;
}

// A random cohort as columns, with the labels each coded column uses
// (including "unknown" and, with `invalid`, a label the field does not allow).
struct Cohort {
  std::size_t rows = 0;
  std::vector<std::vector<double>> numbers;
  std::vector<std::vector<std::int32_t>> codes;
  std::vector<InputColumn> columns;
};

Cohort MakeCohort(const RuleSet& rules, std::size_t rows, unsigned seed, bool invalid) {
  Cohort c;
  c.rows = rows;
  std::mt19937 rng(seed);
  const auto& fields = rules.schema()->fields();
  c.numbers.resize(fields.size());
  c.codes.resize(fields.size());
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const FieldSpec& spec = fields[f];
    InputColumn col;
    col.name = spec.name;
    if (spec.type == FieldType::kInt || spec.type == FieldType::kNumber) {
      auto& v = c.numbers[f];
      for (std::size_t r = 0; r < rows; ++r) {
        double x = std::uniform_int_distribution<int>(static_cast<int>(*spec.min), static_cast<int>(std::min(*spec.max, *spec.min + 25)))(rng);
        if (rng() % 7 == 0) x = std::nan("");
        if (invalid && rng() % 997 == 0) x = *spec.max + 1;  // out of range
        v.push_back(x);
      }
      col.numbers = v.data();
    } else {
      if (spec.type == FieldType::kTri) col.labels = {"yes", "no", "unknown"};
      if (spec.type == FieldType::kTest) col.labels = {"positive", "negative", "unknown"};
      if (spec.type == FieldType::kEnum) {
        col.labels = spec.values;
        col.labels.push_back("unknown");
      }
      if (invalid) col.labels.push_back("not-a-value");
      auto& v = c.codes[f];
      for (std::size_t r = 0; r < rows; ++r) {
        auto n = static_cast<std::int32_t>(col.labels.size() - (invalid ? 1 : 0));
        std::int32_t code = static_cast<std::int32_t>(rng() % static_cast<unsigned>(n + 1)) - 1;  // -1 = missing
        // red-flag style tri fields: mostly "no" so rows reach the plan
        if (spec.type == FieldType::kTri && rng() % 4 != 0) code = 1;
        if (invalid && rng() % 997 == 0) code = n;  // the invalid label
        v.push_back(code);
      }
      col.codes = v.data();
    }
    c.columns.push_back(std::move(col));
  }
  return c;
}

// The row as a single assessment, through the builder (the single-row path).
Result<Assessment> RowAssessment(const RuleSet& rules, const Cohort& c, std::size_t row) {
  AssessmentBuilder b(rules.schema());
  for (const InputColumn& col : c.columns) {
    Status s;
    if (col.numbers) {
      double v = col.numbers[row];
      s = std::isnan(v) ? b.SetNull(col.name) : b.SetNumber(col.name, v);
    } else {
      std::int32_t code = col.codes[row];
      s = code < 0 ? b.SetNull(col.name) : b.SetText(col.name, col.labels[static_cast<std::size_t>(code)]);
    }
    if (!s.ok()) return s;
  }
  return b.Build();
}

std::string CellText(const OutputColumn& col, std::size_t row) {
  if (col.kind == OutputColumn::Kind::kNumber) {
    double v = col.numbers[row];
    if (std::isnan(v)) return "null";
    return col.is_integer ? std::to_string(static_cast<long long>(v)) : std::to_string(v);
  }
  std::int32_t code = col.codes[row];
  if (code < 0) return "null";
  const auto& cat = col.categories[static_cast<std::size_t>(code)];
  if (!col.is_list) return cat[0];
  std::string s = "[";
  for (std::size_t i = 0; i < cat.size(); ++i) s += (i ? ", " : "") + cat[i];
  return s + "]";
}

std::string EvalText(const Evaluation& ev, const std::string& name) {
  if (name == "missing_data" || name == "trace") {
    const auto& list = name == "trace" ? ev.trace : ev.missing_data;
    std::string s = "[";
    for (std::size_t i = 0; i < list.size(); ++i) s += (i ? ", " : "") + list[i];
    return s + "]";
  }
  const OutputValue* v = ev.Find(name);
  return v ? v->ToString() : "<absent>";
}

TEST(BatchTest, EveryRowEqualsSingleEvaluation) {
  auto rules = Pht();
  Cohort c = MakeCohort(*rules, 20000, 11, /*invalid=*/true);
  Result<BatchResult> batch = EvaluateBatch(*rules, c.columns, c.rows);
  ASSERT_TRUE(batch.has_value()) << batch.error().ToString();
  ASSERT_EQ(batch->rows, c.rows);
  std::size_t errors = 0, evaluated = 0;
  EvaluateOptions no_explain;
  no_explain.explain = false;
  for (std::size_t row = 0; row < c.rows; ++row) {
    Result<Assessment> a = RowAssessment(*rules, c, row);
    if (!a) {
      ++errors;
      EXPECT_FALSE(batch->errors[row].empty()) << "row " << row << ": " << a.error().message();
      // The same check and the same words as a single assessment.
      std::string single = a.error().message();
      ASSERT_EQ(single.rfind("field '", 0), 0u) << single;
      EXPECT_EQ(batch->errors[row], "column '" + single.substr(7)) << "row " << row;
      for (const auto& col : batch->columns) EXPECT_EQ(CellText(col, row), col.is_list ? "null" : "null");
      continue;
    }
    ASSERT_TRUE(batch->errors[row].empty()) << "row " << row << ": " << batch->errors[row];
    Result<Evaluation> ev = rules->Evaluate(*a, no_explain);
    ASSERT_TRUE(ev.has_value());
    ++evaluated;
    for (const auto& col : batch->columns)
      ASSERT_EQ(CellText(col, row), EvalText(*ev, col.name)) << "row " << row << " column " << col.name;
  }
  EXPECT_EQ(batch->error_count, errors);
  EXPECT_GT(errors, 50u);
  EXPECT_GT(evaluated, 15000u);
}

TEST(BatchTest, ThreadsDoNotChangeCodesOrCategories) {
  auto rules = Pht();
  Cohort c = MakeCohort(*rules, 30000, 5, /*invalid=*/false);
  Result<BatchResult> one = EvaluateBatch(*rules, c.columns, c.rows);
  BatchOptions options;
  options.threads = 3;
  Result<BatchResult> three = EvaluateBatch(*rules, c.columns, c.rows, options);
  ASSERT_TRUE(one && three);
  ASSERT_EQ(one->columns.size(), three->columns.size());
  for (std::size_t i = 0; i < one->columns.size(); ++i) {
    EXPECT_EQ(one->columns[i].codes, three->columns[i].codes) << one->columns[i].name;
    EXPECT_EQ(one->columns[i].categories, three->columns[i].categories) << one->columns[i].name;
  }
}

TEST(BatchTest, ColumnsHaveTheDeclaredOutputsThenMissingDataAndTrace) {
  auto rules = Pht();
  Result<BatchResult> r = EvaluateBatch(*rules, {}, 2);
  ASSERT_TRUE(r);
  std::vector<std::string> names;
  for (const auto& col : r->columns) names.push_back(col.name);
  std::vector<std::string> want = rules->output_names();
  want.push_back("missing_data");
  want.push_back("trace");
  EXPECT_EQ(names, want);
  // No column: every field unknown (visit_number takes its default), so the screen is incomplete.
  EXPECT_EQ(CellText(r->columns[4], 0), "complete_screen_first");
}

TEST(BatchTest, UnknownColumnIsAnErrorWithASuggestion) {
  auto rules = Pht();
  std::vector<double> v = {1, 2};
  InputColumn col;
  col.name = "age_year";
  col.numbers = v.data();
  Result<BatchResult> r = EvaluateBatch(*rules, {col}, 2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.error().message(), HasSubstr("did you mean 'age_years'"));
}

TEST(BatchTest, WrongColumnKindsAndDuplicatesAreErrors) {
  auto rules = Pht();
  std::vector<double> v = {1};
  std::vector<std::int32_t> codes = {0};
  InputColumn numbers_for_tri{"diabetes", v.data(), nullptr, {}};
  EXPECT_THAT(EvaluateBatch(*rules, {numbers_for_tri}, 1).error().message(), HasSubstr("give labels"));
  InputColumn codes_for_int{"age_years", nullptr, codes.data(), {"40"}};
  EXPECT_THAT(EvaluateBatch(*rules, {codes_for_int}, 1).error().message(), HasSubstr("give numbers"));
  InputColumn age{"age_years", v.data(), nullptr, {}};
  EXPECT_THAT(EvaluateBatch(*rules, {age, age}, 1).error().message(), HasSubstr("given twice"));
}

TEST(BatchTest, BadValuesBecomeErrorRowsAndOtherRowsAreEvaluated) {
  auto rules = Pht();
  std::vector<double> pain = {3, 11, 6.5, std::nan("")};
  std::vector<std::int32_t> gap = {0, 0, 0, 1};
  InputColumn pain_col{"pain_worst_24h_nrs", pain.data(), nullptr, {}};
  InputColumn gap_col{"palpable_gap", nullptr, gap.data(), {"no", "perhaps"}};
  Result<BatchResult> r = EvaluateBatch(*rules, {pain_col, gap_col}, 4);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->errors[0].empty());
  EXPECT_THAT(r->errors[1], HasSubstr("column 'pain_worst_24h_nrs': 11 (out of range) is not valid"));
  EXPECT_THAT(r->errors[2], HasSubstr("column 'pain_worst_24h_nrs': 6.5 is not valid"));
  EXPECT_THAT(r->errors[3], HasSubstr("column 'palpable_gap': 'perhaps' is not valid"));
  EXPECT_EQ(r->error_count, 3u);
  EXPECT_EQ(CellText(r->columns[4], 0), "complete_screen_first");
  EXPECT_EQ(CellText(r->columns[4], 1), "null");
}

}  // namespace
}  // namespace sitbone
