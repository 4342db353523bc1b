// The native line filter: the JavaScript prefilter's decision (compile/prefilter.ts), made
// for a whole batch of lines in one call, plus the blank and object-shape checks of the
// per-line loop (execute/lines.ts).
//
// It is built from exactly the byte patterns and escape rules the JavaScript prefilter
// compiled (passed in from JavaScript, never derived here), so the two agree line by
// line: a line is a candidate when some pattern occurs wholly inside it (letters folded
// where the pattern says so), or when it holds a real `\uXXXX` escape of a code unit in
// the escape alphabet (or a malformed one), or, where asked, a real `\/` escape. "Real"
// means preceded by an even run of backslashes within the line.
//
// The search (line_filter.cc): a few SIMD pair filters, each testing two bytes of a
// pattern at a fixed distance over 16 or 32 positions at once and verifying the rare
// positions where both match; large pattern sets (a whole rule pack's) go to a
// Wu-Manber search instead.
#ifndef EQLSCAN_NATIVE_LINE_FILTER_H
#define EQLSCAN_NATIVE_LINE_FILTER_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lines.h"

namespace eqlscan {

// One byte pattern; where fold[j] is 0x20, bytes[j] is a lower-case letter that matches
// in either case, elsewhere the byte must be exact.
struct Pattern {
  std::vector<uint8_t> bytes;
  std::vector<uint8_t> fold;
};

struct FilterSpec {
  enum class Mode {
    kEvery,        // no prefilter: every non-blank line is a candidate
    kNotNewlines,  // a prefilter with no literals: any byte but '\n' makes a candidate
    kLiterals,
  };
  Mode mode = Mode::kEvery;
  std::vector<Pattern> patterns;
  // Per UTF-16 code unit, 1 when its `\uXXXX` escape could hide a literal (0x10000 bytes).
  std::vector<uint8_t> alphabet;
  bool slash_escapes = false;
};

// Which search kernel runs; kAuto picks the best the CPU has.
enum class Kernel { kAuto, kAvx2, kSse2, kScalar };

// Per line, as classify writes it.
enum LineKind : uint8_t {
  kBlankLine = 0,  // empty once space, tab and CR are trimmed
  kCandidate = 1,  // the prefilter passes it
  kShaped = 2,     // not a candidate; starts with '{' and ends with '}'
  kUnshaped = 3,   // not a candidate, and not shaped like an object
};

// Where classify writes: a kind per line, how many lines are of each kind (indexed by
// LineKind), and the trimmed range and index of each line to project (every candidate, or
// every non-blank line with `project_all`).
struct FilterOutput {
  uint8_t* kinds;
  int32_t* tally;
  int32_t* starts;
  int32_t* ends;
  int32_t* index;
};

class LineFilter {
 public:
  LineFilter(const FilterSpec& spec, Kernel kernel);
  ~LineFilter();
  LineFilter(const LineFilter&) = delete;
  LineFilter& operator=(const LineFilter&) = delete;

  // True when the (trimmed, non-empty) line `buf[start, end)` is a candidate. Reads may go
  // past `end`, never past `size`.
  bool candidate(const uint8_t* buf, size_t size, size_t start, size_t end) const;

  // The kind of the line `buf[start, end)` (its terminator excluded), trimmed as classify
  // trims it: on return `start, end` are the trimmed range. Reads may go past `end`, never
  // past `size`.
  LineKind kind(const uint8_t* buf, size_t size, size_t& start, size_t& end) const;

  // Classifies every line; returns how many lines were listed for projection.
  uint32_t classify(const Lines& lines, bool project_all, const FilterOutput& out) const;

  // The kernel in use: "avx2", "sse2" or "scalar".
  const char* kernel_name() const;
  // The search plan, one line per part, for tests and explain output.
  std::string describe() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_LINE_FILTER_H
