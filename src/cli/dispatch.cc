// Dispatch of `sitbone <command>` to the command functions in cli/commands/.
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "sitbone/version.h"

namespace sitbone::cli {

namespace {
const char kUsage[] =
    "usage: sitbone <command> [options]\n"
    "\n"
    "commands:\n"
    "  evaluate FILE|- ...   evaluate assessments (JSON or YAML) and print the result\n"
    "  batch FILE|-          evaluate a JSON Lines file: one result or error row per line\n"
    "  validate [DIR]        check a rule set and print every diagnostic\n"
    "  test [DIR]            run a rule set's own test cases, with rule coverage\n"
    "  schema                print the input fields of a rule set\n"
    "  audit verify FILE     check every record of a decision audit log and its hash chain\n"
    "\n"
    "Run 'sitbone <command> --help' for the options of a command.\n"
    "Exit codes: 0 ok, 1 invalid rule set, failed rule tests or an audit log not intact, 2 usage error,\n"
    "3 invalid input or I/O error.\n"
    "sitbone supports, and does not replace, clinical judgement.\n";
}

int Main(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err) {
  if (argc < 2) {
    err << kUsage;
    return kExitUsage;
  }
  std::string command = argv[1];
  Args args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    out << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    out << "sitbone " << kEngineVersion << "\n";
    return kExitOk;
  }
  if (command == "evaluate") return RunEvaluate(args, in, out, err);
  if (command == "batch") return RunBatch(args, in, out, err);
  if (command == "validate") return RunValidate(args, out, err);
  if (command == "test") return RunTest(args, out, err);
  if (command == "schema") return RunSchema(args, out, err);
  if (command == "audit") return RunAudit(args, out, err);
  err << "sitbone: unknown command '" << command << "'\n" << kUsage;
  return kExitUsage;
}

}  // namespace sitbone::cli

