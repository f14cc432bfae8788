// Builds the clinician report from an Evaluation (docs/reports.md). Everything
// shown comes from the result or the rule set's own texts: output and value
// labels, catalogue texts, notices, rule titles and rationales (written to be
// true for every patient the rule fires for), and the deciding facts, which
// are true of this patient. Nothing is shown by its id.
#include "output/report.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "common/number.h"

namespace sitbone::internal {
namespace {

// "safety_net" -> "Safety net": a catalogue field's name as a heading.
std::string FieldHeading(const std::string& field) {
  std::string s = field;
  for (char& c : s)
    if (c == '_') c = ' ';
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// A list item's catalogue entry: the item id without its qualifiers.
const CatalogEntry* EntryOf(const RuleSet& rules, const RuleSet::OutputPresentation& p, const OutputItem& item) {
  if (p.catalog.empty()) return nullptr;
  return rules.FindCatalogEntry(p.catalog, item.id.substr(0, item.id.find(':')));
}

// The catalogue fields an item shows ("describe:"), in the rule set's order.
// A `description` is the item's own sentence; other fields get a heading.
std::vector<ReportLine> ItemLines(const RuleSet& rules, const RuleSet::OutputPresentation& p, const OutputItem& item,
                                  const std::vector<std::string>& skip = {}) {
  std::vector<ReportLine> lines;
  const CatalogEntry* entry = EntryOf(rules, p, item);
  if (entry == nullptr) return lines;
  for (const auto& f : p.describe) {
    if (std::find(skip.begin(), skip.end(), f) != skip.end()) continue;
    const std::string& text = entry->Get(f);
    if (text.empty()) continue;
    lines.push_back({f == "description" || f == "text" ? "" : FieldHeading(f), text});
  }
  return lines;
}

// References numbered in the order the report first cites them.
class References {
 public:
  // "[1], [4]" for these citations, numbering new ones.
  std::string Cite(const std::vector<Citation>& citations) {
    std::string out;
    for (const auto& c : citations) {
      auto it = std::find_if(cited_.begin(), cited_.end(), [&](const Citation* r) { return r->key == c.key; });
      std::size_t number = static_cast<std::size_t>(it - cited_.begin()) + 1;
      if (it == cited_.end()) cited_.push_back(&c);
      out += (out.empty() ? "[" : ", [") + std::to_string(number) + "]";
    }
    return out;
  }
  ReportSection Section() const {
    ReportSection s;
    s.title = "References";
    for (const Citation* c : cited_) {
      ReportBlock b;
      b.kind = ReportBlock::Kind::kNumbered;
      b.text = c->reference;
      s.blocks.push_back(std::move(b));
    }
    return s;
  }

 private:
  std::vector<const Citation*> cited_;  // they point into the Evaluation
};

class Builder {
 public:
  Builder(const RuleSet& rules, const Evaluation& ev, ReportDetail detail)
      : rules_(rules), ev_(ev), full_(detail == ReportDetail::kFull) {
    for (const auto& [name, value] : ev_.outputs) {
      auto p = rules_.Presentation(name);
      presentation_[name] = p ? *p : RuleSet::OutputPresentation{name, "", "", "", {}, false, "section", 0, false};
    }
    for (const auto& item : ev_.ask_next)
      for (const auto& a : item.answers)
        for (const auto& c : a.changes) {
          changed_by_[c.output].insert(item.field);
          if (c.severity > 0) could_rise_.insert(c.output);
        }
  }

  ReportDocument Build(const std::string& name) {
    ReportDocument doc;
    doc.title = rules_.title();
    doc.assessment = name;
    doc.notice = "Decision support for the treating clinician: it does not replace clinical judgement.";
    doc.sections.push_back(WhatToDoNow());
    if (!ev_.ask_next.empty()) doc.sections.push_back(AskNext());
    for (ReportSection& s : Groups()) doc.sections.push_back(std::move(s));
    if (ReportSection why = Why(); !why.blocks.empty()) doc.sections.push_back(std::move(why));
    if (ReportSection unknown = NotRecorded(); !unknown.blocks.empty()) doc.sections.push_back(std::move(unknown));
    if (ReportSection refs = references_.Section(); !refs.blocks.empty()) doc.sections.push_back(std::move(refs));

    doc.footer = Footer();
    return doc;
  }

 private:
  const RuleSet::OutputPresentation& P(const std::string& output) { return presentation_[output]; }

  // Referrals first (each with how soon, what to do meanwhile and the safety
  // net), then the prompts to act on now, then the headline result, each line
  // saying when unanswered questions could still change it.
  ReportSection WhatToDoNow() {
    ReportSection s;
    s.title = "What to do now";
    for (const auto& [name, value] : ev_.outputs) {
      const auto& p = P(name);
      if (p.report != "action") continue;
      // The most urgent first: by the catalogue's `priority` (1 first), in
      // the result's order among equals and after those with a priority.
      std::vector<const OutputItem*> items;
      for (const auto& item : value.items) items.push_back(&item);
      auto priority = [&](const OutputItem* item) {
        const CatalogEntry* entry = EntryOf(rules_, p, *item);
        const std::string& text = entry ? entry->Get("priority") : std::string();
        return text.empty() ? 1e9 : std::strtod(text.c_str(), nullptr);
      };
      std::stable_sort(items.begin(), items.end(),
                       [&](const OutputItem* a, const OutputItem* b) { return priority(a) < priority(b); });
      for (const OutputItem* item_ptr : items) {
        const OutputItem& item = *item_ptr;
        ReportBlock b;
        b.kind = ReportBlock::Kind::kBullet;
        b.alert = s.alert = true;
        b.lead = "Refer: " + item.label;
        const CatalogEntry* entry = EntryOf(rules_, p, item);
        if (entry != nullptr) b.text = entry->Get("urgency");
        b.lines = ItemLines(rules_, p, item, {"urgency"});
        s.blocks.push_back(std::move(b));
      }
    }
    AddNotices(&s, "now");
    bool open = false;  // a headline line that an unanswered question could change
    const std::size_t result_at = s.blocks.size();
    for (const auto& [name, value] : ev_.outputs) {
      const auto& p = P(name);
      if (p.report != "headline" || (value.is_null() && !full_)) continue;
      ReportBlock b;
      b.kind = ReportBlock::Kind::kBullet;
      b.lead = p.label;
      b.text = ValueText(value);
      if (changed_by_.count(name)) {
        // A severity an answer could raise is a floor, not a reassurance.
        b.text += could_rise_.count(name) ? " so far (not final: it could rise)" : " (not final)";
        open = true;
      }
      s.blocks.push_back(std::move(b));
    }
    if (s.blocks.size() > result_at) {
      ReportBlock result;
      result.lead = "This result";
      s.blocks.insert(s.blocks.begin() + static_cast<std::ptrdiff_t>(result_at), result);
    }
    if (s.blocks.empty()) {
      ReportBlock none;
      none.text = "Nothing to act on before the sections below (the rule set names no referral or headline output).";
      s.blocks.push_back(none);
    }
    if (open) {
      ReportBlock b;
      b.text = "Not final: an answer to a question under Ask next would change it.";
      s.blocks.push_back(std::move(b));
    } else if (!ev_.ask_next_evaluated && s.blocks.size() > result_at) {
      ReportBlock b;
      b.text = "Not checked: this result was evaluated without its explanation, so whether an unanswered "
               "question would change it is not known.";
      s.blocks.push_back(std::move(b));
    }
    return s;
  }

  std::string ValueText(const OutputValue& value) const {
    if (value.kind != OutputValue::Kind::kList) return value.label;
    if (value.items.empty()) return "none";
    std::string text;
    for (const auto& item : value.items) text += (text.empty() ? "" : "; ") + item.label;
    return text;
  }

  void AddNotices(ReportSection* s, const std::string& placement) {
    for (const auto& n : ev_.notices)
      if (n.placement == placement) AddNotice(s, n);
  }

  void AddNotice(ReportSection* s, const Notice& n) {
    ReportBlock b;
    b.lead = n.title;
    b.text = !full_ && !n.summary.empty() ? n.summary : n.text;
    b.alert = n.alert;
    s->alert = s->alert || b.alert;
    if (full_ && !n.citations.empty()) b.lines.push_back({"Sources", references_.Cite(n.citations)});
    s->blocks.push_back(std::move(b));
  }

  // "Red-flag level becomes Urgent (now None)"; for a list, what it gains
  // and loses: "Referrals: adds GP or psychology support".
  static std::string ChangeText(const OutputChange& c) {
    if (c.added.empty() && c.removed.empty()) return c.label + " becomes " + c.to + " (now " + c.from + ")";
    auto joined = [](const std::vector<std::string>& items) {
      std::string text;
      for (std::size_t i = 0; i < items.size(); ++i)
        text += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
      return text;
    };
    std::string text = c.label + ":";
    if (!c.added.empty()) text += " adds " + joined(c.added);
    if (!c.removed.empty()) text += std::string(c.added.empty() ? "" : ",") + " drops " + joined(c.removed);
    return text;
  }

  ReportSection AskNext() {
    ReportSection s;
    s.title = "Ask next";
    s.intro = "Unanswered questions whose answer would change this result, most important first.";
    // The summary shows eight questions, and always every safety question
    // (those of the first rank, such as the red-flag screen).
    std::size_t shown = full_ ? ev_.ask_next.size() : std::min<std::size_t>(ev_.ask_next.size(), 8);
    const int first_rank = ev_.ask_next.empty() ? 0 : ev_.ask_next.front().rank;
    while (shown < ev_.ask_next.size() && ev_.ask_next[shown].rank == first_rank) ++shown;
    for (std::size_t i = 0; i < shown; ++i) {
      const AskNextItem& item = ev_.ask_next[i];
      ReportBlock b;
      b.kind = ReportBlock::Kind::kNumbered;
      b.lead = item.question.empty() ? item.label : item.question;
      // Answers that change the same things are one line ("If 12 weeks or
      // 12.5 weeks: ...").
      std::vector<std::pair<std::string, std::string>> answers;  // labels, change
      for (const auto& a : item.answers) {
        std::string change;
        const std::size_t n = full_ ? a.changes.size() : 1;
        for (std::size_t k = 0; k < n; ++k) change += (k == 0 ? "" : "; ") + ChangeText(a.changes[k]);
        if (n < a.changes.size())
          change += a.changes.size() - n == 1 ? "; and 1 more decision changes"
                                              : "; and " + std::to_string(a.changes.size() - n) + " more decisions change";
        auto same = std::find_if(answers.begin(), answers.end(), [&](const auto& x) { return x.second == change; });
        if (same != answers.end()) {
          same->first += " or " + a.label;
        } else {
          answers.emplace_back(a.label, change);
        }
      }
      for (const auto& [labels, change] : answers) b.lines.push_back({"If " + labels, change});
      s.blocks.push_back(std::move(b));
    }
    if (shown < ev_.ask_next.size()) {
      ReportBlock more;
      more.text = std::to_string(ev_.ask_next.size() - shown) +
                  " more questions would change the result: the full report (--detail full) lists them.";
      s.blocks.push_back(more);
    }
    return s;
  }

  // The outputs in the groups the rule set declares, groups in the order of
  // their first output; ungrouped outputs last. Notices placed with a group
  // ("plan", "assessment") follow its outputs.
  std::vector<ReportSection> Groups() {
    std::vector<std::string> order;
    std::map<std::string, std::vector<const std::pair<std::string, OutputValue>*>> members;
    for (const auto& entry : ev_.outputs) {
      const auto& p = P(entry.first);
      if (p.report == "action" || p.report == "headline" || (p.report == "full" && !full_)) continue;
      const std::string group = p.group.empty() ? "Other outputs" : p.group;
      if (!members.count(group)) order.push_back(group);
      members[group].push_back(&entry);
    }
    std::stable_partition(order.begin(), order.end(), [](const std::string& g) { return g != "Other outputs"; });
    std::vector<ReportSection> sections;
    for (const auto& group : order) {
      ReportSection s;
      s.title = group;
      for (const auto* entry : members[group]) AddOutput(&s, entry->first, entry->second);
      std::string placement = group;
      std::transform(placement.begin(), placement.end(), placement.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
      AddNotices(&s, placement);
      placed_.push_back(placement);
      if (!s.blocks.empty()) sections.push_back(std::move(s));
    }
    ReportSection other;
    other.title = "Notes";
    for (const auto& n : ev_.notices)
      if (n.placement != "now" && std::find(placed_.begin(), placed_.end(), n.placement) == placed_.end())
        AddNotice(&other, n);
    if (!other.blocks.empty()) sections.push_back(std::move(other));
    return sections;
  }

  void AddOutput(ReportSection* s, const std::string& name, const OutputValue& value) {
    const auto& p = P(name);
    if (value.kind != OutputValue::Kind::kList) {
      if (value.is_null() && !full_) return;
      ReportBlock b;
      b.lead = p.label;
      b.text = value.label;
      s->blocks.push_back(std::move(b));
      return;
    }
    if (value.items.empty()) {
      if (!full_) return;
      ReportBlock b;
      b.lead = p.label;
      b.text = "none";
      s->blocks.push_back(std::move(b));
      return;
    }
    ReportBlock heading;
    heading.lead = p.label;
    s->blocks.push_back(heading);
    for (const auto& item : value.items) {
      ReportBlock b;
      b.kind = ReportBlock::Kind::kBullet;
      b.lead = item.label;
      b.lines = ItemLines(rules_, p, item);
      // The item's own sentence goes beside its label.
      if (!b.lines.empty() && b.lines.front().lead.empty()) {
        b.text = b.lines.front().text;
        b.lines.erase(b.lines.begin());
      }
      s->blocks.push_back(std::move(b));
    }
  }

  const RuleExplanation* Explanation(const std::string& rule_id) const {
    for (const auto& ex : ev_.explanation)
      if (ex.rule_id == rule_id) return &ex;
    return nullptr;
  }

  // Summary: the rule that decided each action and headline output, once,
  // with the facts of its condition. Full: every rule that fired, in order,
  // superseded ones marked, with every deciding fact down to the inputs.
  ReportSection Why() {
    ReportSection s;
    s.title = "Why";
    std::vector<const RuleExplanation*> shown;
    if (full_) {
      s.intro = "Every rule that fired, in order, with the facts that made it fire.";
      for (const auto& ex : ev_.explanation) shown.push_back(&ex);
    } else {
      s.intro = "The rule that decided each line of this result, with the facts that made it fire.";
      // A rule set without headline outputs: the rules that decided any output.
      bool headline = false;
      for (const auto& [name, p] : presentation_) headline = headline || p.report == "action" || p.report == "headline";
      if (!headline) s.intro = "The rules that decided the outputs, with the facts that made them fire.";
      for (const auto& [output, rule] : ev_.decided_by) {
        const std::string& placement = P(output).report;
        if (rule.empty() || (headline && placement != "action" && placement != "headline")) continue;
        const RuleExplanation* ex = Explanation(rule);
        if (ex != nullptr && std::find(shown.begin(), shown.end(), ex) == shown.end()) shown.push_back(ex);
      }
    }
    for (const RuleExplanation* ex : shown) {
      ReportBlock b;
      b.kind = ReportBlock::Kind::kNumbered;
      b.lead = ex->title.empty() ? "Rule " + ex->rule_id : ex->title;
      if (full_) b.lead += " (rule " + ex->rule_id + ")";
      // The rationale is the same for every patient; the summary keeps to
      // the facts of this one.
      if (full_) b.text = ex->rationale;
      if (!ex->superseded_by.empty()) {
        const RuleExplanation* by = Explanation(ex->superseded_by);
        b.lines.push_back({"Replaced by", (by && !by->title.empty() ? by->title : "rule " + ex->superseded_by) +
                                              ": this rule no longer decides anything in the result"});
      }
      // The summary leaves out the earlier rules of a first-match step that
      // did not apply, unless they are the only reason (a fallback rule);
      // it keeps those left undecided (an answer could change them).
      // It also shows the facts directly beneath a derived value, so that
      // "Suspected hamstring avulsion: yes" comes with what made it so.
      const bool own_facts = std::any_of(ex->deciding_facts.begin(), ex->deciding_facts.end(), [](const DecidingFact& f) {
        return f.depth == 0 && f.relation != "did not apply";
      });
      bool skipping = false;  // beneath a fact the summary leaves out
      for (const auto& f : ex->deciding_facts) {
        if (f.depth == 0) skipping = own_facts && f.relation == "did not apply";
        const bool shown_in_summary = !skipping && (f.depth == 0 || (f.depth == 1 && own_facts));
        if (full_ || shown_in_summary) b.lines.push_back({"", f.text, f.depth});
      }
      std::string basis = "evidence " + EvidenceWords(ex->evidence);
      if (full_ && !ex->citations.empty()) basis += "; " + references_.Cite(ex->citations);
      b.lines.push_back({"Basis", basis});
      s.blocks.push_back(std::move(b));
    }
    return s;
  }

  static std::string EvidenceWords(const std::string& code) {
    static const std::map<std::string, std::string> kWords = {
        {"E", "published evidence"}, {"E-ind", "indirect published evidence"}, {"X", "expert opinion"},
        {"P", "sitbone's own proposal"}};
    std::string out;
    std::size_t start = 0;
    while (start <= code.size()) {
      std::size_t end = code.find('/', start);
      std::string part = code.substr(start, end == std::string::npos ? std::string::npos : end - start);
      auto it = kWords.find(part);
      out += (out.empty() ? "" : " and ") + (it == kWords.end() ? part : it->second);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return out;
  }

  // A missing-data item by its labels: "a|b" (either answers it) as
  // "Label a or Label b".
  std::string MissingText(const std::string& item, std::vector<std::string>* fields) const {
    std::string text;
    std::size_t start = 0, alternatives = 0;
    while (start <= item.size()) {
      std::size_t end = item.find('|', start);
      const std::string field = item.substr(start, end == std::string::npos ? std::string::npos : end - start);
      fields->push_back(field);
      const int index = rules_.schema()->Find(field);
      const std::string label = index >= 0 && !rules_.schema()->field(static_cast<std::size_t>(index)).label.empty()
                                    ? rules_.schema()->field(static_cast<std::size_t>(index)).label
                                    : field;
      text += (text.empty() ? "" : " or ") + label;
      ++alternatives;
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return alternatives > 1 ? text + " (either one)" : text;
  }

  // The missing data the rules recorded, once, leaving out what "Ask next"
  // already asks. Answering one of these alone changes no headline output
  // (otherwise "Ask next" would list it).
  ReportSection NotRecorded() {
    ReportSection s;
    s.title = "Not recorded";
    // The claim holds only when "ask next" watches every line of the result.
    bool watched = false;  // true when every action and headline output is watched, and there is one
    for (const auto& [name, value] : ev_.outputs) {
      const auto& p = P(name);
      if (p.report != "action" && p.report != "headline") continue;
      if (p.ask_next == 0) {
        watched = false;
        break;
      }
      watched = true;
    }
    s.intro = watched && ev_.ask_next_evaluated ? "Answering one of these alone does not change the result under What to do now; record them "
                        "to complete the assessment."
                      : "Record these to complete the assessment.";
    for (const auto& item : ev_.missing_data) {
      std::vector<std::string> fields;
      const std::string text = MissingText(item, &fields);
      const bool asked = std::any_of(fields.begin(), fields.end(), [&](const std::string& f) {
        return std::any_of(ev_.ask_next.begin(), ev_.ask_next.end(), [&](const AskNextItem& a) { return a.field == f; });
      });
      if (asked) continue;
      ReportBlock b;
      b.kind = ReportBlock::Kind::kBullet;
      b.text = text;
      s.blocks.push_back(std::move(b));
    }
    return s;
  }

  std::vector<std::string> Footer() const {
    const Provenance& pv = ev_.provenance;
    std::string line = "Rule set " + pv.rule_set_id + " version " + pv.rule_set_version + " (" + pv.rule_set_status +
                       "), fingerprint " + pv.fingerprint.substr(0, 12) + ", sitbone " + pv.engine_version;
    std::vector<std::string> footer = {line + "."};
    // The keys as given to --set (or LoadOptions), so the run can be repeated.
    if (!pv.threshold_overrides.empty()) {
      std::string changed;
      for (const auto& [key, value] : pv.threshold_overrides)
        changed += (changed.empty() ? "" : ", ") + key + " = " + FormatNumber(value);
      footer.push_back("Thresholds changed for this run: " + changed + ".");
    }
    if (!full_)
      footer.push_back("This is the summary. The full report (--detail full) adds every rule that fired with its "
                       "rationale, every question and the references.");
    footer.push_back(rules_.disclaimer());
    return footer;
  }

  const RuleSet& rules_;
  const Evaluation& ev_;
  const bool full_;
  std::map<std::string, RuleSet::OutputPresentation> presentation_;
  std::map<std::string, std::set<std::string>> changed_by_;  // output -> fields whose answer changes it
  std::set<std::string> could_rise_;  // outputs an answer would make more severe
  std::vector<std::string> placed_;
  References references_;
};

}  // namespace

ReportDocument BuildReport(const RuleSet& rules, const Evaluation& evaluation, ReportDetail detail,
                           const std::string& assessment_name) {
  return Builder(rules, evaluation, detail).Build(assessment_name);
}

}  // namespace sitbone::internal

namespace sitbone {

std::string RenderReports(const RuleSet& rules, const std::vector<ReportPart>& parts, const ReportOptions& options) {
  std::vector<internal::ReportDocument> docs;
  for (const auto& part : parts) docs.push_back(internal::BuildReport(rules, *part.evaluation, options.detail, part.name));
  if (options.format == ReportFormat::kHtml) return internal::WriteHtml(docs, options.html_fragment);
  std::string out;
  for (const auto& doc : docs) {
    if (!out.empty()) out += options.format == ReportFormat::kMarkdown ? "\n---\n\n" : "\n" + std::string(72, '=') + "\n\n";
    out += options.format == ReportFormat::kMarkdown ? internal::WriteMarkdown(doc) : internal::WriteText(doc);
  }
  return out;
}

std::string RenderReport(const RuleSet& rules, const Evaluation& evaluation, const ReportOptions& options,
                         const std::string& name) {
  return RenderReports(rules, {ReportPart{name, &evaluation}}, options);
}

std::string RenderText(const RuleSet& rules, const Evaluation& evaluation) {
  return RenderReport(rules, evaluation);
}

}  // namespace sitbone
