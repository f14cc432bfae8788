#include "loader/json_reader.h"

#include <fmt/format.h>

#include <unordered_set>
#include <vector>

namespace sitbone::internal {
namespace {

// Thrown from the parse callback to stop nlohmann/json at a limit.
struct JsonLimit {
  std::string message;
};

}  // namespace

JsonRead ReadBoundedJson(std::string_view text, const ReadLimits& limits, std::string_view unit) {
  JsonRead out;
  // nlohmann keeps the last of repeated keys; a document must not say two
  // things about one field, so repeated keys are found as in YAML (a hash set
  // per open object: linear time).
  std::vector<std::unordered_set<std::string>> keys_seen;
  std::size_t nodes = 0;
  auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start || event == Event::array_start) {
      if (depth >= limits.max_depth)
        throw JsonLimit{fmt::format("objects and arrays nest more than {} deep", limits.max_depth)};
      if (event == Event::object_start) keys_seen.emplace_back();
    }
    if (event == Event::value || event == Event::object_start || event == Event::array_start) {
      if (++nodes > limits.max_nodes)
        throw JsonLimit{fmt::format("the {} has more than {} values", unit, limits.max_nodes)};
    }
    if (event == Event::object_end && !keys_seen.empty()) keys_seen.pop_back();
    if (event == Event::key && !keys_seen.empty()) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (key.size() > limits.max_key_bytes)
        throw JsonLimit{
            fmt::format("a key is {} bytes long, more than the limit of {}", key.size(), limits.max_key_bytes)};
      if (!keys_seen.back().insert(key).second && out.duplicate_key.empty()) out.duplicate_key = key;
    }
    return true;
  };
  try {
    // Strict: anything after the one JSON value (a second object, stray
    // bytes) is a syntax error, not ignored.
    out.doc = nlohmann::json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                                    /*ignore_comments=*/false);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    auto pos = what.find("syntax error");
    out.failure = JsonRead::Failure::kSyntax;
    out.message = pos == std::string::npos ? what : what.substr(pos);
    out.offset = e.byte > 0 ? e.byte - 1 : 0;
  } catch (const nlohmann::json::out_of_range&) {
    // A number too large for a double (1e309, an integer of 400 digits).
    out.failure = JsonRead::Failure::kOutOfRange;
    out.message = "a number is out of range (larger than about 1.8e308)";
  } catch (const nlohmann::json::exception& e) {
    out.failure = JsonRead::Failure::kSyntax;
    out.message = e.what();
  } catch (const JsonLimit& e) {
    out.failure = JsonRead::Failure::kLimit;
    out.message = "limit exceeded: " + e.message;
  }
  return out;
}

}  // namespace sitbone::internal
