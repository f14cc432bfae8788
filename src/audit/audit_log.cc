// The writer of the decision audit log: one record per Record call, appended
// whole or reported as failed, continuing the sequence and the hash chain of
// whatever the file already ends in, and never writing after a torn line.
#include "sitbone/audit_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "audit/record.h"
#include "common/limits.h"
#include "common/sha256.h"
#include "sitbone/rule_set.h"

namespace sitbone {
namespace internal {

struct AuditLogState {
  AuditLogOptions options;
  int fd = -1;
  std::mutex mutex;  // one Record at a time within the process
  // The file's last record as last seen: its seq (0: none) and the SHA-256
  // of its line (of "" for an empty file), and the file size then. A size
  // that differs at the next Record means someone else appended (another
  // process) or changed the file: the tail is read again.
  std::uint64_t seq = 0;
  std::string prev;
  off_t end = -1;
  std::uint64_t written = 0;
};

}  // namespace internal

namespace {

using internal::AuditLogState;

// An I/O error: `what` (a format naming the path as {}) and the reason the
// system gave. The one-argument form reads errno first thing, before
// anything else can change it.
Status Errno(const char* what, const std::string& path, int error) {
  return Status(StatusCode::kIoError, fmt::format(fmt::runtime(what), path) + ": " + std::strerror(error));
}
Status Errno(const char* what, const std::string& path) {
  const int error = errno;
  return Errno(what, path, error);
}

// Reads exactly `size` bytes at `offset`.
bool ReadAt(int fd, off_t offset, std::size_t size, char* out) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, out + done, size - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The 1-based number of the line that starts at byte `offset` (newlines
// before it + 1). Only on the error paths: it reads the file up to there.
std::size_t LineNumberAt(int fd, off_t offset) {
  std::size_t line = 1;
  char buffer[1 << 16];
  for (off_t at = 0; at < offset;) {
    const std::size_t want = static_cast<std::size_t>(std::min<off_t>(offset - at, sizeof buffer));
    if (!ReadAt(fd, at, want, buffer)) break;
    for (std::size_t i = 0; i < want; ++i) line += buffer[i] == '\n';
    at += static_cast<off_t>(want);
  }
  return line;
}

// Holds flock(LOCK_EX) on the log for its lifetime: other sitbone processes
// appending to the same file wait, so that each record continues the chain
// from the true last line (advisory: writers that do not lock are detected
// at the next Record, when the last line is not a record of ours).
class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {
    int r;
    do r = ::flock(fd_, LOCK_EX);
    while (r < 0 && errno == EINTR);
    error_ = r < 0 ? errno : 0;
  }
  ~FileLock() {
    if (error_ == 0) ::flock(fd_, LOCK_UN);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  int error() const { return error_; }

 private:
  int fd_;
  int error_ = 0;
};

// The start of the line that ends just before byte `end`: the byte after the
// last newline before it, or 0. Reads backwards in blocks, at most `limit`
// bytes; -1 when no line start is found within them (or on a read error).
off_t LineStart(int fd, off_t end, off_t limit) {
  char buffer[1 << 16];
  const off_t stop = std::max<off_t>(0, end - limit);
  for (off_t at = end; at > stop;) {
    const std::size_t want = static_cast<std::size_t>(std::min<off_t>(at - stop, sizeof buffer));
    if (!ReadAt(fd, at - static_cast<off_t>(want), want, buffer)) return -1;
    for (std::size_t i = want; i > 0; --i)
      if (buffer[i - 1] == '\n') return at - static_cast<off_t>(want) + static_cast<off_t>(i);
    at -= static_cast<off_t>(want);
  }
  return stop == 0 ? 0 : -1;
}

// A file sitbone will not append to, and what the operator does about it.
Status Refused(const std::string& path, const std::string& why) {
  return Status(StatusCode::kIoError,
                fmt::format("audit log '{0}': {1}; it is never appended to: run 'sitbone audit verify {0}', keep the "
                            "file as it is, move it aside and start a new log",
                            path, why));
}

// Reads the log's last line to continue from it: an empty file starts the
// chain; a file must otherwise end in a newline and its last line must be an
// intact record (CheckRecordLine), or nothing is appended to it.
Status LoadTail(AuditLogState& s) {
  const std::string& path = s.options.path;
  s.end = -1;
  struct stat st {};
  if (::fstat(s.fd, &st) != 0) return Errno("audit log '{}' cannot be read", path);
  const off_t size = st.st_size;
  if (size == 0) {
    s.seq = 0;
    s.prev = internal::Sha256Hex("");
    s.end = 0;
    return Status::Ok();
  }
  char last = 0;
  if (!ReadAt(s.fd, size - 1, 1, &last)) return Errno("audit log '{}' cannot be read", path);
  if (last != '\n') {
    const off_t start = LineStart(s.fd, size, size);
    return Refused(path, fmt::format("it ends in a torn line: line {} has no newline (a write was cut short)",
                                     LineNumberAt(s.fd, std::max<off_t>(start, 0))));
  }
  // The last line, found backwards within the record limit.
  const off_t max = static_cast<off_t>(internal::kAuditRecordLimits.max_bytes);
  const off_t start = LineStart(s.fd, size - 1, max);
  if (start < 0) return Refused(path, "its last line is longer than a record may be");
  std::string line(static_cast<std::size_t>(size - 1 - start), '\0');
  if (!ReadAt(s.fd, start, line.size(), line.data()))
    return Errno("audit log '{}' cannot be read", path);
  internal::LineCheck check = internal::CheckRecordLine(line);
  if (!check.ok)
    return Refused(path, fmt::format("its last line (line {}) is not an intact audit record: {}",
                                     LineNumberAt(s.fd, start), check.message));
  s.seq = check.seq;
  s.prev = internal::Sha256Hex(line);
  s.end = size;
  return Status::Ok();
}

}  // namespace

const char* AuditProblemKindName(AuditProblem::Kind kind) {
  switch (kind) {
    case AuditProblem::Kind::kTornLine:
      return "torn-line";
    case AuditProblem::Kind::kTooLong:
      return "too-long";
    case AuditProblem::Kind::kNotText:
      return "not-text";
    case AuditProblem::Kind::kNotJson:
      return "not-json";
    case AuditProblem::Kind::kNotARecord:
      return "not-a-record";
    case AuditProblem::Kind::kAltered:
      return "altered";
    case AuditProblem::Kind::kChainBreak:
      return "chain-break";
    case AuditProblem::Kind::kSequence:
      return "sequence";
  }
  return "unknown";
}

AuditLog::AuditLog(std::unique_ptr<internal::AuditLogState> state) : state_(std::move(state)) {}

AuditLog::~AuditLog() {
  if (state_ && state_->fd >= 0) ::close(state_->fd);
}

const std::string& AuditLog::path() const { return state_->options.path; }

std::uint64_t AuditLog::records_written() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->written;
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const AuditLogOptions& options) {
  if (options.path.empty()) return Status(StatusCode::kInvalidArgument, "the audit log needs a path");
  if (!options.masked_fields.empty() && options.input != AuditInput::kMasked)
    return Status(StatusCode::kInvalidArgument,
                  "masked fields are only used when the audit log records the input (AuditInput::kMasked); with "
                  "kHash it records no input value");
  auto state = std::make_unique<AuditLogState>();
  state->options = options;
  // O_APPEND: every write lands at the end of the file, whoever else
  // appends. O_NONBLOCK only for the open itself: a FIFO without a reader
  // fails at once instead of hanging, and is then refused as not a regular
  // file. 0600: the log holds clinical decisions.
  int fd;
  do fd = ::open(options.path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0600);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) return Errno("cannot open audit log '{}'", options.path);
  state->fd = fd;
  std::unique_ptr<AuditLog> log(new AuditLog(std::move(state)));
  AuditLogState& s = *log->state_;
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Errno("cannot open audit log '{}'", options.path);
  if (!S_ISREG(st.st_mode))
    return Status(StatusCode::kIoError, fmt::format("audit log '{}' is not a regular file", options.path));
  if (::fcntl(fd, F_SETFL, O_APPEND) != 0) return Errno("cannot open audit log '{}'", options.path);
  FileLock lock(fd);
  if (lock.error()) return Errno("cannot lock audit log '{}'", options.path, lock.error());
  if (Status status = LoadTail(s); !status.ok()) return status;
  return Result<std::unique_ptr<AuditLog>>(std::move(log));
}

Status AuditLog::Record(const RuleSet& rules, const Assessment& assessment, const Evaluation& evaluation) {
  AuditLogState& s = *state_;
  // A record must say truthfully which rule set decided: refuse pieces that
  // do not belong together.
  if (&assessment.schema() != rules.schema().get())
    return Status(StatusCode::kInvalidArgument,
                  "the assessment was validated against another rule set's schema; it cannot be recorded with this "
                  "rule set");
  if (evaluation.provenance.fingerprint != rules.fingerprint() || evaluation.provenance.rule_set_id != rules.id())
    return Status(StatusCode::kInvalidArgument,
                  "the evaluation was not made by this rule set (its provenance names another fingerprint)");
  internal::RecordContext context;
  context.input = s.options.input;
  if (context.input == AuditInput::kMasked) {
    const Schema& schema = *rules.schema();
    context.masked.assign(schema.size(), false);
    for (const std::string& name : s.options.masked_fields) {
      const int index = schema.Find(name);
      if (index < 0) {
        const std::string hint = schema.Suggest(name);
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("cannot mask '{}': it is not an input of rule set '{}'{}", name, rules.id(),
                                  hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
      }
      context.masked[static_cast<std::size_t>(index)] = true;
    }
  }

  std::lock_guard<std::mutex> guard(s.mutex);
  FileLock lock(s.fd);
  if (lock.error()) return Errno("cannot lock audit log '{}'", s.options.path, lock.error());
  struct stat st {};
  if (::fstat(s.fd, &st) != 0) return Errno("audit log '{}' cannot be read", s.options.path);
  if (st.st_size != s.end) {
    if (Status status = LoadTail(s); !status.ok()) return status;
  }
  context.seq = s.seq + 1;
  context.prev = s.prev;
  context.time = internal::Rfc3339UtcNow();
  Result<std::string> line = internal::BuildRecordLine(assessment, evaluation, context);
  if (!line) return line.error();
  line->push_back('\n');
  // One write(2) of the whole line: with O_APPEND it cannot interleave with
  // another writer's. A short write is not retried (a second write could land
  // after someone else's line); it leaves a torn line, and LoadTail refuses
  // the file from then on.
  ssize_t n;
  do n = ::write(s.fd, line->data(), line->size());
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    const int error = errno;
    s.end = -1;
    return Errno("cannot write to audit log '{}'", s.options.path, error);
  }
  if (static_cast<std::size_t>(n) != line->size()) {
    s.end = -1;
    return Status(StatusCode::kIoError,
                  fmt::format("only {} of {} bytes of the record were written to audit log '{}' (the disk may be "
                              "full); the log now ends in a torn line and is not appended to again",
                              n, line->size(), s.options.path));
  }
  if (s.options.fsync) {
    int r;
    do r = ::fdatasync(s.fd);
    while (r < 0 && errno == EINTR);
    if (r != 0) {
      const int error = errno;
      s.end = -1;
      return Errno("the record was written to audit log '{}' but could not be flushed to disk", s.options.path,
                   error);
    }
  }
  line->pop_back();
  s.seq = context.seq;
  s.prev = internal::Sha256Hex(*line);
  s.end = st.st_size + static_cast<off_t>(n);
  ++s.written;
  return Status::Ok();
}

}  // namespace sitbone
