#include "engine/evaluator.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace sitbone::internal {
namespace {

// Three-way comparison of two known values of one type (the checker
// guarantees the types match): <0, 0, >0.
inline int Compare(const Value& a, const Value& b) {
  switch (a.kind) {
    case Kind::kNumber: return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    case Kind::kSymbol: return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
    case Kind::kBool: return static_cast<int>(a.boolean) - static_cast<int>(b.boolean);
    case Kind::kNull: return 0;
  }
  return 0;
}

template <bool kRecord>
class Machine {
 public:
  explicit Machine(WorkspaceData& ws) : ws_(ws), rs_(*ws.rs), nodes_(rs_.nodes.data()), args_(rs_.args.data()) {}

  Value Eval(std::uint32_t i) {
    Value v = EvalNode(i);
    if constexpr (kRecord) ws_.node_values[i] = v;
    return v;
  }

  void Run() {
    RunSteps();
    // The report's notices read the finished outputs.
    for (std::size_t i = 0; i < rs_.notices.size(); ++i) {
      const std::int32_t when = rs_.notices[i].when;
      ws_.notice_shown[i] = when < 0 || Eval(static_cast<std::uint32_t>(when)).is_true();
    }
  }

  void RunSteps() {
    for (const Step& step : rs_.steps) {
      if (ws_.stopped && !step.final) continue;
      if (step.when >= 0 && !Eval(static_cast<std::uint32_t>(step.when)).is_true()) continue;
      if (!RunActions(step.actions_begin, step.actions_end, -1)) return;
      for (std::uint32_t r = step.rules_begin; r < step.rules_end; ++r) {
        const Rule& rule = rs_.rules[r];
        Value c = rule.when < 0 ? Value::Bool(true) : Eval(static_cast<std::uint32_t>(rule.when));
        if (c.is_null()) {
          ws_.rule_status[r] = kUnknown;
          continue;
        }
        if (!c.boolean) {
          ws_.rule_status[r] = kFalse;
          continue;
        }
        ws_.rule_status[r] = kFired;
        ws_.trace[ws_.trace_size++] = r;
        if (!RunActions(rule.actions_begin, rule.actions_end, static_cast<std::int32_t>(r))) return;
        if (step.hit == HitPolicy::kFirst) break;
      }
    }
  }

 private:
  const std::uint32_t* Args(const Node& n) const { return args_ + n.args; }

  // The most frequent node kinds, kept in a small function so that each call
  // saves few registers; everything else is in EvalOther.
  Value EvalNode(std::uint32_t i) {
    const Node& n = nodes_[i];
    switch (n.op) {
      case Op::kConst: return n.constant;
      case Op::kInput: return ws_.inputs[n.ref];
      case Op::kOutput: return ws_.outputs[n.ref];
      case Op::kFired: return Value::Bool(ws_.rule_status[n.ref] == kFired);
      case Op::kDerived:
        if (ws_.derived_ready[n.ref]) return ws_.derived[n.ref];
        return EvalOther(i);
      case Op::kNot: {
        Value x = Eval(args_[n.args]);
        return x.is_null() ? x : Value::Bool(!x.boolean);
      }
      case Op::kCompareConst: {
        Value x = Eval(args_[n.args]);
        if (x.is_null()) return x;
        int c = Compare(x, n.constant);
        switch (static_cast<Op>(n.ref)) {
          case Op::kEq: return Value::Bool(c == 0);
          case Op::kNe: return Value::Bool(c != 0);
          case Op::kLt: return Value::Bool(c < 0);
          case Op::kLe: return Value::Bool(c <= 0);
          case Op::kGt: return Value::Bool(c > 0);
          default: return Value::Bool(c >= 0);
        }
      }
      default:
        return EvalOther(i);
    }
  }

  __attribute__((noinline)) Value EvalOther(std::uint32_t i) {
    const Node& n = nodes_[i];
    const std::uint32_t* a = Args(n);
    switch (n.op) {
      case Op::kDerived:
        // Computed once per run, on first use: a stop in step 1 never pays
        // for the plan's derived values.
        if (!ws_.derived_ready[n.ref]) {
          ws_.derived[n.ref] = Eval(static_cast<std::uint32_t>(rs_.derived[n.ref].root));
          ws_.derived_ready[n.ref] = 1;
        }
        return ws_.derived[n.ref];
      case Op::kAnd: return Kleene(n, a, /*dominant=*/false);  // any false wins, else unknown, else true
      case Op::kOr: return Kleene(n, a, /*dominant=*/true);    // any true wins, else unknown, else false
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        Value x = Eval(a[0]);
        Value y = Eval(a[1]);
        if (x.is_null() || y.is_null()) return Value::Null();
        int c = Compare(x, y);
        switch (n.op) {
          case Op::kEq: return Value::Bool(c == 0);
          case Op::kNe: return Value::Bool(c != 0);
          case Op::kLt: return Value::Bool(c < 0);
          case Op::kLe: return Value::Bool(c <= 0);
          case Op::kGt: return Value::Bool(c > 0);
          default: return Value::Bool(c >= 0);
        }
      }
      case Op::kIn: {
        Value x = Eval(a[0]);
        bool any_null = x.is_null();
        bool found = false;
        for (std::uint16_t k = 1; k < n.argc; ++k) {
          Value y = Eval(a[k]);
          if (y.is_null()) {
            any_null = true;
          } else if (!x.is_null() && Compare(x, y) == 0) {
            found = true;
            if (!kRecord) break;
          }
        }
        if (found) return Value::Bool(true);
        return any_null ? Value::Null() : Value::Bool(false);
      }
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv: {
        Value x = Eval(a[0]);
        Value y = Eval(a[1]);
        if (x.is_null() || y.is_null()) return Value::Null();
        switch (n.op) {
          case Op::kAdd: return Value::Number(x.number + y.number);
          case Op::kSub: return Value::Number(x.number - y.number);
          case Op::kMul: return Value::Number(x.number * y.number);
          default: return y.number == 0 ? Value::Null() : Value::Number(x.number / y.number);
        }
      }
      case Op::kNeg: {
        Value x = Eval(a[0]);
        return x.is_null() ? x : Value::Number(-x.number);
      }
      case Op::kKnown: {
        bool all = true;
        for (std::uint16_t k = 0; k < n.argc; ++k) {
          if (Eval(a[k]).is_null()) {
            all = false;
            if (!kRecord) break;
          }
        }
        return Value::Bool(all);
      }
      case Op::kCount: {
        double count = 0;
        for (std::uint16_t k = 0; k < n.argc; ++k) count += Eval(a[k]).is_true() ? 1 : 0;
        return Value::Number(count);
      }
      case Op::kCoalesce: {
        Value result;
        for (std::uint16_t k = 0; k < n.argc; ++k) {
          Value x = Eval(a[k]);
          if (!x.is_null() && result.is_null()) {
            result = x;
            if (!kRecord) break;
          }
        }
        return result;
      }
      case Op::kMin:
      case Op::kMax: {
        Value best = Eval(a[0]);
        bool any_null = best.is_null();
        for (std::uint16_t k = 1; k < n.argc; ++k) {
          Value x = Eval(a[k]);
          if (x.is_null()) {
            any_null = true;
            continue;
          }
          if (best.is_null()) continue;
          int c = Compare(x, best);
          if (n.op == Op::kMin ? c < 0 : c > 0) best = x;
        }
        return any_null ? Value::Null() : best;
      }
      case Op::kIf: {
        Value c = Eval(a[0]);
        if constexpr (kRecord) {
          Value t = Eval(a[1]);
          Value f = Eval(a[2]);
          return c.is_null() ? Value::Null() : c.boolean ? t : f;
        }
        if (c.is_null()) return Value::Null();
        return Eval(c.boolean ? a[1] : a[2]);
      }
      case Op::kIsTrue: return Value::Bool(Eval(a[0]).is_true());
      case Op::kIsFalse: return Value::Bool(Eval(a[0]).is_false());
      case Op::kIsUnknown: return Value::Bool(Eval(a[0]).is_null());
      case Op::kQualified: {
        Value s = Eval(a[0]);
        std::uint32_t mask = 0;
        for (std::uint16_t k = 1; k < n.argc; ++k)
          if (Eval(a[k]).is_true()) mask |= 1u << (k - 1);
        return s.is_null() ? s : Value::Symbol(s.symbol, mask);
      }
      case Op::kContains: {
        const Output& out = rs_.outputs[nodes_[a[0]].ref];
        Value x = Eval(a[1]);
        if (x.is_null()) return x;
        const Value* items = ws_.list_items.data() + out.list_offset;
        std::uint32_t size = ws_.list_size[nodes_[a[0]].ref];
        for (std::uint32_t k = 0; k < size; ++k)
          if (items[k].symbol == x.symbol) return Value::Bool(true);
        return Value::Bool(false);
      }
      default:  // the kinds EvalNode handles itself
        break;
    }
    return Value::Null();
  }

  // Kleene and/or over n operands: an operand equal to `dominant` decides
  // (false for and, true for or); otherwise any unknown makes it unknown.
  Value Kleene(const Node& n, const std::uint32_t* a, bool dominant) {
    bool unknown = false, decided = false;
    for (std::uint16_t k = 0; k < n.argc; ++k) {
      Value x = Eval(a[k]);
      if (x.kind == Kind::kBool && x.boolean == dominant) {
        decided = true;
        if (!kRecord) break;
      }
      unknown = unknown || x.is_null();
    }
    if (decided) return Value::Bool(dominant);
    return unknown ? Value::Null() : Value::Bool(!dominant);
  }

  bool Fail(const Action& action, const std::string& message) {
    ws_.error = Status(StatusCode::kInternal, action.location.file + ":" + std::to_string(action.location.line) +
                                                  ": " + message);
    return false;
  }

  void Wrote(std::int32_t rule, std::int32_t output, std::uint32_t symbol) {
    if constexpr (kRecord) {
      ws_.output_rule[static_cast<std::size_t>(output)] = rule;
      if (rule >= 0) ws_.writes[ws_.writes_size++] = WorkspaceData::Write{rule, output, symbol};
    }
  }

  bool RunActions(std::uint32_t begin, std::uint32_t end, std::int32_t rule) {
    for (std::uint32_t i = begin; i < end; ++i) {
      const Action& act = rs_.actions[i];
      if (act.guard >= 0 && !Eval(static_cast<std::uint32_t>(act.guard)).is_true()) continue;
      switch (act.kind) {
        case ActionKind::kSet: {
          const Output& out = rs_.outputs[static_cast<std::size_t>(act.output)];
          Value v = Eval(static_cast<std::uint32_t>(act.expr));
          if (v.is_null() && !out.nullable)
            return Fail(act, "output '" + out.name + "' cannot be null");
          if (!v.is_null() && !out.allowed_numbers.empty() &&
              std::find(out.allowed_numbers.begin(), out.allowed_numbers.end(), v.number) ==
                  out.allowed_numbers.end())
            return Fail(act, "value outside the allowed values of output '" + out.name + "'");
          if (!v.is_null() && out.type == OutputType::kInt && v.number != std::floor(v.number))
            return Fail(act, "output '" + out.name + "' must be a whole number");
          ws_.outputs[static_cast<std::size_t>(act.output)] = v;
          Wrote(rule, act.output, 0);
          break;
        }
        case ActionKind::kAppend: {
          Value v = Eval(static_cast<std::uint32_t>(act.expr));
          if (v.is_null()) break;  // documented: null is never added to a list
          const Output& out = rs_.outputs[static_cast<std::size_t>(act.output)];
          Value* items = ws_.list_items.data() + out.list_offset;
          std::uint32_t& size = ws_.list_size[static_cast<std::size_t>(act.output)];
          // Items are unique by value: appending a value already present (with
          // any qualifiers) changes nothing, as contains() and remove agree.
          bool present = false;
          for (std::uint32_t k = 0; k < size; ++k) present = present || items[k].symbol == v.symbol;
          if (present) break;
          if (size >= out.capacity) return Fail(act, "list output '" + out.name + "' is full");
          if constexpr (kRecord) ws_.list_item_rule[out.list_offset + size] = rule;
          items[size++] = v;
          Wrote(rule, act.output, v.symbol);
          break;
        }
        case ActionKind::kRemove: {
          Value v = Eval(static_cast<std::uint32_t>(act.expr));
          if (v.is_null()) break;
          const Output& out = rs_.outputs[static_cast<std::size_t>(act.output)];
          Value* items = ws_.list_items.data() + out.list_offset;
          std::uint32_t& size = ws_.list_size[static_cast<std::size_t>(act.output)];
          std::uint32_t w = 0;
          for (std::uint32_t k = 0; k < size; ++k) {
            if (items[k].symbol == v.symbol) continue;
            if constexpr (kRecord) ws_.list_item_rule[out.list_offset + w] = ws_.list_item_rule[out.list_offset + k];
            items[w++] = items[k];
          }
          size = w;
          if constexpr (kRecord) ws_.output_rule[static_cast<std::size_t>(act.output)] = rule;
          break;
        }
        case ActionKind::kMissing:
          // Record each item whose inputs are all unknown ("a|b": any one would do).
          for (std::int32_t m : act.missing) {
            const MissingItem& item = rs_.missing_items[static_cast<std::size_t>(m)];
            bool all_unknown = true;
            for (int f : item.fields) all_unknown = all_unknown && ws_.inputs[static_cast<std::size_t>(f)].is_null();
            if (all_unknown) ws_.missing[static_cast<std::size_t>(m) / 64] |= std::uint64_t{1} << (m % 64);
          }
          break;
        case ActionKind::kStop:
          ws_.stopped = true;
          break;
      }
    }
    return true;
  }

  WorkspaceData& ws_;
  const CompiledRuleSet& rs_;
  const Node* nodes_;
  const std::uint32_t* args_;
};

}  // namespace

WorkspaceData::WorkspaceData(const CompiledRuleSet& r)
    : rs(&r),
      inputs(r.schema->size()),
      derived(r.derived.size()),
      derived_ready(r.derived.size()),
      outputs(r.outputs.size()),
      list_items(r.list_storage),
      list_size(r.outputs.size()),
      missing((r.missing_items.size() + 63) / 64 + 1),
      trace(r.rules.size()),
      rule_status(r.rules.size(), kNotRun),
      notice_shown(r.notices.size()),
      node_values(r.nodes.size()),
      output_rule(r.outputs.size(), -1),
      list_item_rule(r.list_storage, -1),
      writes(r.actions.size()) {}

void LoadInputs(const double* encoded, WorkspaceData& ws) {
  const CompiledRuleSet& rs = *ws.rs;
  const std::size_t n = rs.input_kind.size();
  for (std::size_t i = 0; i < n; ++i) ws.inputs[i] = InputValue(rs, i, encoded[i]);
}

void Run(WorkspaceData& ws) {
  const CompiledRuleSet& rs = *ws.rs;
  for (std::size_t o = 0; o < rs.outputs.size(); ++o) {
    ws.outputs[o] = rs.outputs[o].initial;
    ws.list_size[o] = 0;
  }
  std::fill(ws.missing.begin(), ws.missing.end(), 0);
  std::fill(ws.derived_ready.begin(), ws.derived_ready.end(), 0);
  std::fill(ws.rule_status.begin(), ws.rule_status.end(), static_cast<std::int8_t>(kNotRun));
  ws.trace_size = 0;
  ws.writes_size = 0;
  if (ws.record) std::fill(ws.output_rule.begin(), ws.output_rule.end(), -1);
  ws.stopped = false;
  ws.error = Status();
  if (ws.record) {
    Machine<true>(ws).Run();
  } else {
    Machine<false>(ws).Run();
  }
}

void CollectUnknownInputs(const WorkspaceData& ws, std::uint32_t root, std::vector<int>* fields) {
  const CompiledRuleSet& rs = *ws.rs;
  if (!ws.node_values[root].is_null()) return;
  const Node& n = rs.nodes[root];
  const std::uint32_t* a = rs.args.data() + n.args;
  switch (n.op) {
    case Op::kInput:
      if (std::find(fields->begin(), fields->end(), static_cast<int>(n.ref)) == fields->end())
        fields->push_back(static_cast<int>(n.ref));
      return;
    case Op::kDerived:
      CollectUnknownInputs(ws, static_cast<std::uint32_t>(rs.derived[n.ref].root), fields);
      return;
    case Op::kIf:
      if (ws.node_values[a[0]].is_null()) {
        CollectUnknownInputs(ws, a[0], fields);
      } else {
        CollectUnknownInputs(ws, ws.node_values[a[0]].boolean ? a[1] : a[2], fields);
      }
      return;
    case Op::kContains:
      CollectUnknownInputs(ws, a[1], fields);
      return;
    default:
      for (std::uint16_t k = 0; k < n.argc; ++k) CollectUnknownInputs(ws, a[k], fields);
  }
}

}  // namespace sitbone::internal
