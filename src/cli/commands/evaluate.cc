// sitbone evaluate FILE|- ...: one assessment per file, rendered as text or JSON.
#include <ostream>

#include "cli/io.h"
#include "sitbone/render.h"

namespace sitbone::cli {

int RunEvaluate(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  static const char kUsage[] =
      "usage: sitbone evaluate [options] FILE|- [FILE ...]\n"
      "Evaluates each assessment (a JSON object or YAML mapping of field: value) against the rule set.\n"
      "With --format json and several files, prints one compact JSON object per line.\n"
      "With --audit-log, each result is recorded in the audit log before it is printed.";
  po::options_description options("options");
  AddRuleOptions(options);
  options.add_options()
      ("format,f", po::value<std::string>()->default_value("text"), "text (for clinicians) or json (for software)")
      ("no-explain", "leave out the explanation and the blocked-rule analysis");
  AddAuditOptions(options);
  options.add_options()("input", po::value<std::vector<std::string>>(), "assessment files");
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  bool help = false;
  if (!ParseArgs(args, kUsage, options, positional, &vm, out, err, &help)) return kExitUsage;
  if (help) return kExitOk;
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    err << "sitbone: --format must be text or json, got '" << format << "'\n";
    return kExitUsage;
  }
  if (!CheckAuditOptions(vm, err)) return kExitUsage;
  if (!vm.count("input")) {
    err << "sitbone: evaluate needs an assessment file (or - for standard input)\n" << kUsage << "\n";
    return kExitUsage;
  }
  int code = kExitOk;
  auto rules = LoadRules(vm, err, &code);
  if (!rules) return code;
  std::unique_ptr<AuditLog> audit = OpenAuditLog(vm, *rules, err, &code);
  if (code != kExitOk) return code;
  const auto& files = vm["input"].as<std::vector<std::string>>();
  EvaluateOptions eval_options;
  eval_options.explain = !vm.count("no-explain");
  int exit_code = kExitOk;
  bool first = true;
  for (const auto& file : files) {
    std::string text, why;
    if (!ReadInput(file, in, &text, &why)) {
      err << "sitbone: cannot read '" << file << "': " << why << "\n";
      exit_code = kExitInputOrIo;
      continue;
    }
    Result<Assessment> assessment = ParseAssessment(rules->schema(), text, file == "-" ? "<stdin>" : file);
    if (!assessment) {
      err << "sitbone: invalid assessment: " << assessment.error().message() << "\n";
      exit_code = kExitInputOrIo;
      continue;
    }
    Result<Evaluation> result = rules->Evaluate(*assessment, eval_options);
    if (!result) {
      err << "sitbone: evaluation of '" << file << "' failed: " << result.error().ToString() << "\n";
      exit_code = kExitInputOrIo;
      continue;
    }
    // Recorded before it is shown: a decision the log cannot hold is not
    // given, and nothing more is evaluated (the log would refuse it too).
    if (audit) {
      if (Status s = audit->Record(*rules, *assessment, *result); !s.ok()) {
        err << "sitbone: the result of '" << file << "' is not shown: it could not be recorded: " << s.message()
            << "\n";
        return kExitInputOrIo;
      }
    }
    if (format == "json") {
      out << RenderJson(*rules, *result, files.size() > 1 ? -1 : 2) << "\n";
    } else {
      if (!first) out << "\n" << std::string(72, '=') << "\n\n";
      if (files.size() > 1) out << "Assessment: " << file << "\n";
      out << RenderText(*rules, *result);
    }
    first = false;
  }
  return exit_code;
}

}  // namespace sitbone::cli
