// The reader of the decision audit log: streams the file line by line (memory
// bounded by the record limit whatever the file holds), checks each line on
// its own (CheckRecordLine), then its link to the line before and its
// sequence number.
#include "sitbone/audit_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "audit/record.h"
#include "common/limits.h"
#include "common/sha256.h"

namespace sitbone {
namespace {

class Verifier {
 public:
  explicit Verifier(AuditVerifyReport* report) : report_(report), prev_hash_(internal::Sha256Hex("")) {}

  // One complete line (without its newline); `too_long`: only its start was kept.
  void Line(const std::string& line, bool too_long) {
    const std::size_t number = ++report_->lines;
    if (too_long) {
      Add(AuditProblem::Kind::kTooLong, number, 0,
          fmt::format("the line is longer than the limit of {} bytes for a record (its newline included)",
                      internal::kAuditRecordLimits.max_bytes));
      Untrusted();
      return;
    }
    internal::LineCheck check = internal::CheckRecordLine(line);
    if (!check.ok) {
      Add(check.kind, number, check.column, check.message);
      Untrusted();
      return;
    }
    ++report_->records;
    // The chain and the sequence are checked against the line before only
    // when that line is itself an intact record (or this is line 1): the
    // break after a damaged line is the damage already reported, not news.
    if (trusted_) {
      if (check.prev != prev_hash_) {
        Add(AuditProblem::Kind::kChainBreak, number, 0,
            number == 1 ? std::string("\"prev\" is not the SHA-256 of \"\", as in the first record of a "
                                      "log; records before this one were removed")
                        : fmt::format("\"prev\" is not the SHA-256 of line {}: a record was deleted, "
                                      "inserted or moved here, or line {} was changed and its line_sha256 recomputed",
                                      number - 1, number - 1));
      }
      const std::uint64_t expected = prev_seq_ + 1;
      if (check.seq != expected) {
        Add(AuditProblem::Kind::kSequence, number, 0,
            check.seq > expected
                ? fmt::format("seq {} where {} was expected: {} record(s) missing before this line", check.seq,
                              expected, check.seq - expected)
                : fmt::format("seq {} where {} was expected: a record repeated or out of order", check.seq, expected));
      }
    }
    trusted_ = true;
    prev_seq_ = check.seq;
    prev_hash_ = internal::Sha256Hex(line);
    report_->last_seq = check.seq;
    report_->last_line_sha256 = prev_hash_;
  }

  // The bytes after the last newline: a write that was cut short.
  void TornLine() {
    const std::size_t number = ++report_->lines;
    Add(AuditProblem::Kind::kTornLine, number, 0,
        "the last line has no newline (a write was cut short): it is not a record, and nothing is appended after it");
  }

 private:
  void Untrusted() { trusted_ = false; }

  void Add(AuditProblem::Kind kind, std::size_t line, std::size_t column, std::string message) {
    if (report_->problems.size() >= internal::kMaxAuditProblems) {
      ++report_->problems_omitted;
      return;
    }
    report_->problems.push_back({kind, line, column, std::move(message)});
  }

  AuditVerifyReport* report_;
  bool trusted_ = true;         // the line before is an intact record, or there is none
  std::uint64_t prev_seq_ = 0;  // its seq (0 before the first line)
  std::string prev_hash_;       // the SHA-256 of its line (of "" before the first line)
};

}  // namespace

Result<AuditVerifyReport> VerifyAuditLog(const std::string& path) {
  // Regular files only (a FIFO or /dev/zero would never end); O_NONBLOCK so
  // that opening a FIFO cannot hang before it is refused.
  int fd;
  do fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) return Status(StatusCode::kNotFound, fmt::format("audit log '{}' does not exist", path));
    return Status(StatusCode::kIoError, fmt::format("cannot open audit log '{}': {}", path, std::strerror(error)));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    return Status(StatusCode::kIoError, fmt::format("audit log '{}' is not a regular file", path));

  AuditVerifyReport report;
  Verifier verifier(&report);
  // A line is kept up to the record limit; the rest of a longer one is
  // skipped, so memory stays bounded whatever the file holds.
  const std::size_t max_line = internal::kAuditRecordLimits.max_bytes;
  std::string line;
  bool too_long = false;
  bool partial = false;  // bytes after the last newline so far
  static constexpr std::size_t kBlock = 1 << 16;
  std::string buffer(kBlock, '\0');
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      return Status(StatusCode::kIoError, fmt::format("reading audit log '{}' failed after line {}: {}", path,
                                                      report.lines, std::strerror(error)));
    }
    if (n == 0) break;
    const char* p = buffer.data();
    const char* end = p + n;
    while (p < end) {
      const char* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = newline ? newline : end;
      const std::size_t piece = static_cast<std::size_t>(stop - p);
      if (line.size() + piece < max_line) {
        line.append(p, piece);
      } else {
        line.append(p, max_line - line.size());
        too_long = true;
      }
      partial = true;
      if (!newline) break;
      verifier.Line(line, too_long);
      line.clear();
      too_long = false;
      partial = false;
      p = newline + 1;
    }
  }
  if (partial) verifier.TornLine();
  return report;
}

}  // namespace sitbone
