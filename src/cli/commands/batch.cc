// sitbone batch FILE|-: JSON Lines in, JSON Lines out. Every input line yields
// exactly one output line, in order: {"row": n, "result": {...}} or
// {"row": n, "error": "..."}; blank lines are rows too (and errors). With
// --audit-log every evaluated row is recorded before its line is printed;
// error rows are not decisions and are not recorded.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <ostream>

#include "cli/io.h"
#include "common/limits.h"
#include "sitbone/render.h"

namespace sitbone::cli {
namespace {

// One line of `in` without its '\n' (and '\r\n'), at most `max` bytes kept;
// `too_long` says that more was skipped. False at the end of the input.
bool ReadBoundedLine(std::istream& in, std::size_t max, std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (;;) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      break;
    }
    any = true;
    if (c == '\n') break;
    if (line->size() < max) line->push_back(static_cast<char>(c));
    else *too_long = true;
  }
  if (!line->empty() && line->back() == '\r' && !*too_long) line->pop_back();
  return any;
}

}  // namespace

int RunBatch(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  static const char kUsage[] =
      "usage: sitbone batch [options] FILE|-\n"
      "Evaluates one JSON assessment per line; prints one JSON line per input line, in order:\n"
      "{\"row\": N, \"result\": {...}} or {\"row\": N, \"error\": \"...\"}. Exit code 3 if any row failed.\n"
      "With --audit-log, every evaluated row is recorded in the audit log (error rows are not).";
  po::options_description options("options");
  AddRuleOptions(options);
  options.add_options()("explain", "include the explanation, blocked rules and unknown inputs in each result");
  AddAuditOptions(options);
  options.add_options()("input", po::value<std::string>(), "JSON Lines file");
  po::positional_options_description positional;
  positional.add("input", 1);
  po::variables_map vm;
  bool help = false;
  if (!ParseArgs(args, kUsage, options, positional, &vm, out, err, &help)) return kExitUsage;
  if (help) return kExitOk;
  if (!CheckAuditOptions(vm, err)) return kExitUsage;
  if (!vm.count("input")) {
    err << "sitbone: batch needs a JSON Lines file (or - for standard input)\n";
    return kExitUsage;
  }
  int code = kExitOk;
  auto rules = LoadRules(vm, err, &code);
  if (!rules) return code;
  std::unique_ptr<AuditLog> audit = OpenAuditLog(vm, *rules, err, &code);
  if (code != kExitOk) return code;
  const std::string file = vm["input"].as<std::string>();
  std::ifstream file_stream;
  if (file != "-") {
    std::error_code ec;
    // Regular files only: a FIFO or a device would never end.
    if (!std::filesystem::is_regular_file(file, ec)) {
      err << "sitbone: cannot read '" << file << "': it is not a regular file or does not exist\n";
      return kExitInputOrIo;
    }
    file_stream.open(file, std::ios::binary);
    if (!file_stream) {
      err << "sitbone: cannot read '" << file << "'\n";
      return kExitInputOrIo;
    }
  }
  std::istream& lines = file == "-" ? in : file_stream;
  EvaluateOptions eval_options;
  eval_options.explain = vm.count("explain") > 0;
  Workspace workspace(*rules);
  workspace.set_explain(eval_options.explain);
  // Streamed line by line, so memory stays bounded whatever the file size; a
  // line longer than an assessment may be is read only up to the limit (and
  // becomes an error row), the rest of it skipped.
  const std::size_t max_line = internal::kAssessmentLimits.max_bytes;
  std::string line;
  long row = 0;
  long errors = 0;
  bool too_long = false;
  // The first audit failure: from that row on no decision is given (every
  // row is an error row, so rows keep their numbers), since none could be
  // recorded.
  std::string audit_failure;
  while (ReadBoundedLine(lines, max_line, &line, &too_long)) {
    ++row;
    nlohmann::ordered_json o;
    o["row"] = row;
    const std::string where = "row " + std::to_string(row);
    if (!audit_failure.empty()) {
      o["error"] = where + ": not evaluated: " + audit_failure;
      ++errors;
    } else if (too_long) {
      o["error"] = where + ": the line is longer than the limit of " + std::to_string(max_line) + " bytes";
      ++errors;
    } else if (Result<Assessment> a = ParseAssessment(rules->schema(), line, where); !a) {
      o["error"] = a.error().message();
      ++errors;
    } else if (Status s = rules->Evaluate(*a, workspace); !s.ok()) {
      o["error"] = s.message();
      ++errors;
    } else {
      Evaluation ev = rules->Materialize(*a, workspace, eval_options);
      Status recorded = audit ? audit->Record(*rules, *a, ev) : Status::Ok();
      if (recorded.ok()) {
        o["result"] = nlohmann::ordered_json::parse(RenderJson(*rules, ev, -1));
      } else {
        audit_failure = "the audit log failed at row " + std::to_string(row) + ": " + recorded.message();
        err << "sitbone: " << audit_failure << "\n";
        o["error"] = where + ": not shown: it could not be recorded: " + recorded.message();
        ++errors;
      }
    }
    // Messages never carry invalid UTF-8 (inputs are checked first); should
    // one ever slip through, it is replaced rather than ending the batch.
    out << o.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  }
  if (lines.bad()) {
    err << "sitbone: reading '" << file << "' failed after row " << row << "\n";
    return kExitInputOrIo;
  }
  err << "sitbone: " << row << " row(s), " << (row - errors) << " evaluated, " << errors << " error row(s)\n";
  return errors ? kExitInputOrIo : kExitOk;
}

}  // namespace sitbone::cli
