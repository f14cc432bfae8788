// Recursive-descent parser for the expression language (docs/expressions.md).
// The grammar is tiny and ours, so no parser library is involved.
//
//   expr    := or
//   or      := and ('or' and)*
//   and     := not ('and' not)*
//   not     := 'not' not | compare
//   compare := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum | 'in' list)?
//   sum     := product (('+'|'-') product)*
//   product := unary (('*'|'/') unary)*
//   unary   := '-' unary | primary
//   primary := number | 'string' | true | false | null | $threshold
//            | name | name '(' [expr (',' expr)*] ')' | '(' expr ')' | list
//   list    := '[' [expr (',' expr)*] ']'
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include "common/limits.h"
#include "common/number.h"
#include "expr/ast.h"

namespace sitbone::internal {
namespace {

struct Token {
  enum class Kind { kEnd, kNumber, kString, kName, kThreshold, kOp };
  Kind kind = Kind::kEnd;
  std::string text;
  double number = 0;
  int offset = 0;
  int length = 0;
};

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  bool Parse(Ast* out, ParseError* error) {
    if (!Advance()) return Fail(error);
    if (!ParseOr(out)) return Fail(error);
    if (tok_.kind != Token::Kind::kEnd) {
      error_ = {tok_.offset, "unexpected '" + tok_.text + "' after the end of the expression"};
      return Fail(error);
    }
    return true;
  }

 private:
  bool Fail(ParseError* error) {
    *error = error_;
    return false;
  }
  bool Error(int offset, std::string message) {
    if (error_.message.empty()) error_ = {offset, std::move(message)};
    return false;
  }

  bool Advance() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    tok_ = Token{};
    tok_.offset = static_cast<int>(pos_);
    if (pos_ >= text_.size()) {
      tok_.kind = Token::Kind::kEnd;
      tok_.text = "end of expression";
      return true;
    }
    char c = text_[pos_];
    auto is_name_char = [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
    };
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && pos_ + 1 < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      const std::size_t n = DecimalPrefix(std::string_view(text_).substr(pos_));
      ParseDecimal(std::string_view(text_).substr(pos_, n), &tok_.number);
      if (pos_ + n < text_.size() && is_name_char(text_[pos_ + n]))
        return Error(static_cast<int>(pos_), "malformed number");
      tok_.kind = Token::Kind::kNumber;
      tok_.text = text_.substr(pos_, n);
      pos_ += n;
    } else if (c == '\'' || c == '"') {
      std::size_t close = text_.find(c, pos_ + 1);
      if (close == std::string::npos)
        return Error(static_cast<int>(pos_), "unterminated string literal");
      tok_.kind = Token::Kind::kString;
      tok_.text = text_.substr(pos_ + 1, close - pos_ - 1);
      pos_ = close + 1;
    } else if (c == '$') {
      std::size_t start = ++pos_;
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      if (pos_ == start) return Error(tok_.offset, "expected a threshold name after '$'");
      tok_.kind = Token::Kind::kThreshold;
      tok_.text = text_.substr(start, pos_ - start);
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = pos_;
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      tok_.kind = Token::Kind::kName;
      tok_.text = text_.substr(start, pos_ - start);
    } else {
      static const char* const kOps[] = {"==", "!=", "<=", ">=", "<", ">", "+", "-",
                                         "*", "/", "(", ")", "[", "]", ","};
      for (const char* op : kOps) {
        std::size_t n = std::char_traits<char>::length(op);
        if (text_.compare(pos_, n, op) == 0) {
          tok_.kind = Token::Kind::kOp;
          tok_.text = op;
          pos_ += n;
          break;
        }
      }
      if (tok_.kind != Token::Kind::kOp) {
        std::string hint = (c == '=') ? " (use '==' to compare)" : (c == '&' || c == '|') ? " (use 'and' / 'or')" : (c == '!') ? " (use 'not' or '!=')" : "";
        return Error(static_cast<int>(pos_), std::string("unexpected character '") + c + "'" + hint);
      }
    }
    tok_.length = static_cast<int>(pos_) - tok_.offset;
    return true;
  }

  bool IsOp(const char* op) const { return tok_.kind == Token::Kind::kOp && tok_.text == op; }
  bool IsWord(const char* w) const { return tok_.kind == Token::Kind::kName && tok_.text == w; }

  bool Expect(const char* op) {
    if (!IsOp(op)) return Error(tok_.offset, std::string("expected '") + op + "' but found '" + tok_.text + "'");
    return Advance();
  }

  static Ast Binary(std::string op, Ast lhs, Ast rhs, int op_offset) {
    Ast node;
    node.kind = Ast::Kind::kBinary;
    node.text = std::move(op);
    node.offset = lhs.offset;
    node.length = rhs.offset + rhs.length - lhs.offset;
    (void)op_offset;
    node.height = 1 + std::max(lhs.height, rhs.height);
    node.kids.push_back(std::move(lhs));
    node.kids.push_back(std::move(rhs));
    return node;
  }

  // The tree must stay low enough for every recursive pass (checker, lowering,
  // destructors): a long chain `a + b + ...` is as high as deep nesting.
  bool Low(const Ast& node) {
    if (node.height <= kMaxExpressionDepth) return true;
    return Error(node.offset, fmt::format("the expression nests more than {} levels deep (operators chained or "
                                          "parentheses, lists and calls nested)",
                                          kMaxExpressionDepth));
  }

  // Counts the parser's own recursion (one per parenthesis, list, call
  // argument, `not` or unary minus), so that deep nesting is an error before
  // the stack runs out.
  class Nesting {
   public:
    explicit Nesting(Parser* p) : p_(p) { ++p_->nesting_; }
    ~Nesting() { --p_->nesting_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    bool ok() const {
      return p_->nesting_ <= kMaxExpressionDepth ||
             p_->Error(p_->tok_.offset, fmt::format("the expression nests more than {} levels deep",
                                                    kMaxExpressionDepth));
    }

   private:
    Parser* p_;
  };

  bool ParseOr(Ast* out) {
    Nesting nesting(this);
    if (!nesting.ok()) return false;
    if (!ParseAnd(out)) return false;
    while (IsWord("or")) {
      int at = tok_.offset;
      Ast rhs;
      if (!Advance() || !ParseAnd(&rhs)) return false;
      *out = Binary("or", std::move(*out), std::move(rhs), at);
      if (!Low(*out)) return false;
    }
    return true;
  }
  bool ParseAnd(Ast* out) {
    if (!ParseNot(out)) return false;
    while (IsWord("and")) {
      int at = tok_.offset;
      Ast rhs;
      if (!Advance() || !ParseNot(&rhs)) return false;
      *out = Binary("and", std::move(*out), std::move(rhs), at);
      if (!Low(*out)) return false;
    }
    return true;
  }
  bool ParseNot(Ast* out) {
    if (IsWord("not")) {
      Nesting nesting(this);
      if (!nesting.ok()) return false;
      Ast node;
      node.kind = Ast::Kind::kUnary;
      node.text = "not";
      node.offset = tok_.offset;
      Ast operand;
      if (!Advance() || !ParseNot(&operand)) return false;
      node.length = operand.offset + operand.length - node.offset;
      node.height = 1 + operand.height;
      node.kids.push_back(std::move(operand));
      *out = std::move(node);
      return Low(*out);
    }
    return ParseCompare(out);
  }
  bool ParseCompare(Ast* out) {
    if (!ParseSum(out)) return false;
    static const char* const kCmp[] = {"==", "!=", "<=", ">=", "<", ">"};
    for (const char* op : kCmp) {
      if (IsOp(op)) {
        int at = tok_.offset;
        Ast rhs;
        if (!Advance() || !ParseSum(&rhs)) return false;
        *out = Binary(op, std::move(*out), std::move(rhs), at);
        if (!Low(*out)) return false;
        break;
      }
    }
    if (IsWord("in")) {
      Ast list;
      if (!Advance()) return false;
      if (!IsOp("[")) return Error(tok_.offset, "expected '[' after 'in'");
      if (!ParsePrimary(&list)) return false;
      Ast node;
      node.kind = Ast::Kind::kIn;
      node.text = "in";
      node.offset = out->offset;
      node.length = list.offset + list.length - out->offset;
      node.height = 1 + std::max(out->height, list.height);
      node.kids.push_back(std::move(*out));
      node.kids.push_back(std::move(list));
      *out = std::move(node);
      if (!Low(*out)) return false;
    }
    if (IsOp("==") || IsOp("!=") || IsOp("<") || IsOp(">") || IsOp("<=") || IsOp(">="))
      return Error(tok_.offset, "comparisons cannot be chained; combine them with 'and'");
    return true;
  }
  bool ParseSum(Ast* out) {
    if (!ParseProduct(out)) return false;
    while (IsOp("+") || IsOp("-")) {
      std::string op = tok_.text;
      int at = tok_.offset;
      Ast rhs;
      if (!Advance() || !ParseProduct(&rhs)) return false;
      *out = Binary(op, std::move(*out), std::move(rhs), at);
      if (!Low(*out)) return false;
    }
    return true;
  }
  bool ParseProduct(Ast* out) {
    if (!ParseUnary(out)) return false;
    while (IsOp("*") || IsOp("/")) {
      std::string op = tok_.text;
      int at = tok_.offset;
      Ast rhs;
      if (!Advance() || !ParseUnary(&rhs)) return false;
      *out = Binary(op, std::move(*out), std::move(rhs), at);
      if (!Low(*out)) return false;
    }
    return true;
  }
  bool ParseUnary(Ast* out) {
    if (IsOp("-")) {
      Nesting nesting(this);
      if (!nesting.ok()) return false;
      Ast node;
      node.kind = Ast::Kind::kUnary;
      node.text = "-";
      node.offset = tok_.offset;
      Ast operand;
      if (!Advance() || !ParseUnary(&operand)) return false;
      node.length = operand.offset + operand.length - node.offset;
      node.height = 1 + operand.height;
      node.kids.push_back(std::move(operand));
      *out = std::move(node);
      return Low(*out);
    }
    return ParsePrimary(out);
  }
  bool ParseList(Ast* out, const char* close) {
    if (!IsOp(close)) {
      while (true) {
        Ast item;
        if (!ParseOr(&item)) return false;
        out->height = std::max(out->height, 1 + item.height);
        out->kids.push_back(std::move(item));
        if (!Low(*out)) return false;
        if (IsOp(",")) {
          if (!Advance()) return false;
          continue;
        }
        break;
      }
    }
    out->length = tok_.offset + tok_.length - out->offset;
    return Expect(close);
  }
  bool ParsePrimary(Ast* out) {
    Ast node;
    node.offset = tok_.offset;
    node.length = tok_.length;
    switch (tok_.kind) {
      case Token::Kind::kEnd:
        return Error(tok_.offset, "expected a value but the expression ended");
      case Token::Kind::kNumber:
        node.kind = Ast::Kind::kNumber;
        node.number = tok_.number;
        node.text = tok_.text;
        break;
      case Token::Kind::kString:
        node.kind = Ast::Kind::kString;
        node.text = tok_.text;
        break;
      case Token::Kind::kThreshold:
        node.kind = Ast::Kind::kThreshold;
        node.text = tok_.text;
        break;
      case Token::Kind::kName: {
        if (tok_.text == "true" || tok_.text == "false") {
          node.kind = Ast::Kind::kBool;
          node.boolean = tok_.text == "true";
          break;
        }
        if (tok_.text == "null") {
          node.kind = Ast::Kind::kNull;
          break;
        }
        if (tok_.text == "and" || tok_.text == "or" || tok_.text == "in" || tok_.text == "not")
          return Error(tok_.offset, "expected a value but found '" + tok_.text + "'");
        node.kind = Ast::Kind::kIdent;
        node.text = tok_.text;
        if (!Advance()) return false;
        if (IsOp("(")) {
          node.kind = Ast::Kind::kCall;
          if (!Advance()) return false;
          if (!ParseList(&node, ")")) return false;
        }
        *out = std::move(node);
        return true;
      }
      case Token::Kind::kOp:
        if (IsOp("(")) {
          if (!Advance() || !ParseOr(out)) return false;
          return Expect(")");
        }
        if (IsOp("[")) {
          node.kind = Ast::Kind::kList;
          if (!Advance()) return false;
          if (!ParseList(&node, "]")) return false;
          *out = std::move(node);
          return true;
        }
        return Error(tok_.offset, "expected a value but found '" + tok_.text + "'");
    }
    *out = std::move(node);
    return Advance();
  }

  const std::string& text_;
  std::size_t pos_ = 0;
  Token tok_;
  ParseError error_;
  int nesting_ = 0;
};

}  // namespace

bool ParseExpression(const std::string& text, Ast* out, ParseError* error) {
  if (text.size() > kMaxExpressionBytes) {
    *error = {0, fmt::format("the expression is {} bytes long, more than the limit of {}", text.size(),
                             kMaxExpressionBytes)};
    return false;
  }
  Parser parser(text);
  return parser.Parse(out, error);
}

}  // namespace sitbone::internal
