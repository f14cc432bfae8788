// Helpers shared by the CLI commands: option parsing glue, rule loading and
// file reading with the documented exit codes.
#ifndef SITBONE_CLI_IO_H_
#define SITBONE_CLI_IO_H_

#include <boost/program_options.hpp>

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "sitbone/audit_log.h"
#include "sitbone/rule_set.h"

namespace sitbone::cli {

namespace po = boost::program_options;

// Parses `args` against `options` (+ positional). Prints the error and usage
// to `err` and returns false on a usage error. `help` is set on --help.
bool ParseArgs(const Args& args, const char* usage, po::options_description& options,
               const po::positional_options_description& positional, po::variables_map* vm, std::ostream& out,
               std::ostream& err, bool* help);

// Adds --rules and --set to `options`.
void AddRuleOptions(po::options_description& options);

// Loads the rule set named by --rules (default: the bundled PHT set) with the
// --set overrides. On failure prints diagnostics and returns null with
// `exit_code` set (1 invalid rule set, 2 bad --set syntax).
std::shared_ptr<const RuleSet> LoadRules(const po::variables_map& vm, std::ostream& err, int* exit_code);

// The rule-set folder named by the positional `dir` option, or the bundled
// default. Prints the error and sets `exit_code` (3) if it does not exist.
bool RuleSetDir(const po::variables_map& vm, std::ostream& err, std::string* dir, int* exit_code);

// Adds --audit-log, --audit-input, --audit-mask and --audit-fsync
// (docs/audit.md) to `options`.
void AddAuditOptions(po::options_description& options);

// Checks the audit options that need no rule set: --audit-input is hash or
// masked, --audit-mask only with --audit-input masked, neither without
// --audit-log. Prints the problem and returns false on a usage error.
bool CheckAuditOptions(const po::variables_map& vm, std::ostream& err);

// Opens the log named by --audit-log for `rules`, or returns null without
// error when there is none (`exit_code` stays 0). On failure prints the
// error and returns null with `exit_code` set: 2 for an --audit-mask name
// that is not an input of the rule set, 3 when the log cannot be opened or
// does not end in an intact record (a torn last line included).
std::unique_ptr<AuditLog> OpenAuditLog(const po::variables_map& vm, const RuleSet& rules, std::ostream& err,
                                       int* exit_code);

// Reads one assessment: a regular file, or standard input for "-", at most
// the assessment size limit (src/common/limits.h; a longer standard input is
// cut one byte past the limit, so that parsing reports the limit). False when
// it cannot be read, with the reason in `why`.
bool ReadInput(const std::string& path, std::istream& in, std::string* text, std::string* why);

}  // namespace sitbone::cli

#endif  // SITBONE_CLI_IO_H_
