#include "audit/record.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <ctime>

#include "common/limits.h"
#include "common/sha256.h"
#include "loader/json_reader.h"
#include "loader/text_check.h"
#include "output/json_values.h"

namespace sitbone::internal {
namespace {

using Json = nlohmann::ordered_json;

// The line ends in exactly this field: the writer appends it to the JSON of
// the rest, and the reader strips it to recompute the hash. Defining the hash
// over bytes, not over a re-serialisation, leaves nothing to canonicalise:
// `sed -E 's/,"line_sha256":"[0-9a-f]{64}"\}$/}/' | sha256sum` reproduces it.
constexpr std::string_view kHashFieldPrefix = ",\"line_sha256\":\"";
constexpr std::size_t kHexDigits = 64;
constexpr std::size_t kHashFieldSize = kHashFieldPrefix.size() + kHexDigits + 2;  // + `"}`

Json InputJson(const Assessment& a, const std::vector<bool>& masked) {
  Json input = Json::object();
  const Schema& schema = a.schema();
  for (std::size_t i = 0; i < schema.size(); ++i) {
    const FieldSpec& f = schema.field(i);
    if (!masked.empty() && masked[i]) {
      input[f.name] = kAuditMasked;
    } else if (!a.known(i)) {
      input[f.name] = nullptr;
    } else if (f.type == FieldType::kInt || f.type == FieldType::kNumber) {
      input[f.name] = NumberJson(a.encoded(i));
    } else {
      input[f.name] = a.Display(i);
    }
  }
  return input;
}

bool IsLowerHex(std::string_view s, std::size_t digits) {
  return s.size() == digits && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// "2025-01-31T09:15:02.047Z": the form Rfc3339UtcNow writes.
bool IsRecordTime(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != kShape[i]) return false;
  }
  return true;
}

LineCheck Problem(AuditProblem::Kind kind, std::string message, std::size_t column = 0) {
  LineCheck c;
  c.kind = kind;
  c.column = column;
  c.message = std::move(message);
  return c;
}

// The fields of a record, in the order the writer writes them, and what
// each must be.
enum class Shape { kSeq, kTime, kText, kRuleSet, kHash, kObject, kTextList };
struct FieldRule {
  const char* name;
  Shape shape;
  bool required;
};
constexpr FieldRule kFieldRules[] = {
    {"schema", Shape::kText, true},
    {"seq", Shape::kSeq, true},
    {"time", Shape::kTime, true},
    {"engine_version", Shape::kText, true},
    {"rule_set", Shape::kRuleSet, true},
    {"input_sha256", Shape::kHash, false},
    {"input", Shape::kObject, false},
    {"outputs", Shape::kObject, true},
    {"missing_data", Shape::kTextList, true},
    {"trace", Shape::kTextList, true},
    {"prev", Shape::kHash, true},
    {"line_sha256", Shape::kHash, true},
};

bool IsTextList(const nlohmann::json& v) {
  if (!v.is_array()) return false;
  for (const auto& item : v)
    if (!item.is_string()) return false;
  return true;
}

// Empty when `v` has `shape`, else what it should have been.
std::string ShapeProblem(const nlohmann::json& v, Shape shape) {
  switch (shape) {
    case Shape::kSeq:
      return v.is_number_unsigned() && v.get<std::uint64_t>() >= 1 ? "" : "a whole number from 1";
    case Shape::kTime:
      return v.is_string() && IsRecordTime(v.get_ref<const std::string&>())
                 ? ""
                 : "a UTC time like 2025-01-31T09:15:02.047Z";
    case Shape::kText:
      return v.is_string() ? "" : "text";
    case Shape::kHash:
      return v.is_string() && IsLowerHex(v.get_ref<const std::string&>(), kHexDigits) ? "" : "64 lower-case hex digits";
    case Shape::kObject:
      return v.is_object() ? "" : "an object";
    case Shape::kTextList:
      return IsTextList(v) ? "" : "a list of text";
    case Shape::kRuleSet: {
      if (!v.is_object()) return "an object";
      for (const char* key : {"id", "version", "status", "fingerprint"})
        if (!v.contains(key) || !v[key].is_string()) return fmt::format("an object with the text field '{}'", key);
      for (auto it = v.begin(); it != v.end(); ++it) {
        const std::string& key = it.key();
        if (key == "threshold_overrides" ? !it.value().is_object()
                                         : key != "id" && key != "version" && key != "status" && key != "fingerprint")
          return fmt::format("an object of id, version, status, fingerprint and threshold_overrides (not '{}')", key);
      }
      return "";
    }
  }
  return "";
}

}  // namespace

std::string CanonicalInput(const Assessment& assessment, const std::vector<bool>& masked) {
  return InputJson(assessment, masked).dump(-1, ' ', false, Json::error_handler_t::strict);
}

Result<std::string> BuildRecordLine(const Assessment& assessment, const Evaluation& evaluation,
                                    const RecordContext& context) {
  const Provenance& p = evaluation.provenance;
  std::string body;
  try {
    Json j = Json::object();
    j["schema"] = kAuditSchema;
    j["seq"] = context.seq;
    j["time"] = context.time;
    j["engine_version"] = p.engine_version;
    Json rule_set = Json::object();
    rule_set["id"] = p.rule_set_id;
    rule_set["version"] = p.rule_set_version;
    rule_set["status"] = p.rule_set_status;
    rule_set["fingerprint"] = "sha256:" + p.fingerprint;
    if (!p.threshold_overrides.empty()) {
      Json overrides = Json::object();
      for (const auto& [key, value] : p.threshold_overrides) overrides[key] = NumberJson(value);
      rule_set["threshold_overrides"] = overrides;
    }
    j["rule_set"] = rule_set;
    if (context.input == AuditInput::kHash) {
      j["input_sha256"] = Sha256Hex(CanonicalInput(assessment, {}));
    } else {
      j["input"] = InputJson(assessment, context.masked);
    }
    Json outputs = Json::object();
    for (const auto& [name, value] : evaluation.outputs) outputs[name] = OutputValueJson(value);
    j["outputs"] = outputs;
    j["missing_data"] = evaluation.missing_data;
    j["trace"] = evaluation.trace;
    j["prev"] = context.prev;
    // Strict: every text in a record is valid UTF-8 (inputs, rule files and
    // messages are checked when read), so anything else is a bug, not data.
    body = j.dump(-1, ' ', false, Json::error_handler_t::strict);
  } catch (const std::exception& e) {
    return Status(StatusCode::kInternal, fmt::format("the audit record cannot be serialised: {}", e.what()));
  }
  // `{...}` -> `{...,"line_sha256":"<SHA-256 of {...}>"}`.
  std::string line = body;
  line.pop_back();
  line.append(kHashFieldPrefix);
  line.append(Sha256Hex(body));
  line.append("\"}");
  // What the reader would refuse is never written: the line is checked as
  // VerifyAuditLog will check it (one parse of a short line).
  if (LineCheck check = CheckRecordLine(line); !check.ok)
    return Status(check.kind == AuditProblem::Kind::kTooLong ? StatusCode::kInvalidArgument : StatusCode::kInternal,
                  "the audit record cannot be written: " + check.message);
  return line;
}

LineCheck CheckRecordLine(std::string_view line) {
  const ReadLimits& limits = kAuditRecordLimits;
  if (line.size() + 1 > limits.max_bytes)
    return Problem(AuditProblem::Kind::kTooLong,
                   fmt::format("the line is {} bytes long with its newline, more than the limit of {} bytes for a "
                               "record",
                               line.size() + 1, limits.max_bytes));
  if (TextProblem t = CheckText(line, limits.max_bytes); !t.ok())
    return Problem(AuditProblem::Kind::kNotText, t.message, t.offset + 1);
  JsonRead read = ReadBoundedJson(line, limits, "line");
  if (!read.ok())
    return Problem(AuditProblem::Kind::kNotJson, read.message,
                   read.failure == JsonRead::Failure::kSyntax ? read.offset + 1 : 0);
  const std::string& duplicate = read.duplicate_key;
  const nlohmann::json& doc = read.doc;
  if (!doc.is_object()) return Problem(AuditProblem::Kind::kNotARecord, "not a JSON object");
  if (!duplicate.empty())
    return Problem(AuditProblem::Kind::kNotARecord, fmt::format("the key '{}' appears twice", duplicate));
  auto schema = doc.find("schema");
  if (schema == doc.end() || !schema->is_string())
    return Problem(AuditProblem::Kind::kNotARecord, "no \"schema\" field: not an audit record");
  if (*schema != kAuditSchema)
    return Problem(AuditProblem::Kind::kNotARecord,
                   fmt::format("schema is '{}', not '{}'", schema->get_ref<const std::string&>(), kAuditSchema));
  // Its own hash first: a record whose bytes changed is "altered", whatever
  // the change did to its fields.
  auto hash = doc.find("line_sha256");
  if (hash == doc.end() || !hash->is_string() || !IsLowerHex(hash->get_ref<const std::string&>(), kHexDigits))
    return Problem(AuditProblem::Kind::kNotARecord, "no \"line_sha256\" field of 64 lower-case hex digits");
  const std::size_t field_at = line.size() >= kHashFieldSize ? line.size() - kHashFieldSize : 0;
  if (line.size() < kHashFieldSize + 2 || line.substr(field_at, kHashFieldPrefix.size()) != kHashFieldPrefix ||
      line.substr(line.size() - 2) != "\"}")
    return Problem(AuditProblem::Kind::kAltered,
                   "the line does not end with its \"line_sha256\" field as written: it was reformatted or edited");
  const std::string_view recorded = line.substr(field_at + kHashFieldPrefix.size(), kHexDigits);
  std::string content(line.substr(0, field_at));
  content.push_back('}');
  if (Sha256Hex(content) != recorded)
    return Problem(AuditProblem::Kind::kAltered,
                   "the line does not match its line_sha256: its content was changed after it was written");
  // Then every field, with its shape.
  for (const FieldRule& rule : kFieldRules) {
    auto it = doc.find(rule.name);
    if (it == doc.end()) {
      if (rule.required) return Problem(AuditProblem::Kind::kNotARecord, fmt::format("no \"{}\" field", rule.name));
      continue;
    }
    if (std::string want = ShapeProblem(*it, rule.shape); !want.empty())
      return Problem(AuditProblem::Kind::kNotARecord, fmt::format("\"{}\" must be {}", rule.name, want));
  }
  if (doc.contains("input") == doc.contains("input_sha256"))
    return Problem(AuditProblem::Kind::kNotARecord, "a record holds exactly one of \"input\" and \"input_sha256\"");
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    bool known = false;
    for (const FieldRule& rule : kFieldRules) known = known || it.key() == rule.name;
    if (!known) return Problem(AuditProblem::Kind::kNotARecord, fmt::format("unknown field '{}'", it.key()));
  }
  LineCheck ok;
  ok.ok = true;
  ok.seq = doc["seq"].get<std::uint64_t>();
  ok.prev = doc["prev"].get<std::string>();
  return ok;
}

std::string Rfc3339UtcNow() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
}

}  // namespace sitbone::internal
