// A batch of lines as the bindings hand them to native code: `buf[starts[i], ends[i])`,
// bounds already checked against `size`. The line filter classifies such a batch and the
// walker projects one.
#ifndef EQLSCAN_NATIVE_LINES_H
#define EQLSCAN_NATIVE_LINES_H

#include <cstddef>
#include <cstdint>

namespace eqlscan {

struct Lines {
  const uint8_t* buf;
  size_t size;
  const int32_t* starts;
  const int32_t* ends;
  uint32_t count;
};

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_LINES_H
