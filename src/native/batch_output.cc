// Collecting a line's values per slot, then laying them out inline or as pool arrays.
#include "batch_output.h"

#include <cstring>
#include <stdexcept>

namespace eqlscan {

void BatchOutput::begin(uint32_t count, uint32_t fields, uint8_t* status, uint8_t* tags,
                        uint32_t* refs) {
  count_ = count;
  fields_ = fields;
  status_ = status;
  tags_ = tags;
  refs_ = refs;
  // Only tags need a known value: a ref is read only when its tag says so.
  if (count != 0 && fields != 0) std::memset(tags, kMissing, size_t{count} * fields);
  numbers.clear();
  text.clear();
  str_offsets.assign(1, 0);
  arr_starts.assign(1, 0);
  pool_tags.clear();
  pool_refs.clear();
  ascii = true;
  utf16_ = 0;
  head_.assign(fields, kNone);
  tail_.assign(fields, kNone);
  pending_.clear();
  touched_.clear();
}

void BatchOutput::add(uint32_t slot, const Leaf& leaf) {
  uint32_t at = static_cast<uint32_t>(pending_.size());
  pending_.push_back({leaf, kNone});
  if (head_[slot] == kNone) {
    head_[slot] = at;
    touched_.push_back(slot);
  } else {
    pending_[tail_[slot]].next = at;
  }
  tail_[slot] = at;
}

void BatchOutput::finish_line(uint32_t line) {
  size_t base = size_t{line} * fields_;
  for (uint32_t slot : touched_) {
    uint32_t first = head_[slot];
    if (first == tail_[slot]) {
      const Leaf& leaf = pending_[first].leaf;
      tags_[base + slot] = leaf.tag;
      refs_[base + slot] = encode(leaf);
    } else {
      tags_[base + slot] = kArray;
      refs_[base + slot] = static_cast<uint32_t>(arr_starts.size() - 1);
      for (uint32_t at = first; at != kNone; at = pending_[at].next) {
        const Leaf& leaf = pending_[at].leaf;
        pool_tags.push_back(leaf.tag);
        pool_refs.push_back(encode(leaf));
      }
      arr_starts.push_back(static_cast<uint32_t>(pool_tags.size()));
    }
  }
  discard_line();
}

void BatchOutput::discard_line() {
  for (uint32_t slot : touched_) head_[slot] = tail_[slot] = kNone;
  touched_.clear();
  pending_.clear();
}

uint32_t BatchOutput::encode(const Leaf& leaf) {
  if (leaf.tag == kNumber) {
    numbers.push_back(leaf.number);
    return static_cast<uint32_t>(numbers.size() - 1);
  }
  if (leaf.tag == kString) return add_string(leaf.text);
  return 0;
}

uint32_t BatchOutput::add_string(std::string_view s) {
  // UTF-16 length of valid UTF-8: one unit per lead byte, two for four-byte sequences.
  size_t units = 0;
  unsigned high = 0;
  for (unsigned char c : s) {
    units += (c & 0xc0) != 0x80;
    units += c >= 0xf0;
    high |= c;
  }
  if (high & 0x80) ascii = false;
  utf16_ += units;
  if (utf16_ > 0xffffffffu) throw std::length_error("batch strings exceed 4G UTF-16 units");
  text.append(s.data(), s.size());
  str_offsets.push_back(static_cast<uint32_t>(utf16_));
  return static_cast<uint32_t>(str_offsets.size() - 2);
}

}  // namespace eqlscan
