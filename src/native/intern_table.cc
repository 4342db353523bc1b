// The intern table: one open-addressing hash over every field's values.
#include "intern_table.h"

#include <cstring>

namespace eqlscan {

namespace {

uint64_t mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h;
}

uint64_t hash_of(uint32_t field, std::string_view s) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t{field} << 32) ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    h = mix(h ^ word) * 0x9fb21c651e98df25ull;
  }
  if (i < s.size()) {
    uint64_t word = 0;
    std::memcpy(&word, s.data() + i, s.size() - i);
    h = mix(h ^ word) * 0x9fb21c651e98df25ull;
  }
  return mix(h);
}

}  // namespace

InternTable::InternTable(uint32_t fields, InternLimits limits)
    : limits_(limits), buckets_(1024, 0), trials_(fields) {}

bool InternTable::begin_batch() {
  if (!full_) return false;
  full_ = false;
  entries_.clear();
  bytes_.clear();
  buckets_.assign(1024, 0);
  return true;
}

uint32_t InternTable::intern(uint32_t field, std::string_view utf8, bool& fresh) {
  fresh = false;
  FieldTrial& trial = trials_[field];
  if (trial.off) return kNone;
  uint64_t h = hash_of(field, utf8);
  uint32_t known = find(field, utf8, h);
  trial.lookups++;
  if (known != kNone) trial.hits++;
  if (trial.lookups == limits_.trial) judge(trial);
  if (known != kNone) return known;
  if (full_ || entries_.size() >= limits_.max_values ||
      bytes_.size() + utf8.size() > limits_.max_bytes) {
    full_ = true;
    return kNone;
  }
  uint32_t id = static_cast<uint32_t>(entries_.size());
  entries_.push_back({h, static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(utf8.size()), field});
  bytes_.append(utf8.data(), utf8.size());
  // Kept at most half full.
  if (entries_.size() * 2 > buckets_.size()) {
    buckets_.assign(buckets_.size() * 2, 0);
    for (uint32_t i = 0; i < entries_.size(); i++) place(i);
  } else {
    place(id);
  }
  fresh = true;
  return id;
}

uint32_t InternTable::find(uint32_t field, std::string_view utf8, uint64_t h) const {
  size_t mask = buckets_.size() - 1;
  for (size_t b = h & mask; buckets_[b] != 0; b = (b + 1) & mask) {
    const Entry& e = entries_[buckets_[b] - 1];
    if (e.hash == h && e.field == field && e.length == utf8.size() &&
        std::memcmp(bytes_.data() + e.offset, utf8.data(), utf8.size()) == 0) {
      return buckets_[b] - 1;
    }
  }
  return kNone;
}

void InternTable::place(uint32_t id) {
  size_t mask = buckets_.size() - 1;
  size_t b = entries_[id].hash & mask;
  while (buckets_[b] != 0) b = (b + 1) & mask;
  buckets_[b] = id + 1;
}

void InternTable::judge(FieldTrial& trial) {
  // Values already in the table stay there; only new lookups stop.
  if (trial.hits < trial.lookups * limits_.min_hit_share) trial.off = true;
}

}  // namespace eqlscan
