// sitbone validate [DIR]: every diagnostic, compiler-style.
#include <ostream>

#include "cli/io.h"

namespace sitbone::cli {

int RunValidate(const Args& args, std::ostream& out, std::ostream& err) {
  static const char kUsage[] =
      "usage: sitbone validate [options] [DIR]\n"
      "Checks the rule set in DIR (default: the bundled PHT rule set) and prints every diagnostic.";
  po::options_description options("options");
  options.add_options()("strict", "treat warnings as errors")("dir", po::value<std::string>(), "rule set folder");
  po::positional_options_description positional;
  positional.add("dir", 1);
  po::variables_map vm;
  bool help = false;
  if (!ParseArgs(args, kUsage, options, positional, &vm, out, err, &help)) return kExitUsage;
  if (help) return kExitOk;
  std::string dir;
  if (int code = kExitOk; !RuleSetDir(vm, err, &dir, &code)) return code;
  LoadOptions load;
  load.warnings_as_errors = vm.count("strict") > 0;
  CompileResult result = LoadRuleSet(dir, load);
  out << result.diagnostics.Format();
  std::size_t errors = result.diagnostics.ErrorCount();
  std::size_t warnings = result.diagnostics.size() - errors;
  if (!result.ok()) {
    out << dir << ": invalid: " << errors << " error(s), " << warnings << " warning(s)\n";
    return kExitRuleSetOrTestFailure;
  }
  const RuleSet& rs = *result.rule_set;
  out << dir << ": ok: rule set " << rs.id() << " " << rs.version() << " (" << rs.status() << "), "
      << rs.schema()->size() << " inputs, " << rs.thresholds().size() << " thresholds, " << rs.rules().size()
      << " rules, " << warnings << " warning(s)\n"
      << "fingerprint sha256:" << rs.fingerprint() << "\n";
  return kExitOk;
}

}  // namespace sitbone::cli
