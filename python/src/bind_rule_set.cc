// Binds rule_set.h and schema.h: loading a rule set and reading its metadata,
// input schema, thresholds, rules and output presentation. Adaptation only.
#include <pybind11/stl.h>

#include <memory>

#include "bindings.h"
#include "sitbone/render.h"
#include "sitbone/rule_set.h"
#include "sitbone/schema.h"

namespace sitbone::python {
namespace {

// RuleSet is immutable and shared as shared_ptr<const RuleSet>; pybind11 holders
// cannot be const, so the pointer is cast once here. Only const methods are bound.
std::shared_ptr<RuleSet> Holder(std::shared_ptr<const RuleSet> rules) {
  return std::const_pointer_cast<RuleSet>(std::move(rules));
}

// Loads the rule set; returns it with the warnings of the load, or throws
// RuleSetLoadError carrying every diagnostic.
py::tuple Load(const std::string& path, const std::vector<std::pair<std::string, double>>& overrides,
               bool warnings_as_errors) {
  LoadOptions options;
  options.threshold_overrides = overrides;
  options.warnings_as_errors = warnings_as_errors;
  CompileResult loaded = [&] {
    py::gil_scoped_release release;
    return LoadRuleSet(path, options);
  }();
  if (!loaded.ok()) throw RuleSetLoadError(path, std::move(loaded.diagnostics));
  return py::make_tuple(Holder(loaded.rule_set), DiagnosticsToPython(loaded.diagnostics));
}

py::object OptionalNumber(const std::optional<double>& v) { return v ? py::cast(*v) : py::none(); }

}  // namespace

void BindRuleSet(py::module_& m) {
  py::class_<FieldSpec>(m, "FieldSpec", "One input field of a rule set's schema.")
      .def_readonly("name", &FieldSpec::name)
      .def_property_readonly("type", [](const FieldSpec& f) { return std::string(FieldTypeName(f.type)); })
      .def_readonly("unit", &FieldSpec::unit)
      .def_property_readonly("min", [](const FieldSpec& f) { return OptionalNumber(f.min); })
      .def_property_readonly("max", [](const FieldSpec& f) { return OptionalNumber(f.max); })
      .def_readonly("values", &FieldSpec::values)
      .def_property_readonly("default", [](const FieldSpec& f) { return OptionalNumber(f.default_number); })
      .def_readonly("description", &FieldSpec::description)
      .def_readonly("how_obtained", &FieldSpec::how_obtained);

  py::class_<Threshold>(m, "Threshold", "A named numeric constant of the rule set, with its evidence.")
      .def_readonly("key", &Threshold::key)
      .def_readonly("value", &Threshold::value)
      .def_readonly("authored_value", &Threshold::authored_value)
      .def_readonly("unit", &Threshold::unit)
      .def_readonly("evidence", &Threshold::evidence)
      .def_readonly("source", &Threshold::source)
      .def_readonly("description", &Threshold::description);

  py::class_<Citation>(m, "Citation")
      .def_readonly("key", &Citation::key)
      .def_readonly("reference", &Citation::reference);

  py::class_<RuleInfo>(m, "RuleInfo", "A rule: its id, step, rationale, evidence label and citations.")
      .def_readonly("id", &RuleInfo::id)
      .def_readonly("step_id", &RuleInfo::step_id)
      .def_readonly("title", &RuleInfo::title)
      .def_readonly("rationale", &RuleInfo::rationale)
      .def_readonly("evidence", &RuleInfo::evidence)
      .def_readonly("citations", &RuleInfo::citations);

  using Presentation = RuleSet::OutputPresentation;
  py::class_<Presentation>(m, "OutputPresentation", "How an output is presented in reports.")
      .def_readonly("label", &Presentation::label)
      .def_readonly("group", &Presentation::group)
      .def_readonly("catalog", &Presentation::catalog)
      .def_readonly("description", &Presentation::description)
      .def_readonly("describe", &Presentation::describe)
      .def_readonly("ordered", &Presentation::ordered);

  py::class_<RuleSet, std::shared_ptr<RuleSet>>(
      m, "RuleSet", "A loaded, compiled rule set. Immutable; safe to use from any number of threads.")
      .def_property_readonly("id", &RuleSet::id)
      .def_property_readonly("version", &RuleSet::version)
      .def_property_readonly("status", &RuleSet::status)
      .def_property_readonly("title", &RuleSet::title)
      .def_property_readonly("authors", &RuleSet::authors)
      .def_property_readonly("review_date", &RuleSet::review_date)
      .def_property_readonly("disclaimer", &RuleSet::disclaimer)
      .def_property_readonly("fingerprint", &RuleSet::fingerprint)
      .def_property_readonly("source_dir", &RuleSet::source_dir)
      .def_property_readonly("fields", [](const RuleSet& r) { return r.schema()->fields(); })
      .def_property_readonly("thresholds", &RuleSet::thresholds)
      .def_property_readonly("rules", &RuleSet::rules)
      .def_property_readonly("threshold_overrides", &RuleSet::threshold_overrides)
      .def_property_readonly("output_names", &RuleSet::output_names)
      .def("presentation", &RuleSet::Presentation, py::arg("output"))
      .def(
          "catalog_entry",
          [](const RuleSet& r, const std::string& catalog, const std::string& id) -> py::object {
            const CatalogEntry* e = r.FindCatalogEntry(catalog, id);
            if (!e) return py::none();
            return py::cast(e->fields);
          },
          py::arg("catalog"), py::arg("id"))
      .def("suggest_field", [](const RuleSet& r, const std::string& name) { return r.schema()->Suggest(name); },
           py::arg("name"))
      .def("schema_markdown", [](const RuleSet& r) { return RenderSchemaMarkdown(r); })
      .def("schema_json", [](const RuleSet& r) { return RenderSchemaJson(r); });

  m.def("load", &Load, py::arg("path"), py::arg("threshold_overrides"), py::arg("warnings_as_errors"),
        "Loads and compiles a rule set; returns (RuleSet, warnings). Raises RuleSetError or OSError.");
  m.def("default_rule_set_path", &DefaultRuleSetPath,
        "The C++ library's default rule-set folder (SITBONE_RULES_DIR, the source tree, or the installed copy).");
}

}  // namespace sitbone::python
