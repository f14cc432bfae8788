// The sitbone command-line runner: one function per subcommand, so that tests
// can call them directly (main.cc only dispatches). Each returns the exit code
// documented in docs/cli.md.
#ifndef SITBONE_CLI_COMMANDS_H_
#define SITBONE_CLI_COMMANDS_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace sitbone::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitRuleSetOrTestFailure = 1,
  // What was checked is not sound: the same code, for `audit verify`.
  kExitAuditLogNotIntact = 1,
  kExitUsage = 2,
  kExitInputOrIo = 3,
};

using Args = std::vector<std::string>;  // arguments after the subcommand

int RunEvaluate(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);
int RunBatch(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);
int RunValidate(const Args& args, std::ostream& out, std::ostream& err);
int RunTest(const Args& args, std::ostream& out, std::ostream& err);
int RunSchema(const Args& args, std::ostream& out, std::ostream& err);
int RunAudit(const Args& args, std::ostream& out, std::ostream& err);

// Dispatches argv (argv[0] is the program name).
int Main(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace sitbone::cli

#endif  // SITBONE_CLI_COMMANDS_H_
