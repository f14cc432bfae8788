// Throughput of the PHT rule set through the engine, against the hand-written
// reference implementation of the same model (tests/reference) as the
// baseline, on one cohort of random assessments drawn from the input schema.
//
//   BM_Reference            hand-written if/else (the practical speed limit)
//   BM_Engine               RuleSet::Evaluate into a reused Workspace (allocation-free)
//   BM_EngineRecording      the same with every node value recorded (what explain needs)
//   BM_EngineMaterialize    + Materialize to an Evaluation without explanation
//   BM_EngineExplain        RuleSet::Evaluate(assessment) with the full explanation
//   BM_Batch/N              EvaluateBatch over columns, N threads (rows/s)
//
// bench/run_benchmarks.sh prints each as a ratio to BM_Reference.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <random>
#include <set>
#include <vector>

#include "pht_reference.h"
#include "pht_reference_json.h"
#include "sitbone/sitbone.h"

namespace {

using sitbone::Assessment;
using Json = nlohmann::json;

struct Cohort {
  std::shared_ptr<const sitbone::RuleSet> rules;
  std::vector<Assessment> assessments;
  std::vector<sitbone::reference::PhtInput> inputs;
};

// 4,096 assessments: each field unknown with probability 0.1, otherwise a
// value drawn uniformly from its allowed values or range; the red-flag and
// trauma items are "no" 97% of the time, as in a clinic, so that most records
// go through the whole model to a plan (the expensive path).
const Cohort& GetCohort() {
  static const Cohort cohort = [] {
    Cohort c;
    sitbone::CompileResult loaded = sitbone::LoadRuleSet(std::string(SITBONE_RULES_DIR_FOR_BENCH) + "/pht");
    if (!loaded.ok()) {
      fprintf(stderr, "%s", loaded.diagnostics.Format().c_str());
      std::abort();
    }
    c.rules = loaded.rule_set;
    static const std::set<std::string> kRare = {
        "saddle_anaesthesia", "new_bladder_bowel_dysfunction", "bilateral_leg_neuro_symptoms",
        "progressive_neuro_deficit", "new_sexual_dysfunction", "fever_or_unwell", "unexplained_weight_loss",
        "history_of_cancer", "night_pain_unrelated_to_load", "immunosuppressed", "palpable_gap",
        "posterior_thigh_bruising", "marked_hamstring_weakness", "focal_bony_tenderness", "pain_on_single_leg_hop",
        "low_energy_availability_risk", "neuro_deficit", "major_motor_deficit", "felt_pop_at_onset",
        "mechanism_hip_flexion_knee_extension"};
    std::mt19937 rng(42);
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    for (int i = 0; i < 4096; ++i) {
      Json doc = Json::object();
      for (const auto& f : c.rules->schema()->fields()) {
        bool rare = kRare.count(f.name) > 0;
        if (!rare && chance(0.1)) continue;
        switch (f.type) {
          case sitbone::FieldType::kTri: doc[f.name] = rare ? (chance(0.97) ? "no" : "yes") : (chance(0.5) ? "no" : "yes"); break;
          case sitbone::FieldType::kTest: doc[f.name] = chance(0.5) ? "positive" : "negative"; break;
          case sitbone::FieldType::kEnum:
            doc[f.name] = f.name == "onset" && chance(0.9)
                              ? std::string("gradual")
                              : f.values[std::uniform_int_distribution<std::size_t>(0, f.values.size() - 1)(rng)];
            break;
          default:
            doc[f.name] = std::uniform_int_distribution<int>(static_cast<int>(*f.min),
                                                             static_cast<int>(std::min(*f.max, *f.min + 30)))(rng);
        }
      }
      sitbone::Result<Assessment> a = sitbone::ParseAssessment(c.rules->schema(), doc.dump());
      if (!a) std::abort();
      c.assessments.push_back(*a);
      c.inputs.push_back(sitbone::reference::InputFromJson(doc));
    }
    return c;
  }();
  return cohort;
}

void BM_Reference(benchmark::State& state) {
  const Cohort& c = GetCohort();
  std::size_t i = 0;
  for (auto _ : state) {
    auto out = sitbone::reference::EvaluatePht(c.inputs[i++ & 4095]);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Reference);

void BM_Engine(benchmark::State& state) {
  const Cohort& c = GetCohort();
  sitbone::Workspace ws(*c.rules);
  std::size_t i = 0;
  for (auto _ : state) {
    sitbone::Status s = c.rules->Evaluate(c.assessments[i++ & 4095], ws);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Engine);
BENCHMARK(BM_Engine)->Threads(2)->UseRealTime();

void BM_EngineRecording(benchmark::State& state) {
  const Cohort& c = GetCohort();
  sitbone::Workspace ws(*c.rules);
  ws.set_explain(true);
  std::size_t i = 0;
  for (auto _ : state) {
    sitbone::Status s = c.rules->Evaluate(c.assessments[i++ & 4095], ws);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineRecording);

void BM_EngineMaterialize(benchmark::State& state) {
  const Cohort& c = GetCohort();
  sitbone::Workspace ws(*c.rules);
  sitbone::EvaluateOptions options;
  options.explain = false;
  std::size_t i = 0;
  for (auto _ : state) {
    const Assessment& a = c.assessments[i++ & 4095];
    (void)c.rules->Evaluate(a, ws);
    sitbone::Evaluation ev = c.rules->Materialize(a, ws, options);
    benchmark::DoNotOptimize(ev);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineMaterialize);

void BM_EngineExplain(benchmark::State& state) {
  const Cohort& c = GetCohort();
  std::size_t i = 0;
  for (auto _ : state) {
    auto ev = c.rules->Evaluate(c.assessments[i++ & 4095]);
    benchmark::DoNotOptimize(ev);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineExplain);

// The explanation without "ask next": BM_EngineExplain / this is the cost of
// evaluating every alternative answer of every unknown input.
void BM_EngineExplainNoAskNext(benchmark::State& state) {
  const Cohort& c = GetCohort();
  sitbone::EvaluateOptions options;
  options.ask_next = false;
  std::size_t i = 0;
  for (auto _ : state) {
    auto ev = c.rules->Evaluate(c.assessments[i++ & 4095], options);
    benchmark::DoNotOptimize(ev);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineExplainNoAskNext);

// Writing the clinician report of an evaluated assessment (docs/reports.md).
void BM_Report(benchmark::State& state, sitbone::ReportFormat format, sitbone::ReportDetail detail) {
  const Cohort& c = GetCohort();
  std::vector<sitbone::Evaluation> evaluations;
  for (std::size_t k = 0; k < 256; ++k) evaluations.push_back(*c.rules->Evaluate(c.assessments[k]));
  sitbone::ReportOptions options;
  options.format = format;
  options.detail = detail;
  std::size_t i = 0;
  for (auto _ : state) {
    std::string report = sitbone::RenderReport(*c.rules, evaluations[i++ & 255], options);
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Report, text_summary, sitbone::ReportFormat::kText, sitbone::ReportDetail::kSummary);
BENCHMARK_CAPTURE(BM_Report, text_full, sitbone::ReportFormat::kText, sitbone::ReportDetail::kFull);
BENCHMARK_CAPTURE(BM_Report, html_summary, sitbone::ReportFormat::kHtml, sitbone::ReportDetail::kSummary);

// EvaluateBatch over columns of the same cohort (4,096 rows per call),
// items = rows.
void BM_Batch(benchmark::State& state) {
  const Cohort& c = GetCohort();
  const auto& fields = c.rules->schema()->fields();
  std::vector<std::vector<double>> numbers(fields.size());
  std::vector<std::vector<std::int32_t>> codes(fields.size());
  std::vector<sitbone::InputColumn> columns;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    sitbone::InputColumn col;
    col.name = fields[f].name;
    bool numeric = fields[f].type == sitbone::FieldType::kInt || fields[f].type == sitbone::FieldType::kNumber;
    for (const auto& a : c.assessments) {
      double v = a.encoded(f);
      if (numeric) {
        numbers[f].push_back(v);
      } else {
        codes[f].push_back(std::isnan(v) ? -1 : static_cast<std::int32_t>(v));
      }
    }
    if (numeric) {
      col.numbers = numbers[f].data();
    } else {
      if (fields[f].type == sitbone::FieldType::kTri) col.labels = {"no", "yes"};
      if (fields[f].type == sitbone::FieldType::kTest) col.labels = {"negative", "positive"};
      if (fields[f].type == sitbone::FieldType::kEnum) col.labels = fields[f].values;
      col.codes = codes[f].data();
    }
    columns.push_back(std::move(col));
  }
  sitbone::BatchOptions options;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = sitbone::EvaluateBatch(*c.rules, columns, c.assessments.size(), options);
    if (!r || r->error_count) state.SkipWithError("batch failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.assessments.size()));
}
BENCHMARK(BM_Batch)->Arg(1)->Arg(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
