// The native shard reader (see shard_reader.h). The state machine is the JavaScript line
// framer's (source/lines.ts), mode for mode, so that both own, number, trim and skip the
// same lines.
#include "shard_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#if !defined(_WIN32)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace eqlscan {
namespace {

// Big enough that a read costs little next to framing it, small enough to stay in L2.
constexpr size_t kWindow = 256 * 1024;
// Kept free after the last copied line, so that simdjson can read past it in place.
constexpr size_t kPadding = 64;

}  // namespace

bool shard_reader_available() {
#if defined(_WIN32)
  return false;
#else
  return true;
#endif
}

void ShardReader::open(int fd, uint64_t start, uint64_t end, uint32_t max_line, bool project_all) {
  fd_ = fd;
  end_ = end;
  max_line_ = max_line;
  project_all_ = project_all;
  // A window grown for a long line in an earlier shard is not kept.
  if (win_.size() != kWindow) std::vector<uint8_t>(kWindow).swap(win_);
  const bool mid_file = start > 0;
  win_offset_ = read_at_ = mid_file ? start - 1 : 0;
  fill_ = pos_ = line_start_ = 0;
  mode_ = mid_file ? Mode::kPrefix : end > 0 ? Mode::kLine : Mode::kDone;
  bom_pending_ = !mid_file;
  eof_ = false;
  error_ = 0;
  error_offset_ = 0;
  line_ = 0;
  span_start_ = span_end_ = mid_file ? start : 0;
  skip_start_ = 0;
  skip_last_ = 0;
#if defined(POSIX_FADV_SEQUENTIAL)
  // Only a hint for read-ahead when the file is not cached; errors do not matter.
  (void)posix_fadvise(fd, static_cast<off_t>(read_at_), 0, POSIX_FADV_SEQUENTIAL);
#endif
}

void ShardReader::release() {
  std::vector<uint8_t>().swap(win_);
  fill_ = pos_ = line_start_ = 0;
  mode_ = Mode::kDone;
}

ChunkStats ShardReader::next(const ChunkOutput& out) {
  ChunkStats stats;
  text_used_ = 0;
  for (;;) {
    if (mode_ == Mode::kDone) break;
    if (bom_pending_) {
      if (fill_ < 3 && !eof_) {
        // As the JavaScript reader: a read failing this early delivers no line at all.
        if (error_ != 0) {
          mode_ = Mode::kDone;
          break;
        }
        refill();
        continue;
      }
      bom_pending_ = false;
      if (fill_ >= 3 && win_[0] == 0xef && win_[1] == 0xbb && win_[2] == 0xbf) pos_ = line_start_ = 3;
    }
    if (pos_ == fill_) {
      if (error_ != 0) {
        // The unfinished line is no line of the input, only where reading broke.
        mode_ = Mode::kDone;
        break;
      }
      if (eof_) {
        if (!finish(out, stats)) break;
        continue;
      }
      refill();
      continue;
    }

    const uint8_t* base = win_.data();
    const void* hit = std::memchr(base + pos_, '\n', fill_ - pos_);
    if (hit == nullptr) {
      if (mode_ != Mode::kLine) skip_last_ = base[fill_ - 1];
      pos_ = fill_;
      continue;
    }
    const size_t nl = static_cast<size_t>(static_cast<const uint8_t*>(hit) - base);
    if (mode_ == Mode::kPrefix) {
      span_start_ = span_end_ = win_offset_ + nl + 1;
    } else if (mode_ == Mode::kSkip) {
      const uint8_t last = nl > 0 ? base[nl - 1] : skip_last_;
      const uint64_t bytes = win_offset_ + nl - skip_start_ - (last == '\r' ? 1 : 0);
      if (!take_skipped(skip_start_, bytes, out, stats)) break;
    } else {
      size_t end = nl;
      if (end > line_start_ && base[end - 1] == '\r') end--;
      if (!take_line(end, out, stats)) break;
    }

    // A new line starts after the newline; it is ours only if it starts before `end_`.
    mode_ = Mode::kLine;
    line_start_ = pos_ = nl + 1;
    span_end_ = win_offset_ + nl + 1;
    if (win_offset_ + line_start_ >= end_) mode_ = Mode::kDone;
  }

  stats.done = mode_ == Mode::kDone;
  if (stats.done) {
    stats.error = error_;
    stats.error_offset = error_offset_;
  }
  stats.span_start = span_start_;
  stats.span_end = span_end_;
  return stats;
}

bool ShardReader::refill() {
  // Only the current line's bytes are still needed (none while skipping).
  const size_t keep = mode_ == Mode::kLine ? line_start_ : fill_;
  if (keep > 0) {
    const size_t rest = fill_ - keep;
    if (win_.size() > kWindow && rest <= kWindow / 2) {
      std::vector<uint8_t> usual(kWindow);
      std::memcpy(usual.data(), win_.data() + keep, rest);
      win_.swap(usual);
    } else {
      std::memmove(win_.data(), win_.data() + keep, rest);
    }
    win_offset_ += keep;
    fill_ = rest;
    pos_ -= keep;
    line_start_ = mode_ == Mode::kLine ? line_start_ - keep : 0;
  }
  if (fill_ == win_.size()) {
    // One unfinished line fills the window: grow it, unless the line is already too long.
    const size_t limit = size_t{max_line_} + 2;
    if (win_.size() >= limit) {
      mode_ = Mode::kSkip;
      skip_start_ = win_offset_;
      skip_last_ = win_[fill_ - 1];
      win_offset_ += fill_;
      fill_ = pos_ = line_start_ = 0;
    } else {
      win_.resize(std::min(limit, win_.size() * 2));
    }
  }
#if defined(_WIN32)
  error_ = ENOSYS;
  error_offset_ = read_at_;
  return false;
#else
  ssize_t n;
  do {
    n = pread(fd_, win_.data() + fill_, win_.size() - fill_, static_cast<off_t>(read_at_));
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    error_ = errno;
    error_offset_ = read_at_;
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  fill_ += static_cast<size_t>(n);
  read_at_ += static_cast<uint64_t>(n);
  return true;
#endif
}

bool ShardReader::take_line(size_t end, const ChunkOutput& out, ChunkStats& stats) {
  const uint8_t* base = win_.data();
  if (end - line_start_ > max_line_) {
    return take_skipped(win_offset_ + line_start_, end - line_start_, out, stats);
  }
  size_t start = line_start_;
  const LineKind kind = filter_.kind(base, fill_, start, end);
  if (kind == kBlankLine) {
    stats.blank++;
  } else if (kind == kCandidate || project_all_) {
    const size_t bytes = end - line_start_;
    if (stats.listed == out.line_cap) return false;
    if (text_used_ + bytes + kPadding > out.text_size) {
      if (stats.listed == 0) stats.need = bytes + kPadding;
      return false;
    }
    std::memcpy(out.text + text_used_, base + line_start_, bytes);
    const uint32_t k = stats.listed++;
    const auto at = static_cast<int32_t>(text_used_);
    out.line_starts[k] = at;
    out.starts[k] = at + static_cast<int32_t>(start - line_start_);
    out.ends[k] = at + static_cast<int32_t>(bytes);
    out.lines[k] = static_cast<int32_t>(line_);
    out.offsets[k] = static_cast<double>(win_offset_ + line_start_);
    out.kinds[k] = kind;
    text_used_ += bytes;
  } else if (kind == kShaped) {
    stats.shaped++;
  } else {
    if (stats.rejects_listed < out.reject_cap) {
      double* at = out.rejects + 2 * size_t{stats.rejects_listed++};
      at[0] = line_;
      at[1] = static_cast<double>(win_offset_ + line_start_);
    }
    stats.unshaped++;
  }
  line_++;
  return true;
}

bool ShardReader::take_skipped(uint64_t offset, uint64_t bytes, const ChunkOutput& out,
                               ChunkStats& stats) {
  if (stats.skipped_count == out.skipped_cap) return false;
  double* at = out.skipped + 3 * size_t{stats.skipped_count++};
  at[0] = line_;
  at[1] = static_cast<double>(offset);
  at[2] = static_cast<double>(bytes);
  line_++;
  return true;
}

bool ShardReader::finish(const ChunkOutput& out, ChunkStats& stats) {
  if (mode_ == Mode::kSkip) {
    const uint64_t bytes = win_offset_ + fill_ - skip_start_ - (skip_last_ == '\r' ? 1 : 0);
    if (!take_skipped(skip_start_, bytes, out, stats)) return false;
    span_end_ = win_offset_ + fill_;
  } else if (mode_ == Mode::kLine && line_start_ < fill_) {
    size_t end = fill_;
    if (win_[end - 1] == '\r') end--;
    if (!take_line(end, out, stats)) return false;
    span_end_ = win_offset_ + fill_;
  }
  mode_ = Mode::kDone;
  return true;
}

}  // namespace eqlscan
