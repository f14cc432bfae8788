// sitbone batch FILE|-: JSON Lines in, JSON Lines out. Every input line yields
// exactly one output line, in order: {"row": n, "result": {...}} or
// {"row": n, "error": "..."}; blank lines are rows too (and errors).
#include <nlohmann/json.hpp>

#include <ostream>
#include <sstream>

#include "cli/io.h"
#include "sitbone/render.h"

namespace sitbone::cli {

int RunBatch(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  static const char kUsage[] =
      "usage: sitbone batch [options] FILE|-\n"
      "Evaluates one JSON assessment per line; prints one JSON line per input line, in order:\n"
      "{\"row\": N, \"result\": {...}} or {\"row\": N, \"error\": \"...\"}. Exit code 3 if any row failed.";
  po::options_description options("options");
  AddRuleOptions(options);
  options.add_options()("explain", "include the explanation, blocked rules and unknown inputs in each result")(
      "input", po::value<std::string>(), "JSON Lines file");
  po::positional_options_description positional;
  positional.add("input", 1);
  po::variables_map vm;
  bool help = false;
  if (!ParseArgs(args, kUsage, options, positional, &vm, out, err, &help)) return kExitUsage;
  if (help) return kExitOk;
  if (!vm.count("input")) {
    err << "sitbone: batch needs a JSON Lines file (or - for standard input)\n";
    return kExitUsage;
  }
  int code = kExitOk;
  auto rules = LoadRules(vm, err, &code);
  if (!rules) return code;
  std::string text;
  const std::string file = vm["input"].as<std::string>();
  if (!ReadInput(file, in, &text)) {
    err << "sitbone: cannot read '" << file << "'\n";
    return kExitInputOrIo;
  }
  EvaluateOptions eval_options;
  eval_options.explain = vm.count("explain") > 0;
  Workspace workspace(*rules);
  workspace.set_explain(eval_options.explain);
  std::istringstream lines(text);
  std::string line;
  long row = 0;
  long errors = 0;
  while (std::getline(lines, line)) {
    ++row;
    nlohmann::ordered_json o;
    o["row"] = row;
    Result<Assessment> a = ParseAssessment(rules->schema(), line, "row " + std::to_string(row));
    if (!a) {
      o["error"] = a.error().message();
      ++errors;
    } else if (Status s = rules->Evaluate(*a, workspace); !s.ok()) {
      o["error"] = s.message();
      ++errors;
    } else {
      Evaluation ev = rules->Materialize(*a, workspace, eval_options);
      o["result"] = nlohmann::ordered_json::parse(RenderJson(*rules, ev, -1));
    }
    out << o.dump() << "\n";
  }
  err << "sitbone: " << row << " row(s), " << (row - errors) << " evaluated, " << errors << " error row(s)\n";
  return errors ? kExitInputOrIo : kExitOk;
}

}  // namespace sitbone::cli
