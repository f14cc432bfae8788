#include "sitbone/rule_tests.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "common/number.h"
#include "loader/document.h"
#include "schema/validation.h"

namespace sitbone {
namespace {

namespace fs = std::filesystem;
using internal::Doc;

std::string Where(const Doc& d) {
  return (d.file ? d.file->path : std::string("?")) + ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
}

std::string DocText(const Doc& d) {
  switch (d.kind) {
    case Doc::Kind::kNull: return "null";
    case Doc::Kind::kScalar: return d.IsNullLike() ? "null" : d.scalar;
    case Doc::Kind::kSequence: {
      std::string s = "[";
      for (std::size_t i = 0; i < d.items.size(); ++i) s += (i ? ", " : "") + DocText(d.items[i]);
      return s + "]";
    }
    case Doc::Kind::kMap: {
      std::string s = "{";
      for (std::size_t i = 0; i < d.entries.size(); ++i)
        s += (i ? ", " : "") + d.entries[i].first.scalar + ": " + DocText(d.entries[i].second);
      return s + "}";
    }
  }
  return "";
}

std::string ItemText(const OutputItem& item) {
  if (item.fields.empty()) return item.id;
  std::string s = "{";
  for (std::size_t i = 0; i < item.fields.size(); ++i)
    s += (i ? ", " : "") + item.fields[i].first + ": " + item.fields[i].second;
  return s + "}";
}

std::string ListText(const std::vector<std::string>& items) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
  return s + "]";
}

bool ScalarMatches(const Doc& expected, const OutputValue& actual) {
  if (expected.IsNullLike()) return actual.is_null();
  if (!expected.is_scalar()) return false;
  switch (actual.kind) {
    case OutputValue::Kind::kNull: return false;
    case OutputValue::Kind::kBool: return expected.scalar == (actual.boolean ? "true" : "false");
    case OutputValue::Kind::kInteger:
    case OutputValue::Kind::kNumber: {
      double v = 0;
      return internal::ParseDecimal(expected.scalar, &v) && v == actual.number;
    }
    case OutputValue::Kind::kSymbol: return expected.scalar == actual.symbol;
    case OutputValue::Kind::kList: return false;
  }
  return false;
}

// Compares an expected list with actual texts; in order or as multisets.
void CompareList(const std::string& field, const Doc& expected, std::vector<std::string> actual, bool ordered,
                 std::vector<RuleTestFailure>* failures) {
  if (!expected.is_seq()) {
    failures->push_back({field, DocText(expected) + " (not a list)", ListText(actual)});
    return;
  }
  std::vector<std::string> want;
  for (const Doc& item : expected.items) want.push_back(DocText(item));
  bool same;
  if (ordered) {
    same = want == actual;
  } else {
    std::vector<std::string> a = want, b = actual;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    same = a == b;
  }
  if (same) return;
  std::string detail;
  if (!ordered) {
    std::multiset<std::string> w(want.begin(), want.end()), g(actual.begin(), actual.end());
    std::vector<std::string> lacking, extra;
    for (const auto& x : w)
      if (g.count(x) < w.count(x) && std::find(lacking.begin(), lacking.end(), x) == lacking.end()) lacking.push_back(x);
    for (const auto& x : g)
      if (w.count(x) < g.count(x) && std::find(extra.begin(), extra.end(), x) == extra.end()) extra.push_back(x);
    if (!lacking.empty()) detail += " missing " + ListText(lacking);
    if (!extra.empty()) detail += " unexpected " + ListText(extra);
  }
  failures->push_back({field, ListText(want), ListText(actual) + detail});
}

// `base` is the file's `base_input` (may be null): each case's input is the
// base with the case's own fields on top.
void RunCase(const RuleSet& rules, const Doc& doc, const Doc* base, RuleTestCase* tc, std::vector<bool>* fired) {
  const Doc* input = doc.Get("input");
  const Doc* expect = doc.Get("expect");
  const Doc* expect_error = doc.Get("expect_error");
  for (const auto& [k, v] : doc.entries) {
    static const std::vector<std::string> kKeys = {"id", "description", "input", "input_file", "expect", "expect_error", "source"};
    if (std::find(kKeys.begin(), kKeys.end(), k.scalar) == kKeys.end()) {
      tc->error = Where(k) + ": unknown key '" + k.scalar + "' in a test case (allowed: id, description, source, input, input_file, expect, expect_error)";
      return;
    }
  }
  const Doc* input_file = doc.Get("input_file");
  static const Doc kEmptyInput;
  if (input_file) {
    if (input) {
      tc->error = Where(*input_file) + ": give either 'input' or 'input_file', not both";
      return;
    }
    input = &kEmptyInput;
    base = nullptr;  // an input file is the whole assessment
  }
  if (!input || !(input->is_map() || input->is_null())) {
    tc->error = Where(doc) + ": a test case needs an 'input' mapping (or an 'input_file')";
    return;
  }
  if ((expect == nullptr) == (expect_error == nullptr)) {
    tc->error = Where(doc) + ": a test case needs exactly one of 'expect' or 'expect_error'";
    return;
  }
  AssessmentBuilder builder(rules.schema());
  Status status;
  std::vector<const std::pair<Doc, Doc>*> entries;
  if (base != nullptr)
    for (const auto& e : base->entries)
      if (input->Get(e.first.scalar) == nullptr) entries.push_back(&e);
  for (const auto& e : input->entries) entries.push_back(&e);
  for (const auto* entry : entries) {
    const Doc& k = entry->first;
    const Doc& v = entry->second;
    status = internal::SetFromYaml(&builder, k.scalar, v);
    if (!status.ok()) break;
  }
  Assessment from_file;
  if (input_file && status.ok()) {
    std::string path = (fs::path(doc.file->path).parent_path() / input_file->scalar).string();
    std::string text;
    if (!internal::ReadFile(path, &text)) {
      tc->error = Where(*input_file) + ": cannot read input file '" + path + "'";
      return;
    }
    Result<Assessment> parsed = ParseAssessment(rules.schema(), text, path);
    if (parsed) from_file = *parsed;
    else status = parsed.error();
  }
  if (expect_error) {
    if (status.ok()) {
      tc->failures.push_back({"error", "input rejected with an error containing '" + expect_error->scalar + "'", "input accepted"});
    } else if (status.message().find(expect_error->scalar) == std::string::npos) {
      tc->failures.push_back({"error", "an error containing '" + expect_error->scalar + "'", status.message()});
    }
    tc->passed = tc->failures.empty();
    return;
  }
  if (!status.ok()) {
    tc->error = Where(input_file ? *input_file : doc) + ": " + status.message();
    return;
  }
  Result<Evaluation> result = rules.Evaluate(input_file ? from_file : builder.Build());
  if (!result) {
    tc->error = result.error().ToString();
    return;
  }
  const Evaluation& ev = *result;
  for (const std::string& id : ev.trace) {
    for (std::size_t r = 0; r < rules.rules().size(); ++r)
      if (rules.rules()[r].id == id) (*fired)[r] = true;
  }
  if (!expect->is_map()) {
    tc->error = Where(*expect) + ": 'expect' must be a mapping of output: value";
    return;
  }
  for (const auto& [k, v] : expect->entries) {
    const std::string& field = k.scalar;
    if (field == "trace") {
      CompareList(field, v, ev.trace, true, &tc->failures);
      continue;
    }
    if (field == "missing_data") {
      CompareList(field, v, ev.missing_data, false, &tc->failures);
      continue;
    }
    const OutputValue* actual = ev.Find(field);
    if (!actual) {
      tc->error = Where(k) + ": '" + field + "' is not an output of rule set " + rules.id();
      return;
    }
    if (actual->kind == OutputValue::Kind::kList) {
      std::vector<std::string> texts;
      for (const auto& item : actual->items) texts.push_back(ItemText(item));
      auto p = rules.Presentation(field);
      CompareList(field, v, texts, p && p->ordered, &tc->failures);
    } else if (!ScalarMatches(v, *actual)) {
      tc->failures.push_back({field, DocText(v), actual->ToString()});
    }
  }
  tc->passed = tc->failures.empty();
}

}  // namespace

std::size_t RuleTestReport::passed() const {
  return static_cast<std::size_t>(std::count_if(cases.begin(), cases.end(), [](const RuleTestCase& c) { return c.passed; }));
}
std::size_t RuleTestReport::failed() const { return cases.size() - passed(); }
double RuleTestReport::rule_coverage() const {
  return rules_total == 0 ? 1.0 : static_cast<double>(rules_total - rules_never_fired.size()) / static_cast<double>(rules_total);
}

Result<RuleTestReport> RunRuleTests(const RuleSet& rules, const std::string& path_in) {
  std::string path = path_in.empty() ? (fs::path(rules.source_dir()) / "tests").string() : path_in;
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(path, ec))
      if (entry.is_regular_file() && (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml"))
        files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    return Status(StatusCode::kNotFound, "no test file or folder at '" + path + "'");
  }
  if (files.empty()) return Status(StatusCode::kNotFound, "no *.yaml test files under '" + path + "'");
  RuleTestReport report;
  report.rules_total = rules.rules().size();
  std::vector<bool> fired(rules.rules().size(), false);
  internal::SourceSet sources;
  for (const auto& file : files) {
    std::string text;
    if (!internal::ReadFile(file, &text)) return Status(StatusCode::kIoError, "cannot read test file '" + file + "'");
    const internal::SourceFile* src = sources.Add(file, std::move(text));
    Doc doc;
    Diagnostics diags;
    if (!internal::ParseYaml(src, &doc, &diags) || diags.HasErrors()) {
      const Diagnostic& d = diags.items().front();
      return Status(StatusCode::kInvalidInput, d.location.file + ":" + std::to_string(d.location.line) + ":" +
                                                   std::to_string(d.location.column) + ": " + d.message);
    }
    const Doc* tests = doc.is_map() ? doc.Get("tests") : nullptr;
    if (!tests || !tests->is_seq())
      return Status(StatusCode::kInvalidInput, Where(doc) + ": a test file is a mapping with a 'tests:' list");
    for (const auto& [k, v] : doc.entries)
      if (k.scalar != "tests" && k.scalar != "base_input" && k.scalar != "description")
        return Status(StatusCode::kInvalidInput, Where(k) + ": unknown key '" + k.scalar +
                                                     "' in a test file (allowed: description, base_input, tests)");
    const Doc* base = doc.Get("base_input");
    if (base && !base->is_map())
      return Status(StatusCode::kInvalidInput, Where(*base) + ": 'base_input' must be a mapping of field: value");
    for (const Doc& t : tests->items) {
      RuleTestCase tc;
      tc.file = file;
      tc.line = t.line;
      const Doc* id = t.is_map() ? t.Get("id") : nullptr;
      tc.id = id && id->is_scalar() ? id->scalar : "(line " + std::to_string(t.line) + ")";
      if (!t.is_map()) {
        tc.error = Where(t) + ": a test case must be a mapping";
      } else {
        RunCase(rules, t, base, &tc, &fired);
      }
      report.cases.push_back(std::move(tc));
    }
  }
  for (std::size_t r = 0; r < fired.size(); ++r)
    if (!fired[r]) report.rules_never_fired.push_back(rules.rules()[r].id);
  return report;
}

}  // namespace sitbone
