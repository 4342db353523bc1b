// The walker's interface: lines in, projected slots out (walker.cc).
//
// On the kernel: simdjson dispatches at run time everything that is SIMD work here,
// stage 1 (structure and UTF-8 validation) and string unescaping, both through the
// parser's runtime-chosen implementation. The rest of On-Demand (stepping through the
// structural index, parsing numbers) is compiled for the builtin kernel, which on plain
// x86-64 is the portable one; it is not where the time goes, so one portable build serves
// every CPU and no code is compiled twice for different instruction sets.
#ifndef EQLSCAN_NATIVE_WALKER_H
#define EQLSCAN_NATIVE_WALKER_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "batch_output.h"
#include "field_table.h"
#include "lines.h"

namespace eqlscan {

struct WalkOptions {
  // Deepest nesting accepted, as the JavaScript backends count it (`{}` is 1).
  uint32_t max_depth;
  // Validate every value (as JSON.parse does), not only those on the way to a field.
  bool validate;
};

class LineWalker {
 public:
  virtual ~LineWalker() = default;
  // Projects every line, writing `out.status()[i]` and, for events, their slots.
  virtual void project(const Lines& lines, BatchOutput& out) = 0;
};

std::unique_ptr<LineWalker> make_walker(const FieldTable& table, const WalkOptions& options);

// What simdjson runs here: the runtime-dispatched implementation and the builtin one.
struct Implementation {
  std::string active;
  std::string description;
  std::string builtin;
  std::string version;
};

Implementation implementation();

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_WALKER_H
