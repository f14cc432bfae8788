// sitbone test [DIR]: runs the rule set's own test cases; prints each failure
// as expected vs actual, and the rule coverage.
#include <cstdio>
#include <ostream>

#include "cli/io.h"
#include "sitbone/rule_tests.h"

namespace sitbone::cli {

int RunTest(const Args& args, std::ostream& out, std::ostream& err) {
  static const char kUsage[] =
      "usage: sitbone test [options] [DIR]\n"
      "Runs the test cases in DIR/tests (or --cases PATH) against the rule set in DIR\n"
      "(default: the bundled PHT rule set). Exit code 1 if any case fails, or if rule coverage is\n"
      "below --min-coverage.";
  po::options_description options("options");
  options.add_options()
      ("cases", po::value<std::string>(), "a test file or folder (default: DIR/tests)")
      ("min-coverage", po::value<double>()->default_value(0.0), "fail if fewer than this fraction of rules fired (0-1)")
      ("dir", po::value<std::string>(), "rule set folder");
  po::positional_options_description positional;
  positional.add("dir", 1);
  po::variables_map vm;
  bool help = false;
  if (!ParseArgs(args, kUsage, options, positional, &vm, out, err, &help)) return kExitUsage;
  if (help) return kExitOk;
  std::string dir;
  if (int code = kExitOk; !RuleSetDir(vm, err, &dir, &code)) return code;
  CompileResult loaded = LoadRuleSet(dir);
  if (!loaded.ok()) {
    err << loaded.diagnostics.Format() << "sitbone: rule set '" << dir << "' is invalid ("
        << loaded.diagnostics.ErrorCount() << " error(s))\n";
    return kExitRuleSetOrTestFailure;
  }
  Result<RuleTestReport> report = RunRuleTests(*loaded.rule_set, vm.count("cases") ? vm["cases"].as<std::string>() : "");
  if (!report) {
    err << "sitbone: " << report.error().message() << "\n";
    return kExitInputOrIo;
  }
  for (const auto& c : report->cases) {
    if (c.passed) {
      out << "PASS " << c.id << "\n";
      continue;
    }
    out << "FAIL " << c.id << " (" << c.file << ":" << c.line << ")\n";
    if (!c.error.empty()) out << "  error: " << c.error << "\n";
    for (const auto& f : c.failures)
      out << "  " << f.field << ":\n    expected: " << f.expected << "\n    actual:   " << f.actual << "\n";
  }
  char coverage[32];
  std::snprintf(coverage, sizeof coverage, "%.1f%%", 100.0 * report->rule_coverage());
  out << "rule coverage: " << (report->rules_total - report->rules_never_fired.size()) << "/" << report->rules_total
      << " rules fired (" << coverage << ")\n";
  if (!report->rules_never_fired.empty()) {
    out << "never fired:";
    for (const auto& id : report->rules_never_fired) out << " " << id;
    out << "\n";
  }
  out << report->passed() << " passed, " << report->failed() << " failed\n";
  bool coverage_ok = report->rule_coverage() + 1e-12 >= vm["min-coverage"].as<double>();
  if (!coverage_ok) err << "sitbone: rule coverage " << coverage << " is below --min-coverage\n";
  return report->failed() == 0 && coverage_ok ? kExitOk : kExitRuleSetOrTestFailure;
}

}  // namespace sitbone::cli
