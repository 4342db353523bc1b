// The field table: the dotted paths a pack reads, compiled once into a small automaton
// that the walker follows while it reads an event.
//
// A *position* is a place in one path: path p, segment i (i == length means the path is
// fully matched, a *terminal*). A *state* is the set of positions that can be at one JSON
// value; the root object starts with position 0 of every path. An object key moves a
// state on: key `a.b` takes (p, i) to (p, i + 2) when segments i and i + 1 of p are `a`
// and `b`, which is how flat dotted keys and nesting mix, exactly as `readField` tries
// every split. Array elements keep terminals and name positions (a name applies to every
// element) and move index positions on for the one element they select.
//
// Keys are interned: every join of consecutive name segments of every path is one key
// id, and a dense table gives the child state of (state, key). A state holds at most one
// position per path (by induction from the root), which is what lets one top-down walk
// emit each path's values in `readField`'s order.
#ifndef EQLSCAN_NATIVE_FIELD_TABLE_H
#define EQLSCAN_NATIVE_FIELD_TABLE_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace eqlscan {

// One step of a field path: a key, or an array index from `[n]`.
struct Segment {
  bool is_index = false;
  uint32_t index = 0;
  std::string name;
};

using Path = std::vector<Segment>;

class FieldTable {
 public:
  // `paths` must be distinct; their order is the slot order of every batch.
  explicit FieldTable(std::vector<Path> paths);

  uint32_t field_count() const { return static_cast<uint32_t>(paths_.size()); }
  uint32_t state_count() const { return static_cast<uint32_t>(states_.size()); }
  uint32_t key_count() const { return static_cast<uint32_t>(keys_.size()) - 1; }
  static constexpr uint32_t kRoot = 1;

  // The key id of raw (unescaped) key bytes; 0 when no path uses that key anywhere.
  // At least 8 bytes must be readable from key.data() (simdjson's padding sees to it).
  uint32_t key_id(std::string_view key) const noexcept {
    size_t len = key.size();
    if (!(length_mask_ & (uint64_t{1} << (len > 63 ? 63 : len)))) return 0;
    uint64_t h = hash(key.data(), len);
    for (size_t i = h & slot_mask_;; i = (i + 1) & slot_mask_) {
      uint32_t id = slots_[i];
      if (id == 0) return 0;
      if (hashes_[id] == h && keys_[id].size() == len &&
          std::memcmp(keys_[id].data(), key.data(), len) == 0) {
        return id;
      }
    }
  }

  // The state reached from `state` through key `key`, 0 when the key leads nowhere.
  uint32_t child(uint32_t state, uint32_t key) const noexcept {
    return transitions_[static_cast<size_t>(state) * keys_.size() + key];
  }

  // The state of element `index` of an array in `state`.
  uint32_t element(uint32_t state, size_t index) const noexcept {
    const State& s = states_[state];
    for (const auto& [at, next] : s.indexed) {
      if (at == index) return next;
    }
    return s.element;
  }

  // True when an object in this state has keys worth reading.
  bool reads_keys(uint32_t state) const noexcept { return states_[state].reads_keys; }
  // True when some array element in this state can matter.
  bool reads_elements(uint32_t state) const noexcept {
    return states_[state].element != 0 || !states_[state].indexed.empty();
  }
  // The slots whose path ends at a value in this state.
  const std::vector<uint32_t>& terminals(uint32_t state) const noexcept {
    return states_[state].terminals;
  }
  // Longer keys after shorter ones: the order in which an object's children are visited.
  uint32_t key_rank(uint32_t key) const noexcept { return rank_[key]; }

 private:
  struct State {
    std::vector<uint32_t> positions;  // sorted position ids
    std::vector<uint32_t> terminals;  // slots
    bool reads_keys = false;
    uint32_t element = 0;
    std::vector<std::pair<size_t, uint32_t>> indexed;
  };

  // Mixes the first and last eight bytes and the length: keys are short, and a word-wide
  // hash keeps the per-key cost off a byte-serial multiply chain. Reads 8 bytes at `p`.
  static uint64_t hash(const char* p, size_t len) noexcept {
    uint64_t first;
    std::memcpy(&first, p, 8);
    if (len < 8) first &= (uint64_t{1} << (8 * len)) - 1;
    uint64_t last = 0;
    if (len > 8) std::memcpy(&last, p + len - 8, 8);
    uint64_t h = (first * 0x9e3779b97f4a7c15ull) ^ ((last + len) * 0xc2b2ae3d27d4eb4full);
    return h ^ (h >> 31);
  }

  uint32_t intern_key(const std::string& key);
  uint32_t position(uint32_t path, uint32_t segment) const {
    return first_position_[path] + segment;
  }

  std::vector<Path> paths_;
  std::vector<uint32_t> first_position_;
  std::vector<uint32_t> position_path_;
  std::vector<uint32_t> position_segment_;
  // Per position: (key, next position) for every join of name segments starting there.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> steps_;

  std::vector<std::string> keys_;  // id 0 is no key
  std::unordered_map<std::string, uint32_t> key_ids_;
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> rank_;
  std::vector<uint32_t> slots_;
  size_t slot_mask_ = 0;
  uint64_t length_mask_ = 0;

  std::vector<State> states_;  // 0 is the empty state
  std::vector<uint32_t> transitions_;
};

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_FIELD_TABLE_H
