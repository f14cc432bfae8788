// sitbone._core: the private extension module behind the `sitbone` package.
// Users import `sitbone`; this module may change between versions.
#include "bindings.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "Private extension module of the sitbone package; import sitbone instead.";
  sitbone::python::BindErrors(m);
  sitbone::python::BindRuleSet(m);
  sitbone::python::BindEvaluation(m);
  sitbone::python::BindBatch(m);
}
