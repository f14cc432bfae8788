// JSON forms of output values and numbers, shared by every writer of JSON
// (the JSON result, the audit record) so that they agree field by field.
#pragma once

#include <nlohmann/json.hpp>

#include "sitbone/evaluation.h"

namespace sitbone::internal {

// An output as the top level of the JSON result gives it: null, a boolean, a
// number, a symbol, or a list of ids (objects for items with fields).
nlohmann::ordered_json OutputValueJson(const OutputValue& v);

// Whole numbers below 1e15 as JSON integers, every other number as a double.
nlohmann::ordered_json NumberJson(double v);

}  // namespace sitbone::internal
