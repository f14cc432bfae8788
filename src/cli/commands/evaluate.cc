// sitbone evaluate FILE|- ...: one assessment per file, rendered as the
// clinician report (text, Markdown or HTML; docs/reports.md) or JSON.
#include <ostream>
#include <vector>

#include "cli/io.h"
#include "sitbone/render.h"

namespace sitbone::cli {

int RunEvaluate(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  static const char kUsage[] =
      "usage: sitbone evaluate [options] FILE|- [FILE ...]\n"
      "Evaluates each assessment (a JSON object or YAML mapping of field: value) against the rule set.\n"
      "With --format json and several files, prints one compact JSON object per line; with --format html,\n"
      "one page holding one printable report per file.\n"
      "With --audit-log, each result is recorded in the audit log before it is printed.";
  po::options_description options("options");
  AddRuleOptions(options);
  options.add_options()
      ("format,f", po::value<std::string>()->default_value("text"),
       "text, markdown or html (the clinician report), or json (for software)")
      ("detail", po::value<std::string>()->default_value("summary"),
       "summary (the deciding rules of the headline result) or full (every rule, fact and question)")
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
  if (format != "text" && format != "markdown" && format != "html" && format != "json") {
    err << "sitbone: --format must be text, markdown, html or json, got '" << format << "'\n";
    return kExitUsage;
  }
  const std::string detail = vm["detail"].as<std::string>();
  if (detail != "summary" && detail != "full") {
    err << "sitbone: --detail must be summary or full, got '" << detail << "'\n";
    return kExitUsage;
  }
  ReportOptions report;
  report.format = format == "html" ? ReportFormat::kHtml : format == "markdown" ? ReportFormat::kMarkdown : ReportFormat::kText;
  report.detail = detail == "full" ? ReportDetail::kFull : ReportDetail::kSummary;
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
  // Reports are written together at the end (HTML is one page), JSON as it comes.
  std::vector<Evaluation> results;
  std::vector<std::string> names;
  auto write_reports = [&] {
    if (results.empty()) return;
    std::vector<ReportPart> parts;
    for (std::size_t i = 0; i < results.size(); ++i)
      parts.push_back({files.size() > 1 ? names[i] : std::string(), &results[i]});
    out << RenderReports(*rules, parts, report);
  };
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
        write_reports();
        return kExitInputOrIo;
      }
    }
    if (format == "json") {
      out << RenderJson(*rules, *result, files.size() > 1 ? -1 : 2) << "\n";
    } else {
      results.push_back(std::move(*result));
      names.push_back(file == "-" ? "<stdin>" : file);
    }
  }
  write_reports();
  return exit_code;
}

}  // namespace sitbone::cli
