// Per-field dictionaries of string values, kept across the batches of one projector.
//
// Telemetry repeats itself: process names, paths, users and categories recur from event to
// event, while ids, hashes and times almost never do. A value seen before in the same field
// is handed to JavaScript as a number, its id, so JavaScript keeps one string per distinct
// value instead of slicing a fresh one per event: the strings it hashes and folds are then
// the same objects every time, whose hash V8 keeps and whose folding it can remember.
//
// A field whose values rarely repeat is left out after a trial, so unique values are never
// hashed for nothing. The table is bounded: when it fills, it is cleared at the start of the
// next batch, and the batch says so, so that JavaScript drops its copies too.
#ifndef EQLSCAN_NATIVE_INTERN_TABLE_H
#define EQLSCAN_NATIVE_INTERN_TABLE_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eqlscan {

struct InternLimits {
  uint32_t max_values = 1u << 20;
  size_t max_bytes = size_t{64} << 20;
  // Lookups a field is judged on, and the share of them that must find a known value.
  uint32_t trial = 4096;
  double min_hit_share = 0.5;
};

class InternTable {
 public:
  static constexpr uint32_t kNone = 0xffffffffu;

  explicit InternTable(uint32_t fields, InternLimits limits = {});

  // Clears the table when it filled up during the last batch; true when it did.
  bool begin_batch();

  // The id of `utf8` in `field`, or kNone when the field is not interned or the table is
  // full. `fresh` is set when the id is new (its text has not been handed over yet).
  uint32_t intern(uint32_t field, std::string_view utf8, bool& fresh);

 private:
  struct Entry {
    uint64_t hash;
    uint32_t offset;
    uint32_t length;
    uint32_t field;
  };
  struct FieldTrial {
    uint32_t lookups = 0;
    uint32_t hits = 0;
    bool off = false;
  };

  // The id of a value already held, or kNone.
  uint32_t find(uint32_t field, std::string_view utf8, uint64_t hash) const;
  // Files entry `id` in the first free bucket after its hash's.
  void place(uint32_t id);
  void judge(FieldTrial& trial);

  InternLimits limits_;
  std::vector<Entry> entries_;
  // Open addressing over entries: index + 1, 0 for an empty bucket.
  std::vector<uint32_t> buckets_;
  std::string bytes_;
  std::vector<FieldTrial> trials_;
  bool full_ = false;
};

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_INTERN_TABLE_H
