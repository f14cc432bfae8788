// HHT v0 peer benchmark (shared/bench/SPEC.md) on sitbone: the rule set
// rules/examples/hht_v0 evaluated over the cohort CSV with sitbone::EvaluateBatch.
//
// usage: v0_bench --data FILE.csv --cases cases.jsonl [--rules DIR] [--threads 1,2]
//                 [--reps R] [--limit N]
//
// 1. Loads the rule set and checks the 28 hand-derived cases of cases.jsonl (one
//    EvaluateBatch call over 28 rows); stops with exit code 1 on the first mismatch.
// 2. Reads the CSV (SPEC.md section 1) and builds the 28 input columns: int fields as
//    double arrays (NaN = missing), booleans as tri codes 0/1 with labels {"no", "yes"}
//    (-1 = missing), pain_24h_after_load as codes into its declared values. Column kinds
//    come from the rule set's schema; CSV columns are matched by header name.
// 3. For each thread count, R times: EvaluateBatch over all rows (timed: "eval"), then the
//    five output columns -> SPEC.md codes -> CHECKSUM (timed separately: "checksum").
//
// Prints one RESULT line (JSON) and one TIMING line (the same, for people) per thread count, with read_s, parse_s (CSV -> columns),
// eval_s (median of R calls of EvaluateBatch), eval_first_s, eval_min_s, eval_cpu_s (median
// process CPU time of those calls, all threads), checksum_s (median), eval_rps = n / eval_s,
// eval_cpu_rps = n / eval_cpu_s; then the CHECKSUM line of SPEC.md section 4, once, after checking
// that every pass of every thread count produced the same line.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <time.h>

#include "sitbone/batch.h"
#include "sitbone/rule_set.h"
#include "sitbone/schema.h"

#ifndef V0_RULES_DIR
#define V0_RULES_DIR "rules/examples/hht_v0"
#endif

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "v0_bench: %s\n", msg.c_str());
  std::exit(1);
}

double SecondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU time of the whole process (every thread), in seconds. On a loaded machine the wall
// clock includes the time other processes held the core; this does not.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) Die("cannot open " + path);
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  std::string s(static_cast<std::size_t>(size), '\0');
  if (size > 0 && std::fread(&s[0], 1, s.size(), f) != s.size()) Die("short read " + path);
  std::fclose(f);
  return s;
}

// ---- input columns, built from the rule set's schema ------------------------------------------
// Per schema field: a numeric column (int / number fields) or a coded column (tri, test, enum).
struct Columns {
  std::size_t rows = 0;
  const sitbone::Schema* schema = nullptr;
  std::vector<bool> numeric;                    // per field
  std::vector<std::vector<double>> numbers;     // per field (numeric fields)
  std::vector<std::vector<std::int32_t>> codes;  // per field (coded fields)
  std::vector<std::vector<std::string>> labels;  // per field (coded fields)

  Columns(const sitbone::Schema& s, std::size_t n) : rows(n), schema(&s) {
    const std::size_t nf = s.size();
    numeric.resize(nf);
    numbers.resize(nf);
    codes.resize(nf);
    labels.resize(nf);
    for (std::size_t f = 0; f < nf; ++f) {
      const sitbone::FieldSpec& spec = s.field(f);
      numeric[f] = spec.type == sitbone::FieldType::kInt || spec.type == sitbone::FieldType::kNumber;
      if (numeric[f]) {
        numbers[f].assign(n, kNaN);
      } else {
        codes[f].assign(n, -1);
        if (spec.type == sitbone::FieldType::kTri) labels[f] = {"no", "yes"};             // false 0, true 1
        else if (spec.type == sitbone::FieldType::kTest) labels[f] = {"negative", "positive"};
        else labels[f] = spec.values;                                                     // enum: declared order
      }
    }
  }

  std::vector<sitbone::InputColumn> View() const {
    std::vector<sitbone::InputColumn> v;
    for (std::size_t f = 0; f < numeric.size(); ++f) {
      sitbone::InputColumn c;
      c.name = schema->field(f).name;
      if (numeric[f]) {
        c.numbers = numbers[f].data();
      } else {
        c.codes = codes[f].data();
        c.labels = labels[f];
      }
      v.push_back(std::move(c));
    }
    return v;
  }
};

// One cell [b, e) of field f, row r. Empty = missing. Booleans: true/false (JSON and CSV
// spelling) -> label "yes"/"no" (codes 1/0); enum: one of the declared values.
bool SetCell(Columns& c, std::size_t f, std::size_t r, const char* b, const char* e) {
  if (b == e) return true;  // missing: NaN / -1 already
  if (c.numeric[f]) {
    double v = 0;
    const char* q = b;
    for (; q < e && *q >= '0' && *q <= '9'; ++q) v = v * 10 + (*q - '0');
    if (q != e) {  // not a plain non-negative integer: let strtod decide
      std::string s(b, e);
      char* end = nullptr;
      v = std::strtod(s.c_str(), &end);
      if (end != s.c_str() + s.size()) return false;
    }
    c.numbers[f][r] = v;
    return true;
  }
  const std::size_t len = static_cast<std::size_t>(e - b);
  if (c.schema->field(f).type != sitbone::FieldType::kEnum) {
    if (len == 4 && std::memcmp(b, "true", 4) == 0) { c.codes[f][r] = 1; return true; }
    if (len == 5 && std::memcmp(b, "false", 5) == 0) { c.codes[f][r] = 0; return true; }
    return false;
  }
  const std::vector<std::string>& values = c.labels[f];
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (values[k].size() == len && std::memcmp(values[k].data(), b, len) == 0) {
      c.codes[f][r] = static_cast<std::int32_t>(k);
      return true;
    }
  }
  return false;
}

// CSV (SPEC.md section 1): header row of field names, empty cell = missing, '\n' line ends.
Columns ParseCsv(const std::string& text, const sitbone::Schema& schema, std::size_t limit) {
  const char* p = text.data();
  const char* end = p + text.size();
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  if (!nl) Die("CSV: no header");
  std::vector<std::size_t> field_of_col;
  std::vector<bool> seen(schema.size(), false);
  for (const char* b = p; b <= nl;) {
    const char* e = b;
    while (e < nl && *e != ',') ++e;
    const std::string name(b, e);
    const int f = schema.Find(name);
    if (f < 0) Die("CSV: column '" + name + "' is not an input of the rule set");
    if (seen[static_cast<std::size_t>(f)]) Die("CSV: column '" + name + "' twice");
    seen[static_cast<std::size_t>(f)] = true;
    field_of_col.push_back(static_cast<std::size_t>(f));
    b = e + 1;
  }
  if (field_of_col.size() != schema.size()) Die("CSV: expected one column per input field");
  p = nl + 1;
  std::size_t rows = static_cast<std::size_t>(std::count(p, end, '\n'));
  if (end > p && end[-1] != '\n') ++rows;
  if (limit && limit < rows) rows = limit;
  Columns c(schema, rows);
  const std::size_t ncol = field_of_col.size();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t j = 0; j < ncol; ++j) {
      const char* b = p;
      while (p < end && *p != ',' && *p != '\n') ++p;
      if (!SetCell(c, field_of_col[j], r, b, p))
        Die("CSV line " + std::to_string(r + 2) + ": bad value '" + std::string(b, p) + "' for " +
            schema.field(field_of_col[j]).name);
      const bool last = j + 1 == ncol;
      if (last ? (p < end && *p != '\n') : (p >= end || *p != ',')) Die("CSV: bad row " + std::to_string(r + 2));
      ++p;
    }
  }
  return c;
}

// ---- outputs -> SPEC.md section 4 codes and the CHECKSUM line ---------------------------------
const std::vector<std::string> kRedFlag = {"none", "medical_review", "urgent", "emergency"};
const std::vector<std::string> kNeural = {"clear", "screen", "refer_lumbar"};
const std::vector<std::string> kLikely = {"false", "true"};
const std::vector<std::string> kStage = {"indeterminate", "reactive", "settled"};
const char* const kOutputs[5] = {"red_flag", "neural", "likely_pht", "stage", "phase"};

const sitbone::OutputColumn& FindColumn(const sitbone::BatchResult& r, const std::string& name) {
  for (const auto& c : r.columns)
    if (c.name == name) return c;
  Die("output column '" + name + "' not in the result");
}

// Category index -> SPEC code (by label, so the rule set's value order does not matter).
std::vector<std::uint8_t> CodeMap(const sitbone::OutputColumn& col, const std::vector<std::string>& spec) {
  std::vector<std::uint8_t> map;
  for (const auto& cat : col.categories) {
    if (cat.size() != 1) Die("output '" + col.name + "': unexpected category shape");
    auto it = std::find(spec.begin(), spec.end(), cat[0]);
    if (it == spec.end()) Die("output '" + col.name + "': value '" + cat[0] + "' is not in SPEC.md");
    map.push_back(static_cast<std::uint8_t>(it - spec.begin()));
  }
  return map;
}

// The five SPEC codes of row i into out[5].
struct Coder {
  const sitbone::OutputColumn *rf, *ne, *lp, *st, *ph;
  std::vector<std::uint8_t> rf_map, ne_map, lp_map, st_map;
  explicit Coder(const sitbone::BatchResult& r)
      : rf(&FindColumn(r, "red_flag")), ne(&FindColumn(r, "neural")), lp(&FindColumn(r, "likely_pht")),
        st(&FindColumn(r, "stage")), ph(&FindColumn(r, "phase")) {
    if (r.error_count > 0) {
      for (std::size_t i = 0; i < r.rows; ++i)
        if (!r.errors[i].empty()) Die("row " + std::to_string(i) + ": " + r.errors[i]);
    }
    if (ph->kind != sitbone::OutputColumn::Kind::kNumber) Die("phase is not a number column");
    rf_map = CodeMap(*rf, kRedFlag);
    ne_map = CodeMap(*ne, kNeural);
    lp_map = CodeMap(*lp, kLikely);
    st_map = CodeMap(*st, kStage);
  }
  static std::uint8_t Cat(const sitbone::OutputColumn& c, const std::vector<std::uint8_t>& map, std::size_t i) {
    const std::int32_t k = c.codes[i];
    if (k < 0) Die("row " + std::to_string(i) + ": output '" + c.name + "' is null");
    return map[static_cast<std::size_t>(k)];
  }
  void Row(std::size_t i, std::uint8_t out[5]) const {
    out[0] = Cat(*rf, rf_map, i);
    out[1] = Cat(*ne, ne_map, i);
    out[2] = Cat(*lp, lp_map, i);
    out[3] = Cat(*st, st_map, i);
    const double p = ph->numbers[i];
    if (!(p >= 0 && p <= 4) || p != std::floor(p)) Die("row " + std::to_string(i) + ": phase is not 0-4");
    out[4] = static_cast<std::uint8_t>(p);
  }
};

std::string ChecksumLine(const sitbone::BatchResult& r) {
  const Coder coder(r);
  std::uint32_t h = 2166136261u;
  std::size_t rf[4] = {}, ne[3] = {}, lp[2] = {}, st[3] = {}, ph[5] = {};
  std::uint8_t b[5];
  for (std::size_t i = 0; i < r.rows; ++i) {
    coder.Row(i, b);
    rf[b[0]]++; ne[b[1]]++; lp[b[2]]++; st[b[3]]++; ph[b[4]]++;
    for (std::uint8_t x : b) { h ^= x; h *= 16777619u; }
  }
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "CHECKSUM n=%zu fnv1a32=%08x red_flag=%zu/%zu/%zu/%zu neural=%zu/%zu/%zu likely_pht=%zu/%zu "
                "stage=%zu/%zu/%zu phase=%zu/%zu/%zu/%zu/%zu",
                r.rows, h, rf[0], rf[1], rf[2], rf[3], ne[0], ne[1], ne[2], lp[0], lp[1], st[0], st[1], st[2], ph[0],
                ph[1], ph[2], ph[3], ph[4]);
  return buf;
}

sitbone::BatchResult Evaluate(const sitbone::RuleSet& rules, const Columns& c, int threads) {
  sitbone::BatchOptions options;
  options.threads = threads;
  auto result = sitbone::EvaluateBatch(rules, c.View(), c.rows, options);
  if (!result) Die("EvaluateBatch: " + result.error().ToString());
  return std::move(*result);
}

// ---- cases.jsonl: {"id": ..., "description": ..., "input": {...}, "expected": {...}} ----------
// A reader for exactly that flat shape (values: null, true, false, integers, simple strings).
std::vector<std::pair<std::string, std::string>> FlatObject(const std::string& line, const std::string& key) {
  std::size_t at = line.find("\"" + key + "\": {");
  if (at == std::string::npos) Die("cases: no " + key);
  std::size_t i = line.find('{', at) + 1;
  std::vector<std::pair<std::string, std::string>> kv;
  for (;;) {
    while (line[i] == ' ' || line[i] == ',') ++i;
    if (line[i] == '}') break;
    const std::size_t k0 = line.find('"', i) + 1, k1 = line.find('"', k0);
    std::string k = line.substr(k0, k1 - k0);
    i = line.find(':', k1) + 1;
    while (line[i] == ' ') ++i;
    if (line[i] == '"') {
      const std::size_t v0 = i + 1;
      i = line.find('"', v0);
      kv.emplace_back(k, line.substr(v0, i - v0));
      ++i;
      continue;
    }
    const std::size_t v0 = i;
    while (line[i] != ',' && line[i] != '}') ++i;
    kv.emplace_back(k, line.substr(v0, i - v0));
  }
  return kv;
}

std::size_t CheckCases(const sitbone::RuleSet& rules, const std::string& path) {
  const sitbone::Schema& schema = *rules.schema();
  std::vector<std::string> lines, ids;
  const std::string text = ReadFile(path);
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.find('{') == std::string::npos) continue;
    const std::size_t id0 = line.find("\"id\": \"") + 7;
    ids.push_back(line.substr(id0, line.find('"', id0) - id0));
    lines.push_back(std::move(line));
  }
  Columns c(schema, lines.size());
  for (std::size_t r = 0; r < lines.size(); ++r) {
    for (const auto& [k, v] : FlatObject(lines[r], "input")) {
      const int f = schema.Find(k);
      if (f < 0) Die("cases: unknown field " + k);
      if (v == "null") continue;
      if (!SetCell(c, static_cast<std::size_t>(f), r, v.data(), v.data() + v.size()))
        Die("cases: bad value " + v + " for " + k);
    }
  }
  const sitbone::BatchResult result = Evaluate(rules, c, 1);
  const Coder coder(result);
  for (std::size_t r = 0; r < lines.size(); ++r) {
    std::uint8_t b[5];
    coder.Row(r, b);
    const std::string got[5] = {kRedFlag[b[0]], kNeural[b[1]], kLikely[b[2]], kStage[b[3]], std::to_string(b[4])};
    for (const auto& [k, v] : FlatObject(lines[r], "expected"))
      for (int j = 0; j < 5; ++j)
        if (k == kOutputs[j] && v != got[j]) Die("case " + ids[r] + ": " + k + " = " + got[j] + ", expected " + v);
  }
  return lines.size();
}

std::vector<int> ParseThreads(const std::string& s) {
  std::vector<int> t;
  for (std::size_t at = 0; at <= s.size();) {
    std::size_t comma = s.find(',', at);
    if (comma == std::string::npos) comma = s.size();
    const int n = std::atoi(s.substr(at, comma - at).c_str());
    if (n < 1) Die("bad --threads " + s);
    t.push_back(n);
    at = comma + 1;
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data, rules_dir = V0_RULES_DIR, cases, threads_arg = "1,2";
  std::size_t limit = 0;
  int reps = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) Die("missing value for " + a);
    if (a == "--data") data = argv[++i];
    else if (a == "--rules") rules_dir = argv[++i];
    else if (a == "--cases") cases = argv[++i];
    else if (a == "--threads") threads_arg = argv[++i];
    else if (a == "--reps") reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--limit") limit = std::strtoull(argv[++i], nullptr, 10);
    else Die("unknown argument " + a);
  }
  if (data.empty() || cases.empty())
    Die("usage: v0_bench --data FILE.csv --cases FILE [--rules DIR] [--threads 1,2] [--reps R] [--limit N]");
  const std::vector<int> thread_counts = ParseThreads(threads_arg);

  auto t = Clock::now();
  sitbone::CompileResult loaded = sitbone::LoadRuleSet(rules_dir);
  if (!loaded.ok()) Die("cannot load " + rules_dir + ":\n" + loaded.diagnostics.Format());
  const sitbone::RuleSet& rules = *loaded.rule_set;
  const double load_s = SecondsSince(t);

  t = Clock::now();
  const std::size_t ncases = CheckCases(rules, cases);
  const double cases_s = SecondsSince(t);

  t = Clock::now();
  const std::string text = ReadFile(data);
  const double read_s = SecondsSince(t);
  t = Clock::now();
  const Columns cols = ParseCsv(text, *rules.schema(), limit);
  const double parse_s = SecondsSince(t);

  std::string checksum;
  for (const int threads : thread_counts) {
    std::vector<double> eval, eval_cpu, sum;
    for (int r = 0; r < reps; ++r) {
      const double cpu0 = ProcessCpuSeconds();
      t = Clock::now();
      const sitbone::BatchResult result = Evaluate(rules, cols, threads);
      eval.push_back(SecondsSince(t));
      eval_cpu.push_back(ProcessCpuSeconds() - cpu0);
      t = Clock::now();
      const std::string line = ChecksumLine(result);
      sum.push_back(SecondsSince(t));
      if (checksum.empty()) checksum = line;
      if (line != checksum) Die("threads " + std::to_string(threads) + ": checksum differs:\n" + line + "\n" + checksum);
    }
    const double eval_s = Median(eval);
    std::printf(
        "RESULT {\"impl\":\"sitbone\",\"rules\":\"%s %s\",\"threads\":%d,\"format\":\"csv\",\"n\":%zu,\"cases\":%zu,"
        "\"load_s\":%.4f,\"cases_s\":%.4f,\"read_s\":%.4f,\"parse_s\":%.4f,\"eval_s\":%.6f,\"eval_first_s\":%.6f,"
        "\"eval_min_s\":%.6f,\"eval_cpu_s\":%.6f,\"checksum_s\":%.6f,\"reps\":%d,\"eval_rps\":%.0f,"
        "\"eval_cpu_rps\":%.0f}\n",
        rules.id().c_str(), rules.version().c_str(), threads, cols.rows, ncases, load_s, cases_s, read_s, parse_s,
        eval_s, eval[0], *std::min_element(eval.begin(), eval.end()), Median(eval_cpu), Median(sum), reps,
        static_cast<double>(cols.rows) / eval_s, static_cast<double>(cols.rows) / Median(eval_cpu));
    std::printf("TIMING threads=%d n=%zu: parse %.3f s (read %.3f s + CSV to columns %.3f s), evaluate %.3f s"
                " (median of %d; %.0f records/s; CPU %.3f s), checksum %.4f s\n",
                threads, cols.rows, read_s + parse_s, read_s, parse_s, eval_s, reps,
                static_cast<double>(cols.rows) / eval_s, Median(eval_cpu), Median(sum));
    std::fflush(stdout);
  }
  std::printf("%s\n", checksum.c_str());
  return 0;
}
