// sitbone audit verify FILE: checks every line of a decision audit log
// (docs/audit.md) and prints one line per problem, FILE:LINE[:COLUMN]: kind:
// message, then a summary. Exit 0 if the log is intact, 1 if not, 3 if it
// cannot be read.
#include <ostream>

#include "cli/io.h"
#include "sitbone/audit_log.h"

namespace sitbone::cli {
namespace {

const char kAuditUsage[] =
    "usage: sitbone audit <command> [options]\n"
    "\n"
    "commands:\n"
    "  verify FILE           check every record and the hash chain: torn, altered, deleted or moved lines\n"
    "\n"
    "Records are written by 'sitbone evaluate' and 'sitbone batch' with --audit-log FILE (docs/audit.md).\n";

int RunAuditVerify(const Args& args, std::ostream& out, std::ostream& err) {
  static const char kUsage[] =
      "usage: sitbone audit verify [options] FILE\n"
      "Checks every line of the audit log FILE: text, JSON, schema, its own line_sha256, its link to the line\n"
      "before (prev) and its seq. Prints FILE:LINE: kind: message per problem, then a summary.\n"
      "Exit code 0 if the log is intact, 1 if a problem was found, 3 if it cannot be read.";
  po::options_description options("options");
  options.add_options()("input", po::value<std::string>(), "audit log file");
  po::positional_options_description positional;
  positional.add("input", 1);
  po::variables_map vm;
  bool help = false;
  if (!ParseArgs(args, kUsage, options, positional, &vm, out, err, &help)) return kExitUsage;
  if (help) return kExitOk;
  if (!vm.count("input")) {
    err << "sitbone: audit verify needs an audit log file\n" << kUsage << "\n";
    return kExitUsage;
  }
  const std::string file = vm["input"].as<std::string>();
  Result<AuditVerifyReport> report = VerifyAuditLog(file);
  if (!report) {
    err << "sitbone: " << report.error().message() << "\n";
    return kExitInputOrIo;
  }
  for (const AuditProblem& p : report->problems) {
    out << file << ":" << p.line;
    if (p.column > 0) out << ":" << p.column;
    out << ": " << AuditProblemKindName(p.kind) << ": " << p.message << "\n";
  }
  if (report->problems_omitted > 0) out << file << ": " << report->problems_omitted << " more problem(s) not listed\n";
  if (report->intact()) {
    out << file << ": intact: " << report->records << " record(s)";
    if (report->records > 0)
      out << ", last seq " << report->last_seq << ", last line sha256 " << report->last_line_sha256;
    out << "\n";
    return kExitOk;
  }
  out << file << ": not intact: " << report->problems.size() + report->problems_omitted << " problem(s) in "
      << report->lines << " line(s), " << report->records << " intact record(s)\n";
  return kExitAuditLogNotIntact;
}

}  // namespace

int RunAudit(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kAuditUsage;
    return kExitUsage;
  }
  const std::string& command = args.front();
  if (command == "--help" || command == "-h" || command == "help") {
    out << kAuditUsage;
    return kExitOk;
  }
  if (command == "verify") return RunAuditVerify(Args(args.begin() + 1, args.end()), out, err);
  err << "sitbone: unknown audit command '" << command << "'\n" << kAuditUsage;
  return kExitUsage;
}

}  // namespace sitbone::cli
