#include "cli/io.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "common/number.h"
#include "loader/document.h"

namespace sitbone::cli {

bool ParseArgs(const Args& args, const char* usage, po::options_description& options,
               const po::positional_options_description& positional, po::variables_map* vm, std::ostream& out,
               std::ostream& err, bool* help) {
  options.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    err << "sitbone: " << e.what() << "\n" << usage << "\n" << options;
    return false;
  }
  *help = vm->count("help") > 0;
  if (*help) out << usage << "\n" << options;
  return true;
}

void AddRuleOptions(po::options_description& options) {
  options.add_options()
      ("rules,r", po::value<std::string>(), "rule set folder (default: the bundled PHT rule set)")
      ("set,s", po::value<std::vector<std::string>>()->composing(), "override a threshold: --set key=value (repeatable)");
}

std::shared_ptr<const RuleSet> LoadRules(const po::variables_map& vm, std::ostream& err, int* exit_code) {
  LoadOptions options;
  if (vm.count("set")) {
    for (const auto& kv : vm["set"].as<std::vector<std::string>>()) {
      auto eq = kv.find('=');
      double value = 0;
      if (eq == std::string::npos || eq == 0 || !internal::ParseDecimal(std::string_view(kv).substr(eq + 1), &value)) {
        err << "sitbone: --set takes key=number, got '" << kv << "'\n";
        *exit_code = kExitUsage;
        return nullptr;
      }
      options.threshold_overrides.emplace_back(kv.substr(0, eq), value);
    }
  }
  std::string path = vm.count("rules") ? vm["rules"].as<std::string>() : DefaultRuleSetPath();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    err << "sitbone: no rule set at '" << path << "'\n";
    *exit_code = kExitInputOrIo;
    return nullptr;
  }
  CompileResult result = LoadRuleSet(path, options);
  if (!result.ok()) {
    err << result.diagnostics.Format();
    err << "sitbone: rule set '" << path << "' is invalid (" << result.diagnostics.ErrorCount() << " error(s))\n";
    *exit_code = kExitRuleSetOrTestFailure;
    return nullptr;
  }
  return result.rule_set;
}

bool RuleSetDir(const po::variables_map& vm, std::ostream& err, std::string* dir, int* exit_code) {
  *dir = vm.count("dir") ? vm["dir"].as<std::string>() : DefaultRuleSetPath();
  if (std::error_code ec; !std::filesystem::exists(*dir, ec)) {
    err << "sitbone: no rule set at '" << *dir << "'\n";
    *exit_code = kExitInputOrIo;
    return false;
  }
  return true;
}

bool ReadInput(const std::string& path, std::istream& in, std::string* text, std::string* why) {
  const std::size_t limit = internal::kAssessmentLimits.max_bytes;
  if (path == "-") {
    // At most one byte over the limit, so that the parser reports the limit.
    std::string buffer(limit + 1, '\0');
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.bad()) {
      *why = "standard input cannot be read";
      return false;
    }
    buffer.resize(static_cast<std::size_t>(in.gcount()));
    *text = std::move(buffer);
    return true;
  }
  return internal::ReadFile(path, text, limit, why);
}

}  // namespace sitbone::cli
