// Helpers shared by the unit tests: fixture paths, loading rule sets that must
// compile, building assessments, and diagnostic matchers. Header-only so that
// the glob in tests/unit/CMakeLists.txt (which picks up *_test.cc) needs no
// extra source.
#ifndef SITBONE_TESTS_UNIT_UNIT_TEST_SUPPORT_H_
#define SITBONE_TESTS_UNIT_UNIT_TEST_SUPPORT_H_

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "sitbone/assessment.h"
#include "sitbone/diagnostic.h"
#include "sitbone/evaluation.h"
#include "sitbone/rule_set.h"
#include "sitbone/schema.h"
#include "sitbone/status.h"

namespace sitbone {

// Printers so that gMock failure messages show diagnostics and statuses.
inline void PrintTo(const Diagnostic& d, std::ostream* os) {
  *os << d.location.file << ":" << d.location.line << ":" << d.location.column << " "
      << (d.severity == Severity::kError ? "error" : "warning") << "[" << d.code << "] " << d.message
      << " {path=" << d.path << ", rule=" << d.rule_id << ", hint=" << d.hint << "}";
}
inline void PrintTo(const Status& s, std::ostream* os) {
  *os << s.ToString() << " {field=" << s.field() << "}";
}

namespace testing_support {

// The fixture folder tests/data. tests/CMakeLists.txt defines
// SITBONE_TEST_DATA_DIR relative to the calling folder (tests/unit/data), so
// fall back to <source>/tests/data, found through the rules folder, when that
// folder does not hold our fixtures.
inline std::string DataDir() {
  namespace fs = std::filesystem;
  fs::path configured(SITBONE_TEST_DATA_DIR);
  if (fs::is_directory(configured / "engine")) return configured.lexically_normal().string();
  fs::path rules(SITBONE_RULES_DIR_FOR_TESTS);
  return (rules.parent_path() / "tests" / "data").lexically_normal().string();
}

inline std::string DataPath(std::string_view relative) {
  return (std::filesystem::path(DataDir()) / std::string(relative)).string();
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A fresh folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    namespace fs = std::filesystem;
    path_ = fs::temp_directory_path() /
            ("sitbone-unit-" + std::to_string(::getpid()) + "-" +
             std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  // Writes `text` to `name` inside the folder and returns the full path.
  std::string Write(const std::string& name, const std::string& text) const {
    std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

// Loads a rule set that must compile without any diagnostic (not even a
// warning: fixtures are meant to be clean). Fails the current test otherwise.
inline std::shared_ptr<const RuleSet> LoadClean(const std::string& path, const LoadOptions& options = {}) {
  CompileResult result = LoadRuleSet(path, options);
  EXPECT_TRUE(result.ok()) << path << ":\n" << result.diagnostics.Format();
  EXPECT_TRUE(result.diagnostics.empty()) << path << ":\n" << result.diagnostics.Format();
  return result.rule_set;
}

// Parses `text` (JSON or YAML) against the rule set's schema; fails the test
// when it is rejected.
inline Assessment MustParse(const RuleSet& rules, std::string_view text) {
  Result<Assessment> a = ParseAssessment(rules.schema(), text);
  EXPECT_TRUE(a.has_value()) << text << ": " << (a.has_value() ? std::string() : a.error().ToString());
  if (!a.has_value()) return AssessmentBuilder(rules.schema()).Build();
  return std::move(a).value();
}

// Evaluates `text` with explanations on; fails the test when evaluation fails.
inline Evaluation MustEvaluate(const RuleSet& rules, std::string_view text) {
  Result<Evaluation> ev = rules.Evaluate(MustParse(rules, text));
  EXPECT_TRUE(ev.has_value()) << text << ": " << (ev.has_value() ? std::string() : ev.error().ToString());
  if (!ev.has_value()) return Evaluation{};
  return std::move(ev).value();
}

// `n` deterministic, varied assessments for `rules`: every field is drawn
// independently from its type (yes / no / unknown, positive / negative /
// unknown, each enum value or unknown, whole or fractional numbers across the
// declared range or null), so that every branch of a rule set gets exercised.
inline std::vector<Assessment> VariedAssessments(const RuleSet& rules, std::size_t n, std::uint32_t seed = 1) {
  std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&state](std::uint32_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>((state >> 33) % bound);
  };
  std::vector<Assessment> out;
  out.reserve(n);
  const Schema& schema = *rules.schema();
  for (std::size_t i = 0; i < n; ++i) {
    AssessmentBuilder b(rules.schema());
    for (const FieldSpec& f : schema.fields()) {
      Status s;
      switch (f.type) {
        case FieldType::kTri: s = b.SetText(f.name, std::vector<const char*>{"yes", "no", "unknown"}[next(3)]); break;
        case FieldType::kTest:
          s = b.SetText(f.name, std::vector<const char*>{"positive", "negative", "unknown"}[next(3)]);
          break;
        case FieldType::kEnum: {
          std::uint32_t k = next(static_cast<std::uint32_t>(f.values.size() + 1));
          s = k < f.values.size() ? b.SetText(f.name, f.values[k]) : b.SetText(f.name, "unknown");
          break;
        }
        case FieldType::kInt:
        case FieldType::kNumber: {
          if (next(5) == 0) {
            s = b.SetNull(f.name);
            break;
          }
          const double lo = f.min.value_or(0), hi = f.max.value_or(100);
          double v = lo + static_cast<double>(next(static_cast<std::uint32_t>(hi - lo) + 1));
          if (f.type == FieldType::kNumber && v + 0.5 <= hi && next(2) == 0) v += 0.5;
          s = b.SetNumber(f.name, v);
          break;
        }
      }
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    out.push_back(b.Build());
  }
  return out;
}

// The compact text of an output ("null", "true", "3", "high", "[a, b]"), or
// "<no such output>".
inline std::string Out(const Evaluation& ev, std::string_view name) {
  const OutputValue* v = ev.Find(name);
  return v ? v->ToString() : std::string("<no such output>");
}

// The diagnostics with the given code.
inline std::vector<Diagnostic> WithCode(const Diagnostics& diags, std::string_view code) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : diags.items())
    if (d.code == code) out.push_back(d);
  return out;
}

MATCHER_P(CodeIs, code, "has code " + std::string(code)) { return arg.code == code; }
MATCHER_P2(AtLine, line, column, "at line " + std::to_string(line) + " column " + std::to_string(column)) {
  return arg.location.line == line && arg.location.column == column;
}
MATCHER_P3(HasDiagnostic, code, line, column,
           "is diagnostic " + std::string(code) + " at " + std::to_string(line) + ":" + std::to_string(column)) {
  return arg.code == code && arg.location.line == line && arg.location.column == column;
}

// The shipped PHT rule set, loaded once per test binary.
inline std::string PhtPath() { return std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/pht"; }

inline const RuleSet& Pht() {
  static std::shared_ptr<const RuleSet> rules = LoadClean(PhtPath());
  if (!rules) {
    ADD_FAILURE() << "rules/pht did not compile";
    std::abort();
  }
  return *rules;
}

// The text of an example assessment in examples/assessments/.
inline std::string Example(const std::string& name) {
  return ReadText(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/../examples/assessments/" + name);
}

}  // namespace testing_support
}  // namespace sitbone

#endif  // SITBONE_TESTS_UNIT_UNIT_TEST_SUPPORT_H_
