#include "engine/explain.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/number.h"
#include "engine/labels.h"

namespace sitbone::internal {
namespace {

// Facts beneath more than this many derived values are left out: they exist
// (the rule set bounds chains at kMaxDerivedDepth), but no reader needs them,
// and the bound keeps the recursion below a few thousand frames.
constexpr int kMaxFactDepth = 6;

const char* Relation(Op op, bool holds) {
  switch (op) {
    case Op::kEq: return holds ? "is" : "is not";
    case Op::kNe: return holds ? "is not" : "is";
    case Op::kLt: return holds ? "<" : ">=";
    case Op::kLe: return holds ? "<=" : ">";
    case Op::kGt: return holds ? ">" : "<=";
    case Op::kGe: return holds ? ">=" : "<";
    default: return holds ? "is" : "is not";
  }
}

class FactFinder {
 public:
  explicit FactFinder(const WorkspaceData& ws) : ws_(ws), rs_(*ws.rs) {}

  // Facts that make node `i` have its recorded value.
  void Explain(std::uint32_t i, int depth) {
    const Node& n = rs_.nodes[i];
    const Value v = ws_.node_values[i];
    const std::uint32_t* a = rs_.args.data() + n.args;
    switch (n.op) {
      case Op::kAnd:
      case Op::kOr: {
        // The operands that decide: for a true `and` or a false `or` all of
        // them; otherwise the ones equal to the result.
        const bool all = (n.op == Op::kAnd) == v.is_true();
        for (std::uint16_t k = 0; k < n.argc; ++k)
          if (all || SameValue(ws_.node_values[a[k]], v)) Explain(a[k], depth);
        return;
      }
      case Op::kNot:
        Explain(a[0], depth);
        return;
      case Op::kIsTrue:
      case Op::kIsFalse:
      case Op::kIsUnknown:
      case Op::kKnown:
        for (std::uint16_t k = 0; k < n.argc; ++k) {
          const Value x = ws_.node_values[a[k]];
          if (x.is_null()) {
            Unrecorded(a[k], depth);
          } else if (n.op != Op::kKnown || v.is_true()) {
            Explain(a[k], depth);
          }
        }
        return;
      case Op::kIf: {
        Explain(a[0], depth);
        const Value c = ws_.node_values[a[0]];
        if (!c.is_null()) Explain(c.boolean ? a[1] : a[2], depth);
        return;
      }
      case Op::kCompareConst:
        Compare(ws_.node_values[i], a[0], static_cast<Op>(n.ref), Text(n.constant, a[0]), n.threshold, depth);
        return;
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        const Node& rhs = rs_.nodes[a[1]];
        Compare(v, a[0], n.op, Text(ws_.node_values[a[1]], a[0]), rhs.op == Op::kConst ? rhs.threshold : -1, depth);
        return;
      }
      case Op::kIn: {
        std::string list;
        for (std::uint16_t k = 1; k < n.argc; ++k) list += (k > 1 ? ", " : "") + Text(ws_.node_values[a[k]], a[0]);
        Leaf(a[0], v.is_true() ? "is one of" : "is none of", list, "", depth);
        return;
      }
      case Op::kInput:
      case Op::kOutput:
      case Op::kFired:
        Leaf(i, "is", "", "", depth);
        return;
      case Op::kDerived:
        Leaf(i, "is", "", "", depth);
        Beneath(static_cast<std::uint32_t>(rs_.derived[n.ref].root), depth);
        return;
      case Op::kCount:
        // The items counted.
        for (std::uint16_t k = 0; k < n.argc; ++k)
          if (ws_.node_values[a[k]].is_true()) Explain(a[k], depth);
        return;
      case Op::kCoalesce:
        // The first known value is the one used.
        for (std::uint16_t k = 0; k < n.argc; ++k)
          if (!ws_.node_values[a[k]].is_null()) {
            Explain(a[k], depth);
            break;
          }
        return;
      case Op::kMin:
      case Op::kMax:
        // The operand that gave the result.
        for (std::uint16_t k = 0; k < n.argc; ++k)
          if (SameValue(ws_.node_values[a[k]], v)) {
            Explain(a[k], depth);
            break;
          }
        return;
      default:
        // Arithmetic: the known values it was computed from.
        for (std::uint16_t k = 0; k < n.argc; ++k)
          if (!ws_.node_values[a[k]].is_null()) Explain(a[k], depth);
        return;
    }
  }

  // In a first-match step, a rule fires because the rules before it did not:
  // each earlier rule, and why it did not apply (or that it was undecided).
  void EarlierRules(std::uint32_t rule) {
    const Step* step = nullptr;
    for (const Step& s : rs_.steps)
      if (rule >= s.rules_begin && rule < s.rules_end) step = &s;
    if (step == nullptr || step->hit != HitPolicy::kFirst) return;
    for (std::uint32_t r = step->rules_begin; r < rule; ++r) {
      const Rule& earlier = rs_.rules[r];
      if (earlier.when < 0) continue;
      const bool undecided = ws_.rule_status[r] == kUnknown;
      DecidingFact f;
      f.subject = earlier.info.id;
      f.label = earlier.info.title.empty() ? earlier.info.id : earlier.info.title;
      f.relation = undecided ? "is undecided" : "did not apply";
      f.value = undecided ? "undecided" : "did not apply";
      f.text = f.label + ": " + (undecided ? "undecided, because of missing answers" : "does not apply");
      Add(std::move(f));
      if (undecided) {
        Unrecorded(static_cast<std::uint32_t>(earlier.when), 1);
      } else {
        Explain(static_cast<std::uint32_t>(earlier.when), 1);
      }
    }
  }

  std::vector<DecidingFact> Take() { return std::move(facts_); }

 private:
  void Beneath(std::uint32_t root, int depth) {
    if (depth + 1 <= kMaxFactDepth) Explain(root, depth + 1);
  }

  // `x OP other` has value `v`: one fact about x, in the form that is true.
  void Compare(const Value& v, std::uint32_t x, Op op, const std::string& other, std::int32_t threshold, int depth) {
    const Node& xn = rs_.nodes[x];
    const std::string key = threshold >= 0 ? rs_.thresholds[static_cast<std::size_t>(threshold)].key : "";
    if (xn.op == Op::kInput || xn.op == Op::kOutput || xn.op == Op::kDerived) {
      Leaf(x, Relation(op, v.is_true()), other, key, depth);
      if (xn.op == Op::kDerived) Beneath(static_cast<std::uint32_t>(rs_.derived[xn.ref].root), depth);
      return;
    }
    // A computed value (a count, a sum, the larger of two scores): the fact
    // about its value, then what it was computed from.
    DecidingFact f;
    f.relation = xn.op == Op::kCount ? std::string("counted, ") + Relation(op, v.is_true()) : Relation(op, v.is_true());
    f.value = Text(ws_.node_values[x], x);
    f.compared_with = other;
    f.threshold = key;
    f.depth = depth;
    f.label = xn.op == Op::kCount ? "Criteria met" : "Value";
    f.text = f.label + ": " + f.value + " " + Relation(op, v.is_true()) + " " + other;
    Add(std::move(f));
    Beneath(x, depth);
  }

  // A fact about node `i` (an input, output, derived value or fired()).
  void Leaf(std::uint32_t i, const std::string& relation, const std::string& other, const std::string& threshold,
            int depth) {
    const Node& n = rs_.nodes[i];
    DecidingFact f;
    f.relation = relation;
    f.compared_with = other;
    f.threshold = threshold;
    f.depth = depth;
    const Value v = ws_.node_values[i];
    switch (n.op) {
      case Op::kInput:
        f.subject = rs_.schema->field(n.ref).name;
        f.label = FieldLabel(rs_, n.ref);
        f.value = InputValueText(rs_, n.ref, v);
        break;
      case Op::kOutput:
        f.subject = rs_.outputs[n.ref].name;
        f.label = OutputLabel(rs_, n.ref);
        f.value = OutputValueText(rs_, n.ref, v);
        break;
      case Op::kDerived:
        f.subject = rs_.derived[n.ref].name;
        f.label = DerivedLabel(rs_, n.ref);
        f.value = v.kind == Kind::kBool ? (v.boolean ? "yes" : "no") : OutputValueText(rs_, 0, v);
        break;
      case Op::kFired:
        f.subject = rs_.rules[n.ref].info.id;
        f.label = rs_.rules[n.ref].info.title;
        f.value = v.is_true() ? "applied" : "did not apply";
        break;
      default:
        f.label = "Value";
        f.value = Text(v, i);
        break;
    }
    if (other.empty()) {
      f.text = f.label + ": " + f.value;
    } else if (relation == "is" || relation == "is not" || relation == "is one of" || relation == "is none of") {
      f.text = f.label + ": " + f.value + (relation == "is" ? "" : " (" + relation + " " + other + ")");
    } else {
      f.text = f.label + ": " + f.value + " " + relation + " " + other;
    }
    if (relation == "is not" && other.empty()) f.text = f.label + ": not " + f.value;
    Add(std::move(f));
  }

  // The unknown inputs beneath node `i` ("Neurological examination: not recorded").
  void Unrecorded(std::uint32_t i, int depth) {
    std::vector<int> fields;
    CollectUnknownInputs(ws_, i, &fields);
    for (int field : fields) {
      DecidingFact f;
      f.subject = rs_.schema->field(static_cast<std::size_t>(field)).name;
      f.label = FieldLabel(rs_, static_cast<std::size_t>(field));
      f.relation = "is not recorded";
      f.value = "not recorded";
      f.depth = depth;
      f.text = f.label + ": not recorded";
      Add(std::move(f));
    }
  }

  // A value in the terms of node `like` (the unit of the input it is
  // compared with, the label of a symbol).
  std::string Text(const Value& v, std::uint32_t like) const {
    const Node& n = rs_.nodes[like];
    if (n.op == Op::kInput) return InputValueText(rs_, n.ref, v);
    if (v.is_null()) return "unknown";
    if (v.kind == Kind::kBool) return v.boolean ? "yes" : "no";
    if (v.kind == Kind::kNumber) return FormatNumber(v.number);
    return SymbolLabel(rs_, v);
  }

  // A fact is listed once under the same top-level fact (a value read by two
  // operands of one condition), but may repeat under another one.
  void Add(DecidingFact f) {
    if (f.depth == 0) section_ = facts_.size();
    for (std::size_t k = f.depth == 0 ? 0 : section_; k < facts_.size(); ++k)
      if (facts_[k].text == f.text && facts_[k].depth == f.depth) return;
    facts_.push_back(std::move(f));
  }

  const WorkspaceData& ws_;
  const CompiledRuleSet& rs_;
  std::vector<DecidingFact> facts_;
  std::size_t section_ = 0;  // index of the latest top-level fact
};

}  // namespace

std::vector<DecidingFact> DecidingFacts(const WorkspaceData& ws, std::uint32_t rule) {
  FactFinder finder(ws);
  const Rule& r = ws.rs->rules[rule];
  if (r.when >= 0) finder.Explain(static_cast<std::uint32_t>(r.when), 0);
  finder.EarlierRules(rule);
  return finder.Take();
}

std::int32_t SupersededBy(const WorkspaceData& ws, std::uint32_t rule) {
  const CompiledRuleSet& rs = *ws.rs;
  std::int32_t by = -1;
  bool wrote = false;
  for (std::uint32_t w = 0; w < ws.writes_size; ++w) {
    const WorkspaceData::Write& write = ws.writes[w];
    if (write.rule != static_cast<std::int32_t>(rule)) continue;
    wrote = true;
    const Output& out = rs.outputs[static_cast<std::size_t>(write.output)];
    if (out.type == OutputType::kList) {
      const Value* items = ws.list_items.data() + out.list_offset;
      for (std::uint32_t k = 0; k < ws.list_size[static_cast<std::size_t>(write.output)]; ++k)
        if (items[k].symbol == write.symbol && ws.list_item_rule[out.list_offset + k] == write.rule) return -1;
      if (by < 0) by = ws.output_rule[static_cast<std::size_t>(write.output)];
    } else {
      const std::int32_t owner = ws.output_rule[static_cast<std::size_t>(write.output)];
      if (owner == write.rule) return -1;
      if (by < 0) by = owner;
    }
  }
  return wrote ? by : -1;
}

namespace {

// The answers to try for unknown field `f`: both answers of a yes/no or
// test field, every enum value, and for a number the values on either side
// of every constant the rules compare it with.
std::vector<double> Alternatives(const CompiledRuleSet& rs, std::size_t f) {
  const FieldSpec& spec = rs.schema->field(f);
  std::vector<double> out;
  switch (spec.type) {
    case FieldType::kTri:
    case FieldType::kTest:
      return {1, 0};
    case FieldType::kEnum:
      for (std::size_t k = 0; k < spec.values.size(); ++k) out.push_back(static_cast<double>(k));
      return out;
    case FieldType::kInt:
    case FieldType::kNumber: {
      const double step = spec.type == FieldType::kInt ? 1 : 0.5;
      for (double c : rs.cut_points[f])
        for (double x : {c - step, c, c + step})
          if ((!spec.min || x >= *spec.min) && (!spec.max || x <= *spec.max) &&
              (spec.type == FieldType::kNumber || x == std::floor(x)))
            out.push_back(x);
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return out;
    }
  }
  return out;
}

std::string ListText(const CompiledRuleSet& rs, const WorkspaceData& ws, std::size_t o) {
  const Output& out = rs.outputs[o];
  std::string text;
  for (std::uint32_t k = 0; k < ws.list_size[o]; ++k)
    text += (text.empty() ? "" : "; ") + SymbolLabel(rs, ws.list_items[out.list_offset + k]);
  return text.empty() ? "none" : text;
}

// The labels of the items of list output `o` in `a` that `b` does not hold.
std::vector<std::string> ListDifference(const CompiledRuleSet& rs, const WorkspaceData& a, const WorkspaceData& b,
                                        std::size_t o) {
  const Output& out = rs.outputs[o];
  std::vector<std::string> labels;
  for (std::uint32_t i = 0; i < a.list_size[o]; ++i) {
    const Value& item = a.list_items[out.list_offset + i];
    bool held = false;
    for (std::uint32_t k = 0; k < b.list_size[o] && !held; ++k) held = SameValue(item, b.list_items[out.list_offset + k]);
    if (!held) labels.push_back(SymbolLabel(rs, item));
  }
  return labels;
}

bool SameOutput(const CompiledRuleSet& rs, const WorkspaceData& a, const WorkspaceData& b, std::size_t o) {
  const Output& out = rs.outputs[o];
  if (out.type != OutputType::kList) return SameValue(a.outputs[o], b.outputs[o]);
  if (a.list_size[o] != b.list_size[o]) return false;
  for (std::uint32_t k = 0; k < a.list_size[o]; ++k)
    if (!SameValue(a.list_items[out.list_offset + k], b.list_items[out.list_offset + k])) return false;
  return true;
}

std::string AnswerValue(const CompiledRuleSet& rs, std::size_t f, double x) {
  const FieldSpec& spec = rs.schema->field(f);
  switch (spec.type) {
    case FieldType::kTri: return x != 0 ? "yes" : "no";
    case FieldType::kTest: return x != 0 ? "positive" : "negative";
    case FieldType::kEnum: return spec.values[static_cast<std::size_t>(x)];
    default: return FormatNumber(x);
  }
}

bool SameChanges(const AskNextAnswer& a, const AskNextAnswer& b) {
  if (a.changes.size() != b.changes.size()) return false;
  for (std::size_t k = 0; k < a.changes.size(); ++k)
    if (a.changes[k].output != b.changes[k].output || a.changes[k].to != b.changes[k].to) return false;
  return true;
}

// A number's answers as ranges: neighbouring tried values with the same
// changes are one answer, labelled by the range they stand for. The values
// tried lie on either side of every constant the rules compare the field
// with, so a value beyond the last one tried is on the same side of every
// constant as it ("12 weeks or more"), and likewise below the first.
std::vector<AskNextAnswer> NumberRanges(const CompiledRuleSet& rs, std::size_t f, const std::vector<double>& tried,
                                        const std::vector<int>& answer_of, std::vector<AskNextAnswer> answers) {
  std::vector<AskNextAnswer> out;
  for (std::size_t a = 0; a < tried.size();) {
    if (answer_of[a] < 0) {
      ++a;
      continue;
    }
    std::size_t b = a;
    while (b + 1 < tried.size() && answer_of[b + 1] >= 0 &&
           SameChanges(answers[static_cast<std::size_t>(answer_of[a])], answers[static_cast<std::size_t>(answer_of[b + 1])]))
      ++b;
    AskNextAnswer run = std::move(answers[static_cast<std::size_t>(answer_of[a])]);
    const std::string first = InputValueText(rs, f, InputValue(rs, f, tried[a]));
    const std::string last = InputValueText(rs, f, InputValue(rs, f, tried[b]));
    if (b + 1 == tried.size() && (a > 0 || b > a)) {
      run.label = first + " or more";
    } else if (a == 0 && b > a) {
      run.label = last + " or less";
    } else if (b > a) {
      run.label = first + " to " + last;
    }
    out.push_back(std::move(run));
    a = b + 1;
  }
  return out;
}

}  // namespace

std::vector<AskNextItem> AskNext(const WorkspaceData& ws, const double* encoded) {
  const CompiledRuleSet& rs = *ws.rs;
  std::vector<std::size_t> watched;
  for (std::size_t o = 0; o < rs.outputs.size(); ++o)
    if (rs.outputs[o].ask_next > 0) watched.push_back(o);
  std::vector<AskNextItem> items;
  std::vector<int> severities;  // parallel to items
  if (watched.empty()) return items;
  const std::size_t n = rs.schema->size();
  std::vector<double> input(encoded, encoded + n);
  WorkspaceData alt(rs);
  for (std::size_t f = 0; f < n; ++f) {
    if (!std::isnan(encoded[f])) continue;
    AskNextItem item;
    int severity = -1;
    const std::vector<double> alternatives = Alternatives(rs, f);
    std::vector<int> answer_of(alternatives.size(), -1);  // index into item.answers, per alternative
    for (std::size_t a = 0; a < alternatives.size(); ++a) {
      const double x = alternatives[a];
      input[f] = x;
      LoadInputs(input.data(), alt);
      Run(alt);
      if (!alt.error.ok()) continue;
      AskNextAnswer answer;
      for (std::size_t o : watched) {
        if (SameOutput(rs, ws, alt, o)) continue;
        const Output& out = rs.outputs[o];
        const bool list = out.type == OutputType::kList;
        OutputChange change{out.name, OutputLabel(rs, o),
                            list ? ListText(rs, ws, o) : OutputValueText(rs, o, ws.outputs[o]),
                            list ? ListText(rs, alt, o) : OutputValueText(rs, o, alt.outputs[o]), {}, {}};
        if (list) {
          change.added = ListDifference(rs, alt, ws, o);
          change.removed = ListDifference(rs, ws, alt, o);
        }
        if (out.severity_increasing && alt.outputs[o].kind == Kind::kSymbol && ws.outputs[o].kind == Kind::kSymbol)
          change.severity = alt.outputs[o].symbol > ws.outputs[o].symbol ? 1 : -1;
        answer.changes.push_back(std::move(change));
        if (item.rank == 0 || out.ask_next < item.rank) {
          item.rank = out.ask_next;
          severity = -1;
        }
        // Within the rank, the answer that leads to the most severe value
        // (an output with `severity: increasing` lists its values from least
        // to most severe) is asked first.
        if (out.ask_next == item.rank && out.severity_increasing && alt.outputs[o].kind == Kind::kSymbol)
          severity = std::max(severity, static_cast<int>(alt.outputs[o].symbol -
                                                         rs.domains[static_cast<std::size_t>(out.domain)].base));
      }
      if (answer.changes.empty()) continue;
      answer.value = AnswerValue(rs, f, x);
      answer.label = InputValueText(rs, f, InputValue(rs, f, x));
      answer_of[a] = static_cast<int>(item.answers.size());
      item.answers.push_back(std::move(answer));
    }
    input[f] = encoded[f];
    if (rs.schema->field(f).type == FieldType::kInt || rs.schema->field(f).type == FieldType::kNumber)
      item.answers = NumberRanges(rs, f, alternatives, answer_of, std::move(item.answers));
    if (item.answers.empty()) continue;
    item.field = rs.schema->field(f).name;
    item.label = FieldLabel(rs, f);
    item.question = rs.schema->field(f).question;
    items.push_back(std::move(item));
    severities.push_back(severity);
  }
  // Safety first (the rank of the most important output changed, then the
  // most severe value it can reach), then the schema's order, which follows
  // the assessment.
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (items[a].rank != items[b].rank) return items[a].rank < items[b].rank;
    return severities[a] > severities[b];
  });
  std::vector<AskNextItem> ranked;
  ranked.reserve(items.size());
  for (std::size_t i : order) ranked.push_back(std::move(items[i]));
  return ranked;
}

}  // namespace sitbone::internal
