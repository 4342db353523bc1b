// Collecting a line's values per slot, then laying them out inline or as pool arrays.
#include "batch_output.h"

#include <cstring>
#include <stdexcept>

namespace eqlscan {

void BatchOutput::begin(uint32_t count, uint32_t fields, uint8_t* status, uint8_t* tags,
                        uint32_t* refs, InternTable* intern) {
  intern_ = intern;
  reset = intern != nullptr && intern->begin_batch();
  fresh.clear();
  fresh_offsets.assign(1, 0);
  fresh_ids.clear();
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
  wide.clear();
  wide_offsets.assign(1, 0);
  wide_units_ = 0;
  arr_starts.assign(1, 0);
  pool_tags.clear();
  pool_refs.clear();
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
      uint8_t tag;
      refs_[base + slot] = encode(slot, pending_[first].leaf, tag);
      tags_[base + slot] = tag;
    } else {
      tags_[base + slot] = kArray;
      refs_[base + slot] = static_cast<uint32_t>(arr_starts.size() - 1);
      for (uint32_t at = first; at != kNone; at = pending_[at].next) {
        uint8_t tag;
        pool_refs.push_back(encode(slot, pending_[at].leaf, tag));
        pool_tags.push_back(tag);
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

namespace {

// True when some byte has its high bit set, eight bytes at a time.
bool any_high_bit(const char* p, size_t n) {
  uint64_t high = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    high |= word;
  }
  for (; i < n; i++) high |= static_cast<unsigned char>(p[i]);
  return (high & 0x8080808080808080ull) != 0;
}

// True when valid UTF-8 holds only code points up to U+00FF (lead bytes below 0xc4).
bool fits_latin1(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0xc4) return false;
  }
  return true;
}

// Appends valid UTF-8 whose code points fit in Latin-1 to a string table, transcoded to
// Latin-1; returns its index among the table's strings.
uint32_t append_latin1(std::string& out, std::vector<uint32_t>& offsets, std::string_view s,
                       bool ascii) {
  if (ascii) {
    out.append(s.data(), s.size());
  } else {
    for (size_t i = 0; i < s.size(); i++) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) c = static_cast<unsigned char>(((c & 0x1f) << 6) | (s[++i] & 0x3f));
      out.push_back(static_cast<char>(c));
    }
  }
  if (out.size() > 0xffffffffu) throw std::length_error("batch strings exceed 4 GB");
  offsets.push_back(static_cast<uint32_t>(out.size()));
  return static_cast<uint32_t>(offsets.size() - 2);
}

}  // namespace

uint32_t BatchOutput::encode(uint32_t slot, const Leaf& leaf, uint8_t& tag) {
  tag = leaf.tag;
  if (leaf.tag == kNumber) {
    numbers.push_back(leaf.number);
    return static_cast<uint32_t>(numbers.size() - 1);
  }
  if (leaf.tag != kString) return 0;

  std::string_view s = leaf.text;
  bool ascii = !any_high_bit(s.data(), s.size());
  if (!ascii && !fits_latin1(s)) {
    tag = kWideString;
    return add_wide(s);
  }
  if (intern_ != nullptr) {
    bool is_new;
    uint32_t id = intern_->intern(slot, s, is_new);
    if (id != InternTable::kNone) {
      if (is_new) {
        append_latin1(fresh, fresh_offsets, s, ascii);
        fresh_ids.push_back(id);
      }
      tag = kInterned;
      return id;
    }
  }
  return append_latin1(text, str_offsets, s, ascii);
}

uint32_t BatchOutput::add_wide(std::string_view s) {
  // UTF-16 length of valid UTF-8: one unit per lead byte, two for four-byte sequences.
  size_t units = 0;
  for (unsigned char c : s) {
    units += (c & 0xc0) != 0x80;
    units += c >= 0xf0;
  }
  wide_units_ += units;
  if (wide_units_ > 0xffffffffu) throw std::length_error("batch strings exceed 4G UTF-16 units");
  wide.append(s.data(), s.size());
  wide_offsets.push_back(static_cast<uint32_t>(wide_units_));
  return static_cast<uint32_t>(wide_offsets.size() - 2);
}

}  // namespace eqlscan
