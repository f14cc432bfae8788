#include "loader/document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "loader/text_check.h"

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

// Thrown from inside yaml-cpp's event parser to stop it at the first problem
// (yaml-cpp reports its own errors the same way).
struct ReadError {
  YAML::Mark mark;
  std::string code;
  std::string message;
  std::string hint;
};

// Builds the Doc tree from yaml-cpp's parse events, so that nothing is ever
// expanded: an alias, an anchor or an explicit tag is an error (a document
// means what it says, and an alias bomb cannot grow), and the depth, the node
// count and key lengths are checked as the events arrive.
class DocBuilder : public YAML::EventHandler {
 public:
  DocBuilder(const SourceFile* file, const ReadLimits& limits, Diagnostics* diags)
      : file_(file), limits_(limits), diags_(diags) {}

  Doc TakeRoot() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    NoAnchor(mark, anchor);
    Doc d = Start(mark);
    d.kind = Doc::Kind::kNull;
    Add(std::move(d));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw ReadError{mark, "E1008", "YAML aliases (*name) are not accepted",
                    "write the value out in full; anchors and aliases are not supported"};
  }
  void OnAnchor(const YAML::Mark& mark, const std::string&) override { NoAnchor(mark, 1); }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    NoAnchor(mark, anchor);
    Doc d = Start(mark);
    d.kind = Doc::Kind::kScalar;
    d.scalar = value;
    d.style = StyleAt(file_, d.pos);
    // Untagged scalars carry "?" (plain) or "!" (quoted); anything else, or a
    // "!" on a plain scalar, was written as an explicit tag.
    if ((tag != "?" && tag != "!" && !tag.empty()) || (tag == "!" && !d.quoted())) NoTag(mark);
    if ((d.style == Doc::Style::kDoubleQuoted || d.style == Doc::Style::kSingleQuoted) && !Closed(d))
      throw ReadError{mark, "E1001", "YAML syntax error: the quoted text that starts here is never closed",
                      "add the closing quote"};
    Add(std::move(d));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, tag, anchor, Doc::Kind::kSequence);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, tag, anchor, Doc::Kind::kMap);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    Doc doc;
    std::string raw_path;  // "" for the root, as child paths are built from it
    bool has_key = false;
    Doc key;
    std::unordered_map<std::string, int> key_lines;  // duplicate keys in linear time
  };

  // yaml-cpp accepts a quoted scalar that runs to the end of the text without
  // its closing quote (swallowing everything after it): find the quote.
  bool Closed(const Doc& d) const {
    const std::string& text = file_->text;
    const char quote = text[static_cast<std::size_t>(d.pos)];
    for (std::size_t i = static_cast<std::size_t>(d.pos) + 1; i < text.size(); ++i) {
      if (quote == '"' && text[i] == '\\') {
        ++i;  // an escaped character
      } else if (text[i] == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;  // '' is one quote
        else return true;
      }
    }
    return false;
  }

  static void NoAnchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor)
      throw ReadError{mark, "E1008", "YAML anchors (&name) are not accepted",
                      "remove the anchor; anchors and aliases are not supported"};
  }
  static void NoTag(const YAML::Mark& mark) {
    throw ReadError{mark, "E1008", "explicit YAML tags (such as !!str) are not accepted",
                    "remove the tag; quote a value to make it text"};
  }

  // A new node at `mark`, with its path from the container it goes into.
  Doc Start(const YAML::Mark& mark) {
    if (++nodes_ > limits_.max_nodes)
      throw ReadError{mark, "E1009", fmt::format("the document has more than {} nodes", limits_.max_nodes),
                      "split the document or shorten it"};
    Doc d;
    SetMark(mark, file_, &d);
    d.path = ChildPath();
    if (d.path.empty()) d.path = "/";
    return d;
  }

  std::string ChildPath() const {
    if (stack_.empty()) return "";
    const Frame& top = stack_.back();
    if (top.doc.is_seq()) return top.raw_path + "/" + std::to_string(top.doc.items.size());
    if (top.has_key) return top.raw_path + "/" + top.key.scalar;
    return top.raw_path;
  }

  void Open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, Doc::Kind kind) {
    NoAnchor(mark, anchor);
    if (tag != "?" && tag != "!" && !tag.empty()) NoTag(mark);
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      throw ReadError{mark, "E1009", fmt::format("mappings and lists nest more than {} deep", limits_.max_depth),
                      "flatten the document"};
    if (!stack_.empty() && stack_.back().doc.is_map() && !stack_.back().has_key)
      throw ReadError{mark, "E1003", "a mapping key must be a name, not a list or mapping", ""};
    Frame f;
    f.doc = Start(mark);
    f.doc.kind = kind;
    f.raw_path = ChildPath();
    stack_.push_back(std::move(f));
  }

  void Close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    Add(std::move(f.doc));
  }

  void Add(Doc d) {
    if (stack_.empty()) {
      root_ = std::move(d);
      return;
    }
    Frame& top = stack_.back();
    if (top.doc.is_seq()) {
      top.doc.items.push_back(std::move(d));
      return;
    }
    if (!top.has_key) {  // a key
      if (d.is_map() || d.is_seq())
        throw ReadError{MarkOf(d), "E1003", "a mapping key must be a name, not a list or mapping", ""};
      if (d.scalar.size() > limits_.max_key_bytes)
        throw ReadError{MarkOf(d), "E1009",
                        fmt::format("a mapping key is {} bytes long, more than the limit of {}", d.scalar.size(),
                                    limits_.max_key_bytes),
                        ""};
      d.path = top.raw_path + "/" + d.scalar;
      auto [it, inserted] = top.key_lines.emplace(d.scalar, d.line);
      if (!inserted) {
        diags_->Add({"E1006", Severity::kError,
                     "duplicate key '" + d.scalar + "' (first defined at line " + std::to_string(it->second) + ")",
                     d.location(), d.path, "", "remove or rename one of the two entries"});
      }
      top.key = std::move(d);
      top.has_key = true;
      return;
    }
    top.doc.entries.emplace_back(std::move(top.key), std::move(d));
    top.key = Doc{};
    top.has_key = false;
  }

  static YAML::Mark MarkOf(const Doc& d) {
    YAML::Mark m;
    m.pos = d.pos;
    m.line = d.line - 1;
    m.column = d.column - 1;
    return m;
  }

  const SourceFile* file_;
  const ReadLimits& limits_;
  Diagnostics* diags_;
  std::vector<Frame> stack_;
  std::size_t nodes_ = 0;
  Doc root_;
};

// Handles the events of a document after the first one: only its position
// matters.
class NoSecondDocument : public YAML::EventHandler {
 public:
  YAML::Mark mark = YAML::Mark::null_mark();
  void OnDocumentStart(const YAML::Mark& m) override { Note(m); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Note(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { Note(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    Note(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    Note(m);
  }
  void OnMapEnd() override {}

 private:
  void Note(const YAML::Mark& m) {
    if (mark.is_null()) mark = m;
  }
};

void AddReadError(const SourceFile* file, const YAML::Mark& mark, const std::string& code, const std::string& message,
                  const std::string& hint, Diagnostics* diags) {
  SourceLocation loc{file->path, mark.is_null() ? 0 : mark.line + 1, mark.is_null() ? 0 : mark.column + 1};
  diags->Add({code, Severity::kError, message, loc, "", "", hint});
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

bool ReadFile(const std::string& path, std::string* out, std::size_t max_bytes, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  std::error_code ec;
  // Regular files only: a FIFO or a device such as /dev/zero would never end.
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return fail("it does not exist");
  if (!std::filesystem::is_regular_file(status)) return fail("it is not a regular file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail("its size cannot be read");
  if (size > max_bytes) return fail(fmt::format("it is {} bytes long, more than the limit of {} bytes", size, max_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("it cannot be opened");
  std::string text;
  text.resize(static_cast<std::size_t>(size));
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) return fail("it changed while being read");
  // A file that grew while being read: one byte more says so.
  if (in.peek() != std::char_traits<char>::eof()) return fail("it changed while being read");
  *out = std::move(text);
  return true;
}

bool ParseYaml(const SourceFile* file, Doc* out, Diagnostics* diags, const ReadLimits& limits) {
  const std::string& text = file->text;
  if (TextProblem problem = CheckText(text, limits.max_bytes); !problem.ok()) {
    int line = 0, column = 0;
    LineColumn(text, problem.offset, &line, &column);
    const bool too_long = text.size() > limits.max_bytes;
    diags->Add({too_long ? "E1009" : "E1008", Severity::kError, problem.message,
                SourceLocation{file->path, too_long ? 0 : line, too_long ? 0 : column}, "", "",
                too_long ? "split the file (include:) or shorten it" : "save the file as UTF-8 text"});
    return false;
  }
  const std::size_t errors_before = diags->ErrorCount();
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocBuilder builder(file, limits, diags);
    if (!parser.HandleNextDocument(builder)) {
      *out = Doc{};  // an empty text is one empty document
      out->file = file;
      out->path = "/";
      return true;
    }
    *out = builder.TakeRoot();
    // Exactly one document: whatever follows `---` or `...` would otherwise be
    // ignored, and with it perhaps a red flag.
    NoSecondDocument second;
    if (parser.HandleNextDocument(second)) {
      AddReadError(file, second.mark, "E1008", "a second YAML document starts here; only one is read",
                   "remove the '---' or '...' line and everything after it, or merge the documents", diags);
      return false;
    }
  } catch (const ReadError& e) {
    AddReadError(file, e.mark, e.code, e.message, e.hint, diags);
    return false;
  } catch (const YAML::Exception& e) {
    AddReadError(file, e.mark, "E1001", "YAML syntax error: " + e.msg,
                 "check indentation, quoting and ':' separators at this position", diags);
    return false;
  }
  return diags->ErrorCount() == errors_before;
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
