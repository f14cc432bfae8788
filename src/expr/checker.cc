#include "expr/checker.h"

#include <algorithm>
#include <cmath>

#include "common/limits.h"

namespace sitbone::internal {
namespace {

Type Make(Type::K k, int domain = -1) {
  Type t;
  t.k = k;
  t.domain = domain;
  return t;
}

class Checker {
 public:
  Checker(ExprEnv& env, std::vector<ExprIssue>* issues) : env_(env), rs_(*env.rs), issues_(issues) {}

  int Emit(const Ast& ast, const Type* expected, Type* type) {
    switch (ast.kind) {
      case Ast::Kind::kNumber:
        *type = Make(Type::K::kNumber);
        return Const(Value::Number(ast.number));
      case Ast::Kind::kBool:
        *type = Make(Type::K::kBool);
        return Const(Value::Bool(ast.boolean));
      case Ast::Kind::kNull:
        *type = Make(Type::K::kNull);
        return Const(Value::Null());
      case Ast::Kind::kString:
        return Literal(ast, ast.text, expected, type);
      case Ast::Kind::kThreshold: {
        double value = 0;
        if (!env_.threshold(ast.text, &value)) {
          std::vector<std::string> keys;
          for (const auto& t : rs_.thresholds) keys.push_back(t.key);
          return Fail(ast, "E2002", "unknown threshold '$" + ast.text + "'", Suggest(ast.text, keys, "$"));
        }
        *type = Make(Type::K::kNumber);
        const int node = Const(Value::Number(value));
        // Remember which threshold this was: deciding facts name it.
        for (std::size_t t = 0; t < rs_.thresholds.size(); ++t)
          if (rs_.thresholds[t].key == ast.text) rs_.nodes[static_cast<std::size_t>(node)].threshold = static_cast<std::int32_t>(t);
        return node;
      }
      case Ast::Kind::kIdent:
        return Ident(ast, expected, type);
      case Ast::Kind::kUnary:
        return Unary(ast, type);
      case Ast::Kind::kBinary:
        return Binary(ast, type);
      case Ast::Kind::kIn:
        return In(ast, type);
      case Ast::Kind::kCall:
        return Call(ast, expected, type);
      case Ast::Kind::kList:
        return Fail(ast, "E3002", "a list can only follow 'in'", "");
    }
    return -1;
  }

  // Best-effort type without emitting or reporting (used to pick the domain
  // that literals on the other side of an operator resolve against).
  Type Infer(const Ast& ast) {
    switch (ast.kind) {
      case Ast::Kind::kNumber:
      case Ast::Kind::kThreshold:
        return Make(Type::K::kNumber);
      case Ast::Kind::kBool:
        return Make(Type::K::kBool);
      case Ast::Kind::kNull:
        return Make(Type::K::kNull);
      case Ast::Kind::kString: {
        Type t = Make(Type::K::kLiteral);
        t.literal = ast.text;
        return t;
      }
      case Ast::Kind::kIdent: {
        auto it = env_.names->find(ast.text);
        if (it == env_.names->end()) {
          Type t = Make(Type::K::kLiteral);
          t.literal = ast.text;
          return t;
        }
        return TypeOfName(it->second);
      }
      case Ast::Kind::kUnary:
        return ast.text == "not" ? Make(Type::K::kBool) : Make(Type::K::kNumber);
      case Ast::Kind::kBinary:
        if (ast.text == "+" || ast.text == "-" || ast.text == "*" || ast.text == "/") return Make(Type::K::kNumber);
        return Make(Type::K::kBool);
      case Ast::Kind::kIn:
        return Make(Type::K::kBool);
      case Ast::Kind::kCall: {
        const std::string& f = ast.text;
        if (f == "count") return Make(Type::K::kNumber);
        if (f == "coalesce" || f == "min" || f == "max") {
          for (const auto& kid : ast.kids) {
            Type t = Infer(kid);
            if (t.k != Type::K::kLiteral && t.k != Type::K::kNull) return t;
          }
          return ast.kids.empty() ? Make(Type::K::kError) : Infer(ast.kids[0]);
        }
        if (f == "if") {
          for (std::size_t i = 1; i < ast.kids.size(); ++i) {
            Type t = Infer(ast.kids[i]);
            if (t.k != Type::K::kLiteral && t.k != Type::K::kNull) return t;
          }
          return ast.kids.size() > 1 ? Infer(ast.kids[1]) : Make(Type::K::kError);
        }
        if (f == "qualified") return ast.kids.empty() ? Make(Type::K::kError) : Infer(ast.kids[0]);
        return Make(Type::K::kBool);
      }
      case Ast::Kind::kList:
        return Make(Type::K::kError);
    }
    return Make(Type::K::kError);
  }

 private:
  Type TypeOfName(const NameRef& ref) const {
    switch (ref.k) {
      case NameRef::K::kInput: {
        const FieldSpec& f = rs_.schema->field(static_cast<std::size_t>(ref.index));
        switch (f.type) {
          case FieldType::kTri:
          case FieldType::kTest: return Make(Type::K::kBool);
          case FieldType::kEnum: return Make(Type::K::kSymbol, rs_.input_domain[static_cast<std::size_t>(ref.index)]);
          case FieldType::kInt:
          case FieldType::kNumber: return Make(Type::K::kNumber);
        }
        break;
      }
      case NameRef::K::kDerived:
        return env_.derived_types ? (*env_.derived_types)[static_cast<std::size_t>(ref.index)] : Make(Type::K::kError);
      case NameRef::K::kOutput: {
        const Output& o = rs_.outputs[static_cast<std::size_t>(ref.index)];
        switch (o.type) {
          case OutputType::kBool: return Make(Type::K::kBool);
          case OutputType::kInt:
          case OutputType::kNumber: return Make(Type::K::kNumber);
          case OutputType::kEnum:
            return o.domain < 0 ? Make(Type::K::kError) : Make(Type::K::kSymbol, o.domain);
          case OutputType::kList:
            return o.domain < 0 ? Make(Type::K::kError) : Make(Type::K::kList, o.domain);
        }
        break;
      }
    }
    return Make(Type::K::kError);
  }

  int Const(Value v) {
    Node n;
    n.op = Op::kConst;
    n.constant = v;
    rs_.nodes.push_back(n);
    return static_cast<int>(rs_.nodes.size() - 1);
  }
  int Emit(Op op, const std::vector<int>& kids, std::uint32_t ref = 0) {
    Node n;
    n.op = op;
    n.argc = static_cast<std::uint16_t>(kids.size());
    n.args = static_cast<std::uint32_t>(rs_.args.size());
    n.ref = ref;
    for (int k : kids) rs_.args.push_back(static_cast<std::uint32_t>(k));
    rs_.nodes.push_back(n);
    return static_cast<int>(rs_.nodes.size() - 1);
  }
  int Fail(const Ast& at, const char* code, std::string message, std::string hint) {
    issues_->push_back({code, at.offset, std::move(message), std::move(hint)});
    return -1;
  }
  std::string Suggest(const std::string& name, const std::vector<std::string>& candidates,
                      const std::string& prefix = "") {
    std::string s = ClosestName(name, candidates);
    return s.empty() ? std::string() : "did you mean '" + prefix + s + "'?";
  }
  std::vector<std::string> AllNames() const {
    std::vector<std::string> names;
    for (const auto& [n, r] : *env_.names) names.push_back(n);
    std::sort(names.begin(), names.end());
    return names;
  }

  int Literal(const Ast& ast, const std::string& text, const Type* expected, Type* type) {
    if (expected == nullptr || (expected->k != Type::K::kSymbol && expected->k != Type::K::kList) || expected->domain < 0) {
      *type = Make(Type::K::kLiteral);
      type->literal = text;
      if (ast.kind == Ast::Kind::kIdent)
        return Fail(ast, "E2002", "unknown name '" + text + "'", Suggest(text, AllNames()));
      return Fail(ast, "E3002",
                  "the text '" + text + "' is compared with or assigned to " +
                      (expected ? TypeName(*expected, rs_) : std::string("nothing that has a list of values")),
                  "text values are only allowed where an enum value is expected");
    }
    const Domain& d = rs_.domains[static_cast<std::size_t>(expected->domain)];
    auto it = std::find(d.values.begin(), d.values.end(), text);
    if (it == d.values.end()) {
      std::string allowed;
      for (const auto& v : d.values) allowed += (allowed.empty() ? "" : ", ") + v;
      std::string hint = Suggest(text, d.values);
      if (text == "unknown") hint = "unknown is not a value: test for it with known(x) or is_unknown(x)";
      return Fail(ast, "E3003", "'" + text + "' is not a value of " + d.name + " (allowed: " + allowed + ")", hint);
    }
    *type = Make(Type::K::kSymbol, expected->domain);
    return Const(Value::Symbol(d.base + static_cast<std::uint32_t>(it - d.values.begin())));
  }

  int Ident(const Ast& ast, const Type* expected, Type* type) {
    auto it = env_.names->find(ast.text);
    if (it == env_.names->end()) return Literal(ast, ast.text, expected, type);
    if (expected && expected->k == Type::K::kSymbol && expected->domain >= 0) {
      const Domain& d = rs_.domains[static_cast<std::size_t>(expected->domain)];
      if (std::find(d.values.begin(), d.values.end(), ast.text) != d.values.end() &&
          !(TypeOfName(it->second).k == Type::K::kSymbol && TypeOfName(it->second).domain == expected->domain))
        return Fail(ast, "E3006", "'" + ast.text + "' is both a name and a value of " + d.name,
                    "quote the value ('" + ast.text + "') or rename the field");
    }
    const NameRef& ref = it->second;
    *type = TypeOfName(ref);
    switch (ref.k) {
      case NameRef::K::kInput:
        env_.inputs_read.push_back(ref.index);
        return Emit(Op::kInput, {}, static_cast<std::uint32_t>(ref.index));
      case NameRef::K::kDerived:
        env_.derived_read.push_back(ref.index);
        return Emit(Op::kDerived, {}, static_cast<std::uint32_t>(ref.index));
      case NameRef::K::kOutput:
        if (!env_.allow_outputs)
          return Fail(ast, "E2010", "derived values cannot read the output '" + ast.text + "'",
                      "derived values depend on the inputs only (computed once per evaluation); move this into a rule");
        return Emit(Op::kOutput, {}, static_cast<std::uint32_t>(ref.index));
    }
    return -1;
  }

  static void CollectChain(const Ast& ast, const std::string& op, std::vector<const Ast*>* out) {
    if (ast.kind == Ast::Kind::kBinary && ast.text == op) {
      CollectChain(ast.kids[0], op, out);
      CollectChain(ast.kids[1], op, out);
    } else {
      out->push_back(&ast);
    }
  }

  bool Expect(const Ast& ast, const Type& got, Type::K want, const char* what) {
    if (got.k == want) return true;
    Fail(ast, "E3002", std::string(what) + " needs " + TypeName(Make(want), rs_) + " but got " + TypeName(got, rs_), "");
    return false;
  }

  int Unary(const Ast& ast, Type* type) {
    Type t;
    int kid = Emit(ast.kids[0], nullptr, &t);
    if (kid < 0) return -1;
    if (ast.text == "not") {
      if (!Expect(ast.kids[0], t, Type::K::kBool, "'not'")) return -1;
      *type = Make(Type::K::kBool);
      return Emit(Op::kNot, {kid});
    }
    if (!Expect(ast.kids[0], t, Type::K::kNumber, "unary '-'")) return -1;
    *type = Make(Type::K::kNumber);
    return Emit(Op::kNeg, {kid});
  }

  // Emits two operands so that a literal on one side resolves against the
  // other side's type.
  bool EmitPair(const Ast& a, const Ast& b, int* ka, int* kb, Type* ta, Type* tb) {
    Type ia = Infer(a), ib = Infer(b);
    bool a_lit = ia.k == Type::K::kLiteral, b_lit = ib.k == Type::K::kLiteral;
    if (a_lit && !b_lit) {
      *kb = Emit(b, nullptr, tb);
      if (*kb < 0) return false;
      *ka = Emit(a, tb, ta);
    } else {
      *ka = Emit(a, nullptr, ta);
      if (*ka < 0) return false;
      *kb = Emit(b, ta, tb);
    }
    return *ka >= 0 && *kb >= 0;
  }

  int Binary(const Ast& ast, Type* type) {
    const std::string& op = ast.text;
    int ka = -1, kb = -1;
    Type ta, tb;
    if (op == "and" || op == "or") {
      // A chain a or b or c ... becomes one n-ary node: shallower recursion
      // and one Kleene loop instead of nested pairs.
      std::vector<const Ast*> operands;
      CollectChain(ast, op, &operands);
      std::vector<int> kids;
      for (const Ast* operand : operands) {
        Type t;
        int k = Emit(*operand, nullptr, &t);
        if (k < 0) return -1;
        if (!Expect(*operand, t, Type::K::kBool, ("'" + op + "'").c_str())) return -1;
        kids.push_back(k);
      }
      *type = Make(Type::K::kBool);
      return Emit(op == "and" ? Op::kAnd : Op::kOr, kids);
    }
    if (!EmitPair(ast.kids[0], ast.kids[1], &ka, &kb, &ta, &tb)) return -1;
    if (op == "+" || op == "-" || op == "*" || op == "/") {
      if (!Expect(ast.kids[0], ta, Type::K::kNumber, ("'" + op + "'").c_str()) ||
          !Expect(ast.kids[1], tb, Type::K::kNumber, ("'" + op + "'").c_str()))
        return -1;
      *type = Make(Type::K::kNumber);
      Op o = op == "+" ? Op::kAdd : op == "-" ? Op::kSub : op == "*" ? Op::kMul : Op::kDiv;
      return Emit(o, {ka, kb});
    }
    // Comparisons.
    if (ta.k == Type::K::kNull || tb.k == Type::K::kNull)
      return Fail(ast, "E3002", "comparing with null is always unknown",
                  "use known(x) to test whether a value is present");
    bool ordering = op == "<" || op == "<=" || op == ">" || op == ">=";
    bool same = ta.k == tb.k && (ta.k != Type::K::kSymbol || ta.domain == tb.domain);
    // `reactive == stage` where `reactive` is also an input: the same
    // ambiguity as on the right-hand side (E3006), not a plain type error.
    for (int side = 0; side < 2 && !same; ++side) {
      const Ast& word = ast.kids[static_cast<std::size_t>(side)];
      const Type& other = side == 0 ? tb : ta;
      if (word.kind != Ast::Kind::kIdent || other.k != Type::K::kSymbol || other.domain < 0) continue;
      const Domain& d = rs_.domains[static_cast<std::size_t>(other.domain)];
      if (std::find(d.values.begin(), d.values.end(), word.text) != d.values.end())
        return Fail(word, "E3006", "'" + word.text + "' is both a name and a value of " + d.name,
                    "quote the value ('" + word.text + "') or rename the field");
    }
    if (!same || ta.k == Type::K::kList)
      return Fail(ast, "E3002", "cannot compare " + TypeName(ta, rs_) + " with " + TypeName(tb, rs_), "");
    if (ordering && ta.k == Type::K::kBool)
      return Fail(ast, "E3002", "'" + op + "' needs numbers or ordered values, not yes/no values", "");
    *type = Make(Type::K::kBool);
    Op o = op == "==" ? Op::kEq : op == "!=" ? Op::kNe : op == "<" ? Op::kLt : op == "<=" ? Op::kLe
         : op == ">" ? Op::kGt : Op::kGe;
    // x OP constant (thresholds are constants by now): the constant lives in
    // the node, saving a child evaluation on the most common comparison.
    if (rs_.nodes[static_cast<std::size_t>(kb)].op == Op::kConst) {
      Node n;
      n.op = Op::kCompareConst;
      n.argc = 1;
      n.args = static_cast<std::uint32_t>(rs_.args.size());
      n.ref = static_cast<std::uint32_t>(o);
      n.constant = rs_.nodes[static_cast<std::size_t>(kb)].constant;
      n.threshold = rs_.nodes[static_cast<std::size_t>(kb)].threshold;
      rs_.args.push_back(static_cast<std::uint32_t>(ka));
      rs_.nodes.push_back(n);
      return static_cast<int>(rs_.nodes.size() - 1);
    }
    return Emit(o, {ka, kb});
  }

  int In(const Ast& ast, Type* type) {
    Type tl;
    int kl = Emit(ast.kids[0], nullptr, &tl);
    if (kl < 0) return -1;
    if (tl.k == Type::K::kList || tl.k == Type::K::kLiteral)
      return Fail(ast.kids[0], "E3002", "the left side of 'in' must be a single value", "");
    std::vector<int> kids{kl};
    for (const auto& item : ast.kids[1].kids) {
      Type ti;
      int k = Emit(item, &tl, &ti);
      if (k < 0) return -1;
      if (ti.k != tl.k || ti.domain != tl.domain)
        return Fail(item, "E3002", "list item is " + TypeName(ti, rs_) + " but the value is " + TypeName(tl, rs_), "");
      kids.push_back(k);
    }
    *type = Make(Type::K::kBool);
    return Emit(Op::kIn, kids);
  }

  int Call(const Ast& ast, const Type* expected, Type* type) {
    const std::string& f = ast.text;
    const auto& args = ast.kids;
    auto arity = [&](std::size_t lo, std::size_t hi) {
      if (args.size() >= lo && args.size() <= hi) return true;
      std::string want = lo == hi ? std::to_string(lo) : hi > 100 ? "at least " + std::to_string(lo)
                                                                 : std::to_string(lo) + " to " + std::to_string(hi);
      Fail(ast, "E3004", f + "() takes " + want + " argument(s), got " + std::to_string(args.size()), "");
      return false;
    };
    constexpr std::size_t kMany = 1000;
    if (f == "known" || f == "count") {
      if (!arity(1, kMany)) return -1;
      std::vector<int> kids;
      for (const auto& a : args) {
        Type t;
        int k = Emit(a, nullptr, &t);
        if (k < 0) return -1;
        if (f == "count" && !Expect(a, t, Type::K::kBool, "count()")) return -1;
        if (t.k == Type::K::kList)
          return Fail(a, "E3002", f + "() takes single values; a list output is never unknown",
                      "use contains(list, value) to test a list");
        kids.push_back(k);
      }
      *type = Make(f == "count" ? Type::K::kNumber : Type::K::kBool);
      return Emit(f == "count" ? Op::kCount : Op::kKnown, kids);
    }
    if (f == "is_true" || f == "is_false" || f == "is_unknown") {
      if (!arity(1, 1)) return -1;
      Type t;
      int k = Emit(args[0], nullptr, &t);
      if (k < 0) return -1;
      if (f != "is_unknown" && !Expect(args[0], t, Type::K::kBool, (f + "()").c_str())) return -1;
      if (t.k == Type::K::kList)
        return Fail(args[0], "E3002", "is_unknown() takes a single value; a list output is never unknown", "");
      *type = Make(Type::K::kBool);
      return Emit(f == "is_true" ? Op::kIsTrue : f == "is_false" ? Op::kIsFalse : Op::kIsUnknown, {k});
    }
    if (f == "coalesce" || f == "min" || f == "max" || f == "if") {
      if (!arity(f == "if" ? 3 : f == "coalesce" ? 1 : 2, f == "if" ? 3 : kMany)) return -1;
      std::vector<int> kids;
      std::size_t first_value = 0;
      if (f == "if") {
        Type tc;
        int kc = Emit(args[0], nullptr, &tc);
        if (kc < 0 || !Expect(args[0], tc, Type::K::kBool, "the condition of if()")) return -1;
        kids.push_back(kc);
        first_value = 1;
      }
      // The result type: the expected type, else the first non-literal argument.
      Type target = expected ? *expected : Make(Type::K::kError);
      if (!expected || target.k == Type::K::kList) {
        if (target.k != Type::K::kList) target = Make(Type::K::kError);
        for (std::size_t i = first_value; i < args.size() && target.k == Type::K::kError; ++i) {
          Type t = Infer(args[i]);
          if (t.k != Type::K::kLiteral && t.k != Type::K::kNull) target = t;
        }
      }
      if (target.k == Type::K::kList) target = Make(Type::K::kSymbol, target.domain);
      Type result = Make(Type::K::kNull);
      for (std::size_t i = first_value; i < args.size(); ++i) {
        Type t;
        int k = Emit(args[i], target.k == Type::K::kError ? nullptr : &target, &t);
        if (k < 0) return -1;
        if (t.k == Type::K::kNull) {
          if (f == "min" || f == "max")
            return Fail(args[i], "E3002", f + "() of null is always unknown", "");
        } else if (result.k == Type::K::kNull) {
          result = t;
        } else if (t.k != result.k || t.domain != result.domain) {
          return Fail(args[i], "E3002",
                      f + "() arguments must have one type: " + TypeName(result, rs_) + " and " + TypeName(t, rs_), "");
        }
        kids.push_back(k);
      }
      if ((f == "min" || f == "max") && result.k != Type::K::kNumber && result.k != Type::K::kSymbol)
        return Fail(ast, "E3002", f + "() needs numbers or ordered values, got " + TypeName(result, rs_), "");
      *type = result.k == Type::K::kNull && expected ? *expected : result;
      Op o = f == "if" ? Op::kIf : f == "coalesce" ? Op::kCoalesce : f == "min" ? Op::kMin : Op::kMax;
      return Emit(o, kids);
    }
    if (f == "fired") {
      if (!arity(1, 1)) return -1;
      const Ast& a = args[0];
      if (a.kind != Ast::Kind::kString && a.kind != Ast::Kind::kIdent)
        return Fail(a, "E3004", "fired() takes a rule id", "");
      if (!env_.allow_outputs)
        return Fail(ast, "E2010", "derived values cannot use fired()", "move this condition into a rule");
      int r = env_.rule_index(a.text);
      if (r < 0) {
        std::vector<std::string> ids;
        for (const auto& rule : rs_.rules) ids.push_back(rule.info.id);
        return Fail(a, "E2002", "unknown rule '" + a.text + "'", Suggest(a.text, ids));
      }
      if (r >= env_.fired_limit)
        return Fail(a, "E2007", "fired('" + a.text + "') names a rule that has not been evaluated at this point",
                    "fired() can only read rules of earlier steps, or earlier rules of the same step");
      *type = Make(Type::K::kBool);
      return Emit(Op::kFired, {}, static_cast<std::uint32_t>(r));
    }
    if (f == "contains") {
      if (!arity(2, 2)) return -1;
      Type tl;
      int kl = Emit(args[0], nullptr, &tl);
      if (kl < 0) return -1;
      if (tl.k != Type::K::kList) return Fail(args[0], "E3002", "contains() needs a list output first", "");
      Type item = Make(Type::K::kSymbol, tl.domain), ti;
      int kv = Emit(args[1], &item, &ti);
      if (kv < 0) return -1;
      *type = Make(Type::K::kBool);
      return Emit(Op::kContains, {kl, kv});
    }
    if (f == "qualified") {
      if (!arity(2, 1 + Value::kMaxQualifiers)) return -1;
      Type target = expected ? *expected : Make(Type::K::kError);
      if (target.k == Type::K::kList) target = Make(Type::K::kSymbol, target.domain);
      Type ts;
      int ks = Emit(args[0], target.k == Type::K::kSymbol ? &target : nullptr, &ts);
      if (ks < 0) return -1;
      if (ts.k != Type::K::kSymbol) return Fail(args[0], "E3002", "qualified() needs a value first", "");
      const Domain& d = rs_.domains[static_cast<std::size_t>(ts.domain)];
      std::uint32_t ordinal = rs_.nodes[static_cast<std::size_t>(ks)].constant.symbol - d.base;
      const auto& tokens = d.qualifiers.size() > ordinal ? d.qualifiers[ordinal] : std::vector<std::string>();
      if (rs_.nodes[static_cast<std::size_t>(ks)].op != Op::kConst)
        return Fail(args[0], "E3004", "qualified() needs a fixed value first", "");
      if (tokens.size() != args.size() - 1)
        return Fail(ast, "E3004",
                    "'" + d.values[ordinal] + "' declares " + std::to_string(tokens.size()) +
                        " qualifier(s) but qualified() gives " + std::to_string(args.size() - 1),
                    "give one yes/no value per qualifier declared under outputs/" + d.name + "/qualifiers");
      std::vector<int> kids{ks};
      for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i].kind != Ast::Kind::kIdent || args[i].text != tokens[i - 1])
          return Fail(args[i], "E3004",
                      "qualifier " + std::to_string(i) + " of '" + d.values[ordinal] + "' must be the name '" +
                          tokens[i - 1] + "'",
                      "the qualifier tokens are the names of yes/no inputs or derived values, in declared order");
        Type t;
        int k = Emit(args[i], nullptr, &t);
        if (k < 0) return -1;
        if (!Expect(args[i], t, Type::K::kBool, "a qualifier")) return -1;
        kids.push_back(k);
      }
      *type = ts;
      return Emit(Op::kQualified, kids);
    }
    static const std::vector<std::string> kFunctions = {"known", "count", "coalesce", "min", "max", "if",
                                                        "is_true", "is_false", "is_unknown", "fired",
                                                        "contains", "qualified"};
    return Fail(ast, "E3005", "unknown function '" + f + "'", Suggest(f, kFunctions));
  }

  ExprEnv& env_;
  CompiledRuleSet& rs_;
  std::vector<ExprIssue>* issues_;
};

}  // namespace

std::string TypeName(const Type& t, const CompiledRuleSet& rs) {
  switch (t.k) {
    case Type::K::kBool: return "a yes/no value";
    case Type::K::kNumber: return "a number";
    case Type::K::kSymbol:
      return t.domain < 0 ? "an invalid value" : "a value of " + rs.domains[static_cast<std::size_t>(t.domain)].name;
    case Type::K::kNull: return "null";
    case Type::K::kLiteral: return "the text '" + t.literal + "'";
    case Type::K::kList:
      return t.domain < 0 ? "an invalid list" : "a list of " + rs.domains[static_cast<std::size_t>(t.domain)].name;
    case Type::K::kError: return "an invalid value";
  }
  return "?";
}

int CompileExpression(const Ast& ast, ExprEnv& env, const Type* expected, Type* type,
                      std::vector<ExprIssue>* issues) {
  Checker checker(env, issues);
  return checker.Emit(ast, expected, type);
}

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  // Bounded: edit distance is quadratic in the length, and no name of a rule
  // set is this long, so a huge unknown name gets no suggestion.
  if (name.size() > kMaxSuggestBytes) return {};
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length.
    const std::size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (gap >= best_d) continue;
    std::size_t d = distance(name, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace sitbone::internal
