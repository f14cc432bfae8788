// The compiled, immutable form of a rule set. Built once by the compiler
// (src/engine/compiler.cc), then only read: every evaluation thread shares it.
#ifndef SITBONE_ENGINE_COMPILED_H_
#define SITBONE_ENGINE_COMPILED_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/value.h"
#include "sitbone/diagnostic.h"
#include "sitbone/rule_set.h"
#include "sitbone/schema.h"

namespace sitbone::internal {

// A named, ordered set of symbols: an enum field's values, an enum or list
// output's values, or a catalogue's ids. Symbol ids of one domain are
// contiguous (base + ordinal), so ordering inside a domain is id ordering.
struct Domain {
  std::string name;
  std::vector<std::string> values;
  std::uint32_t base = 0;
  // Qualifier tokens per value ordinal (see qualified() in docs/expressions.md).
  std::vector<std::vector<std::string>> qualifiers;
  // What a clinician reads for each value (parallel to `values`; "" when a
  // draft rule set gives none): `value_labels` of an input or output, or the
  // `label` of a catalogue entry.
  std::vector<std::string> labels;
};

enum class Op : std::uint8_t {
  kConst, kInput, kDerived, kOutput,
  kNot, kAnd, kOr,
  kEq, kNe, kLt, kLe, kGt, kGe, kIn,
  kAdd, kSub, kMul, kDiv, kNeg,
  kKnown, kCount, kCoalesce, kMin, kMax, kIf,
  kIsTrue, kIsFalse, kIsUnknown, kFired, kQualified, kContains,
  kCompareConst,  // args[0] OP constant; `ref` holds the comparison Op
};

struct Node {
  Op op = Op::kConst;
  std::uint16_t argc = 0;
  std::uint32_t args = 0;  // index of the first child in CompiledRuleSet::args
  std::uint32_t ref = 0;   // input / derived / output / rule index
  // kConst / kCompareConst: the threshold the constant came from ($key), or
  // -1. Fits in the padding before `constant`, so a Node stays 32 bytes.
  std::int32_t threshold = -1;
  Value constant;          // kConst; kQualified: the symbol
};

enum class ActionKind : std::uint8_t { kSet, kAppend, kRemove, kMissing, kStop };

struct Action {
  ActionKind kind = ActionKind::kSet;
  std::int32_t guard = -1;   // node index; the action runs only when it is true
  std::int32_t output = -1;  // output index (set/append/remove)
  std::int32_t expr = -1;    // node index (set/append/remove)
  std::vector<std::int32_t> missing;  // missing-item indices (kMissing): one guard for the list
  SourceLocation location;
};

enum class HitPolicy : std::uint8_t { kFirst, kCollect };

struct Rule {
  RuleInfo info;
  std::int32_t when = -1;  // node index; -1 means always
  std::uint32_t actions_begin = 0, actions_end = 0;
  std::vector<int> inputs_read;  // field indices the condition reads, sorted
  SourceLocation location;
};

struct Step {
  std::string id;
  std::string title;
  HitPolicy hit = HitPolicy::kCollect;
  bool final = false;
  std::int32_t when = -1;
  std::uint32_t actions_begin = 0, actions_end = 0;
  std::uint32_t rules_begin = 0, rules_end = 0;
};

enum class OutputType : std::uint8_t { kBool, kInt, kNumber, kEnum, kList };

struct Output {
  std::string name;
  OutputType type = OutputType::kEnum;
  std::int32_t domain = -1;     // kEnum / kList
  std::string catalog;          // kList whose items come from a catalogue
  std::vector<std::string> render_fields;  // catalogue fields rendered per item
  bool ordered = false;         // kList: order is significant (tests compare in order)
  bool nullable = true;
  bool internal = false;  // a working value for later rules; not part of results
  Value initial;
  std::vector<double> allowed_numbers;  // kInt: allowed values (empty = any)
  std::uint32_t list_offset = 0, capacity = 0;  // kList storage in the workspace
  std::string description;
  std::string label;  // for text reports; defaults to the name
  std::string group;  // report section heading; outputs of one group are shown together
  std::vector<std::string> describe;  // catalogue fields shown per item in text reports
  // Rank among the headline outputs that "what would change the answer"
  // watches (1 first: safety); 0 = not watched.
  int ask_next = 0;
  // `severity: increasing`: the enum's values run from least to most severe;
  // "ask next" asks first what can reach the most severe value.
  bool severity_increasing = false;
  // Where a report shows it (docs/reports.md): action, headline, section, full.
  std::string report = "section";
};

struct Derived {
  std::string name;
  std::int32_t root = -1;
  std::string description;
  std::string label;  // for deciding facts beneath it ("Reactive features")
};

// A text of the report shown when its condition holds (the `report:`
// section): a prompt outside the model, the pain-monitoring rules of a plan,
// when to review. `text` has its {$threshold} references filled in.
struct CompiledNotice {
  sitbone::Notice notice;
  std::int32_t when = -1;  // node index; -1 = always
};

// An input (or "a|b" composite of inputs, any one of which would do) that a
// `missing:` action may record. Kept sorted by name.
struct MissingItem {
  std::string name;
  std::vector<int> fields;
};

struct Catalog {
  std::string name;
  std::int32_t domain = -1;
  std::vector<CatalogEntry> entries;
};

struct CompiledRuleSet {
  // Metadata.
  std::string id, version, status, title, review_date, disclaimer, fingerprint;
  std::string source_dir;
  std::vector<std::string> authors;
  std::vector<std::pair<std::string, std::string>> bibliography;  // key -> reference
  std::vector<Threshold> thresholds;
  std::vector<std::pair<std::string, double>> overrides;
  std::vector<RuleInfo> rule_infos;

  std::shared_ptr<const Schema> schema;
  std::vector<std::int32_t> input_domain;  // per field: domain (enum) or -1
  // Per field, how an encoded double becomes a Value (see LoadInputs):
  // 0 bool (tri/test), 1 number, 2 symbol with base `input_symbol_base`.
  std::vector<std::uint8_t> input_kind;
  std::vector<std::uint32_t> input_symbol_base;
  std::vector<Domain> domains;
  std::vector<std::string> symbol_names;  // by global symbol id
  std::vector<std::int32_t> symbol_domain;

  std::vector<Node> nodes;
  std::vector<std::uint32_t> args;
  std::vector<Derived> derived;  // in dependency order
  std::vector<Output> outputs;
  std::uint32_t list_storage = 0;
  std::vector<Step> steps;
  std::vector<Rule> rules;
  std::vector<Action> actions;
  std::vector<MissingItem> missing_items;
  std::vector<Catalog> catalogs;
  std::vector<CompiledNotice> notices;
  // Per input field: the constants it is compared with directly, sorted and
  // unique; "what would change the answer" tries values around them.
  std::vector<std::vector<double>> cut_points;

  // Renders a symbol with its qualifiers ("slow_progression:diabetes,bmi_ge_30").
  std::string SymbolText(const Value& v) const;
};

}  // namespace sitbone::internal

#endif  // SITBONE_ENGINE_COMPILED_H_
