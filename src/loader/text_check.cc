#include "loader/text_check.h"

#include <cstring>

#include <fmt/format.h>

namespace sitbone::internal {

std::size_t FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;       // no overlong forms
      if (c == 0xED) hi = 0x9F;       // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;       // no overlong forms
      if (c == 0xF4) hi = 0x8F;       // nothing above U+10FFFF
    } else {
      return i;  // a continuation byte first, C0/C1, or F5..FF
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

TextProblem CheckText(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes)
    return {max_bytes, fmt::format("the text is {} bytes long, more than the limit of {} bytes", text.size(), max_bytes)};
  if (const void* nul = std::memchr(text.data(), '\0', text.size()))
    return {static_cast<std::size_t>(static_cast<const char*>(nul) - text.data()),
            "the text contains a NUL byte (0x00), which is never valid here"};
  if (std::size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos)
    return {bad, fmt::format("the text is not valid UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(text[bad]))};
  return {};
}

void LineColumn(std::string_view text, std::size_t offset, int* line, int* column) {
  int l = 1, c = 1;
  for (std::size_t k = 0; k < offset && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++l;
      c = 1;
    } else {
      ++c;
    }
  }
  *line = l;
  *column = c;
}

}  // namespace sitbone::internal
