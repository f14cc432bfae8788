#include "loader/formats.h"

#include <fmt/format.h>

#include "common/limits.h"

namespace sitbone::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || (c >= 'A' && c <= 'Z'); }

// Consumes one or more digits at `*i`.
bool Digits(std::string_view s, std::size_t* i) {
  const std::size_t start = *i;
  while (*i < s.size() && IsDigit(s[*i])) ++*i;
  return *i > start;
}

void Spaces(std::string_view s, std::size_t* i) {
  while (*i < s.size() && (s[*i] == ' ' || s[*i] == '\t')) ++*i;
}

// One of E-ind, E, X, P at `*i` (E-ind first: E is its prefix).
bool EvidenceWord(std::string_view s, std::size_t* i) {
  for (std::string_view w : {std::string_view("E-ind"), std::string_view("E"), std::string_view("X"),
                             std::string_view("P")}) {
    if (s.substr(*i, w.size()) == w) {
      *i += w.size();
      return true;
    }
  }
  return false;
}

}  // namespace

bool IsRuleSetId(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameBytes || !IsLower(s[0])) return false;
  for (char c : s)
    if (!IsLower(c) && !IsDigit(c) && c != '_' && c != '-') return false;
  return true;
}

bool IsSemanticVersion(std::string_view s) {
  if (s.size() > kMaxNameBytes) return false;
  std::size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    if (!Digits(s, &i)) return false;
  }
  if (i == s.size()) return true;
  if (s[i] != '-' || i + 1 == s.size()) return false;
  for (++i; i < s.size(); ++i)
    if (!IsAlnum(s[i]) && s[i] != '.' && s[i] != '-') return false;
  return true;
}

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return false;
    } else if (!IsDigit(s[i])) {
      return false;
    }
  }
  return true;
}

bool IsEvidenceLabel(std::string_view s) {
  if (s.size() > kMaxNameBytes) return false;
  std::size_t i = 0;
  if (!EvidenceWord(s, &i)) return false;
  while (i < s.size()) {
    Spaces(s, &i);
    if (s.substr(i, 1) == "/") i += 1;
    else if (s.substr(i, 2) == "->") i += 2;
    else if (s.substr(i, 3) == "\u2192") i += 3;  // →
    else return false;
    Spaces(s, &i);
    if (!EvidenceWord(s, &i)) return false;
  }
  return true;
}

std::string Clip(std::string_view s) {
  constexpr std::size_t kShown = 60;
  if (s.size() <= kShown) return std::string(s);
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return fmt::format("{}... ({} bytes)", s.substr(0, cut), s.size());
}

}  // namespace sitbone::internal
