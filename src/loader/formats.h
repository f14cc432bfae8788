// The formats of the short labels of a rule set (ids, versions, dates,
// evidence labels), checked by hand-written linear scanners: std::regex
// recurses once per character and overflows the stack on a long label.
#ifndef SITBONE_LOADER_FORMATS_H_
#define SITBONE_LOADER_FORMATS_H_

#include <string>
#include <string_view>

namespace sitbone::internal {

// [a-z][a-z0-9_-]*, at most kMaxNameBytes.
bool IsRuleSetId(std::string_view s);
// MAJOR.MINOR.PATCH with an optional -prerelease of [0-9A-Za-z.-].
bool IsSemanticVersion(std::string_view s);
// YYYY-MM-DD (digits; the calendar is not checked).
bool IsIsoDate(std::string_view s);
// E, E-ind, X or P, or several joined by '/', '->' or '→' with optional spaces.
bool IsEvidenceLabel(std::string_view s);
// `s` for a message: at most 60 bytes (cut at a UTF-8 character boundary,
// with "..." and the full length when cut).
std::string Clip(std::string_view s);

}  // namespace sitbone::internal

#endif  // SITBONE_LOADER_FORMATS_H_
