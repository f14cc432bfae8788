// Tests for the YAML loader (src/loader/document.cc): node positions
// (1-based line and column), Doc::LocationOf inside every scalar style (the
// k-th character of a value maps to its exact place in the file, which is
// where diagnostics point), duplicate keys (E1006), syntax errors (E1001),
// IsNullLike, and the canonical text the fingerprint is computed from.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "loader/document.h"
#include "unit_test_support.h"

namespace sitbone::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using testing_support::CodeIs;
using testing_support::HasDiagnostic;

// A parsed document that keeps its source alive.
struct Parsed {
  SourceSet sources;
  const SourceFile* file = nullptr;
  Doc root;
  Diagnostics diags;
  bool ok = false;
};

std::unique_ptr<Parsed> Parse(const std::string& text, const std::string& path = "doc.yaml") {
  auto p = std::make_unique<Parsed>();
  p->file = p->sources.Add(path, text);
  p->ok = ParseYaml(p->file, &p->root, &p->diags);
  return p;
}

// Line and column (1-based) of byte `offset` in `text`, counted independently
// of the code under test.
std::pair<int, int> LineColumn(const std::string& text, std::size_t offset) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

std::string At(const SourceLocation& loc) { return std::to_string(loc.line) + ":" + std::to_string(loc.column); }
std::string At(const std::pair<int, int>& lc) { return std::to_string(lc.first) + ":" + std::to_string(lc.second); }

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// For a scalar whose raw text starts at `body` and has no escapes: the m-th
// non-blank character of the value is the m-th non-blank character of the raw
// text, so every non-blank value character must map to exactly that place.
void ExpectEveryCharacterMapsToTheFile(const Doc& doc, const std::string& text, std::size_t body) {
  ASSERT_TRUE(doc.is_scalar()) << doc.path;
  std::size_t raw = body;
  for (std::size_t k = 0; k < doc.scalar.size(); ++k) {
    if (IsSpace(doc.scalar[k])) continue;
    while (raw < text.size() && IsSpace(text[raw])) ++raw;
    ASSERT_LT(raw, text.size());
    ASSERT_EQ(text[raw], doc.scalar[k]) << "test setup: the raw text must carry the value's characters in order";
    const SourceLocation loc = doc.LocationOf(static_cast<int>(k));
    EXPECT_EQ(At(loc), At(LineColumn(text, raw)))
        << doc.path << ": character " << k << " '" << doc.scalar[k] << "' of \"" << doc.scalar << "\"";
    EXPECT_EQ(loc.file, doc.file->path);
    ++raw;
  }
}

// ---- positions ----

TEST(DocumentTest, ParseYamlRecordsOneBasedLineAndColumnOfEveryNode) {
  const std::string text =
      "id: demo\n"           // 1
      "inputs:\n"            // 2
      "  pain:\n"            // 3
      "    type: int\n"      // 4
      "    range: [0, 10]\n"  // 5
      "steps:\n"             // 6
      "  - id: s1\n"         // 7
      "    rules: []\n";     // 8
  auto p = Parse(text);
  ASSERT_TRUE(p->ok) << p->diags.Format();
  EXPECT_TRUE(p->diags.empty());
  const Doc& root = p->root;
  ASSERT_TRUE(root.is_map());
  EXPECT_EQ(At(root.location()), "1:1");
  ASSERT_THAT(root.entries, SizeIs(3));
  EXPECT_EQ(root.entries[0].first.scalar, "id");
  EXPECT_EQ(At(root.entries[0].first.location()), "1:1");
  EXPECT_EQ(At(root.entries[0].second.location()), "1:5");
  EXPECT_EQ(At(root.entries[1].first.location()), "2:1");

  const Doc* pain = root.Get("inputs")->Get("pain");
  ASSERT_NE(pain, nullptr);
  EXPECT_EQ(At(pain->location()), "4:5");
  EXPECT_EQ(At(pain->Get("type")->location()), "4:11");
  const Doc* range = pain->Get("range");
  ASSERT_TRUE(range->is_seq());
  EXPECT_EQ(At(range->location()), "5:12");
  ASSERT_THAT(range->items, SizeIs(2));
  EXPECT_EQ(At(range->items[0].location()), "5:13");
  EXPECT_EQ(At(range->items[1].location()), "5:16");
  EXPECT_EQ(range->items[1].scalar, "10");

  const Doc* steps = root.Get("steps");
  ASSERT_TRUE(steps->is_seq());
  ASSERT_THAT(steps->items, SizeIs(1));
  EXPECT_EQ(At(steps->items[0].location()), "7:5");
  EXPECT_EQ(At(steps->items[0].Get("rules")->location()), "8:12");
  EXPECT_EQ(steps->items[0].location().file, "doc.yaml");
}

TEST(DocumentTest, EveryNodeKnowsItsYamlPath) {
  auto p = Parse("steps:\n  - id: s1\n    rules:\n      - id: R1\n        when: a\n");
  ASSERT_TRUE(p->ok);
  EXPECT_EQ(p->root.path, "/");
  const Doc& rule = p->root.Get("steps")->items[0].Get("rules")->items[0];
  EXPECT_EQ(rule.path, "/steps/0/rules/0");
  EXPECT_EQ(rule.Get("when")->path, "/steps/0/rules/0/when");
  EXPECT_EQ(p->root.Get("steps")->items[0].Get("id")->path, "/steps/0/id");
}

TEST(DocumentTest, KeepsMapEntriesInAuthoredOrderAndGetReturnsNullWhenAbsent) {
  auto p = Parse("zeta: 1\nalpha: 2\nmid: 3\n");
  ASSERT_TRUE(p->ok);
  std::vector<std::string> keys;
  for (const auto& [k, v] : p->root.entries) keys.push_back(k.scalar);
  EXPECT_THAT(keys, ElementsAre("zeta", "alpha", "mid"));
  EXPECT_EQ(p->root.Get("alpha")->scalar, "2");
  EXPECT_EQ(p->root.Get("beta"), nullptr);
}

TEST(DocumentTest, RecordsTheScalarStyle) {
  auto p = Parse("a: plain\nb: 'single'\nc: \"double\"\nd: |\n  literal\ne: >-\n  folded\n");
  ASSERT_TRUE(p->ok);
  EXPECT_EQ(p->root.Get("a")->style, Doc::Style::kPlain);
  EXPECT_FALSE(p->root.Get("a")->quoted());
  EXPECT_EQ(p->root.Get("b")->style, Doc::Style::kSingleQuoted);
  EXPECT_EQ(p->root.Get("c")->style, Doc::Style::kDoubleQuoted);
  EXPECT_EQ(p->root.Get("d")->style, Doc::Style::kLiteral);
  EXPECT_EQ(p->root.Get("e")->style, Doc::Style::kFolded);
  EXPECT_TRUE(p->root.Get("b")->quoted());
  EXPECT_EQ(p->root.Get("d")->scalar, "literal\n");
  EXPECT_EQ(p->root.Get("e")->scalar, "folded");
}

TEST(DocumentTest, AnEmptyDocumentIsNull) {
  auto p = Parse("");
  EXPECT_TRUE(p->ok);
  EXPECT_TRUE(p->root.is_null());
  EXPECT_TRUE(p->diags.empty());
}

// ---- LocationOf ----

TEST(DocumentLocationOfTest, MapsEveryCharacterOfAPlainScalar) {
  const std::string text = "when: fever and pain >= $high_pain\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("when");
  EXPECT_EQ(d.style, Doc::Style::kPlain);
  ExpectEveryCharacterMapsToTheFile(d, text, text.find("fever"));
  EXPECT_EQ(At(d.LocationOf(0)), "1:7");
  EXPECT_EQ(At(d.LocationOf(10)), "1:17");  // 'p' of pain
}

TEST(DocumentLocationOfTest, MapsEveryCharacterOfASingleQuotedScalar) {
  const std::string text = "rules:\n  - when: 'onset == sudden and known(pain)'\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("rules")->items[0].Get("when");
  EXPECT_EQ(d.style, Doc::Style::kSingleQuoted);
  ExpectEveryCharacterMapsToTheFile(d, text, text.find("onset"));
  EXPECT_EQ(At(d.LocationOf(0)), "2:12");  // after the opening quote
}

TEST(DocumentLocationOfTest, MapsEveryCharacterOfADoubleQuotedScalar) {
  const std::string text = "then:\n  - set: {phase: \"min(phase, phase_cap)\"}\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("then")->items[0].Get("set")->Get("phase");
  EXPECT_EQ(d.style, Doc::Style::kDoubleQuoted);
  ExpectEveryCharacterMapsToTheFile(d, text, text.find("min("));
  EXPECT_EQ(At(d.LocationOf(11)), "2:30");  // the second 'phase'
}

TEST(DocumentLocationOfTest, FollowsEscapedQuotesInsideADoubleQuotedScalar) {
  const std::string text = "when: \"onset == \\\"sudden\\\" and sevre\"\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("when");
  ASSERT_EQ(d.scalar, "onset == \"sudden\" and sevre");
  const int quote = static_cast<int>(d.scalar.find('"'));
  // An escaped character maps to the start of its escape sequence.
  EXPECT_EQ(At(d.LocationOf(quote)), At(LineColumn(text, text.find("\\\"sudden"))));
  EXPECT_EQ(At(d.LocationOf(quote + 1)), At(LineColumn(text, text.find("sudden"))));
  EXPECT_EQ(At(d.LocationOf(static_cast<int>(d.scalar.find("sevre")))), At(LineColumn(text, text.find("sevre"))));
}

TEST(DocumentLocationOfTest, FollowsDoubledQuotesInsideASingleQuotedScalar) {
  const std::string text = "when: 'onset == ''sudden'' and sevre'\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("when");
  ASSERT_EQ(d.scalar, "onset == 'sudden' and sevre");
  EXPECT_EQ(At(d.LocationOf(static_cast<int>(d.scalar.find("sevre")))), At(LineColumn(text, text.find("sevre"))));
  // The escaped quote maps to the start of its escape sequence (1:17) and the
  // first character after it to itself: 's' of sudden at 1:19.
  EXPECT_EQ(At(d.LocationOf(static_cast<int>(d.scalar.find('\'')))), "1:17");
  const int sudden = static_cast<int>(d.scalar.find("sudden"));
  EXPECT_EQ(At(LineColumn(text, text.find("sudden"))), "1:19");
  EXPECT_EQ(At(d.LocationOf(sudden)), "1:19");
}

TEST(DocumentLocationOfTest, FollowsOtherEscapesInsideADoubleQuotedScalar) {
  // "\t" is one tab character in the value but two characters in the file.
  const std::string text = "when: \"fever and\\tsevre\"\nthen: []\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("when");
  ASSERT_EQ(d.scalar, "fever and\tsevre");
  EXPECT_EQ(At(d.LocationOf(0)), "1:8");
  EXPECT_EQ(At(d.LocationOf(static_cast<int>(d.scalar.find("sevre")))), "1:19");
}

TEST(DocumentLocationOfTest, MapsEveryCharacterOfALiteralBlockScalar) {
  const std::string text =
      "rule:\n"
      "  when: |\n"
      "    fever\n"
      "    and severe\n"
      "      or pain > 3\n"
      "  then: []\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("rule")->Get("when");
  EXPECT_EQ(d.style, Doc::Style::kLiteral);
  ASSERT_EQ(d.scalar, "fever\nand severe\n  or pain > 3\n");
  ExpectEveryCharacterMapsToTheFile(d, text, text.find("fever"));
  EXPECT_EQ(At(d.LocationOf(0)), "3:5");
  EXPECT_EQ(At(d.LocationOf(10)), "4:9");  // 'severe'
  EXPECT_EQ(At(d.LocationOf(static_cast<int>(d.scalar.find("pain")))), "5:10");
}

TEST(DocumentLocationOfTest, MapsEveryCharacterOfAFoldedStripBlockScalar) {
  const std::string text =
      "rule:\n"
      "  when: >-\n"
      "    onset == sudden and\n"
      "      fever and\n"
      "    pain > $high_pain and sevre\n"
      "  then: []\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("rule")->Get("when");
  EXPECT_EQ(d.style, Doc::Style::kFolded);
  ASSERT_EQ(d.scalar, "onset == sudden and\n  fever and\npain > $high_pain and sevre");
  ExpectEveryCharacterMapsToTheFile(d, text, text.find("onset"));
  EXPECT_EQ(At(d.LocationOf(static_cast<int>(d.scalar.find("sevre")))), "5:27");
}

TEST(DocumentLocationOfTest, MapsEveryCharacterOfAFoldedScalarWhoseLinesAreJoinedBySpaces) {
  const std::string text =
      "when: >-\n"
      "  a and\n"
      "  b and\n"
      "\n"
      "  c\n";
  auto p = Parse(text);
  const Doc& d = *p->root.Get("when");
  ASSERT_EQ(d.scalar, "a and b and\nc");
  ExpectEveryCharacterMapsToTheFile(d, text, text.find("a and"));
  EXPECT_EQ(At(d.LocationOf(6)), "3:3");   // 'b'
  EXPECT_EQ(At(d.LocationOf(12)), "5:3");  // 'c', after the blank line
}

TEST(DocumentLocationOfTest, MapsEveryCharacterOfMultiLinePlainAndQuotedScalars) {
  const std::string text =
      "plain: fever or\n"
      "  onset == sudden or sevre\n"
      "double: \"fever and\n"
      "  sevre\"\n"
      "single: 'a or\n"
      "    b'\n";
  auto p = Parse(text);
  const Doc& plain = *p->root.Get("plain");
  const Doc& dbl = *p->root.Get("double");
  const Doc& single = *p->root.Get("single");
  ASSERT_EQ(plain.scalar, "fever or onset == sudden or sevre");
  ASSERT_EQ(dbl.scalar, "fever and sevre");
  ASSERT_EQ(single.scalar, "a or b");
  ExpectEveryCharacterMapsToTheFile(plain, text, text.find("fever"));
  ExpectEveryCharacterMapsToTheFile(dbl, text, text.find("fever", text.find("double")));
  ExpectEveryCharacterMapsToTheFile(single, text, text.find("a or"));
  EXPECT_EQ(At(plain.LocationOf(static_cast<int>(plain.scalar.find("sevre")))), "2:22");
  EXPECT_EQ(At(dbl.LocationOf(10)), "4:3");
  EXPECT_EQ(At(single.LocationOf(5)), "6:5");
}

TEST(DocumentLocationOfTest, OffsetZeroIsTheFirstCharacterOfTheValue) {
  const std::string text = "a: x\nb: 'y'\nc: \"z\"\nd: |\n  w\ne: >\n  v\n";
  auto p = Parse(text);
  EXPECT_EQ(At(p->root.Get("a")->LocationOf(0)), "1:4");
  EXPECT_EQ(At(p->root.Get("b")->LocationOf(0)), "2:5");
  EXPECT_EQ(At(p->root.Get("c")->LocationOf(0)), "3:5");
  EXPECT_EQ(At(p->root.Get("d")->LocationOf(0)), "5:3");
  EXPECT_EQ(At(p->root.Get("e")->LocationOf(0)), "7:3");
}

TEST(DocumentLocationOfTest, FallsBackToTheNodePositionWithoutASourceFile) {
  Doc d;
  d.kind = Doc::Kind::kScalar;
  d.scalar = "abc";
  d.line = 3;
  d.column = 7;
  const SourceLocation loc = d.LocationOf(2);
  EXPECT_EQ(At(loc), "3:7");
  EXPECT_EQ(loc.file, "");
}

// ---- duplicate keys, syntax errors ----

TEST(DocumentTest, ADuplicateKeyIsE1006NamingTheFirstLine) {
  const std::string text =
      "inputs:\n"         // 1
      "  pain:\n"         // 2
      "    type: int\n"   // 3
      "  fever:\n"        // 4
      "    type: tri\n"   // 5
      "  pain:\n"         // 6
      "    type: tri\n";  // 7
  auto p = Parse(text, "dup.yaml");
  ASSERT_THAT(p->diags.items(), ElementsAre(HasDiagnostic("E1006", 6, 3)));
  const Diagnostic& d = p->diags.items()[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.location.file, "dup.yaml");
  EXPECT_EQ(d.path, "/inputs/pain");
  EXPECT_THAT(d.message, HasSubstr("duplicate key 'pain'"));
  EXPECT_THAT(d.message, HasSubstr("first defined at line 2"));
  EXPECT_FALSE(d.hint.empty());
}

TEST(DocumentTest, AKeyWrittenThreeTimesIsReportedAtEachRepeatNamingTheFirstLine) {
  const std::string text = "a: 1\nb: 2\na: 3\nc: 4\na: 5\n";
  auto p = Parse(text);
  std::vector<std::string> found;
  for (const Diagnostic& d : p->diags.items()) found.push_back(d.code + "@" + At(d.location) + " " + d.message);
  EXPECT_THAT(found, ElementsAre("E1006@3:1 duplicate key 'a' (first defined at line 1)",
                                 "E1006@5:1 duplicate key 'a' (first defined at line 1)"));
}

TEST(DocumentTest, DuplicateKeysInDifferentMappingsAreFine) {
  auto p = Parse("x:\n  id: 1\ny:\n  id: 2\nlist:\n  - {id: 1}\n  - {id: 2}\n");
  EXPECT_TRUE(p->ok);
  EXPECT_TRUE(p->diags.empty()) << p->diags.Format();
}

TEST(DocumentTest, AYamlSyntaxErrorIsE1001AtItsPosition) {
  const std::string text =
      "inputs:\n"          // 1
      "  pain:\n"          // 2
      "    type: int\n"    // 3
      "   range: [0, 10]\n"  // 4: bad indentation
      "    description: x\n";
  auto p = Parse(text, "broken.yaml");
  EXPECT_FALSE(p->ok);
  ASSERT_THAT(p->diags.items(), ElementsAre(CodeIs("E1001")));
  const Diagnostic& d = p->diags.items()[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.location.file, "broken.yaml");
  EXPECT_EQ(At(d.location), "4:4");
  EXPECT_THAT(d.message, ::testing::StartsWith("YAML syntax error: "));
  EXPECT_FALSE(d.hint.empty());
}

TEST(DocumentTest, AnUnclosedFlowSequenceIsE1001WithAPosition) {
  auto p = Parse("a: 1\nb: [1, 2\nc: 3\n");
  EXPECT_FALSE(p->ok);
  ASSERT_THAT(p->diags.items(), ElementsAre(CodeIs("E1001")));
  EXPECT_GT(p->diags.items()[0].location.line, 1);
  EXPECT_GT(p->diags.items()[0].location.column, 0);
}

// ---- IsNullLike ----

TEST(DocumentTest, IsNullLikeForYamlNullsButNotForQuotedText) {
  auto p = Parse(
      "empty:\n"
      "tilde: ~\n"
      "word: null\n"
      "title: Null\n"
      "upper: NULL\n"
      "quoted: 'null'\n"
      "dquoted: \"~\"\n"
      "blank: ''\n"
      "nil: nil\n"
      "zero: 0\n"
      "no: false\n"
      "list: []\n"
      "map: {}\n");
  ASSERT_TRUE(p->ok) << p->diags.Format();
  for (const char* key : {"empty", "tilde", "word", "title", "upper"})
    EXPECT_TRUE(p->root.Get(key)->IsNullLike()) << key;
  for (const char* key : {"quoted", "dquoted", "blank", "nil", "zero", "no", "list", "map"})
    EXPECT_FALSE(p->root.Get(key)->IsNullLike()) << key;
}

TEST(DocumentTest, IsNullLikeForPlainNullScalarsBuiltByHand) {
  for (const char* text : {"", "~", "null", "Null", "NULL"}) {
    Doc d;
    d.kind = Doc::Kind::kScalar;
    d.scalar = text;
    EXPECT_TRUE(d.IsNullLike()) << "'" << text << "'";
    d.style = Doc::Style::kDoubleQuoted;
    EXPECT_FALSE(d.IsNullLike()) << "quoted '" << text << "'";
  }
  Doc none;
  EXPECT_TRUE(none.IsNullLike());
}

// ---- canonical text (fingerprints) ----

std::string Canonical(const std::string& text) {
  auto p = Parse(text);
  EXPECT_TRUE(p->ok) << p->diags.Format();
  std::string out;
  AppendCanonical(p->root, &out);
  return out;
}

TEST(DocumentCanonicalTest, IsIndependentOfKeyOrderCommentsAndLayout) {
  const std::string a =
      "# header comment\n"
      "id: demo\n"
      "inputs:\n"
      "  pain: {type: int, range: [0, 10]}   # trailing comment\n"
      "  fever:\n"
      "    type: tri\n"
      "steps: [a, b]\n";
  const std::string b =
      "steps:\n"
      "  - a\n"
      "  - b\n"
      "inputs:\n"
      "  fever: {type: tri}\n"
      "\n"
      "  # a comment between entries\n"
      "  pain:\n"
      "    range:\n"
      "      - 0\n"
      "      - 10\n"
      "    type: int\n"
      "id: demo\n";
  EXPECT_EQ(Canonical(a), Canonical(b));
  EXPECT_FALSE(Canonical(a).empty());
}

TEST(DocumentCanonicalTest, DependsOnEveryValue) {
  const std::string base = Canonical("id: demo\nthreshold: 7\nlist: [a, b]\n");
  EXPECT_NE(base, Canonical("id: demo\nthreshold: 8\nlist: [a, b]\n"));
  EXPECT_NE(base, Canonical("id: demo2\nthreshold: 7\nlist: [a, b]\n"));
  EXPECT_NE(base, Canonical("id: demo\nthreshold: 7\nlist: [b, a]\n"));  // sequences keep their order
  EXPECT_NE(base, Canonical("id: demo\nthreshold: 7\nlist: [a, b, c]\n"));
  EXPECT_NE(base, Canonical("id: demo\nlimit: 7\nlist: [a, b]\n"));      // keys are content too
  EXPECT_NE(base, Canonical("id: demo\nthreshold: 7\nlist: [a b]\n"));
}

TEST(DocumentCanonicalTest, DistinguishesNullEmptyTextAndEmptyCollections) {
  std::vector<std::string> forms = {Canonical("v:\n"), Canonical("v: ''\n"), Canonical("v: '~'\n"),
                                    Canonical("v: []\n"), Canonical("v: {}\n"), Canonical("v: [[]]\n")};
  for (std::size_t i = 0; i < forms.size(); ++i)
    for (std::size_t j = i + 1; j < forms.size(); ++j) EXPECT_NE(forms[i], forms[j]) << i << " vs " << j;
}

TEST(DocumentCanonicalTest, QuotesAndSeparatorsInsideValuesCannotForgeStructure) {
  // One value that contains the canonical separators versus two values.
  EXPECT_NE(Canonical("a: 'x\",\"y'\n"), Canonical("a: [x, y]\n"));
  EXPECT_NE(Canonical("a: 'b\":\"c'\n"), Canonical("a: {b: c}\n"));
}

// ---- files ----

TEST(DocumentTest, ReadFileReadsWholeFilesAndFailsOnMissingFilesAndFolders) {
  testing_support::TempDir dir;
  const std::string bytes = std::string("line 1\r\nline 2\0tail", 19);
  const std::string path = dir.Write("f.yaml", bytes);
  std::string out;
  ASSERT_TRUE(ReadFile(path, &out));
  EXPECT_EQ(out, bytes);
  EXPECT_FALSE(ReadFile(dir.path() + "/missing.yaml", &out));
  EXPECT_FALSE(ReadFile(dir.path(), &out));
}

TEST(DocumentTest, SourceSetKeepsEveryFileAtAStableAddress) {
  SourceSet set;
  const SourceFile* first = set.Add("a.yaml", "a: 1\n");
  std::vector<const SourceFile*> more;
  for (int i = 0; i < 100; ++i) more.push_back(set.Add("f" + std::to_string(i), std::string(i, 'x')));
  EXPECT_EQ(first->path, "a.yaml");
  EXPECT_EQ(first->text, "a: 1\n");
  EXPECT_EQ(more[42]->text, std::string(42, 'x'));
}

}  // namespace
}  // namespace sitbone::internal
