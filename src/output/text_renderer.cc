// The clinician-readable report. Outputs are shown in the groups the rule set
// declares (e.g. red flags first), list items with their catalogue text, then
// missing data, the reasons, provenance and the disclaimer.
#include <algorithm>
#include <cstdio>
#include <map>

#include "common/number.h"
#include "sitbone/render.h"

namespace sitbone {
namespace {

std::string Wrap(const std::string& text, std::size_t indent, std::size_t width = 96) {
  std::string out, line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    std::string word = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out + line;
}

std::string Humanise(const std::string& id) {
  std::string s = id;
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

// The notices placed at `placement`, one paragraph each.
std::string Notices(const Evaluation& ev, const std::string& placement) {
  std::string out;
  for (const auto& n : ev.notices) {
    if (n.placement != placement) continue;
    out += "  " + Wrap((n.title.empty() ? "" : n.title + ": ") + n.text, 4) + "\n";
  }
  return out;
}

// The unknown answers that would change a headline output, safety first:
// "Saddle numbness? If yes: Red-flag level becomes emergency (now none)."
std::string AskNext(const Evaluation& ev, std::size_t shown) {
  std::string out;
  std::size_t n = 0;
  for (const auto& item : ev.ask_next) {
    if (n == shown) {
      out += "  ... and " + std::to_string(ev.ask_next.size() - shown) +
             " more questions that would change the result (the JSON result lists all)\n";
      break;
    }
    // The first change is the most important one (changes follow the
    // outputs' order); the rest are counted.
    std::string line = std::to_string(++n) + ". " + (item.question.empty() ? item.label : item.question);
    for (const auto& a : item.answers) {
      const OutputChange& c = a.changes.front();
      line += " If " + a.label + ": " + c.label + " becomes " + c.to + " (now " + c.from + ")";
      if (a.changes.size() > 1) line += ", and " + std::to_string(a.changes.size() - 1) + " more outputs change";
      line += ".";
    }
    out += "  " + Wrap(line, 5) + "\n";
  }
  return out;
}

}  // namespace

std::string RenderText(const RuleSet& rules, const Evaluation& ev) {
  std::string out;
  out += rules.title() + "\n";
  out += "Rule set " + rules.id() + " " + rules.version() + " (" + rules.status() + ")\n";
  out += Wrap("NOTE: " + rules.disclaimer(), 6) + "\n";
  if (const std::string now = Notices(ev, "now"); !now.empty()) out += "\n== Now ==\n" + now;
  if (!ev.ask_next.empty())
    out += "\n== Ask next: answers that would change this result (most important first) ==\n" + AskNext(ev, 8);

  // Group outputs by their declared group, groups in order of first appearance.
  std::vector<std::string> groups;
  std::map<std::string, std::vector<const std::pair<std::string, OutputValue>*>> by_group;
  for (const auto& entry : ev.outputs) {
    auto p = rules.Presentation(entry.first);
    std::string group = p && !p->group.empty() ? p->group : "Other outputs";
    if (!by_group.count(group)) groups.push_back(group);
    by_group[group].push_back(&entry);
  }
  // Ungrouped outputs come last, after the groups the rule set declares.
  std::stable_partition(groups.begin(), groups.end(), [](const std::string& g) { return g != "Other outputs"; });
  for (const auto& group : groups) {
    out += "\n== " + group + " ==\n";
    bool all_empty = std::all_of(by_group[group].begin(), by_group[group].end(), [](const auto* e) {
      return e->second.is_null() || (e->second.kind == OutputValue::Kind::kList && e->second.items.empty());
    });
    if (all_empty && by_group[group].size() > 1) {
      out += "  none: nothing in this section applies to this result\n";
      continue;
    }
    for (const auto* entry : by_group[group]) {
      const auto& [name, value] = *entry;
      auto p = rules.Presentation(name);
      std::string label = p ? p->label : name;
      if (value.kind != OutputValue::Kind::kList) {
        out += "  " + label + ": " + (value.is_null() ? std::string("-") : Humanise(value.ToString())) + "\n";
        continue;
      }
      if (value.items.empty()) {
        out += "  " + label + ": none\n";
        continue;
      }
      out += "  " + label + ":\n";
      for (const auto& item : value.items) {
        std::string line;
        if (!item.fields.empty()) {
          for (const auto& [k, f] : item.fields) line += (line.empty() ? "" : "; ") + k + ": " + Humanise(f);
          line = Wrap(line, 6);
        } else {
          line = item.id;
          const CatalogEntry* entry_text = p && !p->catalog.empty() ? rules.FindCatalogEntry(p->catalog, item.id) : nullptr;
          if (entry_text && p) {
            for (const auto& f : p->describe) {
              const std::string& t = entry_text->Get(f);
              if (!t.empty()) line += "\n" + std::string(8, ' ') + f + ": " + Wrap(t, 10 + f.size());
            }
          }
        }
        out += "    - " + line + "\n";
      }
    }
  }
  for (const char* placement : {"plan", "assessment"})
    if (const std::string text = Notices(ev, placement); !text.empty()) out += "\n== Notes for the " + std::string(placement) + " ==\n" + text;
  out += "\n== Missing data ==\n";
  if (ev.missing_data.empty()) {
    out += "  none recorded\n";
  } else {
    std::string list;
    for (const auto& m : ev.missing_data) list += (list.empty() ? "" : ", ") + m;
    out += "  " + Wrap("Ask or measure (\"a|b\": any one of them): " + list, 4) + "\n";
  }
  if (!ev.unknown_inputs.empty()) {
    std::string list;
    for (const auto& m : ev.unknown_inputs) list += (list.empty() ? "" : ", ") + m;
    std::string undecided;
    for (const auto& b : ev.blocked) undecided += (undecided.empty() ? "" : ", ") + b.rule_id;
    out += "  " + Wrap("Unknown inputs that left rules undecided (" + undecided + "):", 4) + "\n    " + Wrap(list, 4) + "\n";
  }
  out += "\n== Why: the rules that fired, in order ==\n";
  int n = 0;
  std::vector<const Citation*> references;
  for (const auto& ex : ev.explanation) {
    out += "  " + std::to_string(++n) + ". " + ex.rule_id + (ex.title.empty() ? "" : " - " + ex.title) + " [evidence " + ex.evidence + "]\n";
    if (!ex.superseded_by.empty())
      out += "     (replaced by " + ex.superseded_by + ": this rule no longer decides any output)\n";
    out += "     " + Wrap(ex.rationale, 5) + "\n";
    // The facts that decided it (two levels: the condition and what lies
    // directly beneath its derived values), not every value it read.
    for (const auto& f : ex.deciding_facts)
      if (f.depth <= 1) out += std::string(f.depth == 0 ? 5 : 7, ' ') + "- " + Wrap(f.text, f.depth == 0 ? 7 : 9) + "\n";
    std::string keys;
    for (const auto& c : ex.citations) {
      keys += (keys.empty() ? "" : ", ") + c.key;
      if (std::none_of(references.begin(), references.end(), [&](const Citation* r) { return r->key == c.key; }))
        references.push_back(&c);
    }
    if (!keys.empty()) out += "     sources: " + Wrap(keys, 14) + "\n";
  }
  if (ev.explanation.empty() && !ev.trace.empty()) {
    for (const auto& t : ev.trace) out += "  - " + t + "\n";
  }
  if (!references.empty()) {
    std::sort(references.begin(), references.end(), [](const Citation* a, const Citation* b) { return a->key < b->key; });
    out += "\n== References ==\n";
    for (const auto* r : references) out += "  " + Wrap("[" + r->key + "] " + r->reference, 4) + "\n";
  }
  std::string trace;
  for (const auto& t : ev.trace) trace += (trace.empty() ? "" : " > ") + t;
  out += "\nTrace: " + (trace.empty() ? std::string("(no rule fired)") : trace) + "\n";
  out += "Provenance: " + ev.provenance.rule_set_id + " " + ev.provenance.rule_set_version + ", sha256:" +
         ev.provenance.fingerprint.substr(0, 16) + "..., engine sitbone " + ev.provenance.engine_version;
  if (!ev.provenance.threshold_overrides.empty()) {
    out += ", overrides:";
    for (const auto& [k, v] : ev.provenance.threshold_overrides) out += " " + k + "=" + internal::FormatNumber(v);
  }
  out += "\n";
  return out;
}

std::string RenderSchemaMarkdown(const RuleSet& rules) {
  auto esc = [](std::string s) {
    std::string o;
    for (char c : s) o += c == '|' ? std::string("\\|") : std::string(1, c);
    return o;
  };
  std::string out = "# Input fields of " + rules.id() + " " + rules.version() + "\n\n";
  out += "| Field | Type | Unit / values | Range | Description | How obtained |\n|---|---|---|---|---|---|\n";
  for (const auto& f : rules.schema()->fields()) {
    std::string values = f.unit;
    if (f.type == FieldType::kTri) values = "yes, no, unknown";
    if (f.type == FieldType::kTest) values = "positive, negative, unknown";
    if (f.type == FieldType::kEnum) {
      values.clear();
      for (const auto& v : f.values) values += v + ", ";
      values += "unknown";
    }
    std::string range;
    if (f.min) range = internal::FormatNumber(*f.min) + "-" + internal::FormatNumber(f.max.value_or(*f.min));
    if (f.default_number) range += " (default " + internal::FormatNumber(*f.default_number) + ")";
    out += "| `" + f.name + "` | " + FieldTypeName(f.type) + " | " + esc(values) + " | " + range + " | " +
           esc(f.description) + " | " + esc(f.how_obtained) + " |\n";
  }
  return out;
}

}  // namespace sitbone
