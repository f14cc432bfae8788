// Binds batch.h: columns of numpy arrays in, columns of numpy arrays out.
// Inputs are read in place (the Python layer hands over C-contiguous float64
// numbers or int32 codes); outputs are the C++ vectors themselves, moved into
// numpy arrays whose capsule owns them, so no output buffer is copied. The
// C++ call runs with the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <vector>

#include "bindings.h"
#include "sitbone/batch.h"
#include "sitbone/rule_set.h"

namespace sitbone::python {
namespace {

// One result column as handed to Python.
struct BatchColumn {
  std::string name;
  std::string kind;  // "categorical" or "number"
  bool is_list = false;
  bool is_integer = false;
  bool is_bool = false;
  py::array values;     // int32 codes (-1 null) or float64 numbers (NaN null)
  py::list categories;  // str per category, or tuple[str, ...] for list columns
};

// A numpy array that owns `v` (moved to the heap, freed with the array).
template <typename T>
py::array Adopt(std::vector<T>&& v) {
  if (v.empty()) return py::array_t<T>(0);
  auto* owned = new std::vector<T>(std::move(v));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({owned->size()}, {sizeof(T)}, owned->data(), owner);
}

template <typename T>
const T* CheckedData(const py::handle& array, const std::string& name, std::size_t rows, const char* dtype) {
  if (!py::isinstance<py::array_t<T>>(array))
    throw py::type_error("column '" + name + "': expected a numpy array of " + dtype);
  auto a = py::reinterpret_borrow<py::array_t<T>>(array);
  if (a.ndim() != 1 || !(a.flags() & py::array::c_style))
    throw py::type_error("column '" + name + "': expected a 1-D C-contiguous array of " + dtype);
  if (static_cast<std::size_t>(a.shape(0)) != rows)
    throw py::value_error("column '" + name + "' has " + std::to_string(a.shape(0)) + " rows, expected " +
                          std::to_string(rows));
  return a.data();
}

// columns: (name, float64 array, None) for numbers or (name, int32 array, labels) for codes.
// Returns (list[BatchColumn], error_rows: int64 array, error_messages: list[str]).
py::tuple EvaluateBatchPy(const RuleSet& rules, const py::list& columns, std::size_t rows, int threads) {
  std::vector<InputColumn> inputs;
  inputs.reserve(columns.size());
  for (py::handle item : columns) {
    auto spec = item.cast<py::tuple>();
    if (spec.size() != 3) throw py::value_error("each column is (name, array, labels or None)");
    InputColumn c;
    c.name = spec[0].cast<std::string>();
    if (spec[2].is_none()) {
      c.numbers = CheckedData<double>(spec[1], c.name, rows, "float64");
    } else {
      c.codes = CheckedData<std::int32_t>(spec[1], c.name, rows, "int32");
      c.labels = spec[2].cast<std::vector<std::string>>();
    }
    inputs.push_back(std::move(c));
  }
  BatchOptions options;
  options.threads = threads;
  Result<BatchResult> result = [&] {
    // The arrays stay referenced by `columns`; nothing below touches a Python object.
    py::gil_scoped_release release;
    return EvaluateBatch(rules, inputs, rows, options);
  }();
  BatchResult batch = ValueOrThrow(std::move(result));

  py::list out;
  for (OutputColumn& col : batch.columns) {
    BatchColumn c;
    c.name = col.name;
    c.is_list = col.is_list;
    c.is_integer = col.is_integer;
    c.is_bool = col.is_bool;
    if (col.kind == OutputColumn::Kind::kNumber) {
      c.kind = "number";
      c.values = Adopt(std::move(col.numbers));
    } else {
      c.kind = "categorical";
      c.values = Adopt(std::move(col.codes));
      for (const auto& category : col.categories) {
        if (col.is_list) c.categories.append(py::tuple(py::cast(category)));
        else c.categories.append(py::str(category.empty() ? std::string() : category.front()));
      }
    }
    out.append(py::cast(std::move(c)));
  }
  std::vector<std::int64_t> error_rows;
  py::list error_messages;
  error_rows.reserve(batch.error_count);
  for (std::size_t row = 0; row < batch.errors.size(); ++row) {
    if (batch.errors[row].empty()) continue;
    error_rows.push_back(static_cast<std::int64_t>(row));
    error_messages.append(py::str(batch.errors[row]));
  }
  return py::make_tuple(out, Adopt(std::move(error_rows)), error_messages);
}

}  // namespace

void BindBatch(py::module_& m) {
  py::class_<BatchColumn>(m, "BatchColumn", "One result column of evaluate_batch.")
      .def_readonly("name", &BatchColumn::name)
      .def_readonly("kind", &BatchColumn::kind)
      .def_readonly("is_list", &BatchColumn::is_list)
      .def_readonly("is_integer", &BatchColumn::is_integer)
      .def_readonly("is_bool", &BatchColumn::is_bool)
      .def_readonly("values", &BatchColumn::values)
      .def_readonly("categories", &BatchColumn::categories);

  m.def("evaluate_batch", &EvaluateBatchPy, py::arg("rules"), py::arg("columns"), py::arg("rows"),
        py::arg("threads") = 1,
        "Evaluates columns of (name, float64 numbers, None) or (name, int32 codes, labels); the GIL is "
        "released during the evaluation.");
}

}  // namespace sitbone::python
