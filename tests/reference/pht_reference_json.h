// JSON conversions for the hand-written PHT reference model.
#ifndef SITBONE_TESTS_REFERENCE_PHT_REFERENCE_JSON_H_
#define SITBONE_TESTS_REFERENCE_PHT_REFERENCE_JSON_H_

#include <string_view>

#include <nlohmann/json.hpp>

#include "pht_reference.h"

namespace sitbone::reference {

// Validates `doc` (step 0, V0) and converts it. Throws std::invalid_argument
// naming the field, the offending value and what is allowed when the document
// is not an object, has a key that is not a G1 field, or holds a value the
// field does not accept. null and absent keys both give the field's default.
PhtInput InputFromJson(const nlohmann::json& doc);

// Parses JSON text and then applies InputFromJson. Syntax errors, and numbers
// too large to represent (which the JSON parser cannot hold), are reported as
// std::invalid_argument too, naming the field when it is known.
PhtInput InputFromJsonText(std::string_view text);

// Writes exactly the G3 keys, in G3 order.
nlohmann::ordered_json OutputToJson(const PhtOutput& output);

}  // namespace sitbone::reference

#endif  // SITBONE_TESTS_REFERENCE_PHT_REFERENCE_JSON_H_
