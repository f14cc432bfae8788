// Tests for authoring diagnostics (src/common/diagnostic.cc): counting errors
// apart from warnings, and Diagnostics::Format(), the compiler-style report
// `file:line:col: error[CODE]: message (in RULE)` with the source line, a caret
// under the column and the hint. Source files are written to a temp folder.
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sitbone/diagnostic.h"
#include "unit_test_support.h"

namespace sitbone {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::TempDir;

Diagnostic Make(std::string code, Severity severity, std::string message, SourceLocation location,
                std::string rule_id = "", std::string hint = "") {
  Diagnostic d;
  d.code = std::move(code);
  d.severity = severity;
  d.message = std::move(message);
  d.location = std::move(location);
  d.rule_id = std::move(rule_id);
  d.hint = std::move(hint);
  return d;
}

const char kSource[] =
    "steps:\n"                       // 1
    "  - id: grade\n"                // 2
    "    rules:\n"                   // 3
    "      - id: R1\n"               // 4
    "        when: onset == sudenn\n"  // 5
    "        then: []\n";            // 6

// ---- counting ----

TEST(DiagnosticsTest, AnEmptyCollectionHasNoErrorsAndFormatsToNothing) {
  Diagnostics diags;
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(diags.size(), 0u);
  EXPECT_FALSE(diags.HasErrors());
  EXPECT_EQ(diags.ErrorCount(), 0u);
  EXPECT_EQ(diags.Format(), "");
}

TEST(DiagnosticsTest, WarningsAloneAreNotErrors) {
  Diagnostics diags;
  diags.Add(Make("W2001", Severity::kWarning, "threshold 'a' is never used", {}));
  diags.Add(Make("W2003", Severity::kWarning, "derived value 'b' is never used", {}));
  EXPECT_FALSE(diags.empty());
  EXPECT_EQ(diags.size(), 2u);
  EXPECT_FALSE(diags.HasErrors());
  EXPECT_EQ(diags.ErrorCount(), 0u);
}

TEST(DiagnosticsTest, ErrorCountCountsOnlyErrorsAmongWarnings) {
  Diagnostics diags;
  diags.Add(Make("W2001", Severity::kWarning, "w", {}));
  diags.Add(Make("E2002", Severity::kError, "e1", {}));
  diags.Add(Make("W2002", Severity::kWarning, "w", {}));
  diags.Add(Make("E3002", Severity::kError, "e2", {}));
  EXPECT_TRUE(diags.HasErrors());
  EXPECT_EQ(diags.ErrorCount(), 2u);
  EXPECT_EQ(diags.size(), 4u);
}

TEST(DiagnosticsTest, KeepsTheOrderOfAddition) {
  Diagnostics diags;
  diags.Add(Make("E1", Severity::kError, "first", {}));
  diags.Add(Make("W1", Severity::kWarning, "second", {}));
  diags.Add(Make("E2", Severity::kError, "third", {}));
  ASSERT_EQ(diags.items().size(), 3u);
  EXPECT_EQ(diags.items()[0].message, "first");
  EXPECT_EQ(diags.items()[1].message, "second");
  EXPECT_EQ(diags.items()[2].message, "third");
}

// ---- Format ----

TEST(DiagnosticsFormatTest, PrintsHeaderSourceLineCaretAndHint) {
  TempDir dir;
  const std::string file = dir.Write("rules.yaml", kSource);
  Diagnostics diags;
  diags.Add(Make("E3003", Severity::kError, "'sudenn' is not a value of onset", {file, 5, 24}, "R1",
                 "did you mean 'sudden'?"));
  EXPECT_EQ(diags.Format(), file + ":5:24: error[E3003]: 'sudenn' is not a value of onset (in R1)\n" +
                                " 5 |         when: onset == sudenn\n" +
                                "   | " + std::string(23, ' ') + "^\n" +
                                "  = hint: did you mean 'sudden'?\n");
}

TEST(DiagnosticsFormatTest, TheCaretSitsUnderTheReportedCharacter) {
  TempDir dir;
  const std::string file = dir.Write("rules.yaml", kSource);
  Diagnostics diags;
  diags.Add(Make("E3003", Severity::kError, "m", {file, 5, 24}));
  const std::string text = diags.Format();
  // The character at column 24 of line 5 is the 's' of 'sudenn': the caret
  // lines up with it when the two excerpt lines are laid on top of each other.
  const std::size_t source_start = text.find(" 5 | ");
  ASSERT_NE(source_start, std::string::npos) << text;
  const std::size_t source_end = text.find('\n', source_start);
  const std::string source_line = text.substr(source_start, source_end - source_start);
  const std::size_t caret_end = text.find('\n', source_end + 1);
  const std::string caret_line = text.substr(source_end + 1, caret_end - source_end - 1);
  const std::size_t caret = caret_line.find('^');
  ASSERT_NE(caret, std::string::npos) << text;
  EXPECT_EQ(caret_line.find_first_not_of(' ', 4), caret) << "only spaces before the caret: " << caret_line;
  ASSERT_LT(caret, source_line.size());
  EXPECT_EQ(source_line.substr(caret, 6), "sudenn") << text;
}

TEST(DiagnosticsFormatTest, ACaretAtColumnOneHasNoPadding) {
  TempDir dir;
  const std::string file = dir.Write("rules.yaml", kSource);
  Diagnostics diags;
  diags.Add(Make("E1004", Severity::kError, "unknown key", {file, 1, 1}));
  EXPECT_EQ(diags.Format(), file + ":1:1: error[E1004]: unknown key\n" +
                                " 1 | steps:\n" +
                                "   | ^\n");
}

TEST(DiagnosticsFormatTest, TheGutterIsAsWideAsTheLineNumber) {
  TempDir dir;
  std::string text;
  for (int i = 1; i <= 12; ++i) text += "line" + std::to_string(i) + ": value\n";
  const std::string file = dir.Write("long.yaml", text);
  Diagnostics diags;
  diags.Add(Make("E1007", Severity::kError, "bad value", {file, 12, 9}));
  EXPECT_EQ(diags.Format(), file + ":12:9: error[E1007]: bad value\n" +
                                " 12 | line12: value\n" +
                                "    |         ^\n");
}

TEST(DiagnosticsFormatTest, LabelsWarningsAsWarnings) {
  TempDir dir;
  const std::string file = dir.Write("rules.yaml", kSource);
  Diagnostics diags;
  diags.Add(Make("W2001", Severity::kWarning, "threshold 'x' is never used", {file, 2, 5}));
  const std::string text = diags.Format();
  EXPECT_THAT(text, ::testing::StartsWith(file + ":2:5: warning[W2001]: threshold 'x' is never used\n"));
  EXPECT_THAT(text, Not(HasSubstr("error[")));
}

TEST(DiagnosticsFormatTest, OmitsTheRuleSuffixWithoutARuleId) {
  Diagnostics diags;
  diags.Add(Make("E1005", Severity::kError, "missing key 'id'", {"nowhere.yaml", 0, 0}));
  EXPECT_EQ(diags.Format(), "nowhere.yaml: error[E1005]: missing key 'id'\n");
}

TEST(DiagnosticsFormatTest, OmitsTheExcerptWhenTheFileCannotBeRead) {
  TempDir dir;
  const std::string missing = dir.path() + "/no-such-file.yaml";
  Diagnostics diags;
  diags.Add(Make("E2002", Severity::kError, "unknown name 'sevre'", {missing, 5, 24}, "R1", "did you mean 'severe'?"));
  EXPECT_EQ(diags.Format(), missing + ":5:24: error[E2002]: unknown name 'sevre' (in R1)\n" +
                                "  = hint: did you mean 'severe'?\n");
}

TEST(DiagnosticsFormatTest, OmitsTheExcerptWhenTheFileIsAFolder) {
  TempDir dir;
  Diagnostics diags;
  diags.Add(Make("E1002", Severity::kError, "cannot read", {dir.path(), 1, 1}));
  EXPECT_EQ(diags.Format(), dir.path() + ":1:1: error[E1002]: cannot read\n");
}

TEST(DiagnosticsFormatTest, OmitsPositionAndExcerptWhenTheLineIsZero) {
  TempDir dir;
  const std::string file = dir.Write("rules.yaml", kSource);
  Diagnostics diags;
  diags.Add(Make("E1002", Severity::kError, "cannot read rule file", {file, 0, 0}, "", "check the path"));
  EXPECT_EQ(diags.Format(), file + ": error[E1002]: cannot read rule file\n  = hint: check the path\n");
}

TEST(DiagnosticsFormatTest, OmitsTheExcerptForALineBeyondTheEndOfTheFile) {
  TempDir dir;
  const std::string file = dir.Write("rules.yaml", kSource);
  Diagnostics diags;
  diags.Add(Make("E1001", Severity::kError, "unexpected end", {file, 7, 1}));
  diags.Add(Make("E1001", Severity::kError, "far away", {file, 40, 1}));
  EXPECT_EQ(diags.Format(), file + ":7:1: error[E1001]: unexpected end\n" + file +
                                ":40:1: error[E1001]: far away\n");
}

TEST(DiagnosticsFormatTest, ShowsTheLastLineOfAFileWithoutATrailingNewline) {
  TempDir dir;
  const std::string file = dir.Write("rules.yaml", "a: 1\nb: oops");
  Diagnostics diags;
  diags.Add(Make("E1007", Severity::kError, "bad", {file, 2, 4}));
  EXPECT_EQ(diags.Format(), file + ":2:4: error[E1007]: bad\n" +
                                " 2 | b: oops\n" +
                                "   |    ^\n");
}

TEST(DiagnosticsFormatTest, NamesAnUnnamedSourceRules) {
  Diagnostics diags;
  diags.Add(Make("E2009", Severity::kError, "unknown threshold 'x'", {"", 3, 4}, "", "did you mean 'y'?"));
  EXPECT_EQ(diags.Format(), "<rules>:3:4: error[E2009]: unknown threshold 'x'\n  = hint: did you mean 'y'?\n");
}

TEST(DiagnosticsFormatTest, FormatsEveryDiagnosticInOrderWithItsOwnExcerpt) {
  TempDir dir;
  const std::string a = dir.Write("a.yaml", kSource);
  const std::string b = dir.Write("b.yaml", "x: 1\ny: 2\n");
  Diagnostics diags;
  diags.Add(Make("E1", Severity::kError, "first", {a, 4, 13}, "R1"));
  diags.Add(Make("W1", Severity::kWarning, "second", {b, 2, 4}));
  diags.Add(Make("E2", Severity::kError, "third", {a, 2, 5}, "", "fix it"));
  EXPECT_EQ(diags.Format(), a + ":4:13: error[E1]: first (in R1)\n" +
                                " 4 |       - id: R1\n" +
                                "   |             ^\n" +
                                b + ":2:4: warning[W1]: second\n" +
                                " 2 | y: 2\n" +
                                "   |    ^\n" +
                                a + ":2:5: error[E2]: third\n" +
                                " 2 |   - id: grade\n" +
                                "   |     ^\n" +
                                "  = hint: fix it\n");
}

}  // namespace
}  // namespace sitbone
