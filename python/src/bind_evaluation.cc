// Binds assessment.h, evaluation.h and render.h: one assessment (a dict of
// field -> Python value) in, one Evaluation out, rendered as text or JSON.
// Adaptation only: Python values go through AssessmentBuilder unchanged, except
// that a float NaN (and pandas.NA) means "unknown", as in a DataFrame.
#include <pybind11/stl.h>

#include <cmath>
#include <limits>

#include "bindings.h"
#include "sitbone/assessment.h"
#include "sitbone/evaluation.h"
#include "sitbone/render.h"
#include "sitbone/rule_set.h"
#include "sitbone/version.h"

namespace sitbone::python {
namespace {

bool IsNumpyBool(py::handle value) {
  // numpy.bool_ is not a subclass of bool; compare by type name and module.
  PyTypeObject* type = Py_TYPE(value.ptr());
  std::string_view name = type->tp_name;
  return name == "numpy.bool_" || name == "numpy.bool";
}

bool IsPandasNA(py::handle value) {
  // pandas.NA is the NAType singleton; check the type name first (cheap), then
  // the identity, and only if pandas is already imported (never imports it).
  std::string_view type_name = Py_TYPE(value.ptr())->tp_name;
  if (type_name.size() < 6 || type_name.substr(type_name.size() - 6) != "NAType") return false;
  PyObject* modules = PyImport_GetModuleDict();
  PyObject* pandas = PyDict_GetItemString(modules, "pandas");
  if (!pandas) return false;
  py::object na = py::getattr(py::handle(pandas), "NA", py::none());
  return !na.is_none() && value.is(na);
}

// Sets one field from a Python value: None / NaN / pandas.NA -> SetNull,
// bool -> SetBool (always rejected, as in JSON), str -> SetText, int and float
// (also numpy scalars) -> SetNumber.
Status SetValue(AssessmentBuilder& builder, const std::string& field, py::handle value) {
  if (PyUnicode_Check(value.ptr())) {
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
    if (!text) throw py::error_already_set();
    return builder.SetText(field, std::string_view(text, static_cast<std::size_t>(size)));
  }
  if (value.is_none() || IsPandasNA(value)) return builder.SetNull(field);
  if (PyBool_Check(value.ptr()) || IsNumpyBool(value)) return builder.SetBool(field, PyObject_IsTrue(value.ptr()) == 1);
  if (PyLong_Check(value.ptr()) || (!PyFloat_Check(value.ptr()) && PyIndex_Check(value.ptr()))) {
    py::int_ i = py::reinterpret_steal<py::int_>(PyNumber_Index(value.ptr()));
    double d = PyLong_AsDouble(i.ptr());
    if (d == -1.0 && PyErr_Occurred()) {  // too large for a double: out of any range
      PyErr_Clear();
      d = std::numeric_limits<double>::infinity();
    }
    return builder.SetNumber(field, d);
  }
  if (PyFloat_Check(value.ptr()) || py::hasattr(value, "__float__")) {
    double d = PyFloat_AsDouble(value.ptr());
    if (d == -1.0 && PyErr_Occurred()) throw py::error_already_set();
    if (std::isnan(d)) return builder.SetNull(field);
    return builder.SetNumber(field, d);
  }
  // Lists, dicts, bytes...: name an unknown field first, as ParseAssessment does.
  if (Status s = builder.SetNull(field); !s.ok()) return s;
  return Status(StatusCode::kInvalidInput,
                "field '" + field + "': a value of type " + std::string(Py_TYPE(value.ptr())->tp_name) +
                    " is not valid; give None, a str or a number",
                field);
}

Assessment BuildAssessment(const RuleSet& rules, const py::dict& assessment) {
  AssessmentBuilder builder(rules.schema());
  for (auto [key, value] : assessment) {
    if (!PyUnicode_Check(key.ptr()))
      throw py::type_error("assessment keys must be field names (str), not " +
                           std::string(Py_TYPE(key.ptr())->tp_name));
    Py_ssize_t size = 0;
    const char* name = PyUnicode_AsUTF8AndSize(key.ptr(), &size);
    if (!name) throw py::error_already_set();
    ThrowIfError(SetValue(builder, std::string(name, static_cast<std::size_t>(size)), value));
  }
  return builder.Build();
}

Evaluation Evaluate(const RuleSet& rules, const py::dict& assessment, bool explain) {
  Assessment a = BuildAssessment(rules, assessment);
  EvaluateOptions options;
  options.explain = explain;
  Result<Evaluation> result = [&] {
    py::gil_scoped_release release;  // RuleSet is immutable; no Python object is touched
    return rules.Evaluate(a, options);
  }();
  return ValueOrThrow(std::move(result));
}

// The message a single assessment would give for `value` in `field`, or None.
py::object CheckValue(const RuleSet& rules, const std::string& field, py::handle value) {
  AssessmentBuilder builder(rules.schema());
  Status s = SetValue(builder, field, value);
  if (s.ok()) return py::none();
  return py::cast(s.message());
}

py::object OutputToPython(const OutputValue& v) {
  switch (v.kind) {
    case OutputValue::Kind::kNull: return py::none();
    case OutputValue::Kind::kBool: return py::bool_(v.boolean);
    case OutputValue::Kind::kInteger: return py::int_(static_cast<long long>(v.number));
    case OutputValue::Kind::kNumber: return py::float_(v.number);
    case OutputValue::Kind::kSymbol: return py::str(v.symbol);
    case OutputValue::Kind::kList: return py::cast(v.items);
  }
  return py::none();
}

}  // namespace

void BindEvaluation(py::module_& m) {
  m.attr("__version__") = kEngineVersion;

  py::class_<OutputItem>(m, "OutputItem", "An item of a list output: its id, label and rendered catalogue fields.")
      .def_readonly("id", &OutputItem::id)
      .def_readonly("label", &OutputItem::label)
      .def_readonly("fields", &OutputItem::fields);

  py::class_<InputRead>(m, "InputRead")
      .def_readonly("field", &InputRead::field)
      .def_readonly("value", &InputRead::value);


  py::class_<DecidingFact>(m, "DecidingFact", "A fact that made a fired rule's condition true (true of the input).")
      .def_readonly("subject", &DecidingFact::subject)
      .def_readonly("label", &DecidingFact::label)
      .def_readonly("relation", &DecidingFact::relation)
      .def_readonly("value", &DecidingFact::value)
      .def_readonly("compared_with", &DecidingFact::compared_with)
      .def_readonly("threshold", &DecidingFact::threshold)
      .def_readonly("depth", &DecidingFact::depth)
      .def_readonly("text", &DecidingFact::text)
      .def("__repr__", [](const DecidingFact& f) { return "<DecidingFact " + f.text + ">"; });

  py::class_<OutputChange>(m, "OutputChange", "How a headline output would change.")
      .def_readonly("output", &OutputChange::output)
      .def_readonly("label", &OutputChange::label)
      .def_readonly("from_", &OutputChange::from)
      .def_readonly("to", &OutputChange::to)
      .def_readonly("added", &OutputChange::added)
      .def_readonly("removed", &OutputChange::removed)
      .def_readonly("severity", &OutputChange::severity)
      .def("__repr__", [](const OutputChange& c) { return "<OutputChange " + c.label + ": " + c.from + " -> " + c.to + ">"; });

  py::class_<AskNextAnswer>(m, "AskNextAnswer", "An answer to an unknown input and what it would change.")
      .def_readonly("value", &AskNextAnswer::value)
      .def_readonly("label", &AskNextAnswer::label)
      .def_readonly("changes", &AskNextAnswer::changes);

  py::class_<AskNextItem>(m, "AskNextItem", "An unknown input whose answer would change a headline output.")
      .def_readonly("field", &AskNextItem::field)
      .def_readonly("label", &AskNextItem::label)
      .def_readonly("question", &AskNextItem::question)
      .def_readonly("rank", &AskNextItem::rank)
      .def_readonly("answers", &AskNextItem::answers)
      .def("__repr__", [](const AskNextItem& i) { return "<AskNextItem " + i.field + " rank " + std::to_string(i.rank) + ">"; });

  py::class_<RuleExplanation>(m, "RuleExplanation", "Why a rule fired.")
      .def_readonly("rule_id", &RuleExplanation::rule_id)
      .def_readonly("step_id", &RuleExplanation::step_id)
      .def_readonly("title", &RuleExplanation::title)
      .def_readonly("rationale", &RuleExplanation::rationale)
      .def_readonly("evidence", &RuleExplanation::evidence)
      .def_readonly("citations", &RuleExplanation::citations)
      .def_readonly("inputs", &RuleExplanation::inputs)
      .def_readonly("deciding_facts", &RuleExplanation::deciding_facts)
      .def_readonly("superseded_by", &RuleExplanation::superseded_by);

  py::class_<BlockedRule>(m, "BlockedRule", "A rule left undecided by unknown inputs.")
      .def_readonly("rule_id", &BlockedRule::rule_id)
      .def_readonly("unknown_inputs", &BlockedRule::unknown_inputs);

  py::class_<Provenance>(m, "Provenance", "Which rule set and engine produced a result.")
      .def_readonly("rule_set_id", &Provenance::rule_set_id)
      .def_readonly("rule_set_version", &Provenance::rule_set_version)
      .def_readonly("rule_set_status", &Provenance::rule_set_status)
      .def_readonly("fingerprint", &Provenance::fingerprint)
      .def_readonly("engine_version", &Provenance::engine_version)
      .def_readonly("threshold_overrides", &Provenance::threshold_overrides);

  py::class_<Evaluation>(m, "Evaluation", "The result of evaluating one assessment.")
      .def_property_readonly("outputs",
                             [](const Evaluation& e) {
                               py::list out;
                               for (const auto& [name, value] : e.outputs)
                                 out.append(py::make_tuple(name, OutputToPython(value)));
                               return out;
                             })
      .def_readonly("missing_data", &Evaluation::missing_data)
      .def_readonly("trace", &Evaluation::trace)
      .def_readonly("explanation", &Evaluation::explanation)
      .def_readonly("blocked", &Evaluation::blocked)
      .def_readonly("unknown_inputs", &Evaluation::unknown_inputs)
      .def_readonly("decided_by", &Evaluation::decided_by)
      .def_readonly("ask_next", &Evaluation::ask_next)
      .def_readonly("provenance", &Evaluation::provenance);

  m.def("evaluate", &Evaluate, py::arg("rules"), py::arg("assessment"), py::arg("explain") = true,
        "Validates a dict of field -> value and evaluates it (the GIL is released while evaluating).");
  m.def("check_value", &CheckValue, py::arg("rules"), py::arg("field"), py::arg("value"),
        "The error a single assessment gives for this value of this field, or None if it is valid.");
  m.def(
      "render_text", [](const RuleSet& r, const Evaluation& e) { return RenderText(r, e); }, py::arg("rules"),
      py::arg("evaluation"));
  m.def(
      "render_json", [](const RuleSet& r, const Evaluation& e, int indent) { return RenderJson(r, e, indent); },
      py::arg("rules"), py::arg("evaluation"), py::arg("indent") = 2);
  m.def(
      "render_report",
      [](const RuleSet& r, const Evaluation& e, const std::string& format, const std::string& detail, bool fragment) {
        ReportOptions options;
        options.html_fragment = fragment;
        if (format == "text") options.format = ReportFormat::kText;
        else if (format == "markdown") options.format = ReportFormat::kMarkdown;
        else if (format == "html") options.format = ReportFormat::kHtml;
        else throw py::value_error("format must be 'text', 'markdown' or 'html', got '" + format + "'");
        if (detail == "summary") options.detail = ReportDetail::kSummary;
        else if (detail == "full") options.detail = ReportDetail::kFull;
        else throw py::value_error("detail must be 'summary' or 'full', got '" + detail + "'");
        return RenderReport(r, e, options);
      },
      py::arg("rules"), py::arg("evaluation"), py::arg("format") = "text", py::arg("detail") = "summary",
      py::arg("fragment") = false);
}

}  // namespace sitbone::python
