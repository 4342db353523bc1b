// Building the field table's automaton: breadth first from the root state, interning
// every state reached through a key or an array element.
#include "field_table.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <stdexcept>

namespace eqlscan {

namespace {

// Dense transitions are states x keys entries; past this the table would not pay.
constexpr size_t kMaxTransitions = size_t{1} << 24;

}  // namespace

FieldTable::FieldTable(std::vector<Path> paths) : paths_(std::move(paths)) {
  keys_.emplace_back();
  hashes_.push_back(0);

  // Positions, and the keys that leave each one.
  for (uint32_t p = 0; p < paths_.size(); p++) {
    first_position_.push_back(static_cast<uint32_t>(position_path_.size()));
    const Path& path = paths_[p];
    for (uint32_t i = 0; i <= path.size(); i++) {
      position_path_.push_back(p);
      position_segment_.push_back(i);
    }
  }
  steps_.resize(position_path_.size());
  for (uint32_t p = 0; p < paths_.size(); p++) {
    const Path& path = paths_[p];
    for (uint32_t i = 0; i < path.size(); i++) {
      std::string key;
      for (uint32_t end = i; end < path.size() && !path[end].is_index; end++) {
        if (end > i) key += '.';
        key += path[end].name;
        steps_[position(p, i)].emplace_back(intern_key(key), position(p, end + 1));
      }
    }
  }

  // Shorter keys first: for one position, its keys are prefixes of each other.
  std::vector<uint32_t> order(keys_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return keys_[a].size() < keys_[b].size();
  });
  rank_.resize(keys_.size());
  for (uint32_t r = 0; r < order.size(); r++) rank_[order[r]] = r;

  // Open addressing over key ids, at most half full.
  size_t capacity = 16;
  while (capacity < keys_.size() * 2) capacity *= 2;
  slots_.assign(capacity, 0);
  slot_mask_ = capacity - 1;
  for (uint32_t id = 1; id < keys_.size(); id++) {
    size_t i = hashes_[id] & slot_mask_;
    while (slots_[i] != 0) i = (i + 1) & slot_mask_;
    slots_[i] = id;
  }

  // States, breadth first.
  std::map<std::vector<uint32_t>, uint32_t> known;
  states_.emplace_back();
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> sparse(1);
  auto intern = [&](std::vector<uint32_t> positions) -> uint32_t {
    if (positions.empty()) return 0;
    std::sort(positions.begin(), positions.end());
    auto found = known.find(positions);
    if (found != known.end()) return found->second;
    uint32_t id = static_cast<uint32_t>(states_.size());
    known.emplace(positions, id);
    State state;
    state.positions = std::move(positions);
    states_.push_back(std::move(state));
    sparse.emplace_back();
    return id;
  };
  std::vector<uint32_t> root;
  for (uint32_t p = 0; p < paths_.size(); p++) root.push_back(position(p, 0));
  if (intern(root) != kRoot && !paths_.empty()) throw std::logic_error("root state");
  if (paths_.empty()) {
    states_.emplace_back();
    sparse.emplace_back();
  }

  for (uint32_t id = 1; id < states_.size(); id++) {
    std::vector<uint32_t> positions = states_[id].positions;
    std::map<uint32_t, std::vector<uint32_t>> by_key;
    std::map<size_t, std::vector<uint32_t>> by_index;
    std::vector<uint32_t> element;
    std::vector<uint32_t> terminals;
    bool reads_keys = false;
    for (uint32_t pos : positions) {
      const Path& path = paths_[position_path_[pos]];
      uint32_t segment = position_segment_[pos];
      if (segment == path.size()) {
        terminals.push_back(position_path_[pos]);
        element.push_back(pos);
      } else if (path[segment].is_index) {
        by_index[path[segment].index].push_back(pos + 1);
      } else {
        reads_keys = true;
        element.push_back(pos);
        for (const auto& [key, next] : steps_[pos]) by_key[key].push_back(next);
      }
    }
    std::vector<std::pair<uint32_t, uint32_t>> children;
    for (auto& [key, next] : by_key) children.emplace_back(key, intern(std::move(next)));
    std::vector<std::pair<size_t, uint32_t>> indexed;
    for (auto& [index, next] : by_index) {
      std::vector<uint32_t> with = element;
      with.insert(with.end(), next.begin(), next.end());
      indexed.emplace_back(index, intern(std::move(with)));
    }
    uint32_t element_state = intern(std::move(element));
    State& state = states_[id];
    state.terminals = std::move(terminals);
    state.reads_keys = reads_keys;
    state.element = element_state;
    state.indexed = std::move(indexed);
    sparse[id] = std::move(children);
  }

  size_t width = keys_.size();
  if (states_.size() * width > kMaxTransitions) {
    throw std::length_error("field table too large: " + std::to_string(states_.size()) +
                            " states x " + std::to_string(width) + " keys");
  }
  transitions_.assign(states_.size() * width, 0);
  for (uint32_t id = 0; id < states_.size(); id++) {
    for (const auto& [key, next] : sparse[id]) transitions_[id * width + key] = next;
  }
}

uint32_t FieldTable::intern_key(const std::string& key) {
  auto found = key_ids_.find(key);
  if (found != key_ids_.end()) return found->second;
  key_ids_.emplace(key, static_cast<uint32_t>(keys_.size()));
  keys_.push_back(key);
  std::string padded = key + std::string(8, '\0');
  hashes_.push_back(hash(padded.data(), key.size()));
  size_t len = key.size() > 63 ? 63 : key.size();
  length_mask_ |= uint64_t{1} << len;
  return static_cast<uint32_t>(keys_.size()) - 1;
}

}  // namespace eqlscan
