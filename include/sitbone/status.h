// Operational errors (channel 1 of docs/architecture.md#error-model): I/O failures,
// invalid assessments and misuse of the API come back as a `Status` inside a
// `Result<T>`. Authoring errors in rule files are *not* reported here; they are
// collected as `Diagnostics` (see diagnostic.h).
#ifndef SITBONE_STATUS_H_
#define SITBONE_STATUS_H_

#include <string>
#include <utility>
#include <variant>

namespace sitbone {

// Stable codes; the CLI maps them to exit codes (docs/cli.md#exit-codes).
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad call from the caller (unknown threshold, wrong rule set)
  kInvalidInput,     // an assessment failed validation against the input schema
  kNotFound,         // a file or named item does not exist
  kIoError,          // a file could not be read or written
  kInvalidRuleSet,   // the rule set has error diagnostics
  kInternal,         // an invariant was broken; please report it
};

// Returns the lower-case name of `code`, e.g. "invalid_input".
const char* StatusCodeName(StatusCode code);

// The outcome of an operation: a code and a human-readable message. For
// kInvalidInput the `field` names the offending input field (may be empty when
// the document as a whole is wrong, e.g. not a JSON object).
class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // "invalid_input: field 'age_years': ..." style one-liner.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

// A value or the Status that explains its absence. Uses the std::expected
// vocabulary (has_value, value, error, *, ->) so that moving to
// std::expected<T, Status> is mechanical once C++23 is allowed.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Status status) : data_(std::in_place_index<1>, std::move(status)) {}  // NOLINT

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  const Status& error() const { return std::get<1>(data_); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace sitbone

#endif  // SITBONE_STATUS_H_
