// The line filter's search (see line_filter.h for what it decides).
//
// Pair filters: every pattern is given a *key*, two of its bytes at a fixed distance
// (each exact, or a letter of either case), and patterns sharing a key share one filter.
// Keys are chosen greedily so that a few rare keys cover every pattern: the spellings of
// one literal (case, Kelvin sign and `\/` variants) mostly share one key, the escapes
// searched for are keys of their own (`\` then `u`, `\` then `/`). A block of 16 or 32
// line positions is tested against every key at once (load, OR 0x20 where a letter
// folds, compare, AND, movemask), and only the positions where a key's two bytes match
// are verified in full. Loads may run past the line's end into the rest of the batch,
// which is why the filter gets the buffer's size; the last bytes of a buffer go through
// a byte loop. Kernels: AVX2 (chosen at run time), SSE2 (the x86-64 baseline), and a
// portable one testing 8 positions in a 64-bit word ("scalar", for other CPUs).
//
// When no handful of keys covers the patterns (a rule pack's thousands of spellings), a
// Wu-Manber search over folded two-byte blocks takes them instead (one for patterns of 8
// bytes or more, one for the shorter ones, as the JavaScript prefilter splits them); the
// escape keys stay pair filters. On such packs nearly every line is a candidate, found
// at its first hit, so the search is rarely where the time goes.
#include "line_filter.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>
#define EQLSCAN_SSE2 1
#if defined(__GNUC__)
#include <immintrin.h>
#define EQLSCAN_AVX2 1
#endif
#endif
#if defined(_MSC_VER)
#include <intrin.h>
#endif

namespace eqlscan {
namespace {

// Pair filters per line at most; past that, patterns go to Wu-Manber.
constexpr size_t kMaxGroups = 8;
// Largest distance between a key's two bytes (it bounds how far past a block loads reach).
constexpr uint32_t kMaxDistance = 16;
// More patterns than this are not even tried as pair filters.
constexpr size_t kMaxGroupedPatterns = 256;
// Wu-Manber: patterns at least this long get a search of their own (longer windows).
constexpr size_t kLongPattern = 8;
constexpr uint32_t kMaxWindow = 64;

inline unsigned ctz32(uint32_t x) {
#if defined(__GNUC__)
  return static_cast<unsigned>(__builtin_ctz(x));
#else
  unsigned long index;
  _BitScanForward(&index, x);
  return static_cast<unsigned>(index);
#endif
}

inline bool matches_at(const Pattern& p, const uint8_t* at) {
  const size_t n = p.bytes.size();
  for (size_t j = 0; j < n; j++) {
    if ((at[j] | p.fold[j]) != p.bytes[j]) return false;
  }
  return true;
}

// True when the backslash at `pos` starts an escape: an even run of backslashes (within
// the line) precedes it.
inline bool real_escape(const uint8_t* buf, size_t start, size_t pos) {
  size_t k = pos;
  while (k > start && buf[k - 1] == '\\') k--;
  return (pos - k) % 2 == 0;
}

inline int hex_value(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  uint8_t lower = c | 0x20;
  return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

// A rough share of each byte among JSON telemetry bytes, to place keys on rare bytes.
double frequency(uint8_t c) {
  if (c == '"' || c == ':' || c == ',') return 0.06;
  if (c == ' ') return 0.02;
  if (std::strchr("etaoinsr", c) != nullptr && c != 0) return 0.045;
  if (c >= 'a' && c <= 'z') return 0.02;
  if (c >= '0' && c <= '9') return 0.025;
  if (c == '.' || c == '\\' || c == '_' || c == '-' || c == '/') return 0.015;
  if (c >= 'A' && c <= 'Z') return 0.006;
  if (c == '{' || c == '}' || c == '[' || c == ']') return 0.01;
  return c < 0x80 ? 0.002 : 0.001;
}

struct KeyByte {
  uint8_t byte;
  uint8_t fold;
};

inline double accepts(KeyByte k) {
  return k.fold != 0 ? frequency(k.byte) + frequency(k.byte & 0xdf) : frequency(k.byte);
}

inline uint64_t key_code(KeyByte a, KeyByte b, uint32_t d) {
  return uint64_t{a.byte} | (uint64_t{a.fold} << 8) | (uint64_t{b.byte} << 16) |
         (uint64_t{b.fold} << 24) | (uint64_t{d} << 32);
}

// Calls `visit(key, anchor, share)` for every key of `p`: pairs of its bytes at most
// kMaxDistance apart (a one-byte pattern is its own key, at distance 0).
template <typename Visit>
void for_each_key(const Pattern& p, Visit&& visit) {
  const size_t n = p.bytes.size();
  auto at = [&p](size_t j) { return KeyByte{p.bytes[j], p.fold[j]}; };
  if (n == 1) {
    visit(key_code(at(0), at(0), 0), 0u, accepts(at(0)));
    return;
  }
  for (size_t i = 0; i + 1 < n; i++) {
    const double first = accepts(at(i));
    const size_t last = std::min(n - 1, i + kMaxDistance);
    for (size_t j = i + 1; j <= last; j++) {
      if (!visit(key_code(at(i), at(j), static_cast<uint32_t>(j - i)), static_cast<uint32_t>(i),
                 first * accepts(at(j)))) {
        return;
      }
    }
  }
}

enum class GroupKind : uint8_t { kPatterns, kUnicodeEscape, kSlashEscape };

struct Member {
  uint32_t pattern;
  uint32_t anchor;  // offset of the key's first byte in the pattern
};

struct Group {
  GroupKind kind;
  uint8_t b1, f1, b2, f2;
  uint32_t d;
  std::vector<Member> members;
};

Group group_of(uint64_t key, GroupKind kind) {
  Group g;
  g.kind = kind;
  g.b1 = static_cast<uint8_t>(key);
  g.f1 = static_cast<uint8_t>(key >> 8);
  g.b2 = static_cast<uint8_t>(key >> 16);
  g.f2 = static_cast<uint8_t>(key >> 24);
  g.d = static_cast<uint32_t>(key >> 32);
  return g;
}

// Greedy set cover: the key with the least expected cost per pattern covered, until all
// are covered; false when that takes more than `budget` keys.
bool plan_groups(const std::vector<Pattern>& patterns, size_t budget, std::vector<Group>& out) {
  const size_t n = patterns.size();
  if (n > kMaxGroupedPatterns) return false;
  // Relative costs: one more filter per position, one verification per member and hit.
  constexpr double kScanCost = 1.0;
  constexpr double kVerifyCost = 20.0;
  struct Tally {
    uint32_t count = 0;
    uint32_t last = 0;
    double share = 0;
  };
  std::vector<char> covered(n, 0);
  size_t left = n;
  std::vector<Group> planned;
  std::unordered_map<uint64_t, Tally> tally;
  while (left > 0) {
    if (planned.size() >= budget) return false;
    tally.clear();
    for (uint32_t pi = 0; pi < n; pi++) {
      if (covered[pi]) continue;
      for_each_key(patterns[pi], [&](uint64_t key, uint32_t, double share) {
        Tally& t = tally[key];
        if (t.count == 0 || t.last != pi) {
          t.count++;
          t.last = pi;
          t.share = share;
        }
        return true;
      });
    }
    uint64_t best = 0;
    double best_cost = 0;
    bool found = false;
    for (const auto& [key, t] : tally) {
      double cost = (kScanCost + kVerifyCost * t.share * t.count) / t.count;
      if (!found || cost < best_cost || (cost == best_cost && key < best)) {
        best = key;
        best_cost = cost;
        found = true;
      }
    }
    if (!found) return false;
    Group g = group_of(best, GroupKind::kPatterns);
    for (uint32_t pi = 0; pi < n; pi++) {
      if (covered[pi]) continue;
      for_each_key(patterns[pi], [&](uint64_t key, uint32_t anchor, double) {
        if (key != best) return true;
        g.members.push_back({pi, anchor});
        covered[pi] = 1;
        left--;
        return false;
      });
    }
    planned.push_back(std::move(g));
  }
  for (Group& g : planned) out.push_back(std::move(g));
  return true;
}

int byte_rank(uint8_t c) {
  if (c == '"' || c == ':' || c == ',' || c == ' ') return 9;
  if (std::strchr("etaoinsr", c) != nullptr && c != 0) return 7;
  if (c >= 'a' && c <= 'z') return 5;
  if (c == '.' || c == '\\' || c == '_' || c == '-' || c == '/') return 6;
  if (c >= '0' && c <= '9') return 5;
  if (c >= 'A' && c <= 'Z') return 3;
  return c < 0x80 ? 2 : 1;
}

// Wu-Manber over folded two-byte blocks: every pattern is looked for through an m-byte
// window of it, placed to end on a rare block; a zero shift lists the patterns whose
// window ends in that block, which are then verified in full.
class MultiSearch {
 public:
  explicit MultiSearch(std::vector<Pattern> patterns) : patterns_(std::move(patterns)) {
    uint32_t m = kMaxWindow;
    for (const Pattern& p : patterns_) m = std::min<uint32_t>(m, static_cast<uint32_t>(p.bytes.size()));
    m_ = m;
    two_ = m >= 2;
    const size_t size = two_ ? 0x10000 : 0x100;
    shift_.assign(size, static_cast<uint8_t>(two_ ? m - 1 : m));
    heads_.assign(size, -1);
    chain_.assign(patterns_.size(), -1);
    offsets_.resize(patterns_.size());
    for (size_t i = 0; i < patterns_.size(); i++) {
      const Pattern& p = patterns_[i];
      const uint32_t offset = window_offset(p);
      offsets_[i] = offset;
      const uint8_t* w = p.bytes.data() + offset;
      for (uint32_t q = two_ ? 1 : 0; q < m; q++) {
        const uint32_t h = two_ ? ((uint32_t{w[q - 1]} << 8) | w[q]) | 0x2020 : w[q] | 0x20;
        const uint32_t s = m - 1 - q;
        if (s < shift_[h]) shift_[h] = static_cast<uint8_t>(s);
        if (s == 0) {
          chain_[i] = heads_[h];
          heads_[h] = static_cast<int32_t>(i);
        }
      }
    }
  }

  bool find(const uint8_t* buf, size_t start, size_t end) const {
    const size_t m = m_;
    if (end - start < m) return false;
    for (size_t i = start + m - 1; i < end;) {
      const uint32_t h = two_ ? ((uint32_t{buf[i - 1]} << 8) | buf[i]) | 0x2020 : buf[i] | 0x20;
      const uint8_t s = shift_[h];
      if (s != 0) {
        i += s;
        continue;
      }
      const size_t window = i + 1 - m;
      for (int32_t p = heads_[h]; p >= 0; p = chain_[p]) {
        const size_t offset = offsets_[p];
        if (window < start + offset) continue;
        const size_t at = window - offset;
        if (at + patterns_[p].bytes.size() > end) continue;
        if (matches_at(patterns_[p], buf + at)) return true;
      }
      i++;
    }
    return false;
  }

  std::string describe() const {
    return "Wu-Manber over " + std::to_string(patterns_.size()) + " patterns, window " +
           std::to_string(m_);
  }

 private:
  uint32_t window_offset(const Pattern& p) const {
    uint32_t best = 0;
    int best_cost = 1 << 30;
    const uint32_t n = static_cast<uint32_t>(p.bytes.size());
    for (uint32_t o = 0; o + m_ <= n; o++) {
      int cost = 0;
      for (uint32_t j = (m_ >= 2 ? o + m_ - 2 : o); j < o + m_; j++) {
        cost += byte_rank(p.bytes[j]) + (p.fold[j] == 0 ? 0 : 1);
      }
      if (cost < best_cost) {
        best = o;
        best_cost = cost;
      }
    }
    return best;
  }

  std::vector<Pattern> patterns_;
  uint32_t m_ = 1;
  bool two_ = false;
  std::vector<uint8_t> shift_;
  std::vector<int32_t> heads_;
  std::vector<int32_t> chain_;
  std::vector<uint32_t> offsets_;
};

std::string show_byte(uint8_t b, uint8_t fold) {
  std::string text = fold != 0 ? "/i " : "";
  if (b >= 0x21 && b < 0x7f && b != '\'') return text + "'" + std::string(1, static_cast<char>(b)) + "'";
  static const char* hex = "0123456789abcdef";
  return text + "0x" + hex[b >> 4] + hex[b & 15];
}

struct Search {
  FilterSpec::Mode mode = FilterSpec::Mode::kEvery;
  std::vector<Pattern> patterns;
  std::vector<uint8_t> alphabet;
  std::vector<Group> groups;
  std::vector<MultiSearch> multi;
  size_t max_d = 0;
  Kernel kernel = Kernel::kScalar;
  bool (*scan)(const Search&, const uint8_t*, size_t, size_t, size_t, size_t&) = nullptr;

  bool verify(const Group& g, const uint8_t* buf, size_t start, size_t end, size_t pos) const {
    switch (g.kind) {
      case GroupKind::kPatterns:
        for (const Member& m : g.members) {
          if (pos < start + m.anchor) continue;
          const size_t at = pos - m.anchor;
          const Pattern& p = patterns[m.pattern];
          if (at + p.bytes.size() > end) continue;
          if (matches_at(p, buf + at)) return true;
        }
        return false;
      case GroupKind::kSlashEscape:
        return pos + 2 <= end && real_escape(buf, start, pos);
      case GroupKind::kUnicodeEscape: {
        if (pos + 2 > end || !real_escape(buf, start, pos)) return false;
        uint32_t code = 0;
        for (size_t i = pos + 2; i < pos + 6; i++) {
          const int digit = i < end ? hex_value(buf[i]) : -1;
          // A malformed escape might still hide a literal to some parser: a candidate.
          if (digit < 0) return true;
          code = code * 16 + static_cast<uint32_t>(digit);
        }
        return alphabet[code] != 0;
      }
    }
    return false;
  }

  // Byte by byte: the line's positions [from, to), for hits inside [start, end).
  bool scan_scalar(const uint8_t* buf, size_t start, size_t end, size_t from, size_t to) const {
    for (size_t p = from; p < to; p++) {
      const uint8_t x = buf[p];
      for (const Group& g : groups) {
        if ((x | g.f1) != g.b1) continue;
        const size_t q = p + g.d;
        if (q >= end || (buf[q] | g.f2) != g.b2) continue;
        if (verify(g, buf, start, end, p)) return true;
      }
    }
    return false;
  }

  bool scan_groups(const uint8_t* buf, size_t size, size_t start, size_t end) const;

  bool candidate(const uint8_t* buf, size_t size, size_t start, size_t end) const {
    switch (mode) {
      case FilterSpec::Mode::kEvery:
        return true;
      case FilterSpec::Mode::kNotNewlines:
        for (size_t i = start; i < end; i++) {
          if (buf[i] != '\n') return true;
        }
        return false;
      case FilterSpec::Mode::kLiterals:
        for (const MultiSearch& m : multi) {
          if (m.find(buf, start, end)) return true;
        }
        return !groups.empty() && scan_groups(buf, size, start, end);
    }
    return true;
  }
};

// A kernel: scans line positions from `start` in blocks, while the loads stay inside
// `size`; true on a verified hit, else `at` says where the scalar loop takes over.
using ScanFn = bool (*)(const Search&, const uint8_t*, size_t, size_t, size_t, size_t&);

// The portable kernel: 8 positions a step in a 64-bit word. A byte of
// `((x | f1) ^ b1) | ((y | f2) ^ b2)` is zero where both bytes of a filter match, and the
// classic zero-byte test says whether the word holds one; only then are its positions
// looked at one by one.
bool scan_words(const Search& f, const uint8_t* buf, size_t size, size_t start, size_t end,
                size_t& at) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  const size_t n = f.groups.size();
  uint64_t b1[kMaxGroups], f1[kMaxGroups], b2[kMaxGroups], f2[kMaxGroups];
  for (size_t g = 0; g < n; g++) {
    const Group& group = f.groups[g];
    b1[g] = kOnes * group.b1;
    f1[g] = kOnes * group.f1;
    b2[g] = kOnes * group.b2;
    f2[g] = kOnes * group.f2;
  }
  const size_t reach = f.max_d + 8;
  size_t p = start;
  for (; p < end && p + reach <= size; p += 8) {
    uint64_t x;
    std::memcpy(&x, buf + p, 8);
    uint64_t any = 0;
    for (size_t g = 0; g < n; g++) {
      uint64_t y;
      std::memcpy(&y, buf + p + f.groups[g].d, 8);
      const uint64_t t = ((x | f1[g]) ^ b1[g]) | ((y | f2[g]) ^ b2[g]);
      any |= (t - kOnes) & ~t & kHighs;
    }
    if (any != 0 && f.scan_scalar(buf, start, end, p, std::min(end, p + 8))) return true;
  }
  at = p;
  return false;
}

#ifdef EQLSCAN_AVX2
// 32 positions a step, N filters unrolled; the filters' hits are ORed so that a block
// without any costs one test.
template <size_t N>
__attribute__((target("avx2"))) bool scan_avx2(const Search& f, const uint8_t* buf, size_t size,
                                                size_t start, size_t end, size_t& at) {
  __m256i b1[N], f1[N], b2[N], f2[N];
  size_t d[N];
  for (size_t g = 0; g < N; g++) {
    const Group& group = f.groups[g];
    b1[g] = _mm256_set1_epi8(static_cast<char>(group.b1));
    f1[g] = _mm256_set1_epi8(static_cast<char>(group.f1));
    b2[g] = _mm256_set1_epi8(static_cast<char>(group.b2));
    f2[g] = _mm256_set1_epi8(static_cast<char>(group.f2));
    d[g] = group.d;
  }
  const size_t reach = f.max_d + 32;
  size_t p = start;
  for (; p < end && p + reach <= size; p += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(buf + p));
    __m256i hit[N];
    __m256i any = _mm256_setzero_si256();
    for (size_t g = 0; g < N; g++) {
      const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(buf + p + d[g]));
      hit[g] = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_or_si256(x, f1[g]), b1[g]),
                                _mm256_cmpeq_epi8(_mm256_or_si256(y, f2[g]), b2[g]));
      any = _mm256_or_si256(any, hit[g]);
    }
    if (_mm256_testz_si256(any, any)) continue;
    const uint32_t live = end - p >= 32 ? 0xffffffffu : (1u << (end - p)) - 1;
    for (size_t g = 0; g < N; g++) {
      uint32_t mask = static_cast<uint32_t>(_mm256_movemask_epi8(hit[g])) & live;
      while (mask != 0) {
        if (f.verify(f.groups[g], buf, start, end, p + ctz32(mask))) return true;
        mask &= mask - 1;
      }
    }
  }
  at = p;
  return false;
}

constexpr ScanFn kAvx2Scans[kMaxGroups] = {
    scan_avx2<1>, scan_avx2<2>, scan_avx2<3>, scan_avx2<4>,
    scan_avx2<5>, scan_avx2<6>, scan_avx2<7>, scan_avx2<8>,
};
#endif

#ifdef EQLSCAN_SSE2
// As scan_avx2, 16 positions a step.
template <size_t N>
bool scan_sse2(const Search& f, const uint8_t* buf, size_t size, size_t start, size_t end,
               size_t& at) {
  __m128i b1[N], f1[N], b2[N], f2[N];
  size_t d[N];
  for (size_t g = 0; g < N; g++) {
    const Group& group = f.groups[g];
    b1[g] = _mm_set1_epi8(static_cast<char>(group.b1));
    f1[g] = _mm_set1_epi8(static_cast<char>(group.f1));
    b2[g] = _mm_set1_epi8(static_cast<char>(group.b2));
    f2[g] = _mm_set1_epi8(static_cast<char>(group.f2));
    d[g] = group.d;
  }
  const size_t reach = f.max_d + 16;
  size_t p = start;
  for (; p < end && p + reach <= size; p += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + p));
    __m128i hit[N];
    __m128i any = _mm_setzero_si128();
    for (size_t g = 0; g < N; g++) {
      const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + p + d[g]));
      hit[g] = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(x, f1[g]), b1[g]),
                             _mm_cmpeq_epi8(_mm_or_si128(y, f2[g]), b2[g]));
      any = _mm_or_si128(any, hit[g]);
    }
    if (_mm_movemask_epi8(any) == 0) continue;
    const uint32_t live = end - p >= 16 ? 0xffffu : (1u << (end - p)) - 1;
    for (size_t g = 0; g < N; g++) {
      uint32_t mask = static_cast<uint32_t>(_mm_movemask_epi8(hit[g])) & live;
      while (mask != 0) {
        if (f.verify(f.groups[g], buf, start, end, p + ctz32(mask))) return true;
        mask &= mask - 1;
      }
    }
  }
  at = p;
  return false;
}

constexpr ScanFn kSse2Scans[kMaxGroups] = {
    scan_sse2<1>, scan_sse2<2>, scan_sse2<3>, scan_sse2<4>,
    scan_sse2<5>, scan_sse2<6>, scan_sse2<7>, scan_sse2<8>,
};
#endif

bool Search::scan_groups(const uint8_t* buf, size_t size, size_t start, size_t end) const {
  size_t from = start;
  if (scan != nullptr && scan(*this, buf, size, start, end, from)) return true;
  return scan_scalar(buf, start, end, from, end);
}

// The kernel for `groups` filters (null for none); the byte loop finishes what it leaves.
ScanFn scan_for(Kernel kernel, size_t groups) {
  if (groups == 0 || groups > kMaxGroups) return nullptr;
  switch (kernel) {
#ifdef EQLSCAN_AVX2
    case Kernel::kAvx2:
      return kAvx2Scans[groups - 1];
#endif
#ifdef EQLSCAN_SSE2
    case Kernel::kSse2:
      return kSse2Scans[groups - 1];
#endif
    default:
      return scan_words;
  }
}

Kernel best_kernel() {
#ifdef EQLSCAN_AVX2
  if (__builtin_cpu_supports("avx2")) return Kernel::kAvx2;
#endif
#ifdef EQLSCAN_SSE2
  return Kernel::kSse2;
#else
  return Kernel::kScalar;
#endif
}

Kernel resolve(Kernel asked) {
  const Kernel best = best_kernel();
  if (asked == Kernel::kAuto) return best;
  if (asked == Kernel::kAvx2 && best != Kernel::kAvx2) {
    throw std::invalid_argument("kernel avx2 is not available on this CPU or build");
  }
  if (asked == Kernel::kSse2 && best == Kernel::kScalar) {
    throw std::invalid_argument("kernel sse2 is not available on this CPU or build");
  }
  return asked;
}

inline bool pad_byte(uint8_t c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

struct LineFilter::Impl {
  Search search;
};

LineFilter::LineFilter(const FilterSpec& spec, Kernel kernel) : impl_(new Impl()) {
  Search& s = impl_->search;
  s.mode = spec.mode;
  s.kernel = resolve(kernel);
  if (spec.mode != FilterSpec::Mode::kLiterals) return;
  if (spec.alphabet.size() != 0x10000) throw std::invalid_argument("alphabet: expected 65536 entries");
  for (const Pattern& p : spec.patterns) {
    if (p.bytes.empty() || p.bytes.size() != p.fold.size()) {
      throw std::invalid_argument("patterns: bytes and fold of equal, non-zero length");
    }
  }
  s.patterns = spec.patterns;
  s.alphabet = spec.alphabet;

  std::vector<Group> escapes;
  escapes.push_back(group_of(key_code({'\\', 0}, {'u', 0}, 1), GroupKind::kUnicodeEscape));
  if (spec.slash_escapes) {
    escapes.push_back(group_of(key_code({'\\', 0}, {'/', 0}, 1), GroupKind::kSlashEscape));
  }
  if (!plan_groups(s.patterns, kMaxGroups - escapes.size(), s.groups)) {
    std::vector<Pattern> longer;
    std::vector<Pattern> shorter;
    for (const Pattern& p : s.patterns) (p.bytes.size() >= kLongPattern ? longer : shorter).push_back(p);
    if (!longer.empty()) s.multi.emplace_back(std::move(longer));
    if (!shorter.empty()) s.multi.emplace_back(std::move(shorter));
  }
  for (Group& g : escapes) s.groups.push_back(std::move(g));
  for (const Group& g : s.groups) s.max_d = std::max<size_t>(s.max_d, g.d);
  s.scan = scan_for(s.kernel, s.groups.size());
}

LineFilter::~LineFilter() = default;

bool LineFilter::candidate(const uint8_t* buf, size_t size, size_t start, size_t end) const {
  return impl_->search.candidate(buf, size, start, end);
}

LineKind LineFilter::kind(const uint8_t* buf, size_t size, size_t& start, size_t& end) const {
  // As the JavaScript loop trims: CRLF terminators and indentation are no part of it.
  while (end > start && pad_byte(buf[end - 1])) end--;
  while (start < end && (buf[start] == ' ' || buf[start] == '\t')) start++;
  if (start == end) return kBlankLine;
  if (impl_->search.candidate(buf, size, start, end)) return kCandidate;
  return buf[start] == '{' && buf[end - 1] == '}' ? kShaped : kUnshaped;
}

uint32_t LineFilter::classify(const Lines& lines, bool project_all,
                              const FilterOutput& out) const {
  uint32_t listed = 0;
  int32_t tally[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < lines.count; i++) {
    size_t start = static_cast<size_t>(lines.starts[i]);
    size_t end = static_cast<size_t>(lines.ends[i]);
    const LineKind k = kind(lines.buf, lines.size, start, end);
    out.kinds[i] = k;
    tally[k]++;
    if (k == kCandidate || (project_all && k != kBlankLine)) {
      out.starts[listed] = static_cast<int32_t>(start);
      out.ends[listed] = static_cast<int32_t>(end);
      out.index[listed] = static_cast<int32_t>(i);
      listed++;
    }
  }
  std::memcpy(out.tally, tally, sizeof tally);
  return listed;
}

const char* LineFilter::kernel_name() const {
  switch (impl_->search.kernel) {
    case Kernel::kAvx2:
      return "avx2";
    case Kernel::kSse2:
      return "sse2";
    default:
      return "scalar";
  }
}

std::string LineFilter::describe() const {
  const Search& s = impl_->search;
  switch (s.mode) {
    case FilterSpec::Mode::kEvery:
      return "every line";
    case FilterSpec::Mode::kNotNewlines:
      return "every line with a byte other than a newline";
    case FilterSpec::Mode::kLiterals:
      break;
  }
  std::string text;
  for (const MultiSearch& m : s.multi) text += m.describe() + "\n";
  for (const Group& g : s.groups) {
    text += "pair " + show_byte(g.b1, g.f1) + " +" + std::to_string(g.d) + " " +
            show_byte(g.b2, g.f2);
    if (g.kind == GroupKind::kPatterns) text += ": " + std::to_string(g.members.size()) + " patterns";
    if (g.kind == GroupKind::kUnicodeEscape) text += ": \\u escapes";
    if (g.kind == GroupKind::kSlashEscape) text += ": \\/ escapes";
    text += "\n";
  }
  return text + "kernel " + kernel_name();
}

}  // namespace eqlscan
