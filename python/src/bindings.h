// Shared declarations of the sitbone._core bindings: one Bind* function per
// bind_*.cc file, and the two C++ exceptions that carry sitbone's error
// channels to the single exception translator in errors.cc. The library itself
// never throws (docs/architecture.md#error-model); only this binding layer does,
// and only to hand an error to Python.
#ifndef SITBONE_PYTHON_BINDINGS_H_
#define SITBONE_PYTHON_BINDINGS_H_

#include <pybind11/pybind11.h>

#include <exception>
#include <string>
#include <utility>

#include "sitbone/diagnostic.h"
#include "sitbone/status.h"

namespace sitbone::python {

namespace py = pybind11;

// A failed Status (channel 1). errors.cc maps it by code: kInvalidInput and
// kInvalidArgument -> sitbone.errors.InputError (with .field), kNotFound ->
// FileNotFoundError, kIoError -> OSError, kInvalidRuleSet -> RuleSetError,
// anything else -> EvaluationError.
class StatusError : public std::exception {
 public:
  explicit StatusError(Status status) : status_(std::move(status)), what_(status_.ToString()) {}
  const Status& status() const { return status_; }
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  Status status_;
  std::string what_;
};

// A rule set that did not load (channel 2): all its diagnostics. errors.cc
// raises FileNotFoundError / OSError when the root file itself cannot be read
// (E1002 without a line), else sitbone.errors.RuleSetError with .diagnostics.
class RuleSetLoadError : public std::exception {
 public:
  RuleSetLoadError(std::string path, Diagnostics diagnostics)
      : path_(std::move(path)), diagnostics_(std::move(diagnostics)) {}
  const std::string& path() const { return path_; }
  const Diagnostics& diagnostics() const { return diagnostics_; }
  const char* what() const noexcept override { return "the rule set has errors"; }

 private:
  std::string path_;
  Diagnostics diagnostics_;
};

inline void ThrowIfError(const Status& status) {
  if (!status.ok()) throw StatusError(status);
}

template <typename T>
T ValueOrThrow(Result<T>&& result) {
  if (!result.has_value()) throw StatusError(result.error());
  return std::move(result).value();
}

// sitbone.errors.Diagnostic objects for `diagnostics` (defined in errors.cc,
// used for the warnings of a successful load too). Needs the GIL.
py::list DiagnosticsToPython(const Diagnostics& diagnostics);

void BindErrors(py::module_& m);
void BindRuleSet(py::module_& m);
void BindEvaluation(py::module_& m);
void BindBatch(py::module_& m);

}  // namespace sitbone::python

#endif  // SITBONE_PYTHON_BINDINGS_H_
