// The walker: reads one line with simdjson On-Demand, following the field table's
// automaton, and emits each field's values in `readField`'s order.
//
// Two passes per line. The walk reads the document in order and keeps a pruned tree: only
// values the automaton reaches, each with its state. Duplicate keys replace the earlier
// child, as JSON.parse keeps the last. The emit pass then visits the tree with every
// object's children in key-length order, which for each field is the order `readField`
// tries its splits (`a` before `a.b`), so values come out in its order without per-field
// lookups.
//
// With `validate`, every value is checked (number grammar, escapes, atoms, nesting depth)
// so that a line is an event exactly when JSON.parse accepts it. Scalars off the fields'
// paths are checked on their raw token, which stage 1 has already bounded and validated
// as UTF-8 without control characters: only the grammar is left to check. Without
// `validate`, values off the paths are skipped unread, as On-Demand intends: faster, but
// a line malformed only inside such a value passes as an event.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "simdjson.h"
#include "walker.h"

namespace eqlscan {
namespace {

namespace od = simdjson::builtin::ondemand;

// Past this nesting the walk's recursion would be the risk; deeper lines go to JSON.parse.
constexpr uint32_t kNativeDepth = 1024;

constexpr uint8_t kObjectNode = 16;
constexpr uint8_t kArrayNode = 17;
constexpr uint8_t kEmptyNode = 18;
// nodes_[0] is the one empty node: a value read but holding nothing for any field.
constexpr uint32_t kEmpty = 0;

struct Node {
  uint8_t kind;
  uint32_t state;
  uint32_t first;  // leaf index for scalars, first edge for containers
  uint32_t count;  // edges of a container
};

struct Edge {
  uint32_t key;  // key id in an object, element index in an array
  uint32_t node;
};

inline bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

uint8_t verdict(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR:
      return kInvalidUtf8;
    // JSON.parse accepts some of these (1e400, lone surrogate escapes): let it decide.
    case simdjson::NUMBER_ERROR:
    case simdjson::BIGINT_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
    case simdjson::STRING_ERROR:
    case simdjson::DEPTH_ERROR:
    case simdjson::CAPACITY:
    case simdjson::MEMALLOC:
    case simdjson::INSUFFICIENT_PADDING:
      return kFallback;
    default:
      return kMalformed;
  }
}

// True when `text` holds byte `c`, eight bytes at a time.
inline bool has_byte(std::string_view text, char c) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  const uint64_t pattern = kOnes * static_cast<uint8_t>(c);
  const char* p = text.data();
  size_t n = text.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    word ^= pattern;
    if ((word - kOnes) & ~word & kHighs) return true;
  }
  for (; i < n; i++) {
    if (p[i] == c) return true;
  }
  return false;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// JSON's number grammar; JSON.parse accepts every such number (as Infinity if huge).
bool valid_number(std::string_view t) {
  size_t i = 0;
  size_t n = t.size();
  if (i < n && t[i] == '-') i++;
  if (i == n) return false;
  if (t[i] == '0') {
    i++;
  } else if (is_digit(t[i])) {
    while (i < n && is_digit(t[i])) i++;
  } else {
    return false;
  }
  if (i < n && t[i] == '.') {
    size_t from = ++i;
    while (i < n && is_digit(t[i])) i++;
    if (i == from) return false;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    i++;
    if (i < n && (t[i] == '+' || t[i] == '-')) i++;
    size_t from = i;
    while (i < n && is_digit(t[i])) i++;
    if (i == from) return false;
  }
  return i == n;
}

class Walker final : public LineWalker {
 public:
  Walker(const FieldTable& table, const WalkOptions& options)
      : table_(table),
        validate_(options.validate),
        max_depth_(options.max_depth),
        native_depth_(std::min(options.max_depth, kNativeDepth)) {}

  void project(const Lines& lines, BatchOutput& out) override {
    for (uint32_t i = 0; i < lines.count; i++) {
      uint8_t status = read_line(lines, i);
      if (status == kOk) {
        emit(root_, out);
        out.finish_line(i);
      }
      out.status()[i] = status;
    }
  }

 private:
  uint8_t read_line(const Lines& lines, uint32_t i) {
    size_t start = static_cast<size_t>(lines.starts[i]);
    size_t len = static_cast<size_t>(lines.ends[i]) - start;
    const uint8_t* p = lines.buf + start;

    size_t lead = 0;
    while (lead < len && is_space(p[lead])) lead++;
    if (lead == len) return kBlank;
    // simdjson skips a byte order mark; JSON.parse rejects it.
    if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) return kMalformed;
    // Skipped values are not walked, so depth is bounded by counting openers instead.
    if (!validate_ && openers(p, len) > native_depth_) return kFallback;

    // simdjson reads up to SIMDJSON_PADDING bytes past the end: the next lines, or a copy.
    const char* data = reinterpret_cast<const char*>(p);
    size_t capacity = lines.size - start;
    if (capacity - len < simdjson::SIMDJSON_PADDING) {
      padded_.resize(len + simdjson::SIMDJSON_PADDING);
      std::memcpy(padded_.data(), p, len);
      std::memset(padded_.data() + len, ' ', simdjson::SIMDJSON_PADDING);
      data = padded_.data();
      capacity = padded_.size();
    }

    nodes_.clear();
    edges_.clear();
    scratch_.clear();
    leaves_.clear();
    nodes_.push_back({kEmptyNode, 0, 0, 0});

    od::document doc;
    simdjson::error_code error = parser_.iterate(data, len, capacity).get(doc);
    if (error) return verdict(error);
    od::json_type type;
    if ((error = doc.type().get(type))) return verdict(error);
    if (type != od::json_type::object) return other_root(doc, type);
    od::object object;
    if ((error = doc.get_object().get(object))) return verdict(error);
    if (!walk_object(object, FieldTable::kRoot, 1, root_)) return fail_;
    if (!doc.at_end()) return kMalformed;
    return kOk;
  }

  // A root that is not an object: not an event, once it is known to be valid JSON.
  uint8_t other_root(od::document& doc, od::json_type type) {
    if (!validate_) return kNotObject;
    simdjson::error_code error = simdjson::SUCCESS;
    switch (type) {
      case od::json_type::array: {
        od::array array;
        uint32_t node;
        if ((error = doc.get_array().get(array))) break;
        if (!walk_array(array, 0, 1, node)) return fail_;
        break;
      }
      case od::json_type::number: {
        double number;
        error = doc.get_double().get(number);
        break;
      }
      case od::json_type::string: {
        std::string_view text;
        error = doc.get_string(false).get(text);
        break;
      }
      case od::json_type::boolean: {
        bool flag;
        error = doc.get_bool().get(flag);
        break;
      }
      case od::json_type::null: {
        bool null;
        error = doc.is_null().get(null);
        if (!error && !null) error = simdjson::N_ATOM_ERROR;
        break;
      }
      default:
        return kMalformed;
    }
    if (error) return verdict(error);
    if (!doc.at_end()) return kMalformed;
    return kNotObject;
  }

  // Reads one value. State 0 means no field can be below it: it is only validated.
  // Scalars are read inline from their raw token (most values are scalars, and a call per
  // value costs more than reading it); only containers recurse.
  simdjson_really_inline bool walk_value(od::value& value, uint32_t state, uint32_t depth,
                                         uint32_t& node) {
    std::string_view raw = value.raw_json_token();
    node = kEmpty;
    char first = raw.empty() ? '\0' : raw[0];
    if (first == '{' || first == '[') {
      return walk_container(value, first == '{', state, depth, node);
    }

    bool wanted = state != 0 && !table_.terminals(state).empty();
    if (!wanted && !validate_) return true;
    size_t full = raw.size();
    while (!raw.empty() && is_space(static_cast<uint8_t>(raw.back()))) raw.remove_suffix(1);
    switch (first) {
      case '"': {
        // Without escapes the raw text is the string: no copy, nothing left to check but
        // what follows. On-Demand skips an unread string followed by `:` as if it were a
        // key, so `{"a":"b" :1}}` would pass unless that is caught here.
        if (raw.data()[full] == ':') return fail(simdjson::TAPE_ERROR);
        if (raw.size() < 2 || raw.back() != '"') return fail(simdjson::TAPE_ERROR);
        std::string_view text = raw.substr(1, raw.size() - 2);
        if (has_byte(text, '\\')) {
          simdjson::error_code error = value.get_string(false).get(text);
          if (error) return fail(error);
        }
        if (wanted) node = leaf(state, {kString, 0, text});
        return true;
      }
      case 't':
      case 'f':
      case 'n': {
        uint8_t tag = raw == "true"    ? kTrue
                      : raw == "false" ? kFalse
                      : raw == "null"  ? kNull
                                       : kMissing;
        if (tag == kMissing) return fail(simdjson::T_ATOM_ERROR);
        if (wanted) node = leaf(state, {tag, 0, {}});
        return true;
      }
      default: {
        if (first != '-' && !is_digit(first)) return fail(simdjson::TAPE_ERROR);
        if (!wanted) return valid_number(raw) || fail(simdjson::TAPE_ERROR);
        double number;
        simdjson::error_code error = value.get_double().get(number);
        if (error) return fail(error);
        node = leaf(state, {kNumber, number, {}});
        return true;
      }
    }
  }

  bool walk_container(od::value& value, bool is_object, uint32_t state, uint32_t depth,
                      uint32_t& node) {
    if (depth > native_depth_) return too_deep();
    simdjson::error_code error;
    if (is_object) {
      bool keys = state != 0 && table_.reads_keys(state);
      if (!keys && !validate_) return true;
      od::object object;
      if ((error = value.get_object().get(object))) return fail(error);
      return walk_object(object, keys ? state : 0, depth, node);
    }
    bool elements = state != 0 && table_.reads_elements(state);
    if (!elements && !validate_) return true;
    od::array array;
    if ((error = value.get_array().get(array))) return fail(error);
    return walk_array(array, elements ? state : 0, depth, node);
  }

  bool walk_object(od::object& object, uint32_t state, uint32_t depth, uint32_t& node) {
    size_t mark = scratch_.size();
    for (auto result : object) {
      simdjson::error_code error = result.error();
      if (error) return fail(error);
      od::field& field = result.value_unsafe();
      std::string_view key = field.escaped_key();
      if ((state != 0 || validate_) && has_byte(key, '\\')) {
        if ((error = field.unescaped_key(false).get(key))) return fail(error);
      }
      uint32_t id = state != 0 ? table_.key_id(key) : 0;
      uint32_t next = id != 0 ? table_.child(state, id) : 0;
      if (next == 0 && !validate_) continue;
      uint32_t child;
      if (!walk_value(field.value(), next, depth + 1, child)) return false;
      if (next != 0) add_edge(mark, id, child);
    }
    node = kEmpty;
    if (state == 0) return true;
    // Usually one relevant key per object, or keys already in rank order.
    auto by_rank = [this](const Edge& a, const Edge& b) {
      return table_.key_rank(a.key) < table_.key_rank(b.key);
    };
    if (!std::is_sorted(scratch_.begin() + mark, scratch_.end(), by_rank)) {
      std::sort(scratch_.begin() + mark, scratch_.end(), by_rank);
    }
    node = container(kObjectNode, state, mark);
    return true;
  }

  bool walk_array(od::array& array, uint32_t state, uint32_t depth, uint32_t& node) {
    size_t mark = scratch_.size();
    uint32_t index = 0;
    for (auto result : array) {
      od::value value;
      simdjson::error_code error = std::move(result).get(value);
      if (error) return fail(error);
      uint32_t next = state != 0 ? table_.element(state, index) : 0;
      index++;
      if (next == 0 && !validate_) continue;
      uint32_t child;
      if (!walk_value(value, next, depth + 1, child)) return false;
      if (child != kEmpty) scratch_.push_back({index - 1, child});
    }
    node = state == 0 ? kEmpty : container(kArrayNode, state, mark);
    return true;
  }

  // A later duplicate key replaces the earlier value, even with one holding nothing.
  void add_edge(size_t mark, uint32_t key, uint32_t child) {
    for (size_t i = mark; i < scratch_.size(); i++) {
      if (scratch_[i].key == key) {
        scratch_[i].node = child;
        return;
      }
    }
    scratch_.push_back({key, child});
  }

  // Moves the edges collected since `mark` into a new container node.
  uint32_t container(uint8_t kind, uint32_t state, size_t mark) {
    uint32_t first = static_cast<uint32_t>(edges_.size());
    uint32_t count = static_cast<uint32_t>(scratch_.size() - mark);
    edges_.insert(edges_.end(), scratch_.begin() + mark, scratch_.end());
    scratch_.resize(mark);
    nodes_.push_back({kind, state, first, count});
    return static_cast<uint32_t>(nodes_.size() - 1);
  }

  uint32_t leaf(uint32_t state, const Leaf& value) {
    leaves_.push_back(value);
    nodes_.push_back({value.tag, state, static_cast<uint32_t>(leaves_.size() - 1), 0});
    return static_cast<uint32_t>(nodes_.size() - 1);
  }

  void emit(uint32_t id, BatchOutput& out) const {
    const Node& node = nodes_[id];
    if (node.kind == kObjectNode || node.kind == kArrayNode) {
      for (uint32_t e = node.first; e < node.first + node.count; e++) emit(edges_[e].node, out);
    } else if (node.kind != kEmptyNode) {
      for (uint32_t slot : table_.terminals(node.state)) out.add(slot, leaves_[node.first]);
    }
  }

  bool fail(simdjson::error_code error) {
    fail_ = verdict(error);
    return false;
  }

  bool too_deep() {
    fail_ = max_depth_ > native_depth_ ? kFallback : kTooDeep;
    return false;
  }

  // Byte counters in blocks of 255 keep the vectorised loop on byte lanes.
  static size_t openers(const uint8_t* p, size_t len) {
    size_t n = 0;
    for (size_t from = 0; from < len; from += 255) {
      size_t to = std::min(len, from + 255);
      uint8_t block = 0;
      for (size_t i = from; i < to; i++) block += (p[i] == '{') | (p[i] == '[');
      n += block;
    }
    return n;
  }

  const FieldTable& table_;
  const bool validate_;
  const uint32_t max_depth_;
  const uint32_t native_depth_;

  od::parser parser_;
  std::vector<char> padded_;
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::vector<Edge> scratch_;
  std::vector<Leaf> leaves_;
  uint32_t root_ = kEmpty;
  uint8_t fail_ = kOk;
};

}  // namespace

std::unique_ptr<LineWalker> make_walker(const FieldTable& table, const WalkOptions& options) {
  return std::unique_ptr<LineWalker>(new Walker(table, options));
}

Implementation implementation() {
  const simdjson::implementation* active = simdjson::get_active_implementation();
  return {active->name(), active->description(),
          SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION), SIMDJSON_VERSION};
}

}  // namespace eqlscan
