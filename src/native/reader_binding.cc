// new ShardReader(lineFilter)
//   reads shards with that filter (a `LineFilter` of this addon), which it keeps alive.
// reader.open(fd, start, end, maxLineBytes, projectAll)
//   starts on the shard [start, end) of the open file `fd` (end may be Infinity).
// reader.next(text, lineStarts, starts, ends, lines, offsets, kinds, rejects, skipped, stats)
//   -> how many lines were listed. `text` (Uint8Array) receives their bytes; per listed
//   line k, lineStarts/starts/ends/lines (Int32Array), offsets (Float64Array) and kinds
//   (Uint8Array) as ChunkOutput says; rejects (Float64Array) takes (line, offset) pairs,
//   skipped (Float64Array) (line, offset, bytes) triples; stats (Float64Array of 12) gets
//   listed, blank, shaped, unshaped, rejectsListed, skippedCount, done, errno,
//   errorOffset, spanStart, spanEnd, need.
// reader.release() frees the window until the next open.
#include "reader_binding.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "filter_binding.h"
#include "napi_args.h"
#include "shard_reader.h"

namespace eqlscan {
namespace {

constexpr uint32_t kStats = 12;

double offset_arg(Napi::Env env, Napi::Value value, const char* what) {
  const double d = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : -1;
  if (d == INFINITY) return d;
  if (!(d >= 0 && d <= 9007199254740991.0 && std::floor(d) == d)) {
    throw Napi::RangeError::New(env, std::string(what) + ": expected a file offset");
  }
  return d;
}

class ShardReaderWrap : public Napi::ObjectWrap<ShardReaderWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "ShardReader",
                       {InstanceMethod<&ShardReaderWrap::Open>("open"),
                        InstanceMethod<&ShardReaderWrap::Next>("next"),
                        InstanceMethod<&ShardReaderWrap::Release>("release")});
  }

  explicit ShardReaderWrap(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<ShardReaderWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1) throw Napi::TypeError::New(env, "ShardReader(lineFilter)");
    const LineFilter& filter = line_filter_of(env, info[0]);
    filter_ref_ = Napi::Persistent(info[0].As<Napi::Object>());
    reader_ = std::make_unique<ShardReader>(filter);
  }

 private:
  Napi::Value Open(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 5 || !info[0].IsNumber() || !info[3].IsNumber()) {
      throw Napi::TypeError::New(env, "open(fd, start, end, maxLineBytes, projectAll)");
    }
    const double fd = info[0].As<Napi::Number>().DoubleValue();
    if (!(fd >= 0 && fd <= 2147483647.0 && std::floor(fd) == fd)) {
      throw Napi::RangeError::New(env, "fd: expected a file descriptor");
    }
    const double start = offset_arg(env, info[1], "start");
    const double end = offset_arg(env, info[2], "end");
    const double max_line = info[3].As<Napi::Number>().DoubleValue();
    if (start == INFINITY) throw Napi::RangeError::New(env, "start: expected a file offset");
    if (!(max_line >= 1 && max_line <= 2147483645.0 && std::floor(max_line) == max_line)) {
      throw Napi::RangeError::New(env, "maxLineBytes: out of range");
    }
    const uint64_t end_at = end == INFINITY ? UINT64_MAX : static_cast<uint64_t>(end);
    reader_->open(static_cast<int>(fd), static_cast<uint64_t>(start), end_at,
                  static_cast<uint32_t>(max_line), info[4].ToBoolean().Value());
    return env.Undefined();
  }

  Napi::Value Next(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 10) {
      throw Napi::TypeError::New(env,
                                 "next(text, lineStarts, starts, ends, lines, offsets, kinds, "
                                 "rejects, skipped, stats)");
    }
    Napi::Uint8Array text = typed<uint8_t>(env, info[0], napi_uint8_array, "text");
    Napi::Int32Array line_starts = typed<int32_t>(env, info[1], napi_int32_array, "lineStarts");
    Napi::Int32Array starts = typed<int32_t>(env, info[2], napi_int32_array, "starts");
    Napi::Int32Array ends = typed<int32_t>(env, info[3], napi_int32_array, "ends");
    Napi::Int32Array lines = typed<int32_t>(env, info[4], napi_int32_array, "lines");
    Napi::Float64Array offsets = typed<double>(env, info[5], napi_float64_array, "offsets");
    Napi::Uint8Array kinds = typed<uint8_t>(env, info[6], napi_uint8_array, "kinds");
    Napi::Float64Array rejects = typed<double>(env, info[7], napi_float64_array, "rejects");
    Napi::Float64Array skipped = typed<double>(env, info[8], napi_float64_array, "skipped");
    Napi::Float64Array stats = typed<double>(env, info[9], napi_float64_array, "stats");
    if (stats.ElementLength() < kStats) throw Napi::RangeError::New(env, "stats: 12 entries");
    if (skipped.ElementLength() < 3) throw Napi::RangeError::New(env, "skipped: room for one line");
    if (text.ElementLength() > 2147483647u) throw Napi::RangeError::New(env, "text: at most 2 GiB");

    size_t cap = line_starts.ElementLength();
    for (size_t n : {starts.ElementLength(), ends.ElementLength(), lines.ElementLength(),
                     offsets.ElementLength(), kinds.ElementLength()}) {
      cap = std::min(cap, n);
    }
    ChunkOutput out{text.Data(),
                    text.ElementLength(),
                    line_starts.Data(),
                    starts.Data(),
                    ends.Data(),
                    lines.Data(),
                    offsets.Data(),
                    kinds.Data(),
                    static_cast<uint32_t>(std::min<size_t>(cap, UINT32_MAX)),
                    rejects.Data(),
                    static_cast<uint32_t>(rejects.ElementLength() / 2),
                    skipped.Data(),
                    static_cast<uint32_t>(skipped.ElementLength() / 3)};
    const ChunkStats got = reader_->next(out);
    double* s = stats.Data();
    s[0] = got.listed;
    s[1] = got.blank;
    s[2] = got.shaped;
    s[3] = got.unshaped;
    s[4] = got.rejects_listed;
    s[5] = got.skipped_count;
    s[6] = got.done ? 1 : 0;
    s[7] = got.error;
    s[8] = static_cast<double>(got.error_offset);
    s[9] = static_cast<double>(got.span_start);
    s[10] = static_cast<double>(got.span_end);
    s[11] = static_cast<double>(got.need);
    return Napi::Number::New(env, got.listed);
  }

  Napi::Value Release(const Napi::CallbackInfo& info) {
    reader_->release();
    return info.Env().Undefined();
  }

  Napi::ObjectReference filter_ref_;
  std::unique_ptr<ShardReader> reader_;
};

}  // namespace

void define_shard_reader(Napi::Env env, Napi::Object exports) {
  if (!shard_reader_available()) return;
  exports.Set("ShardReader", ShardReaderWrap::Define(env));
}

}  // namespace eqlscan
