// `sitbone evaluate`: text and JSON results on the example rule set, --set
// threshold overrides, standard input, several files, and invalid or
// unreadable assessments (exit 3, the problem named on stderr).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_test_support.h"

namespace sitbone::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;
using testing_support::CliResult;
using testing_support::Data;
using testing_support::ExampleRules;
using testing_support::Lines;
using testing_support::ParseJson;
using testing_support::RunCli;
using Json = nlohmann::json;

CliResult Evaluate(std::vector<std::string> args, const std::string& stdin_text = "") {
  args.insert(args.begin(), {"evaluate", "--rules", ExampleRules()});
  return RunCli(args, stdin_text);
}

// --- Text -------------------------------------------------------------------------

TEST(CliEvaluateTest, TextReportShowsOutputsReasonsAndProvenance) {
  // The report itself is tested in tests/unit/output/report_test.cc; here,
  // that the runner prints it for a draft rule set (ids where it has no labels).
  CliResult r = Evaluate({Data("assessments/settled_runner.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(r.out, StartsWith("Tendon triage (example rule set)\nDecision support for the treating clinician"));
  EXPECT_THAT(r.out, HasSubstr("\n== What to do now ==\n"));
  EXPECT_THAT(r.out, HasSubstr("== Red flags and referrals ==\n  Red-flag level: none\n"));
  EXPECT_THAT(r.out, HasSubstr("  Stage: settled\n"));
  EXPECT_THAT(r.out, HasSubstr("  Phase: 2\n"));
  EXPECT_THAT(r.out, HasSubstr("  - ex_running: Easy flat running.\n    Dosage: alternate days\n"));
  EXPECT_THAT(r.out, HasSubstr("  Confidence: high\n"));
  // The rules that decided the outputs, with the facts that made them fire.
  EXPECT_THAT(r.out, HasSubstr("  2. Isotonic phase\n     - Stage: settled\n     - stretch_or_bridge: no\n"
                               "       - stretch_test: negative\n     Basis: evidence expert opinion\n"));
  EXPECT_THAT(r.out, HasSubstr("\nRule set tendon-triage-example version 1.0.0 (draft), fingerprint "));
  EXPECT_THAT(r.out, HasSubstr("\nTeaching example only; not for clinical use.\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("Thresholds changed")));
}

TEST(CliEvaluateTest, FullDetailShowsRationalesFactsAndReferences) {
  CliResult r = Evaluate({"--detail", "full", Data("assessments/settled_runner.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("  2. Isotonic phase (rule EX-PH2): A settled tendon with a negative provocation test can "
                               "load\n     through range.\n     - Stage: settled\n     - stretch_or_bridge: no\n"
                               "       - stretch_test: negative\n     Basis: evidence expert opinion; [1]\n"));
  EXPECT_THAT(r.out, HasSubstr("\n== References ==\n  1. Goom TSH, Malliaras P"));
  EXPECT_THAT(r.out, Not(HasSubstr("This is the summary.")));
}

TEST(CliEvaluateTest, MarkdownAndHtmlReportsAreWritten) {
  CliResult md = Evaluate({"--format", "markdown", Data("assessments/settled_runner.json")});
  ASSERT_EQ(md.exit_code, 0) << md;
  EXPECT_THAT(md.out, StartsWith("# Tendon triage (example rule set)\n"));
  EXPECT_THAT(md.out, HasSubstr("\n## Plan\n"));
  CliResult html = Evaluate({"-f", "html", Data("assessments/settled_runner.json"), Data("assessments/red_flag.yaml")});
  ASSERT_EQ(html.exit_code, 0) << html;
  EXPECT_THAT(html.out, StartsWith("<!DOCTYPE html>\n"));
  EXPECT_THAT(html.out, HasSubstr("<code>" + Data("assessments/red_flag.yaml") + "</code>"));
  EXPECT_THAT(html.out, ::testing::EndsWith("</html>\n"));
}

TEST(CliEvaluateTest, AnUnknownDetailIsAUsageError) {
  CliResult r = Evaluate({"--detail", "brief", Data("assessments/settled_runner.json")});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.err, HasSubstr("--detail must be summary or full, got 'brief'"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST(CliEvaluateTest, RedFlagStopsBeforeThePlan) {
  CliResult r = Evaluate({Data("assessments/red_flag.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("  Red-flag level: emergency\n"));
  EXPECT_THAT(r.out, HasSubstr("  Referrals\n  - emergency\n"));
  EXPECT_THAT(r.out, HasSubstr("  Stage: not_staged\n"));
  // The summary leaves out what was not decided: no phase, no exercises.
  EXPECT_THAT(r.out, Not(HasSubstr("Phase:")));
  EXPECT_THAT(r.out, Not(HasSubstr("Exercises")));
  EXPECT_THAT(r.out, HasSubstr("  1. Saddle anaesthesia\n     - saddle_anaesthesia: yes\n"));
}

TEST(CliEvaluateTest, NoExplainLeavesOutTheReasons) {
  CliResult r = Evaluate({"--no-explain", Data("assessments/settled_runner.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("  Stage: settled\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("== Why ==")));
}

// --- JSON -------------------------------------------------------------------------

TEST(CliEvaluateTest, JsonCarriesOutputsTraceExplanationAndProvenance) {
  CliResult r = Evaluate({"--format", "json", Data("assessments/settled_runner.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  Json j = ParseJson(r.out);
  ASSERT_TRUE(j.is_object()) << r;
  EXPECT_EQ(j["level"], "none");
  EXPECT_EQ(j["referrals"], Json::array());
  EXPECT_EQ(j["stage"], "settled");
  EXPECT_EQ(j["positive_tests"], 0);
  EXPECT_TRUE(j["positive_tests"].is_number_integer());
  EXPECT_EQ(j["phase"], 2);
  EXPECT_EQ(j["exercises"], Json({"ex_isotonic_curl", "ex_isometric_bridge", "ex_running"}));
  EXPECT_EQ(j["modifiers"], Json::array());
  EXPECT_EQ(j["confidence"], "high");
  EXPECT_EQ(j["missing_data"], Json::array());
  EXPECT_EQ(j["trace"], Json({"EX-ST3", "EX-PH2", "EX-CF2"}));
  // Catalogue text travels with the ids.
  ASSERT_EQ(j["details"]["exercises"].size(), 3u);
  EXPECT_EQ(j["details"]["exercises"][2]["id"], "ex_running");
  EXPECT_EQ(j["details"]["exercises"][2]["dosage"], "alternate days");
  // One explanation per fired rule, in trace order.
  ASSERT_EQ(j["explanation"].size(), 3u);
  const Json& ph2 = j["explanation"][1];
  EXPECT_EQ(ph2["rule"], "EX-PH2");
  EXPECT_EQ(ph2["step"], "plan");
  EXPECT_EQ(ph2["title"], "Isotonic phase");
  EXPECT_EQ(ph2["evidence"], "X");
  EXPECT_EQ(ph2["inputs"], Json({{"bridge_test", "unknown"}, {"stretch_test", "negative"}}));
  ASSERT_EQ(ph2["citations"].size(), 1u);
  EXPECT_EQ(ph2["citations"][0]["key"], "goom2016");
  EXPECT_THAT(ph2["citations"][0]["reference"].get<std::string>(), StartsWith("Goom TSH"));
  EXPECT_EQ(j["blocked"], Json::parse(R"([{"rule": "EX-CAP", "unknown_inputs": ["diabetes"]}])"));
  EXPECT_EQ(j["unknown_inputs"], Json({"diabetes"}));
  const Json& p = j["provenance"];
  EXPECT_EQ(p["rule_set"], "tendon-triage-example");
  EXPECT_EQ(p["version"], "1.0.0");
  EXPECT_EQ(p["status"], "draft");
  EXPECT_THAT(p["fingerprint"].get<std::string>(), MatchesRegex("sha256:[0-9a-f]{64}"));
  EXPECT_THAT(p["engine"].get<std::string>(), StartsWith("sitbone "));
  EXPECT_EQ(p["threshold_overrides"], Json::object());
  EXPECT_EQ(j["disclaimer"], "Teaching example only; not for clinical use.");
}

TEST(CliEvaluateTest, JsonKeysAreOutputsInDeclarationOrderThenResultFields) {
  CliResult r = Evaluate({"-f", "json", Data("assessments/settled_runner.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  EXPECT_THAT(keys, ElementsAre("level", "referrals", "stage", "positive_tests", "phase", "exercises", "modifiers",
                                "confidence", "missing_data", "trace", "details", "explanation", "blocked",
                                "unknown_inputs", "decided_by", "ask_next", "notices", "provenance", "disclaimer"));
}

TEST(CliEvaluateTest, JsonReferralsCarryTheirCatalogueFields) {
  CliResult r = Evaluate({"-f", "json", Data("assessments/red_flag.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r;
  Json j = ParseJson(r.out);
  EXPECT_EQ(j["level"], "emergency");
  EXPECT_EQ(j["referrals"], Json::parse(R"([{"to": "emergency_department", "reason": "possible_cauda_equina",
                                              "timeframe": "immediate"}])"));
  EXPECT_TRUE(j["phase"].is_null());
  EXPECT_EQ(j["trace"], Json({"EX-RF1", "EX-CF1"}));
}

TEST(CliEvaluateTest, JsonWithoutExplainHasEmptyExplanationAndBlocked) {
  CliResult r = Evaluate({"-f", "json", "--no-explain", Data("assessments/settled_runner.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  Json j = ParseJson(r.out);
  EXPECT_EQ(j["trace"], Json({"EX-ST3", "EX-PH2", "EX-CF2"}));
  EXPECT_EQ(j["explanation"], Json::array());
  EXPECT_EQ(j["blocked"], Json::array());
  EXPECT_EQ(j["unknown_inputs"], Json::array());
}

TEST(CliEvaluateTest, JsonFingerprintIsTheOneValidatePrints) {
  CliResult eval = Evaluate({"-f", "json", Data("assessments/settled_runner.json")});
  CliResult validate = RunCli({"validate", ExampleRules()});
  ASSERT_EQ(eval.exit_code, 0) << eval;
  ASSERT_EQ(validate.exit_code, 0) << validate;
  std::string fingerprint = ParseJson(eval.out)["provenance"]["fingerprint"];
  EXPECT_THAT(validate.out, HasSubstr("\nfingerprint " + fingerprint + "\n"));
}

// --- --set --------------------------------------------------------------------------

TEST(CliEvaluateTest, SetOverrideChangesTheResultAndShowsInProvenance) {
  CliResult base = Evaluate({"-f", "json", Data("assessments/pain_5.json")});
  CliResult over = Evaluate({"-f", "json", "--set", "reactive_pain_min=5", Data("assessments/pain_5.json")});
  ASSERT_EQ(base.exit_code, 0) << base;
  ASSERT_EQ(over.exit_code, 0) << over;
  Json b = ParseJson(base.out), o = ParseJson(over.out);
  EXPECT_EQ(b["stage"], "settled");
  EXPECT_EQ(o["stage"], "reactive");
  EXPECT_EQ(o["trace"][0], "EX-ST2");
  EXPECT_EQ(b["provenance"]["threshold_overrides"], Json::object());
  EXPECT_EQ(o["provenance"]["threshold_overrides"], Json({{"reactive_pain_min", 5}}));
  EXPECT_TRUE(o["provenance"]["threshold_overrides"]["reactive_pain_min"].is_number_integer());
  // Overrides change the fingerprint.
  EXPECT_NE(b["provenance"]["fingerprint"], o["provenance"]["fingerprint"]);
  EXPECT_THAT(o["provenance"]["fingerprint"].get<std::string>(), MatchesRegex("sha256:[0-9a-f]{64}"));
}

TEST(CliEvaluateTest, SetOverrideShowsInTextProvenance) {
  CliResult r =
      Evaluate({"-s", "reactive_pain_min=5", "-s", "sitting_short_below=20.5", Data("assessments/pain_5.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("  Stage: reactive\n"));
  EXPECT_THAT(r.out, HasSubstr("\nRule set tendon-triage-example version 1.0.0 (draft), fingerprint "));
  EXPECT_THAT(r.out, HasSubstr("\nThresholds changed for this run: reactive_pain_min = 5, sitting_short_below = 20.5.\n"));
}

TEST(CliEvaluateTest, UnknownSetKeyExitsOneWithE2009AndASuggestion) {
  CliResult r = Evaluate({"--set", "reactive_pain_mn=5", Data("assessments/pain_5.json")});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("error[E2009]: threshold override names an unknown threshold 'reactive_pain_mn'"));
  EXPECT_THAT(r.err, HasSubstr("did you mean 'reactive_pain_min'?"));
  EXPECT_THAT(r.err, HasSubstr("is invalid (1 error(s))"));
}

TEST(CliEvaluateTest, NonFiniteSetValueIsRejectedWithE2009) {
  // A decimal number too large for a double; "nan" and "inf" are not numbers
  // at all (CliMalformedSetTest), as in every other input.
  for (const char* value : {"1e999", "-1e999"}) {
    CliResult r = Evaluate({"--set", std::string("reactive_pain_min=") + value, Data("assessments/pain_5.json")});
    EXPECT_EQ(r.exit_code, 1) << value << "\n" << r;
    EXPECT_THAT(r.err, HasSubstr("error[E2009]")) << value;
    EXPECT_THAT(r.err, HasSubstr("not a finite number")) << value;
    EXPECT_THAT(r.out, IsEmpty()) << value;
  }
}

TEST(CliEvaluateTest, ASetValuePrintsExactlyInTheTextReportAsInJson) {
  // One number formatter: the text report showed 6.12346 where JSON had 6.123456789.
  CliResult text = Evaluate({"--set", "reactive_pain_min=6.123456789", Data("assessments/pain_5.json")});
  ASSERT_EQ(text.exit_code, 0) << text;
  EXPECT_THAT(text.out, HasSubstr("reactive_pain_min = 6.123456789"));
  EXPECT_THAT(text.out, ::testing::Not(HasSubstr("6.12346\n")));
  CliResult json = Evaluate({"-f", "json", "--set", "reactive_pain_min=6.123456789", Data("assessments/pain_5.json")});
  ASSERT_EQ(json.exit_code, 0) << json;
  EXPECT_THAT(json.out, HasSubstr("6.123456789"));
}

class CliMalformedSetTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CliMalformedSetTest, ExitsTwoAndQuotesTheArgument) {
  CliResult r = Evaluate({"--set", GetParam(), Data("assessments/pain_5.json")});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err, "sitbone: --set takes key=number, got '" + std::string(GetParam()) + "'\n");
}

INSTANTIATE_TEST_SUITE_P(Malformed, CliMalformedSetTest,
                         ::testing::Values("reactive_pain_min", "=5", "reactive_pain_min=", "reactive_pain_min=abc",
                                           "reactive_pain_min=5kg", "reactive_pain_min=nan",
                                           "reactive_pain_min=inf", "reactive_pain_min=0x7",
                                           "reactive_pain_min= 5"));

// --- Standard input and several files ---------------------------------------------

TEST(CliEvaluateTest, DashReadsYamlFromStandardInput) {
  CliResult r = Evaluate({"-f", "json", "--no-explain", "-"}, "pain_nrs: 8\nnight_pain: no\n");
  ASSERT_EQ(r.exit_code, 0) << r;
  Json j = ParseJson(r.out);
  EXPECT_EQ(j["stage"], "reactive");
  EXPECT_EQ(j["missing_data"], Json({"fever"}));
}

TEST(CliEvaluateTest, DashReadsJsonFromStandardInput) {
  CliResult r = Evaluate({"-"}, R"({"saddle_anaesthesia": "yes"})");
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("  Red-flag level: emergency\n"));
}

TEST(CliEvaluateTest, InvalidStandardInputIsNamedStdin) {
  CliResult r = Evaluate({"-"}, R"({"pain_nrs": -1})");
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.err, HasSubstr("<stdin>"));
  EXPECT_THAT(r.err, HasSubstr("field 'pain_nrs'"));
}

TEST(CliEvaluateTest, SeveralFilesInTextAreHeadedAndSeparated) {
  const std::string a = Data("assessments/settled_runner.json"), b = Data("assessments/red_flag.yaml");
  CliResult r = Evaluate({a, b});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, StartsWith("Tendon triage (example rule set)\nAssessment: " + a + "\n"));
  const std::string separator = "\n" + std::string(72, '=') + "\n\nTendon triage (example rule set)\nAssessment: " + b + "\n";
  std::size_t at = r.out.find(separator);
  ASSERT_NE(at, std::string::npos) << r;
  EXPECT_THAT(r.out.substr(0, at), HasSubstr("Stage: settled"));
  EXPECT_THAT(r.out.substr(at), HasSubstr("Red-flag level: emergency"));
}

TEST(CliEvaluateTest, SeveralFilesInJsonPrintOneCompactObjectPerLineInOrder) {
  CliResult r = Evaluate({"-f", "json", Data("assessments/settled_runner.json"), Data("assessments/red_flag.yaml"),
                          Data("assessments/pain_5.json")});
  ASSERT_EQ(r.exit_code, 0) << r;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r;
  EXPECT_EQ(ParseJson(lines[0])["stage"], "settled");
  EXPECT_EQ(ParseJson(lines[1])["level"], "emergency");
  EXPECT_EQ(ParseJson(lines[2])["stage"], "settled");
  EXPECT_EQ(ParseJson(lines[2])["trace"], Json({"EX-ST3", "EX-PH1", "EX-CF2"}));
}

TEST(CliEvaluateTest, OneBadFileAmongSeveralExitsThreeButEvaluatesTheRest) {
  CliResult r = Evaluate({"-f", "json", Data("assessments/out_of_range.json"), Data("assessments/settled_runner.json"),
                          Data("assessments/no_such_file.json")});
  EXPECT_EQ(r.exit_code, 3) << r;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r;
  EXPECT_EQ(ParseJson(lines[0])["stage"], "settled");
  EXPECT_THAT(r.err, HasSubstr("out_of_range.json: field 'pain_nrs'"));
  EXPECT_THAT(r.err, HasSubstr("cannot read '" + Data("assessments/no_such_file.json") + "'"));
}

// --- Invalid and unreadable assessments (exit 3) ----------------------------------

TEST(CliEvaluateTest, UnknownFieldExitsThreeWithDidYouMean) {
  const std::string file = Data("assessments/unknown_field.json");
  CliResult r = Evaluate({file});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err, "sitbone: invalid assessment: " + file + ": unknown field 'pain_nsr'; did you mean 'pain_nrs'?\n");
}

TEST(CliEvaluateTest, OutOfRangeValueExitsThreeNamingFieldValueAndRange) {
  CliResult r = Evaluate({Data("assessments/out_of_range.json")});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("field 'pain_nrs'"));
  EXPECT_THAT(r.err, HasSubstr("11 (out of range)"));
  EXPECT_THAT(r.err, HasSubstr("from 0 to 10"));
}

TEST(CliEvaluateTest, UnknownEnumValueExitsThreeListingTheAllowedValues) {
  CliResult r = Evaluate({Data("assessments/unknown_enum.json")});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.err, HasSubstr("field 'activity': 'swimming' is not valid; allowed: running, cycling, other"));
}

TEST(CliEvaluateTest, BooleanForAYesNoFieldExitsThree) {
  CliResult r = Evaluate({Data("assessments/boolean_for_tri.json")});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.err, HasSubstr("field 'fever'"));
  EXPECT_THAT(r.err, HasSubstr("yes"));
}

TEST(CliEvaluateTest, SyntaxErrorExitsThreeWithLineAndColumn) {
  const std::string file = Data("assessments/syntax_error.json");
  CliResult r = Evaluate({file});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.err, HasSubstr(file + ":3:1: invalid JSON"));
}

// The YAML reader rejects a repeated key ("duplicate key 'pain_nrs' (first
// defined at line 1)"); the JSON reader must not silently keep the last value.
TEST(CliEvaluateTest, DuplicateJsonKeyIsRejectedLikeInYaml) {
  CliResult yaml = Evaluate({"-"}, "pain_nrs: 3\nnight_pain: no\npain_nrs: 9\n");
  EXPECT_EQ(yaml.exit_code, 3) << yaml;
  EXPECT_THAT(yaml.err, HasSubstr("duplicate key 'pain_nrs'"));

  CliResult json = Evaluate({"-f", "json", Data("assessments/duplicate_key.json")});
  EXPECT_EQ(json.exit_code, 3) << json;
  EXPECT_THAT(json.err, HasSubstr("duplicate key 'pain_nrs'"));
  EXPECT_THAT(json.out, IsEmpty());
}

TEST(CliEvaluateTest, MissingFileExitsThree) {
  const std::string file = Data("assessments/no_such_file.json");
  CliResult r = Evaluate({file});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err, "sitbone: cannot read '" + file + "': it does not exist\n");
}

TEST(CliEvaluateTest, DirectoryAsInputIsReportedAsUnreadable) {
  const std::string dir = Data("assessments");
  CliResult r = Evaluate({dir});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_EQ(r.err, "sitbone: cannot read '" + dir + "': it is not a regular file\n");
}

TEST(CliEvaluateTest, AFifoIsNotReadEvenWhenNothingWritesToIt) {
  // Without the regular-file check this would wait for a writer for ever.
  const std::string fifo = ::testing::TempDir() + "sitbone_evaluate_fifo_" + std::to_string(::getpid());
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  CliResult r = Evaluate({fifo});
  std::remove(fifo.c_str());
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_EQ(r.err, "sitbone: cannot read '" + fifo + "': it is not a regular file\n");
}

TEST(CliEvaluateTest, InvalidRuleSetExitsOneWithDiagnosticsOnStderr) {
  CliResult r = RunCli({"evaluate", "--rules", Data("broken_rules"), Data("assessments/pain_5.json")});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("error[E2002]: unknown name 'pain_nsr'"));
  EXPECT_THAT(r.err, HasSubstr("is invalid (3 error(s))"));
}

// Every assessment shipped in examples/assessments/tendon_triage is valid.
TEST(CliEvaluateTest, ExampleAssessmentsEvaluate) {
  for (const char* name : {"settled_runner.json", "settled_partly_known.json", "red_flag.json"}) {
    CliResult r = Evaluate({"-f", "json", std::string(SITBONE_EXAMPLE_ASSESSMENTS_DIR) + "/" + name});
    EXPECT_EQ(r.exit_code, 0) << name << "\n" << r;
  }
}

}  // namespace
}  // namespace sitbone::cli
