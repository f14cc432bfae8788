// Hostile assessments (issue "Hostile input never crashes, hangs or drops a
// red flag"): every reproducer gives an invalid-input error that names the
// place, never a partial read (a red flag lost after a second document or a
// NUL), a crash or a hang. src/schema/assessment.cc and src/loader/.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sitbone/sitbone.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing_support::Pht;

// The error message of `text`, which must be rejected as invalid input.
std::string Rejected(const std::string& text) {
  Result<Assessment> a = ParseAssessment(Pht().schema(), text, "in");
  EXPECT_FALSE(a.has_value()) << text.substr(0, 200) << " was accepted";
  if (a.has_value()) return "";
  EXPECT_EQ(a.error().code(), StatusCode::kInvalidInput);
  return a.error().message();
}

TEST(HostileInputTest, ASecondYamlDocumentIsAnErrorNotIgnored) {
  EXPECT_EQ(Rejected("onset: gradual\n---\nsaddle_anaesthesia: \"yes\"\n"),
            "in:2:1: a second YAML document starts here; only one is read");
  EXPECT_THAT(Rejected("onset: gradual\n...\nsaddle_anaesthesia: \"yes\"\n"),
              HasSubstr("a second YAML document starts here"));
  EXPECT_THAT(Rejected("onset: gradual\n---\n"), HasSubstr("a second YAML document"));
}

TEST(HostileInputTest, ANulByteIsAnErrorWhereverItIs) {
  const std::string json = std::string("{\"onset\":\"gradual\"}") + '\0' + "{\"saddle_anaesthesia\":\"yes\"}";
  EXPECT_EQ(Rejected(json), "in:1:20: the text contains a NUL byte (0x00), which is never valid here");
  EXPECT_THAT(Rejected(std::string("onset: gradual\n") + '\0'), StartsWith("in:2:1: the text contains a NUL"));
}

TEST(HostileInputTest, BytesAfterTheJsonValueAreAnError) {
  EXPECT_THAT(Rejected("{\"onset\":\"gradual\"} {\"saddle_anaesthesia\":\"yes\"}"),
              HasSubstr("invalid JSON: syntax error"));
  EXPECT_THAT(Rejected("{\"onset\":\"gradual\"}x"), HasSubstr("in:1:20: invalid JSON"));
}

TEST(HostileInputTest, AnchorsAliasesAndTagsAreErrorsSoQuotingMeansWhatItSays) {
  EXPECT_EQ(Rejected("pain_worst_24h_nrs: &a \"7\"\n"), "in:1:21: YAML anchors (&name) are not accepted");
  EXPECT_THAT(Rejected("onset: &o gradual\nfelt_pop_at_onset: *o\n"), HasSubstr("YAML anchors"));
  EXPECT_EQ(Rejected("rest_or_night_pain: !!str null\n"),
            "in:1:21: explicit YAML tags (such as !!str) are not accepted");
  EXPECT_THAT(Rejected("rest_or_night_pain: ! yes\n"), HasSubstr("explicit YAML tags"));
}

TEST(HostileInputTest, AnAliasBombIsRejectedAtItsFirstAlias) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 10; ++k) bomb += std::string(k ? ", " : "") + "*" + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  EXPECT_THAT(Rejected(bomb), HasSubstr("not accepted"));
}

TEST(HostileInputTest, NumbersTooLargeForADoubleAreInputErrorsNotCrashes) {
  EXPECT_EQ(Rejected("{\"bmi\": 1e309}"), "in: invalid JSON: a number is out of range (larger than about 1.8e308)");
  EXPECT_THAT(Rejected("{\"bmi\": " + std::string(400, '9') + "}"), HasSubstr("out of range"));
  EXPECT_THAT(Rejected("bmi: 1e309\n"), HasSubstr("field 'bmi': a non-finite number is not valid"));
}

TEST(HostileInputTest, HexadecimalIsNotANumberAnywhere) {
  EXPECT_THAT(Rejected("pain_worst_24h_nrs: 0x7\n"), HasSubstr("field 'pain_worst_24h_nrs': the text '0x7'"));
}

TEST(HostileInputTest, InvalidUtf8IsAnErrorWithItsPosition) {
  EXPECT_EQ(Rejected("onset: grad\xFFual\n"), "in:1:12: the text is not valid UTF-8 (byte 0xFF)");
  EXPECT_EQ(Rejected("{\"onset\": \"x\xC0\xAF\"}"), "in:1:13: the text is not valid UTF-8 (byte 0xC0)");
}

TEST(HostileInputTest, DeepNestingIsALimitNotAStackOverflow) {
  EXPECT_THAT(Rejected(std::string(100000, '[') + std::string(100000, ']')), HasSubstr("nest more than 16 deep"));
  std::string yaml = "a: ";
  for (int i = 0; i < 3000; ++i) yaml += "{a: ";
  yaml += "1" + std::string(3000, '}') + "\n";
  EXPECT_THAT(Rejected(yaml), HasSubstr("more than 16 deep"));
  std::string block;
  for (int i = 0; i < 40; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
  EXPECT_THAT(Rejected(block), HasSubstr("in:17:17: mappings and lists nest more than 16 deep"));
  EXPECT_THAT(Rejected("onset: " + std::string(5000, '[') + std::string(5000, ']') + "\n"), HasSubstr("deep"));
}

TEST(HostileInputTest, ManyKeysAndHugeNamesStayCheap) {
  std::string json = "{";
  for (int i = 0; i < 60000; ++i) json += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  json += "}";
  EXPECT_THAT(Rejected(json), HasSubstr("unknown field 'k0'"));  // duplicate check linear: returns at once
  std::string values = "[";
  for (int i = 0; i < 200000; ++i) values += i ? ",1" : "1";
  values += "]";
  EXPECT_EQ(Rejected(values), "in: limit exceeded: the document has more than 100000 values");
  std::string dup = "{";
  for (int i = 0; i < 50000; ++i) dup += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  dup += ",\"k7\":1}";
  EXPECT_THAT(Rejected(dup), HasSubstr("duplicate key 'k7'"));
  EXPECT_THAT(Rejected("{\"" + std::string(10u << 20, 'x') + "\": 1}"), HasSubstr("more than the limit"));
  EXPECT_THAT(Rejected("{\"" + std::string(100000, 'x') + "\": 1}"), HasSubstr("a key is 100000 bytes long"));
  EXPECT_THAT(Rejected("{\"" + std::string(1000, 'x') + "\": 1}"), HasSubstr("unknown field"));
}

TEST(HostileInputTest, AnAssessmentOverTheSizeLimitIsAnError) {
  EXPECT_EQ(Rejected("onset: gradual\n#" + std::string(2u << 20, '#')),
            "in: the text is 2097168 bytes long, more than the limit of 1048576 bytes");
}

TEST(HostileInputTest, WellFormedRedFlagsStillCount) {
  // The controls do not reject what they should not: the same answers, one
  // document, read as they were written.
  Result<Assessment> a = ParseAssessment(Pht().schema(), "onset: gradual\nsaddle_anaesthesia: \"yes\"\n", "in");
  ASSERT_TRUE(a.has_value()) << a.error().message();
  Result<Evaluation> ev = Pht().Evaluate(*a);
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->Find("red_flag_level")->ToString(), "emergency");
}

}  // namespace
}  // namespace sitbone
