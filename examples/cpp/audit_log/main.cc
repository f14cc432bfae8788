// The decision audit log: record every decision as it is made, verify the
// log, and see an edited record found at its line (docs/audit.md).
//
// usage: audit_log RULES_DIR        (e.g. rules/examples/tendon_triage)
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "sitbone/sitbone.h"

namespace {

void PrintReport(const std::string& name, const sitbone::AuditVerifyReport& report) {
  for (const sitbone::AuditProblem& p : report.problems)
    std::cout << name << ":" << p.line << ": " << sitbone::AuditProblemKindName(p.kind) << ": " << p.message << "\n";
  std::cout << name << ": " << (report.intact() ? "intact" : "not intact") << ", " << report.records
            << " intact record(s) of " << report.lines << " line(s)\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: audit_log RULES_DIR\n";
    return 2;
  }
  sitbone::CompileResult loaded = sitbone::LoadRuleSet(argv[1]);
  if (!loaded.ok()) {
    std::cerr << loaded.diagnostics.Format();
    return 1;
  }
  const sitbone::RuleSet& rules = *loaded.rule_set;
  const std::string path =
      (std::filesystem::temp_directory_path() / ("sitbone-example-audit-" + std::to_string(::getpid()) + ".jsonl"))
          .string();
  std::filesystem::remove(path);

  // 1. Open the log. Records hold the input with the pain score masked; the
  //    default (AuditInput::kHash) would hold only the input's SHA-256.
  sitbone::AuditLogOptions options;
  options.path = path;
  options.input = sitbone::AuditInput::kMasked;
  options.masked_fields = {"pain_nrs"};
  sitbone::Result<std::unique_ptr<sitbone::AuditLog>> log = sitbone::AuditLog::Open(options);
  if (!log) {
    std::cerr << log.error().ToString() << "\n";
    return 3;
  }

  // 2. Record each decision before it is shown: a decision that cannot be
  //    recorded is not given.
  const char* assessments[] = {
      R"({"saddle_anaesthesia": "yes"})",
      R"({"saddle_anaesthesia": "no", "fever": "no", "pain_nrs": 9, "night_pain": "no"})",
      R"({"saddle_anaesthesia": "no", "fever": "no", "pain_nrs": 3, "night_pain": "no", "stretch_test": "negative"})",
  };
  for (const char* text : assessments) {
    sitbone::Result<sitbone::Assessment> assessment = sitbone::ParseAssessment(rules.schema(), text);
    if (!assessment) {
      std::cerr << assessment.error().ToString() << "\n";
      return 3;
    }
    sitbone::Result<sitbone::Evaluation> result = rules.Evaluate(*assessment);
    if (!result) {
      std::cerr << result.error().ToString() << "\n";
      return 3;
    }
    if (sitbone::Status recorded = (*log)->Record(rules, *assessment, *result); !recorded.ok()) {
      std::cerr << "not shown, not recorded: " << recorded.ToString() << "\n";
      return 3;
    }
    std::cout << "recorded: level=" << result->Find("level")->ToString()
              << " stage=" << result->Find("stage")->ToString() << "\n";
  }
  log.value().reset();  // closes the file

  // 3. Verify: every line, its own hash, its link to the line before.
  sitbone::Result<sitbone::AuditVerifyReport> report = sitbone::VerifyAuditLog(path);
  if (!report) {
    std::cerr << report.error().ToString() << "\n";
    return 3;
  }
  PrintReport("audit.jsonl", *report);

  // 4. Change the advice of the first record after the fact, as a tamperer
  //    would, and verify again.
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::string from = "\"level\":\"emergency\"";
  text.replace(text.find(from), from.size(), "\"level\":\"none\"");
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << text; }
  report = sitbone::VerifyAuditLog(path);
  PrintReport("audit.jsonl", *report);

  std::filesystem::remove(path);
  return 0;
}
