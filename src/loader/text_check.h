// The checks every text passes before it is parsed, YAML or JSON alike: its
// size, no NUL byte, and valid UTF-8. A NUL would end the text for some
// parsers (and so hide what follows it, a red flag included); invalid UTF-8
// would make invalid output later, when the text is echoed in a message or a
// result.
#ifndef SITBONE_LOADER_TEXT_CHECK_H_
#define SITBONE_LOADER_TEXT_CHECK_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sitbone::internal {

struct TextProblem {
  std::size_t offset = 0;  // byte offset of the problem in the text
  std::string message;     // empty: no problem
  bool ok() const { return message.empty(); }
};

// The first problem of `text`, or ok().
TextProblem CheckText(std::string_view text, std::size_t max_bytes);

// Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates
// and code points above U+10FFFF are invalid), or npos.
std::size_t FindInvalidUtf8(std::string_view text);

// 1-based line and column (in bytes) of `offset` in `text`.
void LineColumn(std::string_view text, std::size_t offset, int* line, int* column);

}  // namespace sitbone::internal

#endif  // SITBONE_LOADER_TEXT_CHECK_H_
