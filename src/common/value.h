// The engine's compact value: unknown (null), bool, number or symbol. 24 bytes,
// trivially copyable, so evaluation never allocates.
#ifndef SITBONE_COMMON_VALUE_H_
#define SITBONE_COMMON_VALUE_H_

#include <cstdint>

namespace sitbone::internal {

enum class Kind : std::uint8_t { kNull, kBool, kNumber, kSymbol };

struct Value {
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::uint32_t symbol = 0;      // global symbol id (domain base + ordinal)
  std::uint32_t qualifiers = 0;  // bit i set: the i-th qualifier token applies
  double number = 0;

  static Value Null() { return Value{}; }
  static Value Bool(bool b) {
    Value v;
    v.kind = Kind::kBool;
    v.boolean = b;
    return v;
  }
  static Value Number(double n) {
    Value v;
    v.kind = Kind::kNumber;
    v.number = n;
    return v;
  }
  static Value Symbol(std::uint32_t id, std::uint32_t qualifiers = 0) {
    Value v;
    v.kind = Kind::kSymbol;
    v.symbol = id;
    v.qualifiers = qualifiers;
    return v;
  }

  bool is_null() const { return kind == Kind::kNull; }
  bool is_true() const { return kind == Kind::kBool && boolean; }
  bool is_false() const { return kind == Kind::kBool && !boolean; }
};

// Same kind and payload (used for list membership and equality).
inline bool SameValue(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::kNull: return true;
    case Kind::kBool: return a.boolean == b.boolean;
    case Kind::kNumber: return a.number == b.number;
    case Kind::kSymbol: return a.symbol == b.symbol && a.qualifiers == b.qualifiers;
  }
  return false;
}

}  // namespace sitbone::internal

#endif  // SITBONE_COMMON_VALUE_H_
