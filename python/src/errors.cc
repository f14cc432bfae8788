// The single exception translator of sitbone._core (docs/python.md#exceptions).
// Binding code throws StatusError or RuleSetLoadError (bindings.h); this file
// turns them into the exception classes of sitbone/errors.py, or into OSError
// for file problems. pybind11's own exceptions (TypeError, ...) pass through.
#include <cerrno>
#include <filesystem>

#include "bindings.h"

namespace sitbone::python {
namespace {

const char* SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

py::module_ ErrorsModule() { return py::module_::import("sitbone.errors"); }

void Raise(const py::object& type, const py::object& instance) { PyErr_SetObject(type.ptr(), instance.ptr()); }

void RaiseStatus(const Status& status) {
  const std::string& message = status.message();
  py::object field = status.field().empty() ? py::none() : py::cast(status.field());
  switch (status.code()) {
    case StatusCode::kInvalidInput:
    case StatusCode::kInvalidArgument: {
      py::object type = ErrorsModule().attr("InputError");
      Raise(type, type(message, py::arg("field") = field));
      return;
    }
    case StatusCode::kNotFound:
      PyErr_SetObject(PyExc_FileNotFoundError, py::make_tuple(ENOENT, message).ptr());
      return;
    case StatusCode::kIoError:
      PyErr_SetObject(PyExc_OSError, py::make_tuple(EIO, message).ptr());
      return;
    case StatusCode::kInvalidRuleSet: {
      py::object type = ErrorsModule().attr("RuleSetError");
      Raise(type, type(message, py::arg("diagnostics") = py::list()));
      return;
    }
    default: {
      py::object type = ErrorsModule().attr("EvaluationError");
      Raise(type, type(std::string(StatusCodeName(status.code())) + ": " + message));
      return;
    }
  }
}

// True when the root file of the rule set could not be read: an E1002 error
// with no position (an unreadable *included* file has the position of its
// `include:` entry and stays a RuleSetError).
bool RootUnreadable(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics.items())
    if (d.severity == Severity::kError && d.code == "E1002" && d.location.line == 0) return true;
  return false;
}

void RaiseLoadError(const RuleSetLoadError& e) {
  const Diagnostics& diagnostics = e.diagnostics();
  if (RootUnreadable(diagnostics)) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path root = e.path();
    if (fs::is_directory(root, ec)) root /= "ruleset.yaml";
    std::string message = diagnostics.items().front().message;
    if (!fs::exists(root, ec)) {
      PyErr_SetObject(PyExc_FileNotFoundError, py::make_tuple(ENOENT, message, root.string()).ptr());
    } else {
      PyErr_SetObject(PyExc_OSError, py::make_tuple(EIO, message, root.string()).ptr());
    }
    return;
  }
  std::string text = diagnostics.Format();
  while (!text.empty() && text.back() == '\n') text.pop_back();
  text += "\n" + e.path() + ": invalid rule set: " + std::to_string(diagnostics.ErrorCount()) + " error(s), " +
          std::to_string(diagnostics.size() - diagnostics.ErrorCount()) + " warning(s)";
  py::object type = ErrorsModule().attr("RuleSetError");
  Raise(type, type(text, py::arg("diagnostics") = DiagnosticsToPython(diagnostics), py::arg("path") = e.path()));
}

}  // namespace

py::list DiagnosticsToPython(const Diagnostics& diagnostics) {
  py::object make = ErrorsModule().attr("Diagnostic");
  py::list out;
  for (const Diagnostic& d : diagnostics.items()) {
    Diagnostics one;
    one.Add(d);
    std::string formatted = one.Format();
    while (!formatted.empty() && formatted.back() == '\n') formatted.pop_back();
    out.append(make(py::arg("code") = d.code, py::arg("severity") = SeverityName(d.severity),
                    py::arg("message") = d.message, py::arg("file") = d.location.file,
                    py::arg("line") = d.location.line, py::arg("column") = d.location.column,
                    py::arg("path") = d.path, py::arg("rule_id") = d.rule_id, py::arg("hint") = d.hint,
                    py::arg("formatted") = formatted));
  }
  return out;
}

void BindErrors(py::module_& /*m*/) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      RaiseStatus(e.status());
    } catch (const RuleSetLoadError& e) {
      RaiseLoadError(e);
    }
  });
}

}  // namespace sitbone::python
