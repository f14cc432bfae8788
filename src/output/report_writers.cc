// Writes a ReportDocument (report.h) as plain text (96 columns, for a
// terminal or a clinic system's notes field), Markdown, or one self-contained
// HTML page (no scripts, no external files; one printed page per report).
#include <string>

#include "output/report.h"

namespace sitbone::internal {
namespace {

constexpr std::size_t kWidth = 96;

// `text` wrapped at kWidth; continuation lines start `indent` blanks in.
// `first` is how many columns the first line already uses.
std::string Wrap(const std::string& text, std::size_t first, std::size_t indent) {
  std::string out;
  std::size_t column = first, start = 0;
  bool line_empty = true;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line_empty && column + 1 + word.size() > kWidth) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    line_empty = false;
  }
  return out;
}

// What goes between a lead and its text: a space after a question or a
// sentence ("Ask this? If yes ..."), else ": ".
const char* Separator(const std::string& lead) {
  const char last = lead.empty() ? ' ' : lead.back();
  return last == '?' || last == '.' || last == ':' ? " " : ": ";
}

// "Lead: text" with the lead written by `strong` and both by `escape`
// (identity for plain text).
template <typename Strong, typename Escape>
std::string Joined(const std::string& lead, const std::string& text, Strong strong, Escape escape) {
  if (lead.empty()) return escape(text);
  if (text.empty()) return strong(escape(lead));
  return strong(escape(lead)) + Separator(lead) + escape(text);
}

std::string Joined(const std::string& lead, const std::string& text) {
  auto same = [](const std::string& s) { return s; };
  return Joined(lead, text, same, same);
}

std::string Upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string Escape(const std::string& s, bool markdown) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (markdown) {
      if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>' || c == '\\' || c == '#')
        out += '\\';
      out += c;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string WriteText(const ReportDocument& report) {
  std::string out = report.title + "\n";
  if (!report.assessment.empty()) out += "Assessment: " + report.assessment + "\n";
  out += Wrap(report.notice, 0, 0) + "\n";
  for (const ReportSection& s : report.sections) {
    out += "\n== " + (s.alert ? Upper(s.title) : s.title) + " ==\n";
    if (!s.intro.empty()) out += "  " + Wrap(s.intro, 2, 2) + "\n";
    int number = 0;
    for (const ReportBlock& b : s.blocks) {
      std::string marker;
      switch (b.kind) {
        case ReportBlock::Kind::kParagraph: marker = b.alert ? "! " : ""; break;
        case ReportBlock::Kind::kBullet: marker = b.alert ? "! " : "- "; break;
        case ReportBlock::Kind::kNumbered: marker = std::to_string(++number) + ". "; break;
      }
      const std::size_t indent = 2 + marker.size();
      out += "  " + marker + Wrap(Joined(b.lead, b.text), indent, indent) + "\n";
      for (const ReportLine& l : b.lines) {
        const std::string prefix = std::string(indent + 2 * static_cast<std::size_t>(l.indent), ' ') +
                                   (l.lead.empty() ? "- " : "");
        out += prefix + Wrap(Joined(l.lead, l.text), prefix.size(), prefix.size() + (l.lead.empty() ? 0 : 2)) + "\n";
      }
    }
  }
  out += "\n";
  for (const std::string& line : report.footer) out += Wrap(line, 0, 0) + "\n";
  return out;
}

std::string WriteMarkdown(const ReportDocument& report) {
  auto md = [](const std::string& s) { return Escape(s, true); };
  auto joined = [&](const std::string& lead, const std::string& text) {
    return Joined(lead, text, [](const std::string& s) { return "**" + s + "**"; }, md);
  };
  std::string out = "# " + md(report.title) + "\n\n";
  if (!report.assessment.empty()) out += "Assessment: `" + report.assessment + "`\n\n";
  out += "> " + md(report.notice) + "\n";
  for (const ReportSection& s : report.sections) {
    out += "\n## " + md(s.title) + "\n\n";
    if (!s.intro.empty()) out += "*" + md(s.intro) + "*\n\n";
    int number = 0;
    ReportBlock::Kind previous = ReportBlock::Kind::kParagraph;
    for (const ReportBlock& b : s.blocks) {
      // A paragraph after a list needs a blank line to end the list.
      if (b.kind == ReportBlock::Kind::kParagraph && previous != ReportBlock::Kind::kParagraph) out += "\n";
      std::string marker;
      switch (b.kind) {
        case ReportBlock::Kind::kParagraph: marker = ""; break;
        case ReportBlock::Kind::kBullet: marker = "- "; break;
        case ReportBlock::Kind::kNumbered: marker = std::to_string(++number) + ". "; break;
      }
      out += marker + (b.alert ? "**(!)** " : "") + joined(b.lead, b.text) + "\n";
      const std::string pad(b.kind == ReportBlock::Kind::kParagraph ? 0 : marker.size(), ' ');
      for (const ReportLine& l : b.lines)
        out += pad + std::string(2 * static_cast<std::size_t>(l.indent), ' ') + "- " +
               (l.lead.empty() ? md(l.text) : "*" + md(l.lead) + "*: " + md(l.text)) + "\n";
      if (b.kind == ReportBlock::Kind::kParagraph) out += "\n";
      previous = b.kind;
    }
  }
  out += "\n---\n\n";
  for (const std::string& line : report.footer) out += md(line) + "\n\n";
  return out;
}

std::string WriteHtml(const std::vector<ReportDocument>& reports, bool fragment) {
  auto h = [](const std::string& s) { return Escape(s, false); };
  auto joined = [&](const std::string& lead, const std::string& text) {
    return Joined(lead, text, [](const std::string& s) { return "<strong>" + s + "</strong>"; }, h);
  };
  // Scoped to the container, so that an embedded report does not restyle
  // the page around it.
  const std::string style =
      "<style>\n"
      ".sitbone-report { font: 11pt/1.4 system-ui, sans-serif; max-width: 50em; color: #111; }\n"
      ".sitbone-report article { break-after: page; page-break-after: always; }\n"
      ".sitbone-report article:last-of-type { break-after: auto; page-break-after: auto; }\n"
      ".sitbone-report h1 { font-size: 1.4em; margin-bottom: 0.2em; }\n"
      ".sitbone-report h2 { font-size: 1.1em; border-bottom: 1px solid #999; }\n"
      ".sitbone-report section.alert { border: 2px solid #b00; padding: 0 0.8em 0.5em; }\n"
      ".sitbone-report section.alert h2 { color: #b00; border: none; }\n"
      ".sitbone-report .alert > strong { color: #b00; }\n"
      ".sitbone-report p.notice, .sitbone-report footer { font-size: 0.9em; color: #444; }\n"
      ".sitbone-report ul.lines { margin: 0.2em 0 0.4em; }\n"
      ".sitbone-report ul.lines li { list-style: none; }\n"
      "</style>\n";
  std::string out = "<div class=\"sitbone-report\">\n";
  for (const ReportDocument& r : reports) {
    out += "<article>\n<header>\n<h1>" + h(r.title) + "</h1>\n";
    if (!r.assessment.empty()) out += "<p>Assessment: <code>" + h(r.assessment) + "</code></p>\n";
    out += "<p class=\"notice\">" + h(r.notice) + "</p>\n</header>\n";
    for (const ReportSection& s : r.sections) {
      out += std::string(s.alert ? "<section class=\"alert\">" : "<section>") + "\n<h2>" + h(s.title) + "</h2>\n";
      if (!s.intro.empty()) out += "<p><em>" + h(s.intro) + "</em></p>\n";
      const char* open = nullptr;  // the list element open, if any
      for (const ReportBlock& b : s.blocks) {
        const char* want = b.kind == ReportBlock::Kind::kBullet     ? "ul"
                           : b.kind == ReportBlock::Kind::kNumbered ? "ol"
                                                                    : nullptr;
        if (open != want) {
          if (open) out += std::string("</") + open + ">\n";
          if (want) out += std::string("<") + want + ">\n";
          open = want;
        }
        std::string lines;
        if (!b.lines.empty()) {
          lines = "\n<ul class=\"lines\">\n";
          for (const ReportLine& l : b.lines)
            lines += "<li" + (l.indent > 0 ? " style=\"margin-left: " + std::to_string(l.indent) + "em\"" : std::string()) +
                     ">" + (l.lead.empty() ? "&ndash; " + h(l.text) : "<em>" + h(l.lead) + ":</em> " + h(l.text)) + "</li>\n";
          lines += "</ul>\n";
        }
        const std::string cls = b.alert ? " class=\"alert\"" : "";
        if (want) {
          out += "<li" + cls + ">" + joined(b.lead, b.text) + lines + "</li>\n";
        } else {
          out += "<p" + cls + ">" + joined(b.lead, b.text) + "</p>\n";
          if (!lines.empty()) out += lines.substr(1);
        }
      }
      if (open) out += std::string("</") + open + ">\n";
      out += "</section>\n";
    }
    out += "<footer>\n";
    for (const std::string& line : r.footer) out += "<p>" + h(line) + "</p>\n";
    out += "</footer>\n</article>\n";
  }
  out += "</div>\n";
  if (fragment) return style + out;
  const std::string title = reports.empty() ? "sitbone report" : reports.front().title;
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         h(title) + "</title>\n" + style + "</head>\n<body>\n" + out + "</body>\n</html>\n";
}

}  // namespace sitbone::internal
