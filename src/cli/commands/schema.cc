// sitbone schema: the input fields table of a rule set.
#include <ostream>

#include "cli/io.h"
#include "sitbone/render.h"

namespace sitbone::cli {

int RunSchema(const Args& args, std::ostream& out, std::ostream& err) {
  static const char kUsage[] = "usage: sitbone schema [--rules DIR] [--format markdown|json]";
  po::options_description options("options");
  AddRuleOptions(options);
  options.add_options()("format,f", po::value<std::string>()->default_value("markdown"), "markdown or json");
  po::positional_options_description positional;
  po::variables_map vm;
  bool help = false;
  if (!ParseArgs(args, kUsage, options, positional, &vm, out, err, &help)) return kExitUsage;
  if (help) return kExitOk;
  std::string format = vm["format"].as<std::string>();
  if (format != "markdown" && format != "json") {
    err << "sitbone: --format must be markdown or json, got '" << format << "'\n";
    return kExitUsage;
  }
  int code = kExitOk;
  auto rules = LoadRules(vm, err, &code);
  if (!rules) return code;
  out << (format == "json" ? RenderSchemaJson(*rules) + "\n" : RenderSchemaMarkdown(*rules));
  return kExitOk;
}

}  // namespace sitbone::cli
