#include "output/json_values.h"

#include <cmath>

namespace sitbone::internal {

using Json = nlohmann::ordered_json;

Json OutputValueJson(const OutputValue& v) {
  switch (v.kind) {
    case OutputValue::Kind::kNull: return nullptr;
    case OutputValue::Kind::kBool: return v.boolean;
    case OutputValue::Kind::kInteger: return static_cast<long long>(v.number);
    case OutputValue::Kind::kNumber: return v.number;
    case OutputValue::Kind::kSymbol: return v.symbol;
    case OutputValue::Kind::kList: {
      Json list = Json::array();
      for (const auto& item : v.items) {
        if (item.fields.empty()) {
          list.push_back(item.id);
        } else {
          Json obj = Json::object();
          for (const auto& [k, f] : item.fields) obj[k] = f;
          list.push_back(obj);
        }
      }
      return list;
    }
  }
  return nullptr;
}

Json NumberJson(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return static_cast<long long>(v);
  return v;
}

}  // namespace sitbone::internal
