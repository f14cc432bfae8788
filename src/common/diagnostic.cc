#include "sitbone/diagnostic.h"

#include <algorithm>
#include <map>

#include "loader/document.h"

namespace sitbone {

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

std::size_t Diagnostics::ErrorCount() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(),
                                                [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::string Diagnostics::Format() const {
  std::map<std::string, std::string> cache;
  std::string out;
  for (const Diagnostic& d : items_) {
    const SourceLocation& loc = d.location;
    out += loc.file.empty() ? std::string("<rules>") : loc.file;
    if (loc.line > 0) out += ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
    out += std::string(": ") + (d.severity == Severity::kError ? "error" : "warning") + "[" + d.code + "]: " + d.message;
    if (!d.rule_id.empty()) out += " (in " + d.rule_id + ")";
    out += "\n";
    if (loc.line > 0 && !loc.file.empty()) {
      auto it = cache.find(loc.file);
      if (it == cache.end()) {
        std::string text;
        internal::ReadFile(loc.file, &text);
        it = cache.emplace(loc.file, std::move(text)).first;
      }
      const std::string& text = it->second;
      std::size_t start = 0;
      for (int l = 1; l < loc.line && start != std::string::npos; ++l) {
        start = text.find('\n', start);
        if (start != std::string::npos) ++start;
      }
      if (start != std::string::npos && start < text.size()) {
        std::size_t end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::string gutter = std::to_string(loc.line);
        out += " " + gutter + " | " + line + "\n";
        out += " " + std::string(gutter.size(), ' ') + " | " + std::string(static_cast<std::size_t>(std::max(0, loc.column - 1)), ' ') + "^\n";
      }
    }
    if (!d.hint.empty()) out += "  = hint: " + d.hint + "\n";
  }
  return out;
}

}  // namespace sitbone
