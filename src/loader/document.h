// A YAML document as authored, in our own small tree (Doc), with the position
// of every node. The loader is the only module that includes yaml-cpp: it
// converts yaml-cpp's nodes here and turns its exceptions into diagnostics.
#ifndef SITBONE_LOADER_DOCUMENT_H_
#define SITBONE_LOADER_DOCUMENT_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/limits.h"
#include "sitbone/diagnostic.h"

namespace sitbone::internal {

// One source file and its text, kept for positions and excerpts.
struct SourceFile {
  std::string path;
  std::string text;
};

struct Doc {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  enum class Style { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral, kFolded };
  Kind kind = Kind::kNull;
  Style style = Style::kPlain;
  std::string scalar;
  std::vector<Doc> items;                      // kSequence
  std::vector<std::pair<Doc, Doc>> entries;    // kMap, in authored order
  const SourceFile* file = nullptr;
  int pos = -1;  // byte offset in file->text; -1 when unknown
  int line = 0, column = 0;  // 1-based
  std::string path;  // YAML path, e.g. /steps/2/rules/0/when

  bool is_map() const { return kind == Kind::kMap; }
  bool is_seq() const { return kind == Kind::kSequence; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_null() const { return kind == Kind::kNull; }
  bool quoted() const { return style != Style::kPlain; }
  // Map lookup; nullptr when absent.
  const Doc* Get(const std::string& key) const;

  SourceLocation location() const;
  // The position of character `offset` of this scalar's value in the file,
  // following quotes, block indicators and line folding.
  SourceLocation LocationOf(int offset) const;
  // Plain scalars that YAML's core schema reads as null: "", "~", "null".
  bool IsNullLike() const;
};

// Owns the files so that Doc::file stays valid.
class SourceSet {
 public:
  const SourceFile* Add(std::string path, std::string text);

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Parses `file`'s text as exactly one YAML document (JSON is YAML too), with
// positions. Returns false, with a positioned diagnostic, on the first of:
// a text over the size limit, a NUL byte or invalid UTF-8 (E1008/E1009); a
// YAML syntax error (E1001); an anchor, alias or explicit tag, or a second
// document (E1008); nesting, node count or key length over `limits` (E1009).
// Duplicate keys in a mapping are E1006 (all reported; the parse goes on).
bool ParseYaml(const SourceFile* file, Doc* out, Diagnostics* diags, const ReadLimits& limits = kRuleFileLimits);

// Reads a whole regular file of at most `max_bytes`; false if it cannot be
// read, with the reason in `why` ("it is not a regular file", ...).
bool ReadFile(const std::string& path, std::string* out, std::size_t max_bytes = kMaxFileBytes,
              std::string* why = nullptr);

// Canonical text of a document (map keys sorted, scalars quoted, no comments
// or layout) for fingerprints.
void AppendCanonical(const Doc& doc, std::string* out);

}  // namespace sitbone::internal

#endif  // SITBONE_LOADER_DOCUMENT_H_
