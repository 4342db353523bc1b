// The native shard reader: reads the lines a shard of a plain NDJSON file owns, classifies
// them with the line filter where they lie, and hands on only the counts and the lines
// that must be decoded.
//
// It frames exactly as the JavaScript reader does (source/lines.ts, source/shard.ts): a
// shard owns the lines that start inside [start, end), so it skips through the first
// newline at or after `start - 1` and reads past `end` to finish its last line; a UTF-8 BOM
// at offset 0 is no part of the first line, one CR before each LF is dropped, a last line
// without a newline is still a line, and a line longer than `max_line` bytes is skipped
// (and reported) without being buffered whole.
//
// Bytes come in by pread into a window of a few hundred KiB, which stays in the CPU's
// cache while it is framed and filtered. A memory map would spare the copy from the page
// cache, but measured no faster (the page faults cost as much as the copy), and a file
// truncated under a map kills the process with SIGBUS, which only a process-wide signal
// handler could catch: with pread, a file that shrinks simply ends sooner.
#ifndef EQLSCAN_NATIVE_SHARD_READER_H
#define EQLSCAN_NATIVE_SHARD_READER_H

#include <cstddef>
#include <cstdint>
#include <vector>

#include "line_filter.h"

namespace eqlscan {

// True where the reader can run (it needs POSIX pread).
bool shard_reader_available();

// Where one chunk goes: the listed lines (candidates, or every non-blank line with
// `project_all`), copied into `text` from the line's first byte to its trimmed end, and the
// first shape rejects and skipped lines met.
struct ChunkOutput {
  uint8_t* text;
  size_t text_size;
  // Per listed line k < line_cap: where its copy starts in `text`, its trimmed range there,
  // its relative line, the file offset of its first byte, and its LineKind.
  int32_t* line_starts;
  int32_t* starts;
  int32_t* ends;
  int32_t* lines;
  double* offsets;
  uint8_t* kinds;
  uint32_t line_cap;
  // (relative line, file offset) of each of the first `reject_cap` lines not shaped like an
  // object (never listed: with `project_all` such lines are decoded instead).
  double* rejects;
  uint32_t reject_cap;
  // (relative line, file offset, bytes) of skipped lines; the chunk ends when it is full.
  double* skipped;
  uint32_t skipped_cap;
};

// What one chunk covered. Lines are counted once each, in exactly one of `blank`,
// `shaped`, `unshaped`, `listed` or `skipped_count`.
struct ChunkStats {
  uint32_t listed = 0;
  uint32_t blank = 0;
  uint32_t shaped = 0;    // not listed, shaped like an object
  uint32_t unshaped = 0;  // not listed, not shaped like an object
  uint32_t rejects_listed = 0;
  uint32_t skipped_count = 0;
  bool done = false;
  int error = 0;              // errno of a failed read, once done
  uint64_t error_offset = 0;  // file offset of the failed read
  uint64_t span_start = 0;    // file offsets the owned lines span so far, terminators included
  uint64_t span_end = 0;
  size_t need = 0;  // `text` bytes the next listed line needs, when it fits in no chunk
};

class ShardReader {
 public:
  explicit ShardReader(const LineFilter& filter) : filter_(filter) {}

  // Starts on `fd` (kept open by the caller until done) for the shard [start, end).
  void open(int fd, uint64_t start, uint64_t end, uint32_t max_line, bool project_all);

  // Fills `out` with the next lines, in line order, and says what they were. Returns once
  // the shard is done, a capacity of `out` is reached, or a listed line does not fit.
  ChunkStats next(const ChunkOutput& out);

  // Gives the window's memory back (open() allocates it again).
  void release();

 private:
  enum class Mode { kPrefix, kLine, kSkip, kDone };

  // Moves or reads bytes in; false when no more will come (end of file or an error).
  bool refill();
  // One owned line [line_start_, end) of the window; false when `out` has no room for it.
  bool take_line(size_t end, const ChunkOutput& out, ChunkStats& stats);
  bool take_skipped(uint64_t offset, uint64_t bytes, const ChunkOutput& out, ChunkStats& stats);
  // Ends the shard at the end of the file.
  bool finish(const ChunkOutput& out, ChunkStats& stats);

  const LineFilter& filter_;
  int fd_ = -1;
  std::vector<uint8_t> win_;
  size_t fill_ = 0;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  uint64_t win_offset_ = 0;  // file offset of win_[0]
  uint64_t read_at_ = 0;
  uint64_t end_ = 0;
  uint32_t max_line_ = 0;
  bool project_all_ = false;
  Mode mode_ = Mode::kDone;
  bool bom_pending_ = false;
  bool eof_ = false;
  int error_ = 0;
  uint64_t error_offset_ = 0;
  uint32_t line_ = 0;  // relative number of the next line
  uint64_t span_start_ = 0;
  uint64_t span_end_ = 0;
  uint64_t skip_start_ = 0;
  uint8_t skip_last_ = 0;
  size_t text_used_ = 0;  // bytes of the chunk's `text` written
};

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_SHARD_READER_H
