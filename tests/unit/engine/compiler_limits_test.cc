// Hostile rule sets (issue "Hostile input never crashes, hangs or drops a red
// flag"): each reproducer is a positioned error diagnostic, never a crash (a
// stack overflow in the parser or a recursive pass), a hang (/dev/zero, a
// FIFO, an alias bomb) or a rule set that validates while deciding nothing.
// Each case is the valid compiler fixture with one change, written to a
// scratch folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "sitbone/sitbone.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::HasSubstr;
using testing_support::DataPath;
using testing_support::ReadText;
using testing_support::WithCode;

std::string Valid() { return ReadText(DataPath("compiler/valid.yaml")); }

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Compiles `text` as <scratch>/ruleset.yaml. ctest runs the tests of this
// file in parallel processes, so the scratch folder is this process's own.
CompileResult CompileText(const std::string& text) {
  static const testing_support::TempDir scratch;
  scratch.Write("ruleset.yaml", text);
  return LoadRuleSet(scratch.path());
}

// The first error with `code`; fails the test when compilation succeeded or
// gave no such error.
Diagnostic Error(const CompileResult& r, const std::string& code) {
  EXPECT_FALSE(r.ok());
  std::vector<Diagnostic> found = WithCode(r.diagnostics, code);
  EXPECT_FALSE(found.empty()) << "no " << code << " in:\n" << r.diagnostics.Format();
  return found.empty() ? Diagnostic{} : found.front();
}

// A `when:` of rule R1 replaced by `expr`.
CompileResult WithWhen(const std::string& expr) {
  return CompileText(Replace(Valid(), "when: severe or fever", "when: \"" + expr + "\""));
}

// The expressions of the reproducers, `n` levels or terms deep.
std::vector<std::string> DeepExpressions(int n) {
  const std::size_t k = static_cast<std::size_t>(n);
  std::string sum = "pain", known, ifs, nots;
  for (int i = 0; i < n; ++i) {
    sum += " + 1";
    known += "known(";
    ifs += "if(fever, ";
    nots += "not ";
  }
  return {std::string(k, '(') + "fever" + std::string(k, ')'),
          sum + " >= 7",
          known + "fever" + std::string(k, ')'),
          "pain in " + std::string(k, '[') + "1" + std::string(k, ']'),
          ifs + "true" + std::string(k, ')'),
          nots + "fever"};
}

TEST(CompilerLimitsTest, DeeplyNestedExpressionsAreErrorsNotStackOverflows) {
  // Within the length limit: the depth limit answers.
  for (const std::string& expr : DeepExpressions(3000)) {
    Diagnostic d = Error(WithWhen(expr), "E3001");
    EXPECT_THAT(d.message, HasSubstr("nests more than 256 levels deep")) << expr.substr(0, 40);
    EXPECT_GT(d.location.line, 0);
  }
  // The sizes (3,000 parentheses; 20,000 terms; 10,000 of the rest):
  // whichever limit comes first, an error.
  for (const std::string& expr : DeepExpressions(20000)) {
    Diagnostic d = Error(WithWhen(expr), "E3001");
    EXPECT_THAT(d.message, ::testing::AnyOf(HasSubstr("levels deep"), HasSubstr("more than the limit"))) << expr.substr(0, 40);
  }
  // Just within the depth limit, the expression compiles.
  std::string ok = "pain";
  for (int i = 0; i < 200; ++i) ok += " + 1";
  EXPECT_TRUE(WithWhen(ok + " >= 7").ok());
}

TEST(CompilerLimitsTest, AnExpressionOverTheLengthLimitIsAnError) {
  std::string sum = "pain";
  while (sum.size() < 70000) sum += " + pain - pain";
  Diagnostic d = Error(WithWhen(sum + " > 1"), "E3001");
  EXPECT_THAT(d.message, HasSubstr("more than the limit of 65536"));
}

TEST(CompilerLimitsTest, ALongChainOfDerivedValuesIsALimitNotAStackOverflow) {
  std::string derived = "derived:\n  d0: {expr: pain >= $high_pain}\n";
  for (int i = 1; i < 20000; ++i)
    derived += "  d" + std::to_string(i) + ": {expr: d" + std::to_string(i - 1) + " and fever}\n";
  derived += "  severe: {expr: d19999}\n";
  std::string text = Replace(Valid(), "derived:\n  severe:\n    expr: pain >= $high_pain\n    description: Pain at or above the threshold.\n", derived);
  Diagnostic d = Error(CompileText(text), "E1009");
  EXPECT_THAT(d.message, HasSubstr("chain of more than 256 derived values"));
}

TEST(CompilerLimitsTest, AHugeIdIsAnInvalidValueNotARegexStackOverflow) {
  Diagnostic d = Error(CompileText(Replace(Valid(), "id: compiler-fixture", "id: " + std::string(100000, 'a'))), "E1007");
  EXPECT_THAT(d.message, HasSubstr("(100000 bytes)"));
  Error(CompileText(Replace(Valid(), "version: 1.0.0", "version: 1.0.0-" + std::string(100000, 'a'))), "E1007");
  Error(CompileText(Replace(Valid(), "evidence: P\n      - id: R2", "evidence: X" + std::string(100000, '/') + "\n      - id: R2")), "E1007");
}

TEST(CompilerLimitsTest, ARuleSetWithoutRulesDoesNotValidate) {
  const std::string valid = Valid();
  const std::string head = valid.substr(0, valid.find("steps:"));
  for (const std::string& steps : {std::string("steps: []\n"), std::string("steps:\n")}) {
    CompileResult r = CompileText(head + steps);
    EXPECT_FALSE(r.ok()) << steps;
    EXPECT_THAT(r.diagnostics.Format(), HasSubstr("steps")) << steps;
  }
  Diagnostic d = Error(CompileText(head + "steps: []\n"), "E1005");
  EXPECT_THAT(d.message, HasSubstr("the rule set has no rules"));
}

TEST(CompilerLimitsTest, InvalidUtf8InARuleFileIsALoadError) {
  Diagnostic d = Error(CompileText(Replace(Valid(), "title: Severe or febrile", "title: Severe \xC3\x28 febrile")), "E1008");
  EXPECT_THAT(d.message, HasSubstr("not valid UTF-8"));
  EXPECT_GT(d.location.line, 0);
}

TEST(CompilerLimitsTest, AliasesAnchorsTagsAndSecondDocumentsAreErrors) {
  EXPECT_THAT(Error(CompileText(Replace(Valid(), "authors: [sitbone tests]", "authors: &a [sitbone tests]\nx: *a")), "E1008").message,
              HasSubstr("anchors"));
  EXPECT_THAT(Error(CompileText(Valid() + "---\nid: other\n"), "E1008").message, HasSubstr("a second YAML document"));
  EXPECT_THAT(Error(CompileText(Replace(Valid(), "title: Compiler fixture", "title: !!str Compiler fixture")), "E1008").message,
              HasSubstr("tags"));
}

TEST(CompilerLimitsTest, IncludeReadsOnlyRegularFiles) {
  const std::string fifo = ::testing::TempDir() + "sitbone_include_fifo_" + std::to_string(::getpid()) + ".yaml";
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& target : {std::string("/dev/zero"), fifo}) {
    Diagnostic d = Error(CompileText(Replace(Valid(), "bibliography:", "include: [" + target + "]\n\nbibliography:")), "E1002");
    EXPECT_THAT(d.message, HasSubstr("it is not a regular file")) << target;
  }
  std::remove(fifo.c_str());
}

}  // namespace
}  // namespace sitbone
