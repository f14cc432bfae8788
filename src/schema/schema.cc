#include "sitbone/schema.h"

#include <algorithm>

#include "expr/checker.h"

namespace sitbone {

const char* FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kTri: return "tri";
    case FieldType::kTest: return "test";
    case FieldType::kEnum: return "enum";
    case FieldType::kInt: return "int";
    case FieldType::kNumber: return "number";
  }
  return "?";
}

Schema::Schema(std::vector<FieldSpec> fields) : fields_(std::move(fields)) {
  sorted_.resize(fields_.size());
  for (std::size_t i = 0; i < sorted_.size(); ++i) sorted_[i] = i;
  std::sort(sorted_.begin(), sorted_.end(), [&](std::size_t a, std::size_t b) { return fields_[a].name < fields_[b].name; });
}

int Schema::Find(std::string_view name) const {
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), name,
                             [&](std::size_t i, std::string_view n) { return fields_[i].name < n; });
  if (it == sorted_.end() || fields_[*it].name != name) return -1;
  return static_cast<int>(*it);
}

std::string Schema::Suggest(std::string_view name) const {
  std::vector<std::string> names;
  names.reserve(fields_.size());
  for (const auto& f : fields_) names.push_back(f.name);
  return internal::ClosestName(std::string(name), names);
}

}  // namespace sitbone
