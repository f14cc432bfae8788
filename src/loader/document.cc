#include "loader/document.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sitbone::internal {
namespace {

// yaml-cpp marks are 0-based; ours are 1-based.
void SetMark(const YAML::Mark& mark, const SourceFile* file, Doc* doc) {
  doc->file = file;
  if (mark.is_null()) return;
  doc->pos = mark.pos;
  doc->line = mark.line + 1;
  doc->column = mark.column + 1;
}

Doc::Style StyleAt(const SourceFile* file, int pos) {
  if (file == nullptr || pos < 0 || pos >= static_cast<int>(file->text.size())) return Doc::Style::kPlain;
  switch (file->text[pos]) {
    case '\'': return Doc::Style::kSingleQuoted;
    case '"': return Doc::Style::kDoubleQuoted;
    case '|': return Doc::Style::kLiteral;
    case '>': return Doc::Style::kFolded;
    default: return Doc::Style::kPlain;
  }
}

void Convert(const YAML::Node& node, const SourceFile* file, const std::string& path, Doc* out,
             Diagnostics* diags) {
  SetMark(node.Mark(), file, out);
  out->path = path.empty() ? "/" : path;
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out->kind = Doc::Kind::kNull;
      return;
    case YAML::NodeType::Scalar:
      out->kind = Doc::Kind::kScalar;
      out->scalar = node.Scalar();
      out->style = StyleAt(file, out->pos);
      return;
    case YAML::NodeType::Sequence: {
      out->kind = Doc::Kind::kSequence;
      int i = 0;
      for (const auto& item : node) {
        Doc child;
        Convert(item, file, path + "/" + std::to_string(i++), &child, diags);
        out->items.push_back(std::move(child));
      }
      return;
    }
    case YAML::NodeType::Map: {
      out->kind = Doc::Kind::kMap;
      for (const auto& kv : node) {
        Doc key, value;
        Convert(kv.first, file, path, &key, diags);
        std::string key_text = key.scalar;
        key.path = path + "/" + key_text;
        for (const auto& [existing, unused] : out->entries) {
          if (existing.scalar == key_text) {
            diags->Add({"E1006", Severity::kError,
                        "duplicate key '" + key_text + "' (first defined at line " +
                            std::to_string(existing.line) + ")",
                        key.location(), key.path, "", "remove or rename one of the two entries"});
            break;  // report each repeat once, against the first definition
          }
        }
        Convert(kv.second, file, path + "/" + key_text, &value, diags);
        out->entries.emplace_back(std::move(key), std::move(value));
      }
      return;
    }
  }
}

}  // namespace

const Doc* Doc::Get(const std::string& key) const {
  for (const auto& [k, v] : entries)
    if (k.scalar == key) return &v;
  return nullptr;
}

SourceLocation Doc::location() const {
  return SourceLocation{file ? file->path : std::string(), line, column};
}

bool Doc::IsNullLike() const {
  if (kind == Kind::kNull) return true;
  return kind == Kind::kScalar && style == Style::kPlain &&
         (scalar.empty() || scalar == "~" || scalar == "null" || scalar == "Null" || scalar == "NULL");
}

SourceLocation Doc::LocationOf(int offset) const {
  SourceLocation loc = location();
  if (file == nullptr || pos < 0) return loc;
  const std::string& text = file->text;
  std::size_t j = static_cast<std::size_t>(pos);
  if (style == Style::kSingleQuoted || style == Style::kDoubleQuoted) {
    ++j;
  } else if (style == Style::kLiteral || style == Style::kFolded) {
    j = text.find('\n', j);
    if (j == std::string::npos) return loc;
    ++j;
  }
  int i = 0;
  const int limit = std::min(offset, static_cast<int>(scalar.size()));
  if (style == Style::kSingleQuoted || style == Style::kDoubleQuoted) {
    // Quoted scalars: step over escapes exactly ('' is one quote; \t, \",
    // \xHH, \uHHHH, \UHHHHHHHH are one character; an escaped line break is
    // none), and fold a run of white space containing line breaks.
    while (i < limit && j < text.size()) {
      char c = text[j];
      if (style == Style::kSingleQuoted && c == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
        j += 2;
        ++i;
      } else if (style == Style::kDoubleQuoted && c == '\\' && j + 1 < text.size()) {
        char e = text[j + 1];
        if (e == '\n' || e == '\r') {
          j += 2;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n')) ++j;
          continue;
        }
        j += e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
        ++i;
      } else if (c == '\n' || ((c == ' ' || c == '\t') && text.find_first_not_of(" \t", j) < text.size() &&
                                text[text.find_first_not_of(" \t", j)] == '\n')) {
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) ++j;
        while (i < limit && (scalar[static_cast<std::size_t>(i)] == ' ' || scalar[static_cast<std::size_t>(i)] == '\n')) ++i;
      } else {
        ++j;
        ++i;
      }
    }
  } else {
    // Plain and block scalars: walk the value and the raw text together;
    // equal characters advance both, anything else in the raw text
    // (indentation, line breaks folded into a space) advances the raw side.
    while (j < text.size() && i < limit) {
      if (text[j] == scalar[static_cast<std::size_t>(i)]) {
        ++i;
        ++j;
      } else if (scalar[static_cast<std::size_t>(i)] == ' ' || scalar[static_cast<std::size_t>(i)] == '\n') {
        while (j < text.size() && (text[j] == ' ' || text[j] == '\n' || text[j] == '\r' || text[j] == '\t')) ++j;
        ++i;
      } else {
        ++j;
      }
    }
    while (j < text.size() && (text[j] == ' ' || text[j] == '\n') && i < static_cast<int>(scalar.size()) &&
           scalar[static_cast<std::size_t>(i)] != ' ' && scalar[static_cast<std::size_t>(i)] != '\n')
      ++j;
  }
  // Convert byte offset j to line/column.
  int line = 1, column = 1;
  for (std::size_t k = 0; k < j && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  loc.line = line;
  loc.column = column;
  return loc;
}

const SourceFile* SourceSet::Add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(SourceFile{std::move(path), std::move(text)}));
  return files_.back().get();
}

bool ReadFile(const std::string& path, std::string* out) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  *out = ss.str();
  return true;
}

bool ParseYaml(const SourceFile* file, Doc* out, Diagnostics* diags) {
  try {
    YAML::Node root = YAML::Load(file->text);
    Convert(root, file, "", out, diags);
    return true;
  } catch (const YAML::Exception& e) {
    SourceLocation loc{file->path, e.mark.is_null() ? 0 : e.mark.line + 1,
                       e.mark.is_null() ? 0 : e.mark.column + 1};
    diags->Add({"E1001", Severity::kError, "YAML syntax error: " + e.msg, loc, "", "",
                "check indentation, quoting and ':' separators at this position"});
    return false;
  }
}

void AppendCanonical(const Doc& doc, std::string* out) {
  switch (doc.kind) {
    case Doc::Kind::kNull:
      out->append("~");
      return;
    case Doc::Kind::kScalar:
      out->push_back('"');
      for (char c : doc.scalar) {
        if (c == '"' || c == '\\') out->push_back('\\');
        out->push_back(c);
      }
      out->push_back('"');
      return;
    case Doc::Kind::kSequence:
      out->push_back('[');
      for (const auto& item : doc.items) {
        AppendCanonical(item, out);
        out->push_back(',');
      }
      out->push_back(']');
      return;
    case Doc::Kind::kMap: {
      std::vector<const std::pair<Doc, Doc>*> sorted;
      for (const auto& e : doc.entries) sorted.push_back(&e);
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](auto* a, auto* b) { return a->first.scalar < b->first.scalar; });
      out->push_back('{');
      for (const auto* e : sorted) {
        AppendCanonical(e->first, out);
        out->push_back(':');
        AppendCanonical(e->second, out);
        out->push_back(',');
      }
      out->push_back('}');
      return;
    }
  }
}

}  // namespace sitbone::internal
