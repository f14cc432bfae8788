// The public RuleSet API over the compiled form: loading, evaluation into a
// workspace, and materialising a workspace into an Evaluation.
#include "sitbone/rule_set.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "common/install_location.h"
#include "common/number.h"
#include "engine/compiled.h"
#include "engine/compiler.h"
#include "engine/evaluator.h"
#include "engine/explain.h"
#include "engine/labels.h"
#include "sitbone/version.h"


namespace sitbone {

namespace internal {

std::string CompiledRuleSet::SymbolText(const Value& v) const {
  std::string text = symbol_names[v.symbol];
  if (v.qualifiers == 0) return text;
  const Domain& d = domains[static_cast<std::size_t>(symbol_domain[v.symbol])];
  const auto& tokens = d.qualifiers[v.symbol - d.base];
  text += ':';
  bool first = true;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!(v.qualifiers & (1u << i))) continue;
    if (!first) text += ',';
    text += tokens[i];
    first = false;
  }
  return text;
}

}  // namespace internal

const std::string& CatalogEntry::Get(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return kEmpty;
}

std::vector<std::string> OutputValue::ids() const {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

std::string OutputValue::ToString() const {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return boolean ? "true" : "false";
    case Kind::kInteger:
    case Kind::kNumber: return internal::FormatNumber(number);
    case Kind::kSymbol: return symbol;
    case Kind::kList: {
      std::string s = "[";
      for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i].id;
      return s + "]";
    }
  }
  return "";
}

const OutputValue* Evaluation::Find(std::string_view name) const {
  for (const auto& [n, v] : outputs)
    if (n == name) return &v;
  return nullptr;
}

Workspace::Workspace(const RuleSet& rule_set)
    : data_(std::make_unique<internal::WorkspaceData>(rule_set.impl())) {}
Workspace::~Workspace() = default;
void Workspace::set_explain(bool explain) { data_->record = explain; }
bool Workspace::explain() const { return data_->record; }
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;

RuleSet::RuleSet(std::shared_ptr<const internal::CompiledRuleSet> impl) : impl_(std::move(impl)) {}

const std::string& RuleSet::id() const { return impl_->id; }
const std::string& RuleSet::version() const { return impl_->version; }
const std::string& RuleSet::status() const { return impl_->status; }
const std::string& RuleSet::title() const { return impl_->title; }
const std::vector<std::string>& RuleSet::authors() const { return impl_->authors; }
const std::string& RuleSet::review_date() const { return impl_->review_date; }
const std::string& RuleSet::disclaimer() const { return impl_->disclaimer; }
const std::string& RuleSet::fingerprint() const { return impl_->fingerprint; }
const std::string& RuleSet::source_dir() const { return impl_->source_dir; }
std::shared_ptr<const Schema> RuleSet::schema() const { return impl_->schema; }
const std::vector<Threshold>& RuleSet::thresholds() const { return impl_->thresholds; }
const std::vector<RuleInfo>& RuleSet::rules() const { return impl_->rule_infos; }
const std::vector<std::pair<std::string, double>>& RuleSet::threshold_overrides() const { return impl_->overrides; }

const CatalogEntry* RuleSet::FindCatalogEntry(std::string_view catalog, std::string_view id) const {
  for (const auto& c : impl_->catalogs) {
    if (c.name != catalog) continue;
    for (const auto& e : c.entries)
      if (e.id == id) return &e;
  }
  return nullptr;
}

std::vector<std::string> RuleSet::output_names() const {
  std::vector<std::string> names;
  for (const auto& o : impl_->outputs)
    if (!o.internal) names.push_back(o.name);
  return names;
}

std::optional<RuleSet::OutputPresentation> RuleSet::Presentation(std::string_view output) const {
  for (const auto& o : impl_->outputs) {
    if (o.name != output) continue;
    return OutputPresentation{o.label.empty() ? o.name : o.label, o.group, o.catalog, o.description, o.describe, o.ordered,
                              o.report, o.ask_next, o.severity_increasing};
  }
  return std::nullopt;
}

Status RuleSet::Evaluate(const Assessment& assessment, Workspace& workspace) const {
  internal::WorkspaceData& ws = workspace.data();
  if (ws.rs != impl_.get())
    return Status(StatusCode::kInvalidArgument, "the workspace was created for another rule set");
  if (&assessment.schema() != impl_->schema.get())
    return Status(StatusCode::kInvalidArgument,
                  "the assessment was validated against another rule set's schema; parse it with this rule set");
  internal::LoadInputs(assessment.data(), ws);
  internal::Run(ws);
  return ws.error;
}

Result<Evaluation> RuleSet::Evaluate(const Assessment& assessment, const EvaluateOptions& options) const {
  Workspace workspace(*this);
  workspace.set_explain(options.explain);
  if (Status s = Evaluate(assessment, workspace); !s.ok()) return s;
  return Materialize(assessment, workspace, options);
}

Evaluation RuleSet::Materialize(const Assessment& assessment, const Workspace& workspace,
                                const EvaluateOptions& options) const {
  const internal::CompiledRuleSet& rs = *impl_;
  const internal::WorkspaceData& ws = workspace.data();
  Evaluation ev;
  for (std::size_t o = 0; o < rs.outputs.size(); ++o) {
    const internal::Output& out = rs.outputs[o];
    if (out.internal) continue;
    OutputValue value;
    if (out.type == internal::OutputType::kList) {
      value.kind = OutputValue::Kind::kList;
      const internal::Value* items = ws.list_items.data() + out.list_offset;
      for (std::uint32_t k = 0; k < ws.list_size[o]; ++k) {
        OutputItem item;
        item.id = rs.SymbolText(items[k]);
        item.label = internal::SymbolLabel(rs, items[k]);
        if (!out.render_fields.empty()) {
          const CatalogEntry* entry = FindCatalogEntry(out.catalog, rs.symbol_names[items[k].symbol]);
          for (const auto& f : out.render_fields) item.fields.emplace_back(f, entry ? entry->Get(f) : std::string());
        }
        value.items.push_back(std::move(item));
      }
    } else {
      const internal::Value& v = ws.outputs[o];
      switch (v.kind) {
        case internal::Kind::kNull: value.kind = OutputValue::Kind::kNull; break;
        case internal::Kind::kBool:
          value.kind = OutputValue::Kind::kBool;
          value.boolean = v.boolean;
          break;
        case internal::Kind::kNumber:
          value.kind = out.type == internal::OutputType::kInt ? OutputValue::Kind::kInteger : OutputValue::Kind::kNumber;
          value.number = v.number;
          break;
        case internal::Kind::kSymbol:
          value.kind = OutputValue::Kind::kSymbol;
          value.symbol = rs.SymbolText(v);
          break;
      }
      value.label = internal::OutputValueText(rs, o, v);
    }
    ev.outputs.emplace_back(out.name, std::move(value));
  }
  for (std::size_t i = 0; i < rs.missing_items.size(); ++i)
    if (ws.missing_bit(i)) ev.missing_data.push_back(rs.missing_items[i].name);
  for (std::uint32_t t = 0; t < ws.trace_size; ++t) ev.trace.push_back(rs.rules[ws.trace[t]].info.id);
  if (options.explain) {
    for (std::uint32_t t = 0; t < ws.trace_size; ++t) {
      const internal::Rule& rule = rs.rules[ws.trace[t]];
      RuleExplanation ex;
      ex.rule_id = rule.info.id;
      ex.step_id = rule.info.step_id;
      ex.title = rule.info.title;
      ex.rationale = rule.info.rationale;
      ex.evidence = rule.info.evidence;
      ex.citations = rule.info.citations;
      for (int f : rule.inputs_read)
        ex.inputs.push_back({rs.schema->field(static_cast<std::size_t>(f)).name, assessment.Display(static_cast<std::size_t>(f))});
      if (ws.record) {
        ex.deciding_facts = internal::DecidingFacts(ws, ws.trace[t]);
        const std::int32_t by = internal::SupersededBy(ws, ws.trace[t]);
        if (by >= 0) ex.superseded_by = rs.rules[static_cast<std::size_t>(by)].info.id;
      }
      ev.explanation.push_back(std::move(ex));
    }
    if (ws.record) {
      for (std::size_t o = 0; o < rs.outputs.size(); ++o) {
        if (rs.outputs[o].internal) continue;
        const std::int32_t r = ws.output_rule[o];
        ev.decided_by.emplace_back(rs.outputs[o].name, r >= 0 ? rs.rules[static_cast<std::size_t>(r)].info.id : "");
      }
      if (options.ask_next) {
        ev.ask_next = internal::AskNext(ws, assessment.data());
        ev.ask_next_evaluated = true;
      }
    }
    if (ws.record) {
      std::vector<int> all;
      for (std::size_t r = 0; r < rs.rules.size(); ++r) {
        if (ws.rule_status[r] != internal::kUnknown) continue;
        std::vector<int> fields;
        internal::CollectUnknownInputs(ws, static_cast<std::uint32_t>(rs.rules[r].when), &fields);
        std::sort(fields.begin(), fields.end(), [&](int a, int b) {
          return rs.schema->field(static_cast<std::size_t>(a)).name < rs.schema->field(static_cast<std::size_t>(b)).name;
        });
        BlockedRule b;
        b.rule_id = rs.rules[r].info.id;
        for (int f : fields) {
          b.unknown_inputs.push_back(rs.schema->field(static_cast<std::size_t>(f)).name);
          all.push_back(f);
        }
        ev.blocked.push_back(std::move(b));
      }
      for (int f : all) ev.unknown_inputs.push_back(rs.schema->field(static_cast<std::size_t>(f)).name);
      std::sort(ev.unknown_inputs.begin(), ev.unknown_inputs.end());
      ev.unknown_inputs.erase(std::unique(ev.unknown_inputs.begin(), ev.unknown_inputs.end()), ev.unknown_inputs.end());
    }
  }
  for (std::size_t i = 0; i < rs.notices.size(); ++i)
    if (ws.notice_shown[i]) ev.notices.push_back(rs.notices[i].notice);
  ev.provenance.rule_set_id = rs.id;
  ev.provenance.rule_set_version = rs.version;
  ev.provenance.rule_set_status = rs.status;
  ev.provenance.fingerprint = rs.fingerprint;
  ev.provenance.engine_version = kEngineVersion;
  ev.provenance.threshold_overrides = rs.overrides;
  return ev;
}

CompileResult LoadRuleSet(const std::string& path, const LoadOptions& options) {
  CompileResult result;
  std::shared_ptr<internal::CompiledRuleSet> compiled = internal::CompileRuleSet(path, options, &result.diagnostics);
  if (compiled) result.rule_set = std::make_shared<const RuleSet>(std::move(compiled));
  return result;
}

std::string DefaultRuleSetPath() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("SITBONE_RULES_DIR"); env && *env) return env;
  const std::string root = internal::FindBundledRulesRoot();
  if (!root.empty()) return (fs::path(root) / "pht").string();
  // Not found: name the folder an install would have, so the load error says
  // where the rule set was expected.
  const std::string binary = internal::SitboneBinaryPath();
  const fs::path base = binary.empty() ? fs::path("share") : fs::path(binary).parent_path().parent_path() / "share";
  return (base / "sitbone" / "rules" / "pht").string();
}

}  // namespace sitbone
