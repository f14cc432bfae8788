// The engine's compact value: unknown (null), bool, number or symbol. 16 bytes
// and trivially copyable, so it is returned in registers and evaluation never
// allocates.
#ifndef SITBONE_COMMON_VALUE_H_
#define SITBONE_COMMON_VALUE_H_

#include <cstdint>

namespace sitbone::internal {

enum class Kind : std::uint8_t { kNull, kBool, kNumber, kSymbol };

struct Value {
  double number = 0;
  std::uint32_t symbol = 0;      // global symbol id (domain base + ordinal)
  std::uint16_t qualifiers = 0;  // bit i set: the i-th qualifier token applies
  Kind kind = Kind::kNull;
  bool boolean = false;

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
  static constexpr int kMaxQualifiers = 16;
  static Value Symbol(std::uint32_t id, std::uint32_t qualifiers = 0) {
    Value v;
    v.kind = Kind::kSymbol;
    v.symbol = id;
    v.qualifiers = static_cast<std::uint16_t>(qualifiers);
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

static_assert(sizeof(Value) == 16, "Value must stay register-sized");

}  // namespace sitbone::internal

#endif  // SITBONE_COMMON_VALUE_H_
