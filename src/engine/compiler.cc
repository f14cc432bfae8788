// The rule-set compiler: reads the YAML documents of a rule set (see
// docs/rule-format.md), checks them, and builds the immutable CompiledRuleSet.
// Every problem becomes a Diagnostic; compilation continues after errors so
// that one run reports all of them.
#include "engine/compiler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "common/sha256.h"
#include "expr/ast.h"
#include "expr/checker.h"
#include "common/limits.h"
#include "common/number.h"
#include "loader/document.h"
#include "loader/formats.h"

namespace sitbone::internal {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopKeys = {"sitbone", "id", "version", "status", "title", "authors",
                                           "review_date", "disclaimer", "include", "bibliography",
                                           "inputs", "thresholds", "catalogs", "outputs", "derived", "steps",
                                           "report"};
const std::vector<std::string> kSectionKeys = {"bibliography", "inputs", "thresholds", "catalogs",
                                               "outputs", "derived", "steps", "report"};

class Compiler {
 public:
  Compiler(const LoadOptions& options, Diagnostics* diags) : options_(options), diags_(diags) {
    rs_ = std::make_shared<CompiledRuleSet>();
  }

  std::shared_ptr<CompiledRuleSet> Compile(const std::string& path) {
    std::string file = path;
    std::error_code ec;
    if (fs::is_directory(path, ec)) file = (fs::path(path) / "ruleset.yaml").string();
    rs_->source_dir = fs::path(file).parent_path().string();
    if (rs_->source_dir.empty()) rs_->source_dir = ".";
    Doc root;
    if (!LoadDoc(file, SourceLocation{}, &root)) return nullptr;
    if (!root.is_map()) {
      Error("E1003", root, "a rule set file must be a mapping of keys (id, version, inputs, ...)", "");
      return nullptr;
    }
    CheckKeys(root, kTopKeys, "");
    docs_.push_back(&root);
    for (const auto& [k, v] : root.entries)
      if (std::find(kSectionKeys.begin(), kSectionKeys.end(), k.scalar) != kSectionKeys.end())
        AddSection(k, v);
    std::vector<std::unique_ptr<Doc>> included;
    if (const Doc* inc = root.Get("include")) {
      for (const Doc& item : Seq(*inc, "include")) {
        std::string name;
        if (!Str(item, &name)) continue;
        auto doc = std::make_unique<Doc>();
        std::string inc_path = (fs::path(file).parent_path() / name).string();
        if (!LoadDoc(inc_path, item.location(), doc.get())) continue;
        if (!doc->is_map()) {
          Error("E1003", *doc, "an included file must be a mapping of sections", "");
          continue;
        }
        CheckKeys(*doc, kSectionKeys, "");
        for (const auto& [k, v] : doc->entries) AddSection(k, v);
        docs_.push_back(doc.get());
        included.push_back(std::move(doc));
      }
    }
    Metadata(root);
    Bibliography();
    Inputs();
    Thresholds();
    Catalogs();
    Outputs();
    Names();
    // A chain of derived values over the limit leaves them unordered: the
    // steps could not be lowered, so stop with the error already reported.
    if (!DerivedValues()) return nullptr;
    Steps();
    Report();
    CutPoints();
    NotEmpty();
    FinishMissingItems();
    Warnings();
    Fingerprint();
    if (diags_->HasErrors() || (options_.warnings_as_errors && !diags_->empty())) return nullptr;
    return rs_;
  }

 private:
  // ---- diagnostics helpers ----
  void Add(const char* code, Severity sev, const SourceLocation& loc, const std::string& path,
           std::string message, std::string hint, std::string rule_id = {}) {
    diags_->Add({code, sev, std::move(message), loc, path, std::move(rule_id), std::move(hint)});
  }
  void Error(const char* code, const Doc& at, std::string message, std::string hint, std::string rule_id = {}) {
    Add(code, Severity::kError, at.location(), at.path, std::move(message), std::move(hint),
        rule_id.empty() ? current_rule_ : rule_id);
  }
  void Warn(const char* code, const Doc& at, std::string message, std::string hint) {
    Add(code, Severity::kWarning, at.location(), at.path, std::move(message), std::move(hint), current_rule_);
  }

  bool LoadDoc(const std::string& path, const SourceLocation& from, Doc* out) {
    std::string text, why;
    if (!ReadFile(path, &text, kMaxFileBytes, &why)) {
      Add("E1002", Severity::kError, from.file.empty() ? SourceLocation{path, 0, 0} : from, "",
          "cannot read rule file '" + path + "': " + why, "check the path and the file permissions");
      return false;
    }
    const SourceFile* f = sources_.Add(path, std::move(text));
    return ParseYaml(f, out, diags_);
  }

  void AddSection(const Doc& key, const Doc& value) {
    auto it = sections_.find(key.scalar);
    if (it != sections_.end()) {
      Error("E1006", key, "section '" + key.scalar + "' is defined twice (also at " + it->second->location().file +
                              ":" + std::to_string(it->second->line) + ")",
            "define each section in one file only");
      return;
    }
    sections_[key.scalar] = &value;
  }

  void CheckKeys(const Doc& map, const std::vector<std::string>& allowed, const std::string& what) {
    for (const auto& [k, v] : map.entries) {
      if (std::find(allowed.begin(), allowed.end(), k.scalar) != allowed.end()) continue;
      std::string s = ClosestName(k.scalar, allowed);
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      Error("E1004", k, "unknown key '" + k.scalar + "'" + (what.empty() ? "" : " in " + what),
            s.empty() ? "allowed keys: " + list : "did you mean '" + s + "'?");
    }
  }
  const Doc* Required(const Doc& map, const std::string& key, const std::string& what) {
    const Doc* d = map.Get(key);
    if (d == nullptr || d->is_null()) {
      Error("E1005", map, "missing required key '" + key + "' in " + what, "add '" + key + ":'");
      return nullptr;
    }
    return d;
  }
  bool Str(const Doc& d, std::string* out) {
    if (!d.is_scalar()) {
      Error("E1003", d, "expected a text value here", "");
      return false;
    }
    *out = d.scalar;
    return true;
  }
  bool Num(const Doc& d, double* out) {
    double v = 0;
    if (d.is_scalar() && !d.quoted() && ParseDecimal(d.scalar, &v) && std::isfinite(v)) {
      *out = v;
      return true;
    }
    Error("E1007", d, "expected a number, found '" + Clip(d.scalar) + "'", "");
    return false;
  }
  bool Bool(const Doc& d, bool* out) {
    if (d.is_scalar() && !d.quoted() && (d.scalar == "true" || d.scalar == "false")) {
      *out = d.scalar == "true";
      return true;
    }
    Error("E1007", d, "expected true or false, found '" + d.scalar + "'", "");
    return false;
  }
  const std::vector<Doc>& Seq(const Doc& d, const std::string& what) {
    static const std::vector<Doc> kEmpty;
    if (!d.is_seq()) {
      if (!d.is_null()) Error("E1003", d, "'" + what + "' must be a list", "write it as [a, b] or one '- item' per line");
      return kEmpty;
    }
    return d.items;
  }
  bool IsMap(const Doc& d, const std::string& what) {
    if (d.is_map()) return true;
    Error("E1003", d, "'" + what + "' must be a mapping of keys", "");
    return false;
  }
  std::string Text(const Doc* d) { return d && d->is_scalar() ? d->scalar : std::string(); }

  // A rule set that clinicians may read (testing, production, retired) labels
  // everything a report shows (E2012); only a draft may leave labels out, and
  // its reports fall back to ids.
  bool ForClinicians() const { return rs_->status != "draft"; }
  void NeedLabel(const std::string& text, const Doc& at, const std::string& message, const std::string& hint) {
    if (text.empty() && ForClinicians())
      Error("E2012", at, message + " (a " + rs_->status + " rule set labels everything a clinician reads)", hint);
  }
  // `value_labels:` of `owner` (a map value -> label), parallel to `values`.
  std::vector<std::string> ValueLabels(const Doc& owner, const Doc& key, const std::vector<std::string>& values,
                                       const std::string& what) {
    std::vector<std::string> labels(values.size());
    const Doc* map = owner.Get("value_labels");
    if (map && IsMap(*map, "value_labels")) {
      for (const auto& [vk, vv] : map->entries) {
        auto it = std::find(values.begin(), values.end(), vk.scalar);
        if (it == values.end()) {
          Error("E3003", vk, "'" + Clip(vk.scalar) + "' is not a value of " + what, ClosestHint(vk.scalar, values));
          continue;
        }
        Str(vv, &labels[static_cast<std::size_t>(it - values.begin())]);
      }
    }
    for (std::size_t i = 0; i < values.size(); ++i)
      NeedLabel(labels[i], map ? *map : key, "value '" + values[i] + "' of " + what + " has no label",
                "add it under 'value_labels:'");
    return labels;
  }

  // ---- sections ----
  void Metadata(const Doc& root) {
    if (const Doc* fmt = Required(root, "sitbone", "the rule set header")) {
      if (fmt->scalar != "1") Error("E1007", *fmt, "unsupported rule format version '" + fmt->scalar + "'", "this engine reads format 1");
    }
    if (const Doc* id = Required(root, "id", "the rule set header")) {
      Str(*id, &rs_->id);
      if (!IsRuleSetId(rs_->id))
        Error("E1007", *id,
              fmt::format("rule set id '{}' must be lower-case letters, digits, '-' or '_' (at most {} bytes)",
                          Clip(rs_->id), kMaxNameBytes),
              "");
    }
    if (const Doc* v = Required(root, "version", "the rule set header")) {
      Str(*v, &rs_->version);
      if (!IsSemanticVersion(rs_->version))
        Error("E1007", *v, "version '" + Clip(rs_->version) + "' is not a semantic version",
              "write MAJOR.MINOR.PATCH, e.g. 2.0.0");
    }
    if (const Doc* s = Required(root, "status", "the rule set header")) {
      Str(*s, &rs_->status);
      static const std::vector<std::string> kStatus = {"draft", "testing", "production", "retired"};
      if (std::find(kStatus.begin(), kStatus.end(), rs_->status) == kStatus.end())
        Error("E1007", *s, "status '" + rs_->status + "' is not one of draft, testing, production, retired", "");
    }
    if (const Doc* t = Required(root, "title", "the rule set header")) Str(*t, &rs_->title);
    if (const Doc* a = root.Get("authors"))
      for (const Doc& item : Seq(*a, "authors")) {
        std::string s;
        if (Str(item, &s)) rs_->authors.push_back(s);
      }
    if (const Doc* r = Required(root, "review_date", "the rule set header")) {
      Str(*r, &rs_->review_date);
      if (!IsIsoDate(rs_->review_date))
        Error("E1007", *r, "review_date must be a date YYYY-MM-DD", "");
    }
    rs_->disclaimer = Text(root.Get("disclaimer"));
    if (rs_->disclaimer.empty())
      rs_->disclaimer =
          "Decision support only: sitbone supports and does not replace the judgement of a qualified clinician.";
  }

  void Bibliography() {
    const Doc* bib = Section("bibliography");
    if (!bib || !IsMap(*bib, "bibliography")) return;
    for (const auto& [k, v] : bib->entries) {
      std::string ref;
      if (v.is_map()) {
        CheckKeys(v, {"reference", "url", "note"}, "a bibliography entry");
        if (const Doc* r = Required(v, "reference", "bibliography/" + k.scalar)) Str(*r, &ref);
      } else {
        Str(v, &ref);
      }
      rs_->bibliography.emplace_back(k.scalar, ref);
      bib_docs_[k.scalar] = &k;
    }
  }
  const Doc* Section(const std::string& name) {
    auto it = sections_.find(name);
    return it == sections_.end() ? nullptr : it->second;
  }

  int AddDomain(const std::string& name, const std::vector<std::string>& values) {
    Domain d;
    d.name = name;
    d.values = values;
    d.base = static_cast<std::uint32_t>(rs_->symbol_names.size());
    d.qualifiers.resize(values.size());
    for (const auto& v : values) {
      rs_->symbol_names.push_back(v);
      rs_->symbol_domain.push_back(static_cast<std::int32_t>(rs_->domains.size()));
    }
    rs_->domains.push_back(std::move(d));
    return static_cast<int>(rs_->domains.size() - 1);
  }

  // `allow_unknown`: output values may be spelled "unknown" (e.g. a chronicity
  // that is genuinely unknown); input enums may not, because every input may
  // already be unknown.
  std::vector<std::string> Values(const Doc& list, const std::string& what, bool allow_unknown = true) {
    std::vector<std::string> values;
    for (const Doc& item : Seq(list, what)) {
      std::string s;
      if (!Str(item, &s)) continue;
      if (std::find(values.begin(), values.end(), s) != values.end())
        Error("E2001", item, "value '" + s + "' is listed twice in " + what, "");
      else if (s == "unknown" && !allow_unknown)
        Error("E1007", item, "'unknown' is not a value: every enum field may be unknown already", "remove it from the list");
      else
        values.push_back(s);
    }
    return values;
  }

  void Inputs() {
    std::vector<FieldSpec> fields;
    std::vector<std::vector<std::string>> enum_values;
    const Doc* inputs = Section("inputs");
    if (!inputs) {
      Add("E1005", Severity::kError, SourceLocation{rs_->source_dir, 0, 0}, "", "the rule set has no 'inputs' section",
          "declare the input fields under 'inputs:'");
    } else if (IsMap(*inputs, "inputs")) {
      for (const auto& [k, v] : inputs->entries) {
        if (!IsMap(v, "inputs/" + k.scalar)) continue;
        CheckKeys(v, {"type", "unit", "range", "values", "default", "description", "how_obtained", "label", "question",
                      "value_labels"},
                  "an input field");
        FieldSpec f;
        f.name = k.scalar;
        std::string type;
        if (const Doc* t = Required(v, "type", "inputs/" + k.scalar)) {
          Str(*t, &type);
          static const std::map<std::string, FieldType> kTypes = {{"tri", FieldType::kTri}, {"test", FieldType::kTest},
                                                                  {"enum", FieldType::kEnum}, {"int", FieldType::kInt},
                                                                  {"number", FieldType::kNumber}};
          auto it = kTypes.find(type);
          if (it == kTypes.end())
            Error("E1007", *t, "unknown field type '" + type + "'", "use one of tri, test, enum, int, number");
          else
            f.type = it->second;
        }
        f.unit = Text(v.Get("unit"));
        f.description = Text(v.Get("description"));
        f.how_obtained = Text(v.Get("how_obtained"));
        if (f.description.empty()) Error("E1005", v, "input '" + f.name + "' needs a description", "");
        f.label = Text(v.Get("label"));
        f.question = Text(v.Get("question"));
        NeedLabel(f.label, k, "input '" + f.name + "' has no label", "add 'label:' (a few words a clinician reads)");
        NeedLabel(f.question, k, "input '" + f.name + "' has no question",
                  "add 'question:' (the question to ask or the test to do)");
        if (const Doc* r = v.Get("range")) {
          const auto& items = Seq(*r, "range");
          double lo = 0, hi = 0;
          if (items.size() != 2) {
            Error("E1007", *r, "range must be [min, max]", "");
          } else if (Num(items[0], &lo) && Num(items[1], &hi)) {
            if (lo > hi) Error("E1007", *r, "range minimum is larger than its maximum", "");
            f.min = lo;
            f.max = hi;
          }
          if (f.type != FieldType::kInt && f.type != FieldType::kNumber)
            Error("E1007", *r, "only int and number fields have a range", "");
        }
        if (const Doc* vals = v.Get("values")) {
          f.values = Values(*vals, "inputs/" + f.name + "/values", false);
          if (f.type != FieldType::kEnum) Error("E1007", *vals, "only enum fields list values", "");
        } else if (f.type == FieldType::kEnum) {
          Error("E1005", v, "enum input '" + f.name + "' needs 'values'", "");
        }
        f.value_labels = ValueLabels(v, k, f.values, "input '" + f.name + "'");
        if (const Doc* d = v.Get("default")) {
          double n = 0;
          if (f.type != FieldType::kInt && f.type != FieldType::kNumber)
            Error("E1007", *d, "only int and number fields take a default (others default to unknown)", "");
          else if (Num(*d, &n)) {
            f.default_number = n;
            if (f.type == FieldType::kInt && n != std::floor(n))
              Error("E1007", *d, "the default of int input '" + f.name + "' must be a whole number", "");
            if ((f.min && n < *f.min) || (f.max && n > *f.max))
              Error("E1007", *d, "the default of input '" + f.name + "' is outside its range", "");
          }
        }
        if ((f.type == FieldType::kInt || f.type == FieldType::kNumber) && !f.min)
          Error("E1005", v, "numeric input '" + f.name + "' needs a range [min, max]", "values are never clamped, so the valid range must be declared");
        input_docs_.push_back(&k);
        fields.push_back(std::move(f));
      }
    }
    rs_->schema = std::make_shared<Schema>(fields);
    rs_->input_domain.assign(fields.size(), -1);
    rs_->input_kind.assign(fields.size(), 0);
    rs_->input_symbol_base.assign(fields.size(), 0);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].type == FieldType::kEnum) {
        rs_->input_domain[i] = AddDomain(fields[i].name, fields[i].values);
        rs_->domains[static_cast<std::size_t>(rs_->input_domain[i])].labels = fields[i].value_labels;
        rs_->input_kind[i] = 2;
        rs_->input_symbol_base[i] = rs_->domains[static_cast<std::size_t>(rs_->input_domain[i])].base;
      } else if (fields[i].type == FieldType::kInt || fields[i].type == FieldType::kNumber) {
        rs_->input_kind[i] = 1;
      }
    }
  }

  void Thresholds() {
    const Doc* th = Section("thresholds");
    if (th && IsMap(*th, "thresholds")) {
      for (const auto& [k, v] : th->entries) {
        if (!IsMap(v, "thresholds/" + k.scalar)) continue;
        CheckKeys(v, {"value", "unit", "evidence", "source", "description"}, "a threshold");
        Threshold t;
        t.key = k.scalar;
        if (const Doc* val = Required(v, "value", "thresholds/" + t.key)) Num(*val, &t.value);
        t.authored_value = t.value;
        t.unit = Text(v.Get("unit"));
        t.description = Text(v.Get("description"));
        if (const Doc* e = Required(v, "evidence", "thresholds/" + t.key)) {
          Str(*e, &t.evidence);
          CheckEvidence(*e, t.evidence);
        }
        if (const Doc* s = Required(v, "source", "thresholds/" + t.key)) Str(*s, &t.source);
        threshold_docs_.push_back(&k);
        rs_->thresholds.push_back(std::move(t));
      }
    }
    threshold_used_.assign(rs_->thresholds.size(), false);
    for (const auto& override_entry : options_.threshold_overrides) {
      // Named members, not a structured binding: C++17 lambdas cannot capture bindings (clang rejects it).
      const std::string& key = override_entry.first;
      const double value = override_entry.second;
      auto it = std::find_if(rs_->thresholds.begin(), rs_->thresholds.end(), [&](const Threshold& t) { return t.key == key; });
      if (it == rs_->thresholds.end()) {
        std::vector<std::string> keys;
        for (const auto& t : rs_->thresholds) keys.push_back(t.key);
        std::string s = ClosestName(key, keys);
        Add("E2009", Severity::kError, SourceLocation{"<override>", 0, 0}, "/thresholds/" + key,
            "threshold override names an unknown threshold '" + key + "'", s.empty() ? "" : "did you mean '" + s + "'?");
        continue;
      }
      if (!std::isfinite(value)) {
        Add("E2009", Severity::kError, SourceLocation{"<override>", 0, 0}, "/thresholds/" + key,
            "threshold override for '" + key + "' is not a finite number", "");
        continue;
      }
      it->value = value;
      rs_->overrides.emplace_back(key, value);
    }
  }

  void CheckEvidence(const Doc& at, const std::string& evidence) {
    if (!IsEvidenceLabel(evidence))
      Error("E1007", at, "evidence label '" + Clip(evidence) + "' is not E, E-ind, X or P (or a combination such as X/P)",
            "E = evidence, E-ind = indirect evidence, X = expert opinion, P = our proposal");
  }

  void Catalogs() {
    const Doc* cats = Section("catalogs");
    if (!cats || !IsMap(*cats, "catalogs")) return;
    for (const auto& [k, v] : cats->entries) {
      if (!IsMap(v, "catalogs/" + k.scalar)) continue;
      Catalog c;
      c.name = k.scalar;
      std::vector<std::string> ids, labels;
      for (const auto& [ek, ev] : v.entries) {
        CatalogEntry e;
        e.id = ek.scalar;
        if (IsMap(ev, "catalogs/" + c.name + "/" + e.id)) {
          for (const auto& [fk, fv] : ev.entries) {
            if (fk.scalar == "cite") {
              // Bibliography keys: checked, and resolved into a `sources` field.
              std::string keys, refs;
              for (const Doc& key : Seq(fv, "cite")) {
                auto it = std::find_if(rs_->bibliography.begin(), rs_->bibliography.end(),
                                       [&](const auto& p) { return p.first == key.scalar; });
                if (it == rs_->bibliography.end()) {
                  std::vector<std::string> all;
                  for (const auto& p : rs_->bibliography) all.push_back(p.first);
                  Error("E2008", key, "unknown citation key '" + key.scalar + "'", ClosestHint(key.scalar, all));
                  continue;
                }
                cited_.insert(key.scalar);
                keys += (keys.empty() ? "" : ", ") + key.scalar;
                refs += (refs.empty() ? "" : " | ") + it->second;
              }
              e.fields.emplace_back("cite", keys);
              e.fields.emplace_back("sources", refs);
              continue;
            }
            std::string text;
            if (fv.is_seq()) {
              for (const Doc& item : fv.items) text += (text.empty() ? "" : "; ") + item.scalar;
            } else if (fv.is_scalar()) {
              text = fv.scalar;
            } else if (!fv.is_null()) {
              Error("E1003", fv, "catalogue fields are text or lists of text", "");
            }
            e.fields.emplace_back(fk.scalar, text);
          }
        }
        labels.push_back(e.Get("label"));
        NeedLabel(labels.back(), ek, "catalogue entry '" + c.name + "/" + e.id + "' has no label",
                  "add 'label:' (the name a clinician reads)");
        ids.push_back(e.id);
        c.entries.push_back(std::move(e));
      }
      c.domain = AddDomain(c.name, ids);
      rs_->domains[static_cast<std::size_t>(c.domain)].labels = std::move(labels);
      rs_->catalogs.push_back(std::move(c));
    }
  }

  void Outputs() {
    const Doc* outs = Section("outputs");
    if (!outs) {
      Add("E1005", Severity::kError, SourceLocation{rs_->source_dir, 0, 0}, "", "the rule set has no 'outputs' section", "");
      return;
    }
    if (!IsMap(*outs, "outputs")) return;
    for (const auto& [k, v] : outs->entries) {
      if (!IsMap(v, "outputs/" + k.scalar)) continue;
      CheckKeys(v, {"type", "values", "catalog", "render", "ordered", "default", "nullable", "qualifiers", "description",
                    "label", "group", "describe", "internal", "value_labels", "ask_next", "report", "severity"},
                "an output");
      Output o;
      o.name = k.scalar;
      o.description = Text(v.Get("description"));
      o.label = Text(v.Get("label"));
      o.group = Text(v.Get("group"));
      if (const Doc* desc = v.Get("describe")) o.describe = Values(*desc, "describe");
      std::string type;
      if (const Doc* t = Required(v, "type", "outputs/" + o.name)) {
        Str(*t, &type);
        static const std::map<std::string, OutputType> kTypes = {{"bool", OutputType::kBool}, {"int", OutputType::kInt},
                                                                 {"number", OutputType::kNumber}, {"enum", OutputType::kEnum},
                                                                 {"list", OutputType::kList}};
        auto it = kTypes.find(type);
        if (it == kTypes.end()) {
          Error("E1007", *t, "unknown output type '" + type + "'", "use one of bool, int, number, enum, list");
          continue;
        }
        o.type = it->second;
      } else {
        continue;
      }
      const Doc* values = v.Get("values");
      const Doc* catalog = v.Get("catalog");
      if (o.type == OutputType::kEnum || o.type == OutputType::kList) {
        if (catalog) {
          Str(*catalog, &o.catalog);
          auto it = std::find_if(rs_->catalogs.begin(), rs_->catalogs.end(), [&](const Catalog& c) { return c.name == o.catalog; });
          if (it == rs_->catalogs.end()) {
            Error("E2002", *catalog, "unknown catalogue '" + o.catalog + "'", "");
          } else {
            o.domain = it->domain;
          }
          if (values) Error("E1007", *values, "give either 'values' or 'catalog', not both", "");
        } else if (values) {
          std::vector<std::string> vals = Values(*values, "outputs/" + o.name + "/values");
          o.domain = AddDomain(o.name, vals);
          rs_->domains[static_cast<std::size_t>(o.domain)].labels = ValueLabels(v, k, vals, "output '" + o.name + "'");
        } else {
          Error("E1005", v, "output '" + o.name + "' needs 'values' or 'catalog'", "");
        }
      } else if (values) {
        if (o.type != OutputType::kInt) {
          Error("E1007", *values, "only enum, list and int outputs list values", "");
        } else {
          for (const Doc& item : Seq(*values, "values")) {
            double n = 0;
            if (Num(item, &n)) o.allowed_numbers.push_back(n);
          }
        }
      }
      if (const Doc* r = v.Get("render")) {
        const Catalog* cat = FindCatalog(o.catalog);
        for (const Doc& item : Seq(*r, "render")) {
          std::string f;
          if (!Str(item, &f)) continue;
          if (cat == nullptr) {
            Error("E1007", item, "'render' needs a list output drawn from a catalogue", "");
            break;
          }
          bool known = std::any_of(cat->entries.begin(), cat->entries.end(), [&](const CatalogEntry& e) {
            return std::any_of(e.fields.begin(), e.fields.end(), [&](const auto& p) { return p.first == f; });
          });
          if (!known) Error("E2002", item, "no entry of catalogue '" + o.catalog + "' has a field '" + f + "'", "");
          o.render_fields.push_back(f);
        }
      }
      if (const Doc* vl = v.Get("value_labels"); vl && (o.domain < 0 || catalog))
        Error("E1007", *vl, "only enum and list outputs with 'values' take 'value_labels' (a catalogue labels its entries)", "");
      bool internal_output = false;
      if (const Doc* in = v.Get("internal")) Bool(*in, &internal_output);
      if (!internal_output)
        NeedLabel(o.label, k, "output '" + o.name + "' has no label", "add 'label:'");
      if (const Doc* a = v.Get("ask_next")) {
        double rank = 0;
        if (Num(*a, &rank) && (rank < 1 || rank > 100 || rank != std::floor(rank)))
          Error("E1007", *a, "ask_next is a rank from 1 (checked first) to 100", "");
        o.ask_next = static_cast<int>(rank);
      }
      if (const Doc* r = v.Get("report"); r && Str(*r, &o.report) && o.report != "action" && o.report != "headline" &&
                                          o.report != "section" && o.report != "full")
        Error("E1007", *r, "unknown report placement '" + o.report + "'", "use one of action, headline, section, full");
      if (const Doc* sev = v.Get("severity")) {
        std::string order;
        if (Str(*sev, &order) && (order != "increasing" || o.type != OutputType::kEnum || o.domain < 0))
          Error("E1007", *sev, "'severity' takes 'increasing', on an enum output whose values run from least to most severe",
                "");
        o.severity_increasing = order == "increasing";
      }
      if (const Doc* ord = v.Get("ordered")) Bool(*ord, &o.ordered);
      if (const Doc* nl = v.Get("nullable")) Bool(*nl, &o.nullable);
      if (const Doc* in = v.Get("internal")) Bool(*in, &o.internal);
      if (const Doc* q = v.Get("qualifiers")) {
        if (o.domain < 0 || !IsMap(*q, "qualifiers")) {
          if (o.domain < 0) Error("E1007", *q, "only enum and list outputs take qualifiers", "");
        } else {
          Domain& d = rs_->domains[static_cast<std::size_t>(o.domain)];
          for (const auto& [qk, qv] : q->entries) {
            auto it = std::find(d.values.begin(), d.values.end(), qk.scalar);
            if (it == d.values.end()) {
              Error("E3003", qk, "'" + qk.scalar + "' is not a value of output '" + o.name + "'", "");
              continue;
            }
            auto& tokens = d.qualifiers[static_cast<std::size_t>(it - d.values.begin())];
            tokens = Values(qv, "qualifiers");
            if (tokens.size() > Value::kMaxQualifiers)
              Error("E1007", qv, "at most " + std::to_string(Value::kMaxQualifiers) + " qualifiers per value", "");
          }
        }
      }
      if (const Doc* def = v.Get("default")) {
        o.initial = Literal(*def, o);
      } else if (!o.nullable && o.type != OutputType::kList) {
        Error("E1005", v, "output '" + o.name + "' is not nullable, so it needs a 'default'", "add 'default:' or remove 'nullable: false'");
      }
      if (o.type == OutputType::kList) {
        // List items are unique by value (qualifiers aside), so one slot per
        // value of the domain is always enough.
        o.capacity = o.domain >= 0 ? static_cast<std::uint32_t>(rs_->domains[static_cast<std::size_t>(o.domain)].values.size()) : 0;
        o.list_offset = rs_->list_storage;
        rs_->list_storage += o.capacity;
        o.nullable = false;
      }
      output_docs_.push_back(&k);
      rs_->outputs.push_back(std::move(o));
    }
  }

  const Catalog* FindCatalog(const std::string& name) const {
    for (const auto& c : rs_->catalogs)
      if (c.name == name) return &c;
    return nullptr;
  }

  // A default value written as YAML (not an expression).
  Value Literal(const Doc& d, const Output& o) {
    if (d.IsNullLike()) {
      if (!o.nullable) Error("E2006", d, "output '" + o.name + "' is not nullable", "");
      return Value::Null();
    }
    switch (o.type) {
      case OutputType::kBool: {
        bool b = false;
        return Bool(d, &b) ? Value::Bool(b) : Value::Null();
      }
      case OutputType::kInt:
      case OutputType::kNumber: {
        double n = 0;
        if (!Num(d, &n)) return Value::Null();
        if (!o.allowed_numbers.empty() && std::find(o.allowed_numbers.begin(), o.allowed_numbers.end(), n) == o.allowed_numbers.end())
          Error("E2006", d, "default " + d.scalar + " is not an allowed value of output '" + o.name + "'", "");
        return Value::Number(n);
      }
      case OutputType::kEnum: {
        if (o.domain < 0) return Value::Null();
        const Domain& dom = rs_->domains[static_cast<std::size_t>(o.domain)];
        auto it = std::find(dom.values.begin(), dom.values.end(), d.scalar);
        if (it == dom.values.end()) {
          Error("E2006", d, "default '" + d.scalar + "' is not a value of output '" + o.name + "'", ClosestHint(d.scalar, dom.values));
          return Value::Null();
        }
        return Value::Symbol(dom.base + static_cast<std::uint32_t>(it - dom.values.begin()));
      }
      case OutputType::kList:
        Error("E1007", d, "list outputs always start empty; remove 'default'", "");
        return Value::Null();
    }
    return Value::Null();
  }
  static std::string ClosestHint(const std::string& s, const std::vector<std::string>& c) {
    std::string best = ClosestName(s, c);
    return best.empty() ? "" : "did you mean '" + best + "'?";
  }

  void Names() {
    auto add = [&](const std::string& name, NameRef ref, const Doc* at, const char* what) {
      auto [it, inserted] = names_.emplace(name, ref);
      if (!inserted) Error("E2003", *at, std::string(what) + " '" + name + "' has the same name as another input, derived value or output",
                           "names must be unique across inputs, derived values and outputs");
    };
    for (std::size_t i = 0; i < input_docs_.size(); ++i)
      add(input_docs_[i]->scalar, NameRef{NameRef::K::kInput, static_cast<int>(i)}, input_docs_[i], "input");
    for (std::size_t i = 0; i < output_docs_.size(); ++i)
      add(output_docs_[i]->scalar, NameRef{NameRef::K::kOutput, static_cast<int>(i)}, output_docs_[i], "output");
    for (const auto& reserved : {"missing_data", "trace", "explanation", "provenance", "details", "blocked", "unknown_inputs", "disclaimer"})
      if (names_.count(reserved))
        for (const Doc* d : output_docs_)
          if (d->scalar == reserved) Error("E2003", *d, std::string("'") + reserved + "' is reserved for the engine's own result fields", "");
  }

  ExprEnv Env(bool allow_outputs) {
    ExprEnv env;
    env.rs = rs_.get();
    env.names = &names_;
    env.derived_types = &derived_types_;
    env.allow_outputs = allow_outputs;
    env.fired_limit = static_cast<int>(rs_->rules.size());
    env.threshold = [this](const std::string& key, double* value) {
      for (std::size_t i = 0; i < rs_->thresholds.size(); ++i) {
        if (rs_->thresholds[i].key == key) {
          threshold_used_[i] = true;
          *value = rs_->thresholds[i].value;
          return true;
        }
      }
      return false;
    };
    env.rule_index = [this](const std::string& id) {
      auto it = rule_index_.find(id);
      if (it != rule_index_.end()) return it->second;
      // Declared further down: report it as "not evaluated yet" (E2007).
      return all_rule_ids_.count(id) ? std::numeric_limits<int>::max() : -1;
    };
    return env;
  }

  // Parses and compiles the expression in scalar `d`. Returns the node or -1.
  int Expr(const Doc& d, ExprEnv& env, const Type* expected, Type* type) {
    std::string text;
    if (d.is_scalar()) {
      text = d.scalar;
    } else {
      Error("E1003", d, "expected an expression (a text value)", "quote it if it starts with a YAML special character");
      return -1;
    }
    if (!d.quoted() && (text == "true" || text == "false" || text == "null")) {
      // plain YAML scalars; the expression language reads them the same way
    }
    Ast ast;
    ParseError perr;
    if (!ParseExpression(text, &ast, &perr)) {
      Add("E3001", Severity::kError, d.LocationOf(perr.offset), d.path, "expression syntax error: " + perr.message, "",
          current_rule_);
      return -1;
    }
    std::vector<ExprIssue> issues;
    Type t;
    int node = CompileExpression(ast, env, expected, &t, &issues);
    for (const auto& issue : issues)
      Add(issue.code.c_str(), Severity::kError, d.LocationOf(issue.offset), d.path, issue.message, issue.hint, current_rule_);
    if (type) *type = t;
    return issues.empty() ? node : -1;
  }

  int Condition(const Doc& d, ExprEnv& env) {
    Type t;
    int node = Expr(d, env, nullptr, &t);
    if (node >= 0 && t.k != Type::K::kBool) {
      Error("E3002", d, "a condition must be a yes/no expression, this is " + TypeName(t, *rs_), "");
      return -1;
    }
    return node;
  }

  static void CollectIdents(const Ast& ast, std::vector<std::string>* out) {
    if (ast.kind == Ast::Kind::kIdent) out->push_back(ast.text);
    for (const auto& k : ast.kids) CollectIdents(k, out);
  }

  bool DerivedValues() {
    const Doc* der = Section("derived");
    std::vector<const Doc*> exprs;
    std::vector<const Doc*> keys;
    if (der && IsMap(*der, "derived")) {
      for (const auto& [k, v] : der->entries) {
        Derived d;
        d.name = k.scalar;
        const Doc* e = &v;
        if (v.is_map()) {
          CheckKeys(v, {"expr", "description", "label"}, "a derived value");
          d.description = Text(v.Get("description"));
          d.label = Text(v.Get("label"));
          e = Required(v, "expr", "derived/" + d.name);
        }
        NeedLabel(d.label, k, "derived value '" + d.name + "' has no label",
                  "add 'label:' (deciding facts beneath it are shown under this name)");
        auto [it, inserted] = names_.emplace(d.name, NameRef{NameRef::K::kDerived, static_cast<int>(rs_->derived.size())});
        if (!inserted) Error("E2003", k, "derived value '" + d.name + "' has the same name as an input or output", "");
        rs_->derived.push_back(d);
        exprs.push_back(e);
        keys.push_back(&k);
      }
    }
    derived_docs_ = keys;
    const std::size_t n = rs_->derived.size();
    derived_types_.assign(n, Type{});
    // Order by dependencies (parsed identifiers), reporting cycles.
    std::vector<std::vector<int>> deps(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!exprs[i] || !exprs[i]->is_scalar()) continue;
      Ast ast;
      ParseError perr;
      if (!ParseExpression(exprs[i]->scalar, &ast, &perr)) continue;
      std::vector<std::string> idents;
      CollectIdents(ast, &idents);
      for (const auto& id : idents) {
        auto it = names_.find(id);
        if (it != names_.end() && it->second.k == NameRef::K::kDerived) deps[i].push_back(it->second.index);
      }
    }
    // Depth-first, with an explicit stack (a chain of thousands of derived
    // values must not exhaust the call stack); `height` is the longest chain
    // of derived values below each one, bounded so that lazy evaluation of a
    // derived value (which evaluates the ones it reads first) stays bounded too.
    std::vector<int> state(n, 0), order, height(n, 1);
    std::vector<int> stack;
    bool too_deep = false;
    for (std::size_t root = 0; root < n && !too_deep; ++root) {
      if (state[root] != 0) continue;
      std::vector<std::pair<int, std::size_t>> work{{static_cast<int>(root), 0}};  // (node, next dependency)
      state[root] = 1;
      stack.push_back(static_cast<int>(root));
      while (!work.empty()) {
        auto& [i, next] = work.back();
        const auto& di = deps[static_cast<std::size_t>(i)];
        if (next < di.size()) {
          const int d = di[next++];
          if (state[static_cast<std::size_t>(d)] == 1) {
            auto it = std::find(stack.begin(), stack.end(), d);
            std::string cycle;
            for (; it != stack.end(); ++it) cycle += rs_->derived[static_cast<std::size_t>(*it)].name + " -> ";
            cycle += rs_->derived[static_cast<std::size_t>(d)].name;
            Error("E2004", *keys[static_cast<std::size_t>(d)], "derived values depend on each other in a cycle: " + cycle,
                  "break the cycle; each derived value is computed once per evaluation, from the values it reads");
          } else if (state[static_cast<std::size_t>(d)] == 0) {
            state[static_cast<std::size_t>(d)] = 1;
            stack.push_back(d);
            work.emplace_back(d, 0);
          }
          continue;
        }
        const std::size_t done = static_cast<std::size_t>(i);
        for (int d : di)
          if (state[static_cast<std::size_t>(d)] == 2) height[done] = std::max(height[done], height[static_cast<std::size_t>(d)] + 1);
        if (height[done] > kMaxDerivedDepth) {
          Error("E1009", *keys[done],
                fmt::format("derived value '{}' is computed from a chain of more than {} derived values",
                            rs_->derived[done].name, kMaxDerivedDepth),
                "compute it more directly; derived values built on derived values must stay within the limit");
          too_deep = true;
          break;
        }
        state[done] = 2;
        order.push_back(i);
        stack.pop_back();
        work.pop_back();
      }
    }
    if (order.size() != n) return false;
    derived_inputs_.assign(n, {});
    for (int i : order) {
      if (!exprs[static_cast<std::size_t>(i)]) continue;
      current_rule_ = "derived/" + rs_->derived[static_cast<std::size_t>(i)].name;
      ExprEnv env = Env(false);
      Type t;
      int node = Expr(*exprs[static_cast<std::size_t>(i)], env, nullptr, &t);
      rs_->derived[static_cast<std::size_t>(i)].root = node;
      derived_types_[static_cast<std::size_t>(i)] = node >= 0 ? t : Type{};
      auto& ins = derived_inputs_[static_cast<std::size_t>(i)];
      ins = env.inputs_read;
      for (int d : env.derived_read) {
        const auto& more = derived_inputs_[static_cast<std::size_t>(d)];
        ins.insert(ins.end(), more.begin(), more.end());
      }
      // Each input once: a long chain of derived values would otherwise
      // repeat the inputs below it at every level (quadratic).
      std::sort(ins.begin(), ins.end());
      ins.erase(std::unique(ins.begin(), ins.end()), ins.end());
      for (int d : env.derived_read) derived_used_.insert(d);
    }
    current_rule_.clear();
    // Evaluate in dependency order: reorder the derived table and renumber.
    std::vector<Derived> sorted;
    std::vector<int> new_index(n);
    for (std::size_t k = 0; k < order.size(); ++k) {
      new_index[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
      sorted.push_back(rs_->derived[static_cast<std::size_t>(order[k])]);
    }
    for (auto& node : rs_->nodes)
      if (node.op == Op::kDerived) node.ref = static_cast<std::uint32_t>(new_index[node.ref]);
    for (auto& [name, ref] : names_)
      if (ref.k == NameRef::K::kDerived) ref.index = new_index[static_cast<std::size_t>(ref.index)];
    std::vector<Type> types(n);
    std::vector<std::vector<int>> inputs(n);
    std::vector<const Doc*> docs(n);
    for (std::size_t i = 0; i < n; ++i) {
      types[static_cast<std::size_t>(new_index[i])] = derived_types_[i];
      inputs[static_cast<std::size_t>(new_index[i])] = derived_inputs_[i];
      docs[static_cast<std::size_t>(new_index[i])] = keys[i];
    }
    std::set<int> used;
    for (int u : derived_used_) used.insert(new_index[static_cast<std::size_t>(u)]);
    derived_used_ = used;
    derived_types_ = types;
    derived_inputs_ = inputs;
    derived_docs_ = docs;
    rs_->derived = std::move(sorted);
    return true;
  }

  std::vector<int> InputsOf(const ExprEnv& env) {
    std::vector<int> ins = env.inputs_read;
    for (int d : env.derived_read) {
      derived_used_.insert(d);
      const auto& more = derived_inputs_[static_cast<std::size_t>(d)];
      ins.insert(ins.end(), more.begin(), more.end());
    }
    std::sort(ins.begin(), ins.end());
    ins.erase(std::unique(ins.begin(), ins.end()), ins.end());
    return ins;
  }

  void Steps() {
    const Doc* steps = Section("steps");
    if (!steps) {
      Add("E1005", Severity::kError, SourceLocation{rs_->source_dir, 0, 0}, "", "the rule set has no 'steps' section", "");
      return;
    }
    std::map<std::string, const Doc*> ids;
    // First pass: rule ids, so that duplicates are reported with both places.
    for (const Doc& step : Seq(*steps, "steps")) {
      if (!step.is_map()) continue;
      auto note_id = [&](const Doc* id_doc) {
        if (!id_doc || !id_doc->is_scalar()) return;
        auto [it, inserted] = ids.emplace(id_doc->scalar, id_doc);
        if (!inserted)
          Error("E2001", *id_doc, "duplicate id '" + id_doc->scalar + "' (first used at line " + std::to_string(it->second->line) + ")",
                "rule and step ids must be unique within a rule set");
      };
      note_id(step.Get("id"));
      if (const Doc* rules = step.Get("rules"))
        if (rules->is_seq())
          for (const Doc& rule : rules->items)
            if (rule.is_map()) {
              note_id(rule.Get("id"));
              if (const Doc* rid = rule.Get("id"); rid && rid->is_scalar()) all_rule_ids_.insert(rid->scalar);
            }
    }
    for (const Doc& step_doc : Seq(*steps, "steps")) {
      if (!IsMap(step_doc, "a step")) continue;
      Step step;
      const Doc* step_id_doc = step_doc.Get("id");
      current_rule_ = step_id_doc && step_id_doc->is_scalar() ? step_id_doc->scalar : std::string();
      CheckKeys(step_doc, {"id", "title", "hit", "when", "final", "actions", "rules", "description"}, "a step");
      if (const Doc* id = Required(step_doc, "id", "a step")) Str(*id, &step.id);
      step.title = Text(step_doc.Get("title"));
      if (const Doc* hit = Required(step_doc, "hit", "step " + step.id)) {
        if (hit->scalar == "first") {
          step.hit = HitPolicy::kFirst;
        } else if (hit->scalar == "collect") {
          step.hit = HitPolicy::kCollect;
        } else {
          Error("E1007", *hit, "unknown hit policy '" + hit->scalar + "'",
                "use 'first' (the first rule whose condition is true wins) or 'collect' (every true rule fires)");
        }
      }
      if (const Doc* f = step_doc.Get("final")) Bool(*f, &step.final);
      if (const Doc* w = step_doc.Get("when")) {
        ExprEnv env = Env(true);
        step.when = Condition(*w, env);
      }
      step.actions_begin = static_cast<std::uint32_t>(rs_->actions.size());
      if (const Doc* acts = step_doc.Get("actions")) Actions(*acts);
      step.actions_end = static_cast<std::uint32_t>(rs_->actions.size());
      step.rules_begin = static_cast<std::uint32_t>(rs_->rules.size());
      bool unconditional_seen = false;
      std::string unconditional_id;
      if (const Doc* rules = step_doc.Get("rules")) {
        for (const Doc& rule_doc : Seq(*rules, "rules")) {
          if (!IsMap(rule_doc, "a rule")) continue;
          Rule rule;
          rule.location = rule_doc.location();
          rule.info.step_id = step.id;
          const Doc* rule_id_doc = rule_doc.Get("id");
          current_rule_ = rule_id_doc && rule_id_doc->is_scalar() ? rule_id_doc->scalar : std::string();
          CheckKeys(rule_doc, {"id", "title", "when", "then", "rationale", "cite", "evidence", "description"}, "a rule");
          if (const Doc* id = Required(rule_doc, "id", "a rule")) Str(*id, &rule.info.id);
          if (unconditional_seen && step.hit == HitPolicy::kFirst)
            Error("E2005", rule_doc, "rule '" + rule.info.id + "' can never fire: rule '" + unconditional_id +
                                         "' before it in this first-match step always fires",
                  "move the unconditional rule to the end of the step, or give it a condition");
          rule.info.title = Text(rule_doc.Get("title"));
          if (const Doc* r = Required(rule_doc, "rationale", "rule " + rule.info.id)) Str(*r, &rule.info.rationale);
          if (const Doc* e = Required(rule_doc, "evidence", "rule " + rule.info.id)) {
            Str(*e, &rule.info.evidence);
            CheckEvidence(*e, rule.info.evidence);
          }
          if (const Doc* c = Required(rule_doc, "cite", "rule " + rule.info.id)) {
            for (const Doc& key : Seq(*c, "cite")) {
              std::string k;
              if (!Str(key, &k)) continue;
              auto it = std::find_if(rs_->bibliography.begin(), rs_->bibliography.end(), [&](const auto& p) { return p.first == k; });
              if (it == rs_->bibliography.end()) {
                std::vector<std::string> keys;
                for (const auto& p : rs_->bibliography) keys.push_back(p.first);
                Error("E2008", key, "unknown citation key '" + k + "'", ClosestHint(k, keys));
              } else {
                rule.info.citations.push_back({it->first, it->second});
                cited_.insert(k);
              }
            }
            if (c->is_seq() && c->items.empty()) Error("E1005", *c, "rule '" + rule.info.id + "' cites no source", "every rule names at least one bibliography key");
          }
          const Doc* when = rule_doc.Get("when");
          bool unconditional = !when || (when->is_scalar() && when->scalar == "true");
          if (when && !unconditional) {
            ExprEnv env = Env(true);
            rule.when = Condition(*when, env);
            rule.inputs_read = InputsOf(env);
          }
          if (unconditional) {
            unconditional_seen = true;
            unconditional_id = rule.info.id;
          }
          rule_index_[rule.info.id] = static_cast<int>(rs_->rules.size());
          rule.actions_begin = static_cast<std::uint32_t>(rs_->actions.size());
          if (const Doc* then = Required(rule_doc, "then", "rule " + rule.info.id)) Actions(*then);
          rule.actions_end = static_cast<std::uint32_t>(rs_->actions.size());
          rs_->rule_infos.push_back(rule.info);
          rs_->rules.push_back(std::move(rule));
        }
      }
      step.rules_end = static_cast<std::uint32_t>(rs_->rules.size());
      rs_->steps.push_back(std::move(step));
    }
    current_rule_.clear();
  }

  // The `report:` section: texts shown when their condition holds.
  void Report() {
    const Doc* rep = Section("report");
    if (!rep || !IsMap(*rep, "report")) return;
    CheckKeys(*rep, {"notices"}, "the report section");
    const Doc* list = rep->Get("notices");
    if (!list) return;
    std::set<std::string> ids;
    for (const Doc& item : Seq(*list, "notices")) {
      if (!IsMap(item, "a notice")) continue;
      CheckKeys(item, {"id", "placement", "when", "title", "text", "summary", "alert", "cite"}, "a notice");
      CompiledNotice compiled;
      sitbone::Notice& n = compiled.notice;
      if (const Doc* id = Required(item, "id", "a notice")) {
        Str(*id, &n.id);
        if (!ids.insert(n.id).second) Error("E2001", *id, "duplicate notice id '" + n.id + "'", "");
      }
      n.placement = "plan";
      if (const Doc* p = item.Get("placement")) {
        Str(*p, &n.placement);
        if (n.placement != "now" && n.placement != "plan" && n.placement != "assessment")
          Error("E1007", *p, "placement '" + Clip(n.placement) + "' is not one of now, plan, assessment", "");
      }
      n.title = Text(item.Get("title"));
      n.alert = n.placement == "now";
      if (const Doc* a = item.Get("alert")) Bool(*a, &n.alert);
      if (const Doc* t = Required(item, "text", "notice " + n.id)) n.text = FillThresholds(*t);
      if (const Doc* t = item.Get("summary")) n.summary = FillThresholds(*t);
      if (const Doc* w = item.Get("when")) {
        ExprEnv env = Env(true);
        compiled.when = Condition(*w, env);
      }
      if (const Doc* c = item.Get("cite"))
        for (const Doc& key : Seq(*c, "cite")) {
          auto it = std::find_if(rs_->bibliography.begin(), rs_->bibliography.end(),
                                 [&](const auto& b) { return b.first == key.scalar; });
          if (it == rs_->bibliography.end()) {
            Error("E2008", key, "unknown citation key '" + Clip(key.scalar) + "'", "");
            continue;
          }
          cited_.insert(key.scalar);
          n.citations.push_back({it->first, it->second});
        }
      rs_->notices.push_back(std::move(compiled));
    }
  }

  // "{$key}" in a text becomes the value of threshold `key` (overrides
  // included), so that the numbers a clinician reads are the ones applied.
  std::string FillThresholds(const Doc& d) {
    std::string out;
    if (!Str(d, &out)) return out;
    std::string filled;
    std::size_t at = 0;
    for (std::size_t open; (open = out.find("{$", at)) != std::string::npos;) {
      const std::size_t close = out.find('}', open);
      if (close == std::string::npos) break;
      const std::string key = out.substr(open + 2, close - open - 2);
      filled += out.substr(at, open - at);
      auto it = std::find_if(rs_->thresholds.begin(), rs_->thresholds.end(), [&](const Threshold& t) { return t.key == key; });
      if (it == rs_->thresholds.end()) {
        Error("E2002", d, "unknown threshold '{$" + Clip(key) + "}' in the text", "");
      } else {
        threshold_used_[static_cast<std::size_t>(it - rs_->thresholds.begin())] = true;
        filled += FormatNumber(it->value);
      }
      at = close + 1;
    }
    return filled + out.substr(at);
  }

  // Per input field, the constants it is compared with directly.
  void CutPoints() {
    rs_->cut_points.assign(rs_->schema ? rs_->schema->size() : 0, {});
    for (const Node& n : rs_->nodes) {
      if (n.op != Op::kCompareConst || n.constant.kind != Kind::kNumber) continue;
      const Node& x = rs_->nodes[rs_->args[n.args]];
      if (x.op == Op::kInput && x.ref < rs_->cut_points.size()) rs_->cut_points[x.ref].push_back(n.constant.number);
    }
    for (auto& points : rs_->cut_points) {
      std::sort(points.begin(), points.end());
      points.erase(std::unique(points.begin(), points.end()), points.end());
    }
  }

  void Actions(const Doc& list) {
    for (const Doc& item : Seq(list, "actions")) {
      if (!IsMap(item, "an action")) continue;
      CheckKeys(item, {"set", "append", "remove", "missing", "stop", "if"}, "an action");
      int guard = -1;
      if (const Doc* g = item.Get("if")) {
        ExprEnv env = Env(true);
        guard = Condition(*g, env);
      }
      int kinds = 0;
      for (const char* k : {"set", "append", "remove", "missing", "stop"}) kinds += item.Get(k) ? 1 : 0;
      if (kinds != 1) {
        Error("E1007", item, "an action has exactly one of set, append, remove, missing, stop (plus an optional 'if')", "");
        continue;
      }
      Action base;
      base.guard = guard;
      base.location = item.location();
      if (const Doc* s = item.Get("stop")) {
        bool b = false;
        if (Bool(*s, &b) && b) {
          base.kind = ActionKind::kStop;
          rs_->actions.push_back(base);
        }
        continue;
      }
      if (const Doc* m = item.Get("missing")) {
        base.kind = ActionKind::kMissing;
        for (const Doc& name : Seq(*m, "missing")) {
          std::string text;
          if (Str(name, &text)) base.missing.push_back(MissingIndex(name, text));
        }
        if (!base.missing.empty()) rs_->actions.push_back(base);
        continue;
      }
      ActionKind kind = item.Get("set") ? ActionKind::kSet : item.Get("append") ? ActionKind::kAppend : ActionKind::kRemove;
      const Doc& body = *item.Get(kind == ActionKind::kSet ? "set" : kind == ActionKind::kAppend ? "append" : "remove");
      if (!IsMap(body, "the action")) continue;
      for (const auto& [k, v] : body.entries) {
        auto it = names_.find(k.scalar);
        if (it == names_.end() || it->second.k != NameRef::K::kOutput) {
          std::vector<std::string> outs;
          for (const auto& o : rs_->outputs) outs.push_back(o.name);
          Error(it == names_.end() ? "E2002" : "E2011", k,
                it == names_.end() ? "unknown output '" + k.scalar + "'" : "'" + k.scalar + "' is not an output; only outputs can be set",
                ClosestHint(k.scalar, outs));
          continue;
        }
        const Output& out = rs_->outputs[static_cast<std::size_t>(it->second.index)];
        if ((out.type == OutputType::kEnum || out.type == OutputType::kList) && out.domain < 0) continue;  // reported already
        if ((kind == ActionKind::kSet) == (out.type == OutputType::kList)) {
          Error("E2011", k, kind == ActionKind::kSet ? "'" + out.name + "' is a list: use append or remove"
                                                     : "'" + out.name + "' is not a list: use set",
                "");
          continue;
        }
        Type expected;
        switch (out.type) {
          case OutputType::kBool: expected.k = Type::K::kBool; break;
          case OutputType::kInt:
          case OutputType::kNumber: expected.k = Type::K::kNumber; break;
          case OutputType::kEnum:
          case OutputType::kList: expected.k = Type::K::kSymbol; expected.domain = out.domain; break;
        }
        std::vector<const Doc*> exprs;
        if (v.is_seq()) {
          if (kind == ActionKind::kSet) Error("E1003", v, "set takes one expression", "");
          for (const Doc& e : v.items) exprs.push_back(&e);
        } else {
          exprs.push_back(&v);
        }
        for (const Doc* e : exprs) {
          ExprEnv env = Env(true);
          Type t;
          int node = Expr(*e, env, &expected, &t);
          if (node < 0) continue;
          if (t.k != Type::K::kNull && (t.k != expected.k || t.domain != expected.domain)) {
            Error("E3002", *e, "'" + out.name + "' takes " + TypeName(expected, *rs_) + " but this is " + TypeName(t, *rs_), "");
            continue;
          }
          if (!out.nullable && MayBeUnknown(node)) {
            Error("E2006", *e,
                  t.k == Type::K::kNull ? "output '" + out.name + "' cannot be null"
                                        : "output '" + out.name + "' cannot be null, but this expression can be unknown",
                  "give a value that is always known, e.g. coalesce(x, fallback) or if(is_true(c), a, b)");
            continue;
          }
          const Node& n = rs_->nodes[static_cast<std::size_t>(node)];
          if (n.op == Op::kConst && !n.constant.is_null() && !out.allowed_numbers.empty() &&
              std::find(out.allowed_numbers.begin(), out.allowed_numbers.end(), n.constant.number) == out.allowed_numbers.end())
            Error("E2006", *e, e->scalar + " is not an allowed value of output '" + out.name + "'", "");
          Action a = base;
          a.kind = kind;
          a.output = it->second.index;
          a.expr = node;
          rs_->actions.push_back(a);
        }
      }
    }
  }

  // Conservative: false only when the expression can never be unknown.
  bool MayBeUnknown(int node) const {
    const Node& n = rs_->nodes[static_cast<std::size_t>(node)];
    const std::uint32_t* a = rs_->args.data() + n.args;
    auto any = [&](std::uint16_t from) {
      for (std::uint16_t k = from; k < n.argc; ++k)
        if (MayBeUnknown(static_cast<int>(a[k]))) return true;
      return false;
    };
    switch (n.op) {
      case Op::kConst: return n.constant.is_null();
      case Op::kInput: return !rs_->schema->field(n.ref).default_number.has_value();
      case Op::kDerived: {
        int root = rs_->derived[n.ref].root;
        return root < 0 || MayBeUnknown(root);
      }
      case Op::kOutput: {
        const Output& o = rs_->outputs[n.ref];
        return o.nullable;
      }
      case Op::kKnown: case Op::kCount: case Op::kIsTrue: case Op::kIsFalse: case Op::kIsUnknown:
      case Op::kFired: return false;
      case Op::kContains: return MayBeUnknown(static_cast<int>(a[1]));
      case Op::kCoalesce: {
        for (std::uint16_t k = 0; k < n.argc; ++k)
          if (!MayBeUnknown(static_cast<int>(a[k]))) return false;
        return true;
      }
      case Op::kDiv: return true;  // division by zero is unknown
      case Op::kQualified: return MayBeUnknown(static_cast<int>(a[0]));
      default: return any(0);
    }
  }

  int MissingIndex(const Doc& at, const std::string& text) {
    auto it = missing_index_.find(text);
    if (it != missing_index_.end()) return it->second;
    MissingItem item;
    item.name = text;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t bar = text.find('|', start);
      std::string part = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      int f = rs_->schema->Find(part);
      if (f < 0)
        Error("E2002", at, "'" + part + "' in missing is not an input field", ClosestHint(part, InputNames()));
      else
        item.fields.push_back(f);
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    int index = static_cast<int>(rs_->missing_items.size());
    missing_index_[text] = index;
    rs_->missing_items.push_back(std::move(item));
    return index;
  }
  std::vector<std::string> InputNames() const {
    std::vector<std::string> out;
    for (const auto& f : rs_->schema->fields()) out.push_back(f.name);
    return out;
  }

  // Sorts the missing items by name (the order results list them in) and
  // renumbers the actions.
  void FinishMissingItems() {
    auto& items = rs_->missing_items;
    std::vector<int> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return items[static_cast<std::size_t>(a)].name < items[static_cast<std::size_t>(b)].name; });
    std::vector<int> new_index(items.size());
    std::vector<MissingItem> sorted;
    for (std::size_t k = 0; k < order.size(); ++k) {
      new_index[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
      sorted.push_back(items[static_cast<std::size_t>(order[k])]);
    }
    for (auto& a : rs_->actions)
      for (auto& m : a.missing) m = new_index[static_cast<std::size_t>(m)];
    items = std::move(sorted);
  }

  void Warnings() {
    for (std::size_t i = 0; i < rs_->thresholds.size(); ++i)
      if (!threshold_used_[i])
        Warn("W2001", *threshold_docs_[i], "threshold '" + rs_->thresholds[i].key + "' is never used", "remove it or reference it as $" + rs_->thresholds[i].key);
    for (const auto& [key, doc] : bib_docs_)
      if (!cited_.count(key)) Warn("W2002", *doc, "bibliography entry '" + key + "' is never cited", "cite it from a rule or remove it");
    for (std::size_t i = 0; i < rs_->derived.size(); ++i)
      if (!derived_used_.count(static_cast<int>(i)) && derived_docs_[i] && rs_->derived[i].root >= 0 && !ReferencedByRule(static_cast<int>(i)))
        Warn("W2003", *derived_docs_[i], "derived value '" + rs_->derived[i].name + "' is never used", "");
  }
  bool ReferencedByRule(int derived) const {
    for (const auto& n : rs_->nodes)
      if (n.op == Op::kDerived && static_cast<int>(n.ref) == derived) return true;
    return false;
  }

  // A rule set without a single rule decides nothing, and would evaluate
  // every assessment to its defaults ("no red flag"): an error, not "ok".
  void NotEmpty() {
    std::size_t rules = 0;
    for (const Step& step : rs_->steps) rules += step.rules_end - step.rules_begin;
    if (rules == 0 && !diags_->HasErrors())
      Add("E1005", Severity::kError, SourceLocation{rs_->source_dir, 0, 0}, "/steps",
          "the rule set has no rules: 'steps' is empty or its steps hold no rules",
          "add at least one step with rules; an empty rule set would give every assessment the defaults");
  }

  void Fingerprint() {
    std::string canon;
    for (const Doc* d : docs_) {
      AppendCanonical(*d, &canon);
      canon.push_back('\n');
    }
    for (const auto& [k, v] : rs_->overrides) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      canon += "override:" + k + "=" + buf + "\n";
    }
    rs_->fingerprint = Sha256Hex(canon);
  }

  const LoadOptions& options_;
  Diagnostics* diags_;
  std::shared_ptr<CompiledRuleSet> rs_;
  SourceSet sources_;
  std::vector<const Doc*> docs_;
  std::map<std::string, const Doc*> sections_;
  std::map<std::string, const Doc*> bib_docs_;
  std::set<std::string> cited_;
  std::vector<const Doc*> input_docs_, output_docs_, threshold_docs_, derived_docs_;
  std::vector<bool> threshold_used_;
  std::unordered_map<std::string, NameRef> names_;
  std::vector<Type> derived_types_;
  std::vector<std::vector<int>> derived_inputs_;
  std::set<int> derived_used_;
  std::unordered_map<std::string, int> rule_index_;
  std::set<std::string> all_rule_ids_;
  std::unordered_map<std::string, int> missing_index_;
  std::string current_rule_;
};

}  // namespace

std::shared_ptr<CompiledRuleSet> CompileRuleSet(const std::string& path, const LoadOptions& options, Diagnostics* diags) {
  Compiler compiler(options, diags);
  return compiler.Compile(path);
}

}  // namespace sitbone::internal
