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

void AddAuditOptions(po::options_description& options) {
  options.add_options()
      ("audit-log", po::value<std::string>(), "append a record of every decision to this JSON Lines file (docs/audit.md)")
      ("audit-input", po::value<std::string>(),
       "what a record holds of the input: hash (its SHA-256; the default) or masked (the values, with the "
       "--audit-mask fields hidden)")
      ("audit-mask", po::value<std::vector<std::string>>()->composing(),
       "with --audit-input masked: input fields to hide, comma-separated (repeatable)")
      ("audit-fsync", "flush every audit record to disk before going on");
}

bool CheckAuditOptions(const po::variables_map& vm, std::ostream& err) {
  const bool log = vm.count("audit-log") > 0;
  for (const char* option : {"audit-input", "audit-mask", "audit-fsync"}) {
    if (vm.count(option) && !log) {
      err << "sitbone: --" << option << " needs --audit-log FILE\n";
      return false;
    }
  }
  const std::string input = vm.count("audit-input") ? vm["audit-input"].as<std::string>() : "hash";
  if (input != "hash" && input != "masked") {
    err << "sitbone: --audit-input must be hash or masked, got '" << input << "'\n";
    return false;
  }
  if (vm.count("audit-mask") && input != "masked") {
    err << "sitbone: --audit-mask needs --audit-input masked (with hash the log holds no input value)\n";
    return false;
  }
  return true;
}

std::unique_ptr<AuditLog> OpenAuditLog(const po::variables_map& vm, const RuleSet& rules, std::ostream& err,
                                       int* exit_code) {
  *exit_code = kExitOk;
  if (!vm.count("audit-log")) return nullptr;
  AuditLogOptions options;
  options.path = vm["audit-log"].as<std::string>();
  options.input = vm.count("audit-input") && vm["audit-input"].as<std::string>() == "masked" ? AuditInput::kMasked
                                                                                               : AuditInput::kHash;
  options.fsync = vm.count("audit-fsync") > 0;
  if (vm.count("audit-mask")) {
    for (const std::string& list : vm["audit-mask"].as<std::vector<std::string>>()) {
      std::size_t start = 0;
      while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string name = list.substr(start, comma - start);
        start = comma + 1;
        if (name.empty()) continue;
        // A misspelt field would leave the one meant in the clear: refuse it
        // before anything is evaluated.
        if (rules.schema()->Find(name) < 0) {
          const std::string hint = rules.schema()->Suggest(name);
          err << "sitbone: --audit-mask: '" << name << "' is not an input of rule set '" << rules.id() << "'"
              << (hint.empty() ? "" : "; did you mean '" + hint + "'?") << "\n";
          *exit_code = kExitUsage;
          return nullptr;
        }
        options.masked_fields.push_back(name);
      }
    }
  }
  Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(options);
  if (!log) {
    err << "sitbone: " << log.error().message() << "\n";
    *exit_code = kExitInputOrIo;
    return nullptr;
  }
  return std::move(log).value();
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
