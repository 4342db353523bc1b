// What projecting one batch produces, in the layout the TypeScript side reads.
//
// Per line a status; per (line, field) slot a tag and a ref. A slot holding one value is
// inline: a number's ref indexes `numbers`; a string's ref indexes a string table, whose
// offsets are in UTF-16 units so that JavaScript can `slice`. Strings whose code points
// all fit in Latin-1 (nearly all) go to `text`, transcoded to Latin-1 so that JavaScript
// gets one-byte strings without decoding; the others go to `wide` as UTF-8, tagged
// kWideString, so one non-Latin-1 value does not turn a whole batch's text two-byte. A
// slot holding two or more values is an array: its ref indexes `arr_starts`, and its
// values are pool entries `[arr_starts[ref], arr_starts[ref + 1])`, each a tag and a ref
// read the same way. Nulls are kept as values: whether they count depends on the
// reader's `null_value`, which only the TypeScript side knows.
//
// With an intern table, a Latin-1 string of a field whose values repeat is tagged
// kInterned and its ref is its id in the table; a value first seen in this batch also
// goes to `fresh`, with its id, so that JavaScript learns it once.
//
// Nothing here is tied to a SIMD kernel, so it is compiled once.
#ifndef EQLSCAN_NATIVE_BATCH_OUTPUT_H
#define EQLSCAN_NATIVE_BATCH_OUTPUT_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "intern_table.h"

namespace eqlscan {

enum Tag : uint8_t {
  kMissing = 0,
  kNull = 1,
  kFalse = 2,
  kTrue = 3,
  kNumber = 4,
  kString = 5,
  kArray = 6,
  kWideString = 7,
  kInterned = 8,
};

// Native verdicts on a line. Only kOk and kBlank are final: every other line is handed to
// the JavaScript backend, which words the reason (or, for kFallback, reads the event).
enum Status : uint8_t {
  kOk = 0,
  kBlank = 1,
  kFallback = 2,
  kMalformed = 3,
  kNotObject = 4,
  kInvalidUtf8 = 5,
  kTooDeep = 6,
};

// One value of a field as the walker found it.
struct Leaf {
  uint8_t tag;
  double number;
  std::string_view text;
};

class BatchOutput {
 public:
  // Starts a batch of `count` lines over `fields` slots each, writing the dense parts to
  // caller-owned memory (`tags` must hold count * fields bytes, `refs` as many entries).
  // `intern`, when given, is the projector's table, kept across batches.
  void begin(uint32_t count, uint32_t fields, uint8_t* status, uint8_t* tags, uint32_t* refs,
             InternTable* intern = nullptr);

  // Appends one value of `slot` for the current line, after those already added.
  void add(uint32_t slot, const Leaf& leaf);
  // Writes the current line's slots from what `add` collected; `line` is its index.
  void finish_line(uint32_t line);
  // Drops what `add` collected for the current line (the line is not an event).
  void discard_line();

  uint32_t count() const { return count_; }
  uint8_t* status() const { return status_; }

  std::vector<double> numbers;
  std::string text;                    // Latin-1
  std::vector<uint32_t> str_offsets;   // into text, starts at 0
  std::string wide;                    // UTF-8
  std::vector<uint32_t> wide_offsets;  // UTF-16 units into wide, starts at 0
  std::vector<uint32_t> arr_starts;    // starts at 0
  std::vector<uint8_t> pool_tags;
  std::vector<uint32_t> pool_refs;
  std::string fresh;                   // Latin-1: the values interned in this batch
  std::vector<uint32_t> fresh_offsets; // into fresh, starts at 0
  std::vector<uint32_t> fresh_ids;
  // True when the intern table was cleared before this batch: earlier ids are void.
  bool reset = false;

 private:
  struct Pending {
    Leaf leaf;
    uint32_t next;
  };
  static constexpr uint32_t kNone = 0xffffffffu;

  // Stores a leaf's payload; returns its ref and sets its tag (strings: narrow or wide).
  uint32_t encode(uint32_t slot, const Leaf& leaf, uint8_t& tag);
  uint32_t add_wide(std::string_view utf8);

  uint32_t count_ = 0;
  uint32_t fields_ = 0;
  uint8_t* status_ = nullptr;
  uint8_t* tags_ = nullptr;
  uint32_t* refs_ = nullptr;
  uint64_t wide_units_ = 0;
  InternTable* intern_ = nullptr;

  std::vector<Pending> pending_;
  std::vector<uint32_t> head_;
  std::vector<uint32_t> tail_;
  std::vector<uint32_t> seen_;
  std::vector<uint32_t> touched_;
};

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_BATCH_OUTPUT_H
