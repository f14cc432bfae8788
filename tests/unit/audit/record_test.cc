// The audit record line (src/audit/record.cc): the documented field order,
// line_sha256 over the exact bytes, the canonical input and its hash, outputs
// equal to the JSON result's, and the checks a single line must pass.
#include "audit/record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit_test_support.h"
#include "common/sha256.h"
#include "sitbone/render.h"
#include "sitbone/version.h"

namespace sitbone::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing_support::MustParse;
using testing_support::RehashLine;
using testing_support::Triage;
using testing_support::VariedAssessments;
using Json = nlohmann::ordered_json;

RecordContext Context(AuditInput input = AuditInput::kHash) {
  RecordContext c;
  c.seq = 7;
  c.time = "2025-01-31T09:15:02.047Z";
  c.prev = Sha256Hex("");
  c.input = input;
  return c;
}

std::string Line(const Assessment& a, const RecordContext& context = Context()) {
  Result<Evaluation> ev = Triage().Evaluate(a);
  EXPECT_TRUE(ev.has_value());
  Result<std::string> line = BuildRecordLine(a, *ev, context);
  EXPECT_TRUE(line.has_value()) << line.error().ToString();
  return line ? *line : std::string();
}

std::vector<std::string> Keys(const Json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

TEST(AuditRecordTest, FieldsAreWrittenInTheDocumentedOrderOnOneLine) {
  const std::string line = Line(MustParse(Triage(), testing_support::kDistinctAssessment));
  EXPECT_EQ(line.find('\n'), std::string::npos);
  Json j = Json::parse(line);
  EXPECT_THAT(Keys(j), ElementsAre("schema", "seq", "time", "engine_version", "rule_set", "input_sha256", "outputs",
                                   "missing_data", "trace", "prev", "line_sha256"));
  EXPECT_EQ(j["schema"], "sitbone-audit/1");
  EXPECT_EQ(j["seq"], 7);
  EXPECT_EQ(j["time"], "2025-01-31T09:15:02.047Z");
  EXPECT_EQ(j["engine_version"], kEngineVersion);
  EXPECT_THAT(Keys(j["rule_set"]), ElementsAre("id", "version", "status", "fingerprint"));
  EXPECT_EQ(j["rule_set"]["id"], "tendon-triage-example");
  EXPECT_EQ(j["rule_set"]["fingerprint"], "sha256:" + Triage().fingerprint());
  EXPECT_EQ(j["prev"], Sha256Hex(""));
}

TEST(AuditRecordTest, LineHashIsTheSha256OfTheLineWithoutItsLineHashField) {
  const std::string line = Line(MustParse(Triage(), testing_support::kDistinctAssessment));
  const std::string field = ",\"line_sha256\":\"";
  const std::size_t at = line.rfind(field);
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(line.size() - at, field.size() + 64 + 2);  // the field is last
  const std::string content = line.substr(0, at) + "}";
  EXPECT_EQ(line.substr(at + field.size(), 64), Sha256Hex(content));
}

TEST(AuditRecordTest, OutputsAreTheDecisionFieldsOfTheJsonResult) {
  const RuleSet& rules = Triage();
  for (const Assessment& a : VariedAssessments(rules, 200)) {
    Result<Evaluation> ev = rules.Evaluate(a);
    ASSERT_TRUE(ev.has_value());
    Json record = Json::parse(*BuildRecordLine(a, *ev, Context()));
    Json result = Json::parse(RenderJson(rules, *ev, -1));
    for (const std::string& name : rules.output_names()) EXPECT_EQ(record["outputs"][name], result[name]) << name;
    EXPECT_EQ(record["outputs"].size(), rules.output_names().size());
    EXPECT_EQ(record["trace"], result["trace"]);
    EXPECT_EQ(record["missing_data"], result["missing_data"]);
  }
}

TEST(AuditRecordTest, TheInputHashIsTheSha256OfTheCanonicalInputHowEverItWasWritten) {
  const RuleSet& rules = Triage();
  // The same assessment four ways: key order, YAML, null versus "unknown"
  // versus absent must not change the hash.
  const Assessment a = MustParse(rules, R"({"fever": "no", "pain_nrs": 4, "activity": "running", "bmi": 22.5})");
  const Assessment b = MustParse(rules, R"({"bmi": 22.5, "activity": "running", "pain_nrs": 4, "fever": "no",
                                           "night_pain": "unknown", "diabetes": null})");
  const Assessment c = MustParse(rules, "activity: running\nbmi: 22.5\nfever: no\npain_nrs: 4\n");
  const std::string canonical = CanonicalInput(a, {});
  EXPECT_EQ(canonical,
            R"({"saddle_anaesthesia":null,"fever":"no","pain_nrs":4,"sitting_tolerance_min":null,"night_pain":null,)"
            R"("bridge_test":null,"stretch_test":null,"activity":"running","diabetes":null,"bmi":22.5,)"
            R"("visit_number":1})");
  EXPECT_EQ(CanonicalInput(b, {}), canonical);
  EXPECT_EQ(CanonicalInput(c, {}), canonical);
  EXPECT_EQ(Json::parse(Line(a))["input_sha256"], Sha256Hex(canonical));
  // ...which is the `input` of a masked-mode record with nothing masked.
  Json masked = Json::parse(Line(a, Context(AuditInput::kMasked)));
  EXPECT_EQ(Sha256Hex(masked["input"].dump()), Sha256Hex(canonical));
  // A different answer is a different hash.
  const Assessment d = MustParse(rules, R"({"fever": "yes", "pain_nrs": 4, "activity": "running", "bmi": 22.5})");
  EXPECT_NE(Json::parse(Line(d))["input_sha256"], Sha256Hex(canonical));
}

TEST(AuditRecordTest, MaskedModeHoldsEveryFieldWithTheMaskedOnesReplaced) {
  const RuleSet& rules = Triage();
  RecordContext context = Context(AuditInput::kMasked);
  context.masked.assign(rules.schema()->size(), false);
  context.masked[static_cast<std::size_t>(rules.schema()->Find("bmi"))] = true;
  context.masked[static_cast<std::size_t>(rules.schema()->Find("fever"))] = true;
  Json j = Json::parse(Line(MustParse(rules, testing_support::kDistinctAssessment), context));
  EXPECT_FALSE(j.contains("input_sha256"));
  EXPECT_EQ(j["input"].size(), rules.schema()->size());
  EXPECT_EQ(j["input"]["bmi"], "***masked***");
  EXPECT_EQ(j["input"]["fever"], "***masked***");
  EXPECT_EQ(j["input"]["sitting_tolerance_min"], 47);
  EXPECT_EQ(j["input"]["activity"], "cycling");
}

TEST(AuditRecordTest, ThresholdOverridesAreRecordedOnlyWhenThereAreAny) {
  LoadOptions options;
  options.threshold_overrides = {{"obesity_bmi_min", 32}};
  std::shared_ptr<const RuleSet> rules =
      testing_support::LoadClean(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/examples/tendon_triage", options);
  ASSERT_NE(rules, nullptr);
  const Assessment a = MustParse(*rules, testing_support::kDistinctAssessment);
  Result<Evaluation> ev = rules->Evaluate(a);
  ASSERT_TRUE(ev.has_value());
  Json j = Json::parse(*BuildRecordLine(a, *ev, Context()));
  EXPECT_EQ(j["rule_set"]["threshold_overrides"], Json({{"obesity_bmi_min", 32}}));
  EXPECT_EQ(j["rule_set"]["fingerprint"], "sha256:" + rules->fingerprint());
  EXPECT_FALSE(Json::parse(Line(MustParse(Triage(), testing_support::kDistinctAssessment)))["rule_set"].contains(
      "threshold_overrides"));
}

TEST(AuditRecordTest, AWrittenLineIsAcceptedByTheReaderWithItsSeqAndPrev) {
  LineCheck check = CheckRecordLine(Line(MustParse(Triage(), testing_support::kDistinctAssessment)));
  EXPECT_TRUE(check.ok) << check.message;
  EXPECT_EQ(check.seq, 7u);
  EXPECT_EQ(check.prev, Sha256Hex(""));
}

TEST(AuditRecordTest, TimeIsUtcRfc3339WithMilliseconds) {
  EXPECT_THAT(Rfc3339UtcNow(),
              MatchesRegex(R"(20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9][0-9][0-9]Z)"));
}

// --- One line on its own -------------------------------------------------------

struct LineCase {
  const char* name;
  std::string (*edit)(const std::string& line);
  AuditProblem::Kind kind;
  const char* message;
};

// So that a test name reads "... # GetParam() = EditedValue".
void PrintTo(const LineCase& c, std::ostream* os) { *os << c.name; }

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  std::size_t at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

const LineCase kLineCases[] = {
    {"EditedValue", [](const std::string& l) { return Replace(l, "\"seq\":7", "\"seq\":8"); },
     AuditProblem::Kind::kAltered, "the line does not match its line_sha256"},
    {"Reformatted", [](const std::string& l) { return Replace(l, "\"seq\":7", "\"seq\": 7"); },
     AuditProblem::Kind::kAltered, "the line does not match its line_sha256"},
    {"CarriageReturn", [](const std::string& l) { return l + "\r"; }, AuditProblem::Kind::kAltered,
     "does not end with its \"line_sha256\" field"},
    {"HashFieldMoved",
     [](const std::string& l) {
       std::string hash = l.substr(l.size() - 82, 81);  // ,"line_sha256":"..."
       return "{" + hash.substr(1) + "," + l.substr(1, l.size() - 83) + "}";
     },
     AuditProblem::Kind::kAltered, "does not end with its \"line_sha256\" field"},
    {"ForeignSchema", [](const std::string& l) { return RehashLine(Replace(l, "sitbone-audit/1", "sitbone-audit/2")); },
     AuditProblem::Kind::kNotARecord, "schema is 'sitbone-audit/2', not 'sitbone-audit/1'"},
    {"UnknownField",
     [](const std::string& l) { return RehashLine(Replace(l, "\"seq\":7", "\"seq\":7,\"note\":\"x\"")); },
     AuditProblem::Kind::kNotARecord, "unknown field 'note'"},
    {"MissingField", [](const std::string& l) { return RehashLine(Replace(l, ",\"trace\":[]", "")); },
     AuditProblem::Kind::kNotARecord, "no \"trace\" field"},
    {"SeqNotANumber", [](const std::string& l) { return RehashLine(Replace(l, "\"seq\":7", "\"seq\":\"7\"")); },
     AuditProblem::Kind::kNotARecord, "\"seq\" must be a whole number from 1"},
    {"SeqZero", [](const std::string& l) { return RehashLine(Replace(l, "\"seq\":7", "\"seq\":0")); },
     AuditProblem::Kind::kNotARecord, "\"seq\" must be a whole number from 1"},
    {"BothInputKinds",
     [](const std::string& l) { return RehashLine(Replace(l, ",\"outputs\"", ",\"input\":{},\"outputs\"")); },
     AuditProblem::Kind::kNotARecord, "exactly one of \"input\" and \"input_sha256\""},
    {"DuplicateKey", [](const std::string& l) { return RehashLine(Replace(l, "\"seq\":7", "\"seq\":7,\"seq\":8")); },
     AuditProblem::Kind::kNotARecord, "the key 'seq' appears twice"},
    {"NoLineHash", [](const std::string& l) { return l.substr(0, l.size() - 82) + "}"; },
     AuditProblem::Kind::kNotARecord, "no \"line_sha256\" field"},
    {"NoSchema", [](const std::string&) { return std::string(R"({"row":1,"result":{}})"); },
     AuditProblem::Kind::kNotARecord, "no \"schema\" field: not an audit record"},
    {"NotAnObject", [](const std::string&) { return std::string("[1,2,3]"); }, AuditProblem::Kind::kNotARecord,
     "not a JSON object"},
    {"Blank", [](const std::string&) { return std::string(); }, AuditProblem::Kind::kNotJson, "syntax error"},
    {"TruncatedJson", [](const std::string& l) { return l.substr(0, 40); }, AuditProblem::Kind::kNotJson,
     "syntax error"},
    {"TwoObjects", [](const std::string& l) { return l + l; }, AuditProblem::Kind::kNotJson, "syntax error"},
};

class AuditRecordLineTest : public ::testing::TestWithParam<LineCase> {};

TEST_P(AuditRecordLineTest, IsRejectedWithItsKindAndMessage) {
  // A record whose trace is empty, so that every edit above applies.
  const std::string line = Line(MustParse(Triage(), R"({"saddle_anaesthesia": "no"})"));
  ASSERT_THAT(line, HasSubstr(",\"trace\":[")) << line;
  std::string base = line;
  if (base.find(",\"trace\":[]") == std::string::npos) {
    const std::size_t at = base.find(",\"trace\":[");
    base = RehashLine(base.substr(0, at) + ",\"trace\":[]" + base.substr(base.find(']', at) + 1));
  }
  ASSERT_TRUE(CheckRecordLine(base).ok) << base;
  const LineCase& c = GetParam();
  const std::string edited = c.edit(base);
  ASSERT_NE(edited, base);
  LineCheck check = CheckRecordLine(edited);
  EXPECT_FALSE(check.ok) << edited;
  EXPECT_EQ(AuditProblemKindName(check.kind), std::string(AuditProblemKindName(c.kind))) << check.message;
  EXPECT_THAT(check.message, HasSubstr(c.message)) << edited;
}

INSTANTIATE_TEST_SUITE_P(Lines, AuditRecordLineTest, ::testing::ValuesIn(kLineCases),
                         [](const ::testing::TestParamInfo<LineCase>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace sitbone::internal
