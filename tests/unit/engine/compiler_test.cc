// Tests for the rule-set compiler (src/engine/compiler.cc), the expression
// checker's diagnostics (src/expr/checker.cc) and the YAML loader's positions
// (src/loader/document.cc): one test per diagnostic code, each with a fixture
// tests/data/compiler/error-<what>.yaml, asserting the code, the exact line and
// column, and the rule id and YAML path. Also: several errors in one file,
// Diagnostics::Format(), and the fingerprint.
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/diagnostic.h"
#include "sitbone/rule_set.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using testing_support::DataPath;
using testing_support::HasDiagnostic;
using testing_support::WithCode;

std::string Fixture(const std::string& name) { return DataPath("compiler/" + name); }

CompileResult Compile(const std::string& name, const LoadOptions& options = {}) {
  return LoadRuleSet(Fixture(name), options);
}

// The one diagnostic with `code`; fails the test when there is not exactly one.
Diagnostic Only(const CompileResult& result, const std::string& code) {
  std::vector<Diagnostic> found = WithCode(result.diagnostics, code);
  EXPECT_THAT(found, SizeIs(1)) << "diagnostics:\n" << result.diagnostics.Format();
  return found.empty() ? Diagnostic{} : found.front();
}

// Checks that compilation failed and that the one `code` diagnostic is an error
// in `file` at line:column.
Diagnostic ExpectError(const CompileResult& result, const std::string& file, const std::string& code, int line,
                       int column) {
  EXPECT_FALSE(result.ok()) << file << " compiled";
  std::vector<Diagnostic> found = WithCode(result.diagnostics, code);
  if (found.size() != 1) {
    ADD_FAILURE() << "expected exactly one " << code << " in " << file << ", got " << found.size() << ":\n"
                  << result.diagnostics.Format();
    return Diagnostic{};
  }
  const Diagnostic d = found.front();
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.location.file, Fixture(file));
  EXPECT_EQ(d.location.line, line) << d.message;
  EXPECT_EQ(d.location.column, column) << d.message;
  return d;
}

TEST(CompilerTest, TheBaseFixtureCompilesWithoutAnyDiagnostic) {
  CompileResult result = Compile("valid.yaml");
  ASSERT_TRUE(result.ok()) << result.diagnostics.Format();
  EXPECT_TRUE(result.diagnostics.empty()) << result.diagnostics.Format();
  EXPECT_EQ(result.rule_set->id(), "compiler-fixture");
  ASSERT_THAT(result.rule_set->rules(), SizeIs(2));
  EXPECT_EQ(result.rule_set->rules()[0].id, "R1");
  EXPECT_EQ(result.rule_set->rules()[0].step_id, "grade");
}

// ---- E1xxx: loading ----

TEST(CompilerTest, E1001ReportsAYamlSyntaxErrorAtItsPosition) {
  CompileResult r = Compile("error-yaml-syntax.yaml");
  Diagnostic d = ExpectError(r, "error-yaml-syntax.yaml", "E1001", 16, 4);
  EXPECT_THAT(d.message, HasSubstr("YAML syntax error"));
  EXPECT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.Format();
}

TEST(CompilerTest, E1002ReportsAMissingRuleSetFile) {
  const std::string path = Fixture("no-such-folder");
  CompileResult r = LoadRuleSet(path);
  EXPECT_FALSE(r.ok());
  Diagnostic d = Only(r, "E1002");
  EXPECT_EQ(d.location.file, path);
  EXPECT_EQ(d.location.line, 0);
  EXPECT_THAT(d.message, HasSubstr("cannot read rule file"));
  EXPECT_THAT(d.message, HasSubstr(path));
}

TEST(CompilerTest, E1002ReportsAFolderWithoutRuleSetYaml) {
  testing_support::TempDir dir;
  CompileResult r = LoadRuleSet(dir.path());
  EXPECT_FALSE(r.ok());
  Diagnostic d = Only(r, "E1002");
  EXPECT_THAT(d.message, HasSubstr("ruleset.yaml"));
}

TEST(CompilerTest, E1002ReportsAMissingIncludeAtTheIncludeEntry) {
  CompileResult r = Compile("error-include-missing.yaml");
  Diagnostic d = ExpectError(r, "error-include-missing.yaml", "E1002", 9, 11);
  EXPECT_THAT(d.message, HasSubstr("no-such-part.yaml"));
}

TEST(CompilerTest, E1003ReportsTheWrongKindOfNode) {
  CompileResult r = Compile("error-node-kind.yaml");
  Diagnostic d = ExpectError(r, "error-node-kind.yaml", "E1003", 41, 10);
  EXPECT_THAT(d.message, HasSubstr("'outputs/extra' must be a mapping"));
  EXPECT_EQ(d.path, "/outputs/extra");
}

TEST(CompilerTest, E1003ReportsADocumentThatIsNotAMapping) {
  testing_support::TempDir dir;
  const std::string path = dir.Write("ruleset.yaml", "# a list, not a rule set\n- a\n- b\n");
  CompileResult r = LoadRuleSet(dir.path());
  EXPECT_FALSE(r.ok());
  Diagnostic d = Only(r, "E1003");
  EXPECT_EQ(d.location.file, path);
  EXPECT_EQ(d.location.line, 2);
  EXPECT_EQ(d.location.column, 1);
}

TEST(CompilerTest, E1004ReportsAnUnknownKeyWithADidYouMeanHint) {
  CompileResult r = Compile("error-unknown-key.yaml");
  Diagnostic d = ExpectError(r, "error-unknown-key.yaml", "E1004", 61, 9);
  EXPECT_THAT(d.message, HasSubstr("unknown key 'titel'"));
  EXPECT_EQ(d.hint, "did you mean 'title'?");
  EXPECT_EQ(d.path, "/steps/0/rules/1/titel");
  // The key belongs to rule R2 (not to the rule before it).
  EXPECT_EQ(d.rule_id, "R2");
  EXPECT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.Format();
}

TEST(CompilerTest, E1005ReportsAMissingRequiredKeyAtItsMapping) {
  CompileResult r = Compile("error-missing-key.yaml");
  Diagnostic d = ExpectError(r, "error-missing-key.yaml", "E1005", 60, 9);
  EXPECT_THAT(d.message, HasSubstr("missing required key 'rationale'"));
  EXPECT_EQ(d.rule_id, "R2");
  EXPECT_EQ(d.path, "/steps/0/rules/1");
}

TEST(CompilerTest, E1006ReportsADuplicateKeyWithTheFirstLine) {
  CompileResult r = Compile("error-duplicate-key.yaml");
  Diagnostic d = ExpectError(r, "error-duplicate-key.yaml", "E1006", 8, 1);
  EXPECT_THAT(d.message, HasSubstr("duplicate key 'title'"));
  EXPECT_THAT(d.message, HasSubstr("line 6"));
  EXPECT_EQ(d.path, "/title");
}

TEST(CompilerTest, E1007ReportsAnInvalidValue) {
  CompileResult r = Compile("error-invalid-value.yaml");
  Diagnostic d = ExpectError(r, "error-invalid-value.yaml", "E1007", 49, 10);
  EXPECT_THAT(d.message, HasSubstr("unknown hit policy 'firts'"));
  EXPECT_EQ(d.rule_id, "grade");
  EXPECT_EQ(d.path, "/steps/0/hit");
  EXPECT_THAT(d.hint, HasSubstr("first"));
}

// ---- E2xxx: checks ----

TEST(CompilerTest, E2001ReportsADuplicateRuleIdNamingTheFirstLine) {
  CompileResult r = Compile("error-duplicate-rule-id.yaml");
  Diagnostic d = ExpectError(r, "error-duplicate-rule-id.yaml", "E2001", 60, 13);
  EXPECT_THAT(d.message, HasSubstr("duplicate id 'R1'"));
  EXPECT_THAT(d.message, HasSubstr("first used at line 51"));
  EXPECT_EQ(d.path, "/steps/0/rules/1/id");
}

TEST(CompilerTest, E2002ReportsEveryKindOfUnknownReference) {
  CompileResult r = Compile("error-unknown-reference.yaml");
  EXPECT_FALSE(r.ok());
  std::vector<Diagnostic> found = WithCode(r.diagnostics, "E2002");
  ASSERT_THAT(found, SizeIs(5)) << r.diagnostics.Format();
  auto find = [&](const std::string& text) {
    for (const Diagnostic& d : found)
      if (d.message.find(text) != std::string::npos) return d;
    ADD_FAILURE() << "no E2002 mentioning " << text << ":\n" << r.diagnostics.Format();
    return Diagnostic{};
  };
  const Diagnostic field = find("unknown name 'sevre'");
  EXPECT_THAT(field, HasDiagnostic("E2002", 53, 15));
  EXPECT_EQ(field.rule_id, "R1");
  EXPECT_EQ(field.path, "/steps/0/rules/0/when");
  EXPECT_EQ(field.hint, "did you mean 'severe'?");

  const Diagnostic threshold = find("unknown threshold '$high_pian'");
  EXPECT_THAT(threshold, HasDiagnostic("E2002", 44, 19));
  EXPECT_EQ(threshold.rule_id, "derived/severe");
  EXPECT_EQ(threshold.path, "/derived/severe/expr");
  EXPECT_EQ(threshold.hint, "did you mean '$high_pain'?");

  const Diagnostic catalog = find("unknown catalogue 'exercise'");
  EXPECT_THAT(catalog, HasDiagnostic("E2002", 40, 14));
  EXPECT_EQ(catalog.path, "/outputs/notes/catalog");

  const Diagnostic rule = find("unknown rule 'R0'");
  EXPECT_THAT(rule, HasDiagnostic("E2002", 60, 45));
  EXPECT_EQ(rule.rule_id, "R2");
  EXPECT_EQ(rule.path, "/steps/0/rules/1/when");

  const Diagnostic output = find("unknown output 'phaze'");
  EXPECT_THAT(output, HasDiagnostic("E2002", 62, 19));
  EXPECT_EQ(output.rule_id, "R2");
  EXPECT_EQ(output.path, "/steps/0/rules/1/then/0/set/phaze");
  EXPECT_EQ(output.hint, "did you mean 'phase'?");
}

// The column points at the unknown name inside the expression whatever the
// YAML scalar style: plain, quoted with escapes, folded, literal, multi-line.
TEST(CompilerTest, E2002PointsAtTheNameInsideEveryScalarStyle) {
  CompileResult r = Compile("error-unknown-name-positions.yaml");
  EXPECT_FALSE(r.ok());
  std::vector<std::string> where;
  for (const Diagnostic& d : r.diagnostics.items())
    where.push_back(d.code + " " + d.rule_id + " " + std::to_string(d.location.line) + ":" +
                    std::to_string(d.location.column));
  EXPECT_THAT(where, ElementsAre("E2002 PLAIN 48:25", "E2002 SINGLE 54:40", "E2002 DOUBLE 60:40",
                                 "E2002 DOUBLE-LINES 67:11", "E2002 FOLDED 76:33", "E2002 LITERAL 84:15",
                                 "E2002 PLAIN-LINES 91:30", "E2002 FLOW 98:46"))
      << r.diagnostics.Format();
}

TEST(CompilerTest, E2003ReportsANameClashBetweenAnInputAndAnOutput) {
  CompileResult r = Compile("error-name-clash.yaml");
  Diagnostic d = ExpectError(r, "error-name-clash.yaml", "E2003", 35, 3);
  EXPECT_THAT(d.message, HasSubstr("'fever'"));
  EXPECT_EQ(d.path, "/outputs/fever");
}

TEST(CompilerTest, E2004ReportsADerivedCycleShowingTheCycle) {
  CompileResult r = Compile("error-derived-cycle.yaml");
  Diagnostic d = ExpectError(r, "error-derived-cycle.yaml", "E2004", 43, 3);
  EXPECT_THAT(d.message, HasSubstr("severe -> hot -> severe"));
  EXPECT_EQ(d.path, "/derived/severe");
}

TEST(CompilerTest, E2005ReportsARuleAfterAnUnconditionalRuleInAFirstMatchStep) {
  CompileResult r = Compile("error-unreachable-rule.yaml");
  Diagnostic d = ExpectError(r, "error-unreachable-rule.yaml", "E2005", 59, 9);
  EXPECT_THAT(d.message, HasSubstr("rule 'R2' can never fire"));
  EXPECT_THAT(d.message, HasSubstr("'R1'"));
  EXPECT_EQ(d.rule_id, "R2");
  EXPECT_EQ(d.path, "/steps/0/rules/1");
}

// `when: "true"` is the same expression as `when: true`; rules/examples writes
// its fallback rules that way.
TEST(CompilerTest, E2005ReportsARuleAfterAQuotedTrueFallback) {
  CompileResult r = Compile("error-unreachable-after-quoted-true.yaml");
  Diagnostic d = ExpectError(r, "error-unreachable-after-quoted-true.yaml", "E2005", 60, 9);
  EXPECT_THAT(d.message, HasSubstr("rule 'R2' can never fire"));
  EXPECT_EQ(d.rule_id, "R2");
}

TEST(CompilerTest, E2006ReportsAValueTheOutputDoesNotAllow) {
  CompileResult r = Compile("error-output-value.yaml");
  Diagnostic d = ExpectError(r, "error-output-value.yaml", "E2006", 63, 26);
  EXPECT_THAT(d.message, HasSubstr("3 is not an allowed value of output 'phase'"));
  EXPECT_EQ(d.rule_id, "R2");
  EXPECT_EQ(d.path, "/steps/0/rules/1/then/0/set/phase");
}

TEST(CompilerTest, E2007ReportsFiredOfARuleThatIsEvaluatedLater) {
  CompileResult r = Compile("error-fired-later-rule.yaml");
  // R2 exists, so it must not be reported as unknown.
  EXPECT_THAT(WithCode(r.diagnostics, "E2002"), IsEmpty()) << r.diagnostics.Format();
  Diagnostic d = ExpectError(r, "error-fired-later-rule.yaml", "E2007", 53, 31);
  if (d.code.empty()) return;
  EXPECT_THAT(d.message, HasSubstr("fired('R2')"));
  EXPECT_EQ(d.rule_id, "R1");
  EXPECT_EQ(d.path, "/steps/0/rules/0/when");
}

TEST(CompilerTest, E2008ReportsAnUnknownCitationKey) {
  CompileResult r = Compile("error-unknown-citation.yaml");
  Diagnostic d = ExpectError(r, "error-unknown-citation.yaml", "E2008", 65, 16);
  EXPECT_THAT(d.message, HasSubstr("unknown citation key 'srcc'"));
  EXPECT_EQ(d.hint, "did you mean 'src'?");
  EXPECT_EQ(d.rule_id, "R2");
  EXPECT_EQ(d.path, "/steps/0/rules/1/cite/0");
}

TEST(CompilerTest, E2009ReportsAnOverrideOfAnUnknownThreshold) {
  LoadOptions options;
  options.threshold_overrides = {{"hgh_pain", 5}};
  CompileResult r = Compile("valid.yaml", options);
  EXPECT_FALSE(r.ok());
  Diagnostic d = Only(r, "E2009");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_THAT(d.message, HasSubstr("'hgh_pain'"));
  EXPECT_EQ(d.hint, "did you mean 'high_pain'?");
  EXPECT_EQ(d.path, "/thresholds/hgh_pain");
}

TEST(CompilerTest, E2009ReportsANonFiniteOverride) {
  LoadOptions options;
  options.threshold_overrides = {{"high_pain", std::numeric_limits<double>::infinity()}};
  CompileResult r = Compile("valid.yaml", options);
  EXPECT_FALSE(r.ok());
  Diagnostic d = Only(r, "E2009");
  EXPECT_THAT(d.message, HasSubstr("not a finite number"));
}

TEST(CompilerTest, E2010ReportsADerivedValueThatReadsAnOutput) {
  CompileResult r = Compile("error-derived-reads-output.yaml");
  Diagnostic d = ExpectError(r, "error-derived-reads-output.yaml", "E2010", 44, 33);
  EXPECT_THAT(d.message, HasSubstr("cannot read the output 'level'"));
  EXPECT_EQ(d.rule_id, "derived/severe");
  EXPECT_EQ(d.path, "/derived/severe/expr");
}

TEST(CompilerTest, E2011ReportsSetOnAListAppendOnAScalarAndSettingAnInput) {
  CompileResult r = Compile("error-action-target.yaml");
  EXPECT_FALSE(r.ok());
  std::vector<Diagnostic> found = WithCode(r.diagnostics, "E2011");
  ASSERT_THAT(found, SizeIs(3)) << r.diagnostics.Format();
  EXPECT_THAT(found[0], HasDiagnostic("E2011", 55, 19));
  EXPECT_THAT(found[0].message, HasSubstr("'notes' is a list"));
  EXPECT_EQ(found[0].path, "/steps/0/rules/0/then/0/set/notes");
  EXPECT_THAT(found[1], HasDiagnostic("E2011", 56, 22));
  EXPECT_THAT(found[1].message, HasSubstr("'level' is not a list"));
  EXPECT_EQ(found[1].path, "/steps/0/rules/0/then/1/append/level");
  EXPECT_THAT(found[2], HasDiagnostic("E2011", 57, 19));
  EXPECT_THAT(found[2].message, HasSubstr("'fever' is not an output"));
  for (const Diagnostic& d : found) EXPECT_EQ(d.rule_id, "R1");
}

// ---- E3xxx: expressions ----

TEST(CompilerTest, E3001ReportsAnExpressionSyntaxErrorAtTheCharacter) {
  CompileResult r = Compile("error-expression-syntax.yaml");
  Diagnostic d = ExpectError(r, "error-expression-syntax.yaml", "E3001", 61, 21);
  EXPECT_THAT(d.message, HasSubstr("use '==' to compare"));
  EXPECT_EQ(d.rule_id, "R2");
  EXPECT_EQ(d.path, "/steps/0/rules/1/when");
}

TEST(CompilerTest, E3002ReportsComparingAnEnumWithANumber) {
  CompileResult r = Compile("error-type.yaml");
  Diagnostic d = ExpectError(r, "error-type.yaml", "E3002", 61, 25);
  EXPECT_THAT(d.message, HasSubstr("cannot compare a value of onset with a number"));
  EXPECT_EQ(d.rule_id, "R2");
  EXPECT_EQ(d.path, "/steps/0/rules/1/when");
}

TEST(CompilerTest, E3003ReportsAnUnknownEnumLiteralWithTheAllowedValues) {
  CompileResult r = Compile("error-enum-literal.yaml");
  Diagnostic d = ExpectError(r, "error-enum-literal.yaml", "E3003", 61, 24);
  EXPECT_THAT(d.message, HasSubstr("'sudenn' is not a value of onset (allowed: gradual, sudden)"));
  EXPECT_EQ(d.hint, "did you mean 'sudden'?");
  EXPECT_EQ(d.rule_id, "R2");
}

TEST(CompilerTest, E3004ReportsTheWrongNumberOfArguments) {
  CompileResult r = Compile("error-arity.yaml");
  Diagnostic d = ExpectError(r, "error-arity.yaml", "E3004", 61, 25);
  EXPECT_THAT(d.message, HasSubstr("if() takes 3 argument(s), got 2"));
  EXPECT_EQ(d.rule_id, "R2");
}

TEST(CompilerTest, E3005ReportsAnUnknownFunctionWithAHint) {
  CompileResult r = Compile("error-unknown-function.yaml");
  Diagnostic d = ExpectError(r, "error-unknown-function.yaml", "E3005", 61, 24);
  EXPECT_THAT(d.message, HasSubstr("unknown function 'knwon'"));
  EXPECT_EQ(d.hint, "did you mean 'known'?");
  EXPECT_EQ(d.rule_id, "R2");
}

TEST(CompilerTest, E3006ReportsANameThatIsAlsoAnEnumValue) {
  CompileResult r = Compile("error-ambiguous-name.yaml");
  Diagnostic d = ExpectError(r, "error-ambiguous-name.yaml", "E3006", 64, 24);
  EXPECT_THAT(d.message, HasSubstr("'sudden' is both a name and a value of onset"));
  EXPECT_THAT(d.hint, HasSubstr("quote the value"));
  EXPECT_EQ(d.rule_id, "R2");
}

// ---- W2xxx: warnings ----

Diagnostic ExpectWarningOnly(const CompileResult& r, const std::string& file, const std::string& code, int line,
                             int column) {
  EXPECT_TRUE(r.ok()) << r.diagnostics.Format();
  EXPECT_EQ(r.diagnostics.ErrorCount(), 0u);
  EXPECT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.Format();
  Diagnostic d = Only(r, code);
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.location.file, Fixture(file));
  EXPECT_EQ(d.location.line, line);
  EXPECT_EQ(d.location.column, column);
  return d;
}

TEST(CompilerTest, W2001WarnsAboutAnUnusedThreshold) {
  Diagnostic d = ExpectWarningOnly(Compile("warn-unused-threshold.yaml"), "warn-unused-threshold.yaml", "W2001", 28, 3);
  EXPECT_THAT(d.message, HasSubstr("'low_pain'"));
  EXPECT_EQ(d.path, "/thresholds/low_pain");
}

TEST(CompilerTest, W2002WarnsAboutAnUncitedBibliographyEntry) {
  Diagnostic d =
      ExpectWarningOnly(Compile("warn-uncited-bibliography.yaml"), "warn-uncited-bibliography.yaml", "W2002", 12, 3);
  EXPECT_THAT(d.message, HasSubstr("'other'"));
}

TEST(CompilerTest, W2003WarnsAboutAnUnusedDerivedValue) {
  Diagnostic d = ExpectWarningOnly(Compile("warn-unused-derived.yaml"), "warn-unused-derived.yaml", "W2003", 46, 3);
  EXPECT_THAT(d.message, HasSubstr("'febrile_and_sudden'"));
}

TEST(CompilerTest, WarningsAsErrorsRejectsARuleSetWithWarnings) {
  LoadOptions options;
  options.warnings_as_errors = true;
  CompileResult r = Compile("warn-unused-threshold.yaml", options);
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(WithCode(r.diagnostics, "W2001"), SizeIs(1));
}

// ---- several errors, formatting ----

TEST(CompilerTest, ReportsEveryErrorOfAFileNotOnlyTheFirst) {
  CompileResult r = Compile("error-several.yaml");
  EXPECT_FALSE(r.ok());
  std::vector<std::string> errors;
  for (const Diagnostic& d : r.diagnostics.items())
    if (d.severity == Severity::kError)
      errors.push_back(d.code + "@" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column));
  EXPECT_THAT(errors, ElementsAre("E1007@49:10", "E2002@53:15", "E2008@65:16")) << r.diagnostics.Format();
  EXPECT_EQ(r.diagnostics.ErrorCount(), 3u);
  EXPECT_TRUE(r.diagnostics.HasErrors());
}

TEST(CompilerTest, FormatPrintsPositionCodeMessageSourceLineCaretAndHint) {
  CompileResult r = Compile("error-enum-literal.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.Format();
  const std::string file = Fixture("error-enum-literal.yaml");
  const std::string expected =
      file + ":61:24: error[E3003]: 'sudenn' is not a value of onset (allowed: gradual, sudden) (in R2)\n" +
      " 61 |         when: onset == 'sudenn'\n" +
      "    | " + std::string(23, ' ') + "^\n" +
      "  = hint: did you mean 'sudden'?\n";
  EXPECT_EQ(r.diagnostics.Format(), expected);
}

TEST(CompilerTest, FormatLabelsWarningsAndOmitsTheExcerptWithoutAPosition) {
  Diagnostics diags;
  diags.Add({"W2001", Severity::kWarning, "threshold 'x' is never used", SourceLocation{"", 0, 0}, "", "", ""});
  diags.Add({"E2009", Severity::kError, "bad override", SourceLocation{"<override>", 0, 0}, "/thresholds/x", "",
             "did you mean 'y'?"});
  EXPECT_EQ(diags.Format(),
            "<rules>: warning[W2001]: threshold 'x' is never used\n"
            "<override>: error[E2009]: bad override\n"
            "  = hint: did you mean 'y'?\n");
  EXPECT_EQ(diags.ErrorCount(), 1u);
}

TEST(CompilerTest, FormatPrintsTheCaretUnderAFoldedExpressionsContinuationLine) {
  CompileResult r = Compile("error-unknown-name-positions.yaml");
  const std::string text = r.diagnostics.Format();
  EXPECT_THAT(text, HasSubstr(":76:33: error[E2002]: unknown name 'sevre' (in FOLDED)\n"
                              " 76 |           pain > $high_pain and sevre\n"
                              "    | " + std::string(32, ' ') + "^\n"));
}

// ---- fingerprint ----

TEST(CompilerTest, FingerprintIgnoresKeyOrderCommentsAndLayout) {
  CompileResult a = Compile("valid.yaml");
  CompileResult b = Compile("valid-reordered.yaml");
  ASSERT_TRUE(a.ok()) << a.diagnostics.Format();
  ASSERT_TRUE(b.ok()) << b.diagnostics.Format();
  EXPECT_EQ(a.rule_set->fingerprint().size(), 64u);
  EXPECT_EQ(a.rule_set->fingerprint().find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(a.rule_set->fingerprint(), b.rule_set->fingerprint());
  EXPECT_EQ(a.rule_set->fingerprint(), Compile("valid.yaml").rule_set->fingerprint());
}

TEST(CompilerTest, FingerprintChangesWithAChangedValue) {
  CompileResult a = Compile("valid.yaml");
  CompileResult changed = Compile("valid-changed.yaml");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(changed.ok()) << changed.diagnostics.Format();
  EXPECT_NE(a.rule_set->fingerprint(), changed.rule_set->fingerprint());
}

TEST(CompilerTest, FingerprintChangesWithAThresholdOverrideWhichProvenanceLists) {
  LoadOptions options;
  options.threshold_overrides = {{"high_pain", 5}};
  CompileResult plain = Compile("valid.yaml");
  CompileResult overridden = Compile("valid.yaml", options);
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE(overridden.ok()) << overridden.diagnostics.Format();
  EXPECT_NE(plain.rule_set->fingerprint(), overridden.rule_set->fingerprint());
  // A different override value gives a different fingerprint again.
  options.threshold_overrides = {{"high_pain", 6}};
  EXPECT_NE(Compile("valid.yaml", options).rule_set->fingerprint(), overridden.rule_set->fingerprint());

  const RuleSet& rules = *overridden.rule_set;
  ASSERT_THAT(rules.thresholds(), SizeIs(1));
  EXPECT_EQ(rules.thresholds()[0].value, 5);
  EXPECT_EQ(rules.thresholds()[0].authored_value, 7);
  EXPECT_THAT(rules.threshold_overrides(), ElementsAre(std::make_pair(std::string("high_pain"), 5.0)));
  // The override takes effect: pain 5 is now severe.
  const Evaluation ev = testing_support::MustEvaluate(rules, R"({"pain": 5, "fever": "no"})");
  EXPECT_EQ(testing_support::Out(ev, "level"), "high");
  EXPECT_THAT(ev.provenance.threshold_overrides, ElementsAre(std::make_pair(std::string("high_pain"), 5.0)));
  EXPECT_EQ(testing_support::Out(testing_support::MustEvaluate(*plain.rule_set, R"({"pain": 5, "fever": "no"})"),
                                 "level"),
            "low");
}

}  // namespace
}  // namespace sitbone
