// The one bounded JSON reader: nlohmann/json with the limits of a document
// (depth, values, key size), exactly one value (trailing bytes are a syntax
// error) and repeated keys found in linear time. Callers check the text
// first (CheckText) and turn a failure into their own error form.
#ifndef SITBONE_LOADER_JSON_READER_H_
#define SITBONE_LOADER_JSON_READER_H_

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "common/limits.h"

namespace sitbone::internal {

struct JsonRead {
  enum class Failure { kNone, kSyntax, kOutOfRange, kLimit };
  Failure failure = Failure::kNone;
  std::string message;        // why, without a position ("syntax error while parsing value ...")
  std::size_t offset = 0;     // 0-based byte offset of a syntax error
  std::string duplicate_key;  // the first key repeated within one object, if any
  nlohmann::json doc;
  bool ok() const { return failure == Failure::kNone; }
};

// `unit` names the text in limit messages ("document", "line").
JsonRead ReadBoundedJson(std::string_view text, const ReadLimits& limits, std::string_view unit);

}  // namespace sitbone::internal

#endif  // SITBONE_LOADER_JSON_READER_H_
