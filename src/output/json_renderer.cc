// JSON rendering of evaluations and schemas (nlohmann/json, ordered keys).
#include <nlohmann/json.hpp>

#include <cmath>

#include "output/json_values.h"
#include "sitbone/render.h"

namespace sitbone {
namespace {

using Json = nlohmann::ordered_json;

using internal::NumberJson;
using internal::OutputValueJson;

}  // namespace

std::string RenderJson(const RuleSet& rules, const Evaluation& ev, int indent) {
  Json j = Json::object();
  for (const auto& [name, value] : ev.outputs) j[name] = OutputValueJson(value);
  j["missing_data"] = ev.missing_data;
  j["trace"] = ev.trace;
  // Catalogue text for every plain list item that comes from a catalogue
  // (exercises with dosage, avoid items, advice, notes): the result carries
  // the words, not only the ids.
  Json details = Json::object();
  for (const auto& [name, value] : ev.outputs) {
    if (value.kind != OutputValue::Kind::kList) continue;
    auto presentation = rules.Presentation(name);
    if (!presentation || presentation->catalog.empty()) continue;
    Json items = Json::array();
    for (const auto& item : value.items) {
      if (!item.fields.empty()) continue;
      const CatalogEntry* entry = rules.FindCatalogEntry(presentation->catalog, item.id);
      if (!entry) continue;
      Json obj = Json::object();
      obj["id"] = item.id;
      for (const auto& [k, f] : entry->fields) obj[k] = f;
      items.push_back(obj);
    }
    if (!items.empty()) details[name] = items;
  }
  j["details"] = details;
  Json explanation = Json::array();
  for (const auto& ex : ev.explanation) {
    Json e = Json::object();
    e["rule"] = ex.rule_id;
    e["step"] = ex.step_id;
    if (!ex.title.empty()) e["title"] = ex.title;
    e["rationale"] = ex.rationale;
    e["evidence"] = ex.evidence;
    Json inputs = Json::object();
    for (const auto& in : ex.inputs) inputs[in.field] = in.value;
    e["inputs"] = inputs;
    Json cites = Json::array();
    for (const auto& c : ex.citations) cites.push_back(Json{{"key", c.key}, {"reference", c.reference}});
    e["citations"] = cites;
    Json facts = Json::array();
    for (const auto& f : ex.deciding_facts) {
      Json o = Json::object();
      if (!f.subject.empty()) o["subject"] = f.subject;
      o["label"] = f.label;
      o["relation"] = f.relation;
      o["value"] = f.value;
      if (!f.compared_with.empty()) o["compared_with"] = f.compared_with;
      if (!f.threshold.empty()) o["threshold"] = f.threshold;
      o["depth"] = f.depth;
      o["text"] = f.text;
      facts.push_back(o);
    }
    e["deciding_facts"] = facts;
    e["superseded_by"] = ex.superseded_by.empty() ? Json(nullptr) : Json(ex.superseded_by);
    explanation.push_back(e);
  }
  j["explanation"] = explanation;
  Json blocked = Json::array();
  for (const auto& b : ev.blocked) blocked.push_back(Json{{"rule", b.rule_id}, {"unknown_inputs", b.unknown_inputs}});
  j["blocked"] = blocked;
  j["unknown_inputs"] = ev.unknown_inputs;
  Json decided = Json::object();
  for (const auto& [output, rule] : ev.decided_by) decided[output] = rule.empty() ? Json(nullptr) : Json(rule);
  j["decided_by"] = decided;
  Json ask = Json::array();
  for (const auto& item : ev.ask_next) {
    Json answers = Json::array();
    for (const auto& a : item.answers) {
      Json changes = Json::array();
      for (const auto& c : a.changes) {
        Json change{{"output", c.output}, {"label", c.label}, {"from", c.from}, {"to", c.to}};
        if (!c.added.empty() || !c.removed.empty()) {
          change["added"] = c.added;
          change["removed"] = c.removed;
        }
        if (c.severity != 0) change["severity"] = c.severity > 0 ? "higher" : "lower";
        changes.push_back(std::move(change));
      }
      answers.push_back(Json{{"value", a.value}, {"label", a.label}, {"changes", changes}});
    }
    ask.push_back(Json{{"field", item.field}, {"label", item.label}, {"question", item.question},
                       {"rank", item.rank}, {"answers", answers}});
  }
  // null: not computed (no explanation, or ask_next off); []: no unknown
  // answer would change a headline output.
  j["ask_next"] = ev.ask_next_evaluated ? ask : Json(nullptr);
  Json notices = Json::array();
  for (const auto& n : ev.notices) {
    Json cites = Json::array();
    for (const auto& c : n.citations) cites.push_back(Json{{"key", c.key}, {"reference", c.reference}});
    Json notice{{"id", n.id}, {"placement", n.placement}, {"title", n.title}, {"text", n.text}};
    if (!n.summary.empty()) notice["summary"] = n.summary;
    notice["alert"] = n.alert;
    notice["citations"] = cites;
    notices.push_back(std::move(notice));
  }
  j["notices"] = notices;
  Json prov = Json::object();
  prov["rule_set"] = ev.provenance.rule_set_id;
  prov["version"] = ev.provenance.rule_set_version;
  prov["status"] = ev.provenance.rule_set_status;
  prov["fingerprint"] = "sha256:" + ev.provenance.fingerprint;
  prov["engine"] = "sitbone " + ev.provenance.engine_version;
  Json overrides = Json::object();
  for (const auto& [k, v] : ev.provenance.threshold_overrides) overrides[k] = NumberJson(v);
  prov["threshold_overrides"] = overrides;
  j["provenance"] = prov;
  j["disclaimer"] = rules.disclaimer();
  return j.dump(indent);
}

std::string RenderSchemaJson(const RuleSet& rules) {
  Json fields = Json::array();
  for (const auto& f : rules.schema()->fields()) {
    Json o = Json::object();
    o["name"] = f.name;
    o["type"] = FieldTypeName(f.type);
    if (!f.unit.empty()) o["unit"] = f.unit;
    if (f.min) o["range"] = Json::array({NumberJson(*f.min), NumberJson(*f.max)});
    if (!f.values.empty()) o["values"] = f.values;
    if (f.default_number) o["default"] = NumberJson(*f.default_number);
    o["description"] = f.description;
    if (!f.how_obtained.empty()) o["how_obtained"] = f.how_obtained;
    if (!f.label.empty()) o["label"] = f.label;
    if (!f.question.empty()) o["question"] = f.question;
    if (!f.value_labels.empty() && !f.value_labels.front().empty()) {
      Json labels = Json::object();
      for (std::size_t k = 0; k < f.values.size() && k < f.value_labels.size(); ++k) labels[f.values[k]] = f.value_labels[k];
      o["value_labels"] = labels;
    }
    fields.push_back(o);
  }
  Json j = Json::object();
  j["rule_set"] = rules.id();
  j["version"] = rules.version();
  j["fields"] = fields;
  return j.dump(2);
}

}  // namespace sitbone
