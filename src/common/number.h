// The one way sitbone reads and writes numbers in text, so that a number means
// the same in an assessment file, a rule file, a rule-set test, a --set option
// and an expression, and prints the same in every report.
#ifndef SITBONE_COMMON_NUMBER_H_
#define SITBONE_COMMON_NUMBER_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sitbone::internal {

// A decimal number, all of `text`: an optional sign, digits with an optional
// fraction (".5" and "5." too), an optional exponent. No hexadecimal (0x7),
// no inf or nan, no spaces. A number too large for a double reads as +-inf
// (the caller's range check rejects it); true when `text` has this form.
bool ParseDecimal(std::string_view text, double* out);

// The length of the longest decimal number (as above, without a sign) at the
// start of `text`, 0 if none; for the expression tokenizer.
std::size_t DecimalPrefix(std::string_view text);

// The shortest text that reads back as exactly `value` ("7", "6.123456789",
// "0.1", "1e+300"): whole numbers without a fraction.
std::string FormatNumber(double value);

}  // namespace sitbone::internal

#endif  // SITBONE_COMMON_NUMBER_H_
