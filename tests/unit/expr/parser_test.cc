// Tests for the expression parser (src/expr/parser.cc): precedence and
// associativity, `in` lists, calls, node offsets, and every syntax error with
// the offset it reports.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "expr/ast.h"

namespace sitbone::internal {
namespace {

using ::testing::HasSubstr;

// Renders a parsed tree as a fully parenthesised S-expression so that
// precedence is visible: "(or (and (not a) b) c)".
std::string Show(const Ast& ast) {
  auto join = [](const std::vector<Ast>& kids) {
    std::string s;
    for (std::size_t i = 0; i < kids.size(); ++i) s += (i ? " " : "") + Show(kids[i]);
    return s;
  };
  switch (ast.kind) {
    case Ast::Kind::kNumber: return ast.text;
    case Ast::Kind::kString: return "'" + ast.text + "'";
    case Ast::Kind::kBool: return ast.boolean ? "true" : "false";
    case Ast::Kind::kNull: return "null";
    case Ast::Kind::kIdent: return ast.text;
    case Ast::Kind::kThreshold: return "$" + ast.text;
    case Ast::Kind::kCall: return ast.text + "(" + join(ast.kids) + ")";
    case Ast::Kind::kUnary:
    case Ast::Kind::kBinary:
    case Ast::Kind::kIn: return "(" + ast.text + " " + join(ast.kids) + ")";
    case Ast::Kind::kList: return "[" + join(ast.kids) + "]";
  }
  return "?";
}

Ast MustParse(const std::string& text) {
  Ast ast;
  ParseError error;
  EXPECT_TRUE(ParseExpression(text, &ast, &error)) << text << ": " << error.message << " at " << error.offset;
  return ast;
}

std::string Parsed(const std::string& text) { return Show(MustParse(text)); }

ParseError MustFail(const std::string& text) {
  Ast ast;
  ParseError error;
  EXPECT_FALSE(ParseExpression(text, &ast, &error)) << text << " parsed as " << Show(ast);
  return error;
}

// The substring of `text` a node spans.
std::string Span(const std::string& text, const Ast& node) {
  return text.substr(static_cast<std::size_t>(node.offset), static_cast<std::size_t>(node.length));
}

// ---- precedence and associativity ----

TEST(ExprParserTest, NotBindsTighterThanAndWhichBindsTighterThanOr) {
  EXPECT_EQ(Parsed("not a and b or c"), "(or (and (not a) b) c)");
  EXPECT_EQ(Parsed("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(Parsed("a or not b and c"), "(or a (and (not b) c))");
  EXPECT_EQ(Parsed("not not a"), "(not (not a))");
}

TEST(ExprParserTest, AndAndOrAreLeftAssociative) {
  EXPECT_EQ(Parsed("a and b and c"), "(and (and a b) c)");
  EXPECT_EQ(Parsed("a or b or c"), "(or (or a b) c)");
}

TEST(ExprParserTest, NotAppliesToAWholeComparison) {
  EXPECT_EQ(Parsed("not x > 3"), "(not (> x 3))");
  EXPECT_EQ(Parsed("not x in [1, 2]"), "(not (in x [1 2]))");
}

TEST(ExprParserTest, ComparisonsBindTighterThanAndOr) {
  EXPECT_EQ(Parsed("x < 3 and y >= 2 or z != 1"), "(or (and (< x 3) (>= y 2)) (!= z 1))");
  EXPECT_EQ(Parsed("x == y"), "(== x y)");
  EXPECT_EQ(Parsed("x<=y"), "(<= x y)");
  EXPECT_EQ(Parsed("x>y"), "(> x y)");
}

TEST(ExprParserTest, ArithmeticBindsTighterThanComparison) {
  EXPECT_EQ(Parsed("a + 1 < b * 2"), "(< (+ a 1) (* b 2))");
}

TEST(ExprParserTest, ProductBindsTighterThanSumAndBothAreLeftAssociative) {
  EXPECT_EQ(Parsed("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(Parsed("1 * 2 + 3"), "(+ (* 1 2) 3)");
  EXPECT_EQ(Parsed("1 - 2 - 3"), "(- (- 1 2) 3)");
  EXPECT_EQ(Parsed("8 / 4 / 2"), "(/ (/ 8 4) 2)");
  EXPECT_EQ(Parsed("8 / 4 * 2"), "(* (/ 8 4) 2)");
}

TEST(ExprParserTest, UnaryMinusBindsTighterThanProduct) {
  EXPECT_EQ(Parsed("-x * 2"), "(* (- x) 2)");
  EXPECT_EQ(Parsed("- -x"), "(- (- x))");
  EXPECT_EQ(Parsed("2 - -x"), "(- 2 (- x))");
}

TEST(ExprParserTest, ParenthesesOverridePrecedence) {
  EXPECT_EQ(Parsed("(a or b) and c"), "(and (or a b) c)");
  EXPECT_EQ(Parsed("(1 + 2) * 3"), "(* (+ 1 2) 3)");
  EXPECT_EQ(Parsed("not (a and b)"), "(not (and a b))");
}

// ---- literals, lists and calls ----

TEST(ExprParserTest, ParsesLiterals) {
  EXPECT_EQ(Parsed("true"), "true");
  EXPECT_EQ(Parsed("false"), "false");
  EXPECT_EQ(Parsed("null"), "null");
  EXPECT_EQ(Parsed("'sudden'"), "'sudden'");
  EXPECT_EQ(Parsed("\"sudden\""), "'sudden'");
  EXPECT_EQ(Parsed("$high_pain"), "$high_pain");
  Ast n = MustParse("1.5e3");
  EXPECT_EQ(n.kind, Ast::Kind::kNumber);
  EXPECT_DOUBLE_EQ(n.number, 1500.0);
  EXPECT_DOUBLE_EQ(MustParse(".25").number, 0.25);
}

TEST(ExprParserTest, ParsesInWithAList) {
  Ast ast = MustParse("onset in [gradual, 'sudden']");
  ASSERT_EQ(ast.kind, Ast::Kind::kIn);
  ASSERT_EQ(ast.kids.size(), 2u);
  EXPECT_EQ(ast.kids[1].kind, Ast::Kind::kList);
  EXPECT_EQ(Show(ast), "(in onset [gradual 'sudden'])");
  EXPECT_EQ(Parsed("x in []"), "(in x [])");
  EXPECT_EQ(Parsed("x + 1 in [2, y * 3]"), "(in (+ x 1) [2 (* y 3)])");
}

TEST(ExprParserTest, ParsesCallsWithAnyNumberOfArguments) {
  EXPECT_EQ(Parsed("f()"), "f()");
  EXPECT_EQ(Parsed("known(a)"), "known(a)");
  EXPECT_EQ(Parsed("count(a, b and c, x > 1)"), "count(a (and b c) (> x 1))");
  EXPECT_EQ(Parsed("max(min(a, b), 3) + 1"), "(+ max(min(a b) 3) 1)");
  EXPECT_EQ(Parsed("fired('EX-1') and not fired(R2)"), "(and fired('EX-1') (not fired(R2)))");
  Ast call = MustParse("coalesce(a, b)");
  EXPECT_EQ(call.kind, Ast::Kind::kCall);
  EXPECT_EQ(call.text, "coalesce");
  EXPECT_EQ(call.kids.size(), 2u);
}

TEST(ExprParserTest, AnIdentifierFollowedBySpaceAndParenthesisIsStillACall) {
  EXPECT_EQ(Parsed("known (a)"), "known(a)");
}

// ---- offsets ----

TEST(ExprParserTest, RecordsTheOffsetAndLengthOfEveryNode) {
  const std::string text = "known(a) and x >= $t";
  Ast root = MustParse(text);
  ASSERT_EQ(root.kind, Ast::Kind::kBinary);
  EXPECT_EQ(root.offset, 0);
  EXPECT_EQ(Span(text, root), text);
  const Ast& call = root.kids[0];
  EXPECT_EQ(call.offset, 0);
  EXPECT_EQ(Span(text, call), "known(a)");
  EXPECT_EQ(call.kids[0].offset, 6);
  EXPECT_EQ(Span(text, call.kids[0]), "a");
  const Ast& cmp = root.kids[1];
  EXPECT_EQ(cmp.offset, 13);
  EXPECT_EQ(Span(text, cmp), "x >= $t");
  EXPECT_EQ(cmp.kids[0].offset, 13);
  EXPECT_EQ(cmp.kids[1].offset, 18);
  EXPECT_EQ(Span(text, cmp.kids[1]), "$t");
}

TEST(ExprParserTest, OffsetsOfStringsUnaryInAndLists) {
  const std::string text = "not  -y > 2 or onset in ['a', b]";
  Ast root = MustParse(text);
  ASSERT_EQ(Show(root), "(or (not (> (- y) 2)) (in onset ['a' b]))");
  const Ast& negation = root.kids[0];
  EXPECT_EQ(negation.offset, 0);
  EXPECT_EQ(Span(text, negation), "not  -y > 2");
  EXPECT_EQ(Span(text, negation.kids[0].kids[0]), "-y");
  const Ast& in = root.kids[1];
  EXPECT_EQ(in.offset, 15);
  EXPECT_EQ(Span(text, in), "onset in ['a', b]");
  const Ast& list = in.kids[1];
  EXPECT_EQ(Span(text, list), "['a', b]");
  EXPECT_EQ(Span(text, list.kids[0]), "'a'");
  EXPECT_EQ(list.kids[1].offset, 30);
}

// ---- syntax errors ----

TEST(ExprParserTest, RejectsAnUnterminatedStringAtItsOpeningQuote) {
  ParseError e = MustFail("onset == 'sudden");
  EXPECT_EQ(e.offset, 9);
  EXPECT_THAT(e.message, HasSubstr("unterminated string"));
  ParseError d = MustFail("a and \"x");
  EXPECT_EQ(d.offset, 6);
  EXPECT_THAT(d.message, HasSubstr("unterminated string"));
}

TEST(ExprParserTest, RejectsSingleEqualsWithAHintToUseDoubleEquals) {
  ParseError e = MustFail("pain = 3");
  EXPECT_EQ(e.offset, 5);
  EXPECT_THAT(e.message, HasSubstr("'='"));
  EXPECT_THAT(e.message, HasSubstr("use '==' to compare"));
}

TEST(ExprParserTest, RejectsCStyleLogicalOperatorsWithAHint) {
  ParseError amp = MustFail("a && b");
  EXPECT_EQ(amp.offset, 2);
  EXPECT_THAT(amp.message, HasSubstr("use 'and' / 'or'"));
  ParseError bar = MustFail("a || b");
  EXPECT_EQ(bar.offset, 2);
  EXPECT_THAT(bar.message, HasSubstr("use 'and' / 'or'"));
  ParseError bang = MustFail("!a");
  EXPECT_EQ(bang.offset, 0);
  EXPECT_THAT(bang.message, HasSubstr("use 'not' or '!='"));
}

TEST(ExprParserTest, RejectsChainedComparisonsAtTheSecondOperator) {
  ParseError e = MustFail("1 < x < 3");
  EXPECT_EQ(e.offset, 6);
  EXPECT_THAT(e.message, HasSubstr("cannot be chained"));
  ParseError eq = MustFail("a == b == c");
  EXPECT_EQ(eq.offset, 7);
  EXPECT_THAT(eq.message, HasSubstr("cannot be chained"));
  ParseError in = MustFail("x in [1] == y");
  EXPECT_EQ(in.offset, 9);
  EXPECT_THAT(in.message, HasSubstr("cannot be chained"));
}

TEST(ExprParserTest, RejectsAMissingClosingParenthesisAtTheEnd) {
  ParseError call = MustFail("known(a, b");
  EXPECT_EQ(call.offset, 10);
  EXPECT_THAT(call.message, HasSubstr("expected ')'"));
  ParseError group = MustFail("(a or b and c");
  EXPECT_EQ(group.offset, 13);
  EXPECT_THAT(group.message, HasSubstr("expected ')'"));
  ParseError list = MustFail("x in [1, 2");
  EXPECT_EQ(list.offset, 10);
  EXPECT_THAT(list.message, HasSubstr("expected ']'"));
}

TEST(ExprParserTest, RejectsAnExpressionThatEndsTooEarly) {
  ParseError e = MustFail("pain >=");
  EXPECT_EQ(e.offset, 7);
  EXPECT_THAT(e.message, HasSubstr("expression ended"));
  ParseError empty = MustFail("");
  EXPECT_EQ(empty.offset, 0);
  EXPECT_THAT(empty.message, HasSubstr("expression ended"));
}

TEST(ExprParserTest, RejectsTrailingTokens) {
  ParseError e = MustFail("a b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.message, HasSubstr("unexpected 'b'"));
  ParseError paren = MustFail("(a))");
  EXPECT_EQ(paren.offset, 3);
}

TEST(ExprParserTest, RejectsKeywordsWhereAValueIsExpected) {
  ParseError e = MustFail("a and or b");
  EXPECT_EQ(e.offset, 6);
  EXPECT_THAT(e.message, HasSubstr("expected a value but found 'or'"));
  ParseError comma = MustFail("known(a,)");
  EXPECT_EQ(comma.offset, 8);
  EXPECT_THAT(comma.message, HasSubstr("expected a value but found ')'"));
}

TEST(ExprParserTest, RejectsInWithoutAList) {
  ParseError e = MustFail("x in y");
  EXPECT_EQ(e.offset, 5);
  EXPECT_THAT(e.message, HasSubstr("expected '[' after 'in'"));
}

TEST(ExprParserTest, RejectsADollarWithoutAThresholdName) {
  ParseError e = MustFail("x > $ 3");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("threshold name"));
}

TEST(ExprParserTest, RejectsAMalformedNumber) {
  ParseError e = MustFail("x > 3abc");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("malformed number"));
}

TEST(ExprParserTest, RejectsAnUnknownCharacter) {
  ParseError e = MustFail("x > 3 # comment");
  EXPECT_EQ(e.offset, 6);
  EXPECT_THAT(e.message, HasSubstr("unexpected character '#'"));
}

TEST(ExprParserTest, ReportsTheFirstErrorOnly) {
  ParseError e = MustFail("a = b && c");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.message, HasSubstr("'='"));
}

}  // namespace
}  // namespace sitbone::internal
