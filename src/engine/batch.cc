// Whole-cohort evaluation over columns (include/sitbone/batch.h). Rows are
// split into contiguous chunks, one per thread, each with its own Workspace;
// list outputs are interned into combination tables per chunk and merged in
// row order, so codes and categories do not depend on the thread count.
#include "sitbone/batch.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <thread>

#include "engine/compiled.h"
#include "engine/evaluator.h"
#include "expr/checker.h"
#include "schema/validation.h"
#include "sitbone/rule_set.h"

namespace sitbone {
namespace {

using internal::CompiledRuleSet;
using internal::Output;
using internal::OutputType;
using internal::Value;
using internal::WorkspaceData;

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// "an int field", "a number field", ...
std::string KindOfField(FieldType type) {
  std::string name = FieldTypeName(type);
  return (name[0] == 'i' || name[0] == 'e' ? "an " : "a ") + name + " field";
}

// What one input column contributes per row.
struct BoundColumn {
  int field = -1;
  const double* numbers = nullptr;
  const std::int32_t* codes = nullptr;
  // Numbers: what is allowed, copied out of the FieldSpec for the row loop.
  bool whole = false;
  double min = -std::numeric_limits<double>::infinity(), max = std::numeric_limits<double>::infinity();
  Value missing;                   // the value of a missing cell (the field's default, or unknown)
  std::vector<Value> label_value;  // codes: per label, the engine value
  std::vector<std::string> error;  // codes: per label, non-empty if the label is not allowed
};

// Interns combinations (byte strings) into dense codes, first seen first.
// Open addressing over FNV-1a hashes, keys in one arena: a lookup of a known
// combination touches no allocator.
class Interner {
 public:
  std::int32_t Intern(const char* data, std::size_t size) {
    std::uint64_t hash = 14695981039346656037ull;
    for (std::size_t k = 0; k < size; ++k) hash = (hash ^ static_cast<unsigned char>(data[k])) * 1099511628211ull;
    if (slots_.empty()) Rehash(64);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.code < 0) break;
      if (slot.hash == hash && key(slot.code) == std::string_view(data, size)) return slot.code;
    }
    auto code = static_cast<std::int32_t>(offsets_.size());
    offsets_.push_back(arena_.size());
    arena_.append(data, size);
    Insert(hash, code);
    if (offsets_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
    return code;
  }
  std::size_t size() const { return offsets_.size(); }
  std::string_view key(std::int32_t code) const {
    std::size_t begin = offsets_[static_cast<std::size_t>(code)];
    std::size_t end = static_cast<std::size_t>(code) + 1 < offsets_.size() ? offsets_[static_cast<std::size_t>(code) + 1]
                                                                           : arena_.size();
    return std::string_view(arena_).substr(begin, end - begin);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::int32_t code = -1;
  };
  void Insert(std::uint64_t hash, std::int32_t code) {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i].code >= 0) i = (i + 1) & mask;
    slots_[i] = Slot{hash, code};
  }
  void Rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    for (const Slot& slot : old)
      if (slot.code >= 0) Insert(slot.hash, slot.code);
  }
  std::vector<Slot> slots_;
  std::vector<std::size_t> offsets_;
  std::string arena_;
};

// The columns the result has, in order: visible outputs, missing_data, trace.
struct OutputPlan {
  enum class Source { kOutput, kMissing, kTrace };
  Source source = Source::kOutput;
  int output = -1;
};

class Batch {
 public:
  Batch(const RuleSet& rules, std::size_t rows) : rules_(rules), rs_(rules.impl()), rows_(rows) {}

  Status Bind(const std::vector<InputColumn>& columns) {
    const Schema& schema = *rs_.schema;
    std::vector<bool> seen(schema.size(), false);
    for (const InputColumn& c : columns) {
      int f = schema.Find(c.name);
      if (f < 0) {
        std::string hint = schema.Suggest(c.name);
        return Status(StatusCode::kInvalidArgument,
                      "unknown column '" + c.name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"), c.name);
      }
      if (seen[static_cast<std::size_t>(f)])
        return Status(StatusCode::kInvalidArgument, "column '" + c.name + "' is given twice", c.name);
      seen[static_cast<std::size_t>(f)] = true;
      const FieldSpec& spec = schema.field(static_cast<std::size_t>(f));
      bool numeric = spec.type == FieldType::kInt || spec.type == FieldType::kNumber;
      if ((c.numbers != nullptr) == (c.codes != nullptr))
        return Status(StatusCode::kInvalidArgument, "column '" + c.name + "' needs either numbers or codes", c.name);
      if (numeric && c.codes)
        return Status(StatusCode::kInvalidArgument,
                      "column '" + c.name + "' is " + KindOfField(spec.type) + ": give numbers, not labels", c.name);
      if (!numeric && c.numbers)
        return Status(StatusCode::kInvalidArgument,
                      "column '" + c.name + "' is " + KindOfField(spec.type) + ": give labels (codes), not numbers",
                      c.name);
      BoundColumn b;
      b.field = f;
      b.numbers = c.numbers;
      b.codes = c.codes;
      b.whole = spec.type == FieldType::kInt;
      if (spec.min) b.min = *spec.min;
      if (spec.max) b.max = *spec.max;
      b.missing = internal::InputValue(rs_, static_cast<std::size_t>(f), spec.default_number.value_or(kUnknown));
      if (c.codes) {
        // Validate each label once, through the same rules as a single assessment.
        AssessmentBuilder builder(rs_.schema);
        for (const std::string& label : c.labels) {
          Status s = builder.SetText(c.name, label);
          if (!s.ok()) {
            b.label_value.push_back(Value::Null());
            b.error.push_back("column " + s.message().substr(s.message().find('\'')));
            continue;
          }
          double encoded = builder.Build().encoded(static_cast<std::size_t>(f));
          b.label_value.push_back(internal::InputValue(rs_, static_cast<std::size_t>(f), encoded));
          b.error.emplace_back();
        }
      }
      bound_.push_back(std::move(b));
    }
    return Status();
  }

  void PlanOutputs(BatchResult* result) {
    for (std::size_t o = 0; o < rs_.outputs.size(); ++o) {
      const Output& out = rs_.outputs[o];
      if (out.internal) continue;
      OutputColumn col;
      col.name = out.name;
      switch (out.type) {
        case OutputType::kInt:
        case OutputType::kNumber:
          col.kind = OutputColumn::Kind::kNumber;
          col.is_integer = out.type == OutputType::kInt;
          col.numbers.assign(rows_, kUnknown);
          break;
        case OutputType::kBool:
          col.is_bool = true;
          col.codes.assign(rows_, -1);
          col.categories = {{"false"}, {"true"}};
          break;
        case OutputType::kEnum:
          col.codes.assign(rows_, -1);
          for (const auto& v : rs_.domains[static_cast<std::size_t>(out.domain)].values) col.categories.push_back({v});
          break;
        case OutputType::kList:
          col.is_list = true;
          col.codes.assign(rows_, -1);
          break;
      }
      result->columns.push_back(std::move(col));
      plan_.push_back({OutputPlan::Source::kOutput, static_cast<int>(o)});
    }
    for (const char* name : {"missing_data", "trace"}) {
      OutputColumn col;
      col.name = name;
      col.is_list = true;
      col.codes.assign(rows_, -1);
      result->columns.push_back(std::move(col));
      plan_.push_back({std::strcmp(name, "trace") == 0 ? OutputPlan::Source::kTrace : OutputPlan::Source::kMissing, -1});
    }
  }

  // Evaluates rows [begin, end) with local combination tables.
  struct Chunk {
    std::size_t begin = 0, end = 0;
    std::vector<Interner> interners;  // per result column (used by list columns)
    std::size_t errors = 0;
  };

  void Run(Chunk* chunk, BatchResult* result) const {
    Workspace workspace(rules_);
    WorkspaceData& ws = workspace.data();
    const Schema& schema = *rs_.schema;
    // Fields without a column keep their default (or unknown) for every row;
    // the bound columns overwrite their fields row by row.
    for (std::size_t f = 0; f < schema.size(); ++f)
      ws.inputs[f] = internal::InputValue(rs_, f, schema.field(f).default_number.value_or(kUnknown));
    chunk->interners.resize(result->columns.size());
    std::vector<char> key(1024);
    for (std::size_t row = chunk->begin; row < chunk->end; ++row) {
      if (!Encode(row, ws.inputs.data(), &result->errors[row])) {
        ++chunk->errors;
        continue;
      }
      internal::Run(ws);
      if (!ws.error.ok()) {
        result->errors[row] = ws.error.message();
        ++chunk->errors;
        continue;
      }
      for (std::size_t c = 0; c < plan_.size(); ++c) Write(ws, row, c, &key, chunk, result);
    }
  }

  // Merges the chunks' combination tables in row order and renumbers codes.
  void Merge(std::vector<Chunk>& chunks, BatchResult* result) const {
    for (std::size_t c = 0; c < plan_.size(); ++c) {
      OutputColumn& col = result->columns[c];
      if (!col.is_list) continue;
      Interner global;
      for (Chunk& chunk : chunks) {
        const Interner& local = chunk.interners[c];
        std::vector<std::int32_t> remap(local.size());
        for (std::size_t k = 0; k < local.size(); ++k) {
          std::string_view key = local.key(static_cast<std::int32_t>(k));
          remap[k] = global.Intern(key.data(), key.size());
        }
        for (std::size_t row = chunk.begin; row < chunk.end; ++row)
          if (col.codes[row] >= 0) col.codes[row] = remap[static_cast<std::size_t>(col.codes[row])];
      }
      for (std::size_t k = 0; k < global.size(); ++k)
        col.categories.push_back(Decode(plan_[c], global.key(static_cast<std::int32_t>(k))));
    }
  }

 private:
  bool Encode(std::size_t row, Value* inputs, std::string* error) const {
    for (const BoundColumn& b : bound_) {
      Value& v = inputs[b.field];
      if (b.numbers) {
        double x = b.numbers[row];
        if (x != x) {
          v = b.missing;
        } else if (x < b.min || x > b.max || (b.whole && x != std::floor(x))) {  // also rejects +-inf
          // The same check and wording as a single assessment (AssessmentBuilder).
          const FieldSpec& spec = rs_.schema->field(static_cast<std::size_t>(b.field));
          *error = "column '" + spec.name + "': " + internal::NumberProblem(spec, x);
          return false;
        } else {
          v = Value::Number(x);
        }
      } else {
        std::int32_t code = b.codes[row];
        if (code < 0) {
          v = b.missing;
        } else if (static_cast<std::size_t>(code) >= b.label_value.size()) {
          *error = "column '" + rs_.schema->field(static_cast<std::size_t>(b.field)).name + "': code " +
                   std::to_string(code) + " has no label";
          return false;
        } else if (!b.error[static_cast<std::size_t>(code)].empty()) {
          *error = b.error[static_cast<std::size_t>(code)];
          return false;
        } else {
          v = b.label_value[static_cast<std::size_t>(code)];
        }
      }
    }
    return true;
  }

  // Appends raw bytes to the reusable key buffer (sized once per chunk).
  static void Put(std::vector<char>* key, std::size_t* used, const void* data, std::size_t size) {
    if (*used + size > key->size()) key->resize((*used + size) * 2);
    std::memcpy(key->data() + *used, data, size);
    *used += size;
  }

  void Write(const WorkspaceData& ws, std::size_t row, std::size_t c, std::vector<char>* key, Chunk* chunk,
             BatchResult* result) const {
    OutputColumn& col = result->columns[c];
    const OutputPlan& p = plan_[c];
    std::size_t used = 0;
    switch (p.source) {
      case OutputPlan::Source::kOutput: {
        const Output& out = rs_.outputs[static_cast<std::size_t>(p.output)];
        if (out.type == OutputType::kList) {
          const Value* items = ws.list_items.data() + out.list_offset;
          for (std::uint32_t k = 0; k < ws.list_size[static_cast<std::size_t>(p.output)]; ++k) {
            Put(key, &used, &items[k].symbol, sizeof(std::uint32_t));
            Put(key, &used, &items[k].qualifiers, sizeof(std::uint16_t));
          }
          col.codes[row] = chunk->interners[c].Intern(key->data(), used);
          return;
        }
        const Value& v = ws.outputs[static_cast<std::size_t>(p.output)];
        if (v.is_null()) return;
        if (col.kind == OutputColumn::Kind::kNumber) {
          col.numbers[row] = v.number;
        } else if (col.is_bool) {
          col.codes[row] = v.boolean ? 1 : 0;
        } else {
          col.codes[row] = static_cast<std::int32_t>(v.symbol - rs_.domains[static_cast<std::size_t>(out.domain)].base);
        }
        return;
      }
      case OutputPlan::Source::kMissing:
        for (std::size_t i = 0; i < rs_.missing_items.size(); ++i) {
          if (!ws.missing_bit(i)) continue;
          auto id = static_cast<std::uint32_t>(i);
          Put(key, &used, &id, sizeof id);
        }
        col.codes[row] = chunk->interners[c].Intern(key->data(), used);
        return;
      case OutputPlan::Source::kTrace:
        Put(key, &used, ws.trace.data(), ws.trace_size * sizeof(std::uint32_t));
        col.codes[row] = chunk->interners[c].Intern(key->data(), used);
        return;
    }
  }

  std::vector<std::string> Decode(const OutputPlan& p, std::string_view key) const {
    std::vector<std::string> items;
    if (p.source == OutputPlan::Source::kOutput) {
      constexpr std::size_t kItem = sizeof(std::uint32_t) + sizeof(std::uint16_t);
      for (std::size_t at = 0; at + kItem <= key.size(); at += kItem) {
        Value v;
        std::memcpy(&v.symbol, key.data() + at, sizeof(std::uint32_t));
        std::memcpy(&v.qualifiers, key.data() + at + sizeof(std::uint32_t), sizeof(std::uint16_t));
        v.kind = internal::Kind::kSymbol;
        items.push_back(rs_.SymbolText(v));
      }
      return items;
    }
    for (std::size_t at = 0; at + 4 <= key.size(); at += 4) {
      std::uint32_t id;
      std::memcpy(&id, key.data() + at, 4);
      items.push_back(p.source == OutputPlan::Source::kMissing ? rs_.missing_items[id].name : rs_.rules[id].info.id);
    }
    return items;
  }

  const RuleSet& rules_;
  const CompiledRuleSet& rs_;
  std::size_t rows_;
  std::vector<BoundColumn> bound_;
  std::vector<OutputPlan> plan_;
};

}  // namespace

Result<BatchResult> EvaluateBatch(const RuleSet& rules, const std::vector<InputColumn>& columns, std::size_t rows,
                                  const BatchOptions& options) {
  Batch batch(rules, rows);
  if (Status s = batch.Bind(columns); !s.ok()) return s;
  BatchResult result;
  result.rows = rows;
  result.errors.resize(rows);
  batch.PlanOutputs(&result);
  std::size_t threads = static_cast<std::size_t>(std::max(1, options.threads));
  threads = std::min(threads, std::max<std::size_t>(1, rows / 1024));  // small batches: one chunk
  std::vector<Batch::Chunk> chunks(threads);
  for (std::size_t t = 0; t < threads; ++t) {
    chunks[t].begin = rows * t / threads;
    chunks[t].end = rows * (t + 1) / threads;
  }
  if (threads == 1) {
    batch.Run(&chunks[0], &result);
  } else {
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < threads; ++t) workers.emplace_back([&, t] { batch.Run(&chunks[t], &result); });
    for (auto& w : workers) w.join();
  }
  batch.Merge(chunks, &result);
  for (const auto& c : chunks) result.error_count += c.errors;
  return result;
}

}  // namespace sitbone
