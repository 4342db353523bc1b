// The Node binding: a `Projector` per field table, the `LineFilter` (filter_binding.cc),
// the `ShardReader` (reader_binding.cc), and what simdjson runs on this CPU.
//
// A projection's arrays live in ArrayBuffers the projector keeps and grows, so a batch
// costs no allocation once the sizes have settled; the views handed back are therefore
// valid only until the same projector's next `project` call.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "batch_output.h"
#include "field_table.h"
#include "filter_binding.h"
#include "reader_binding.h"
#include "walker.h"

namespace eqlscan {
namespace {

// An ArrayBuffer kept across calls and replaced by a larger one when outgrown.
class Grown {
 public:
  uint8_t* ensure(Napi::Env env, size_t bytes) {
    if (ref_.IsEmpty() || bytes > capacity_) {
      size_t capacity = std::max<size_t>({bytes, capacity_ * 2, 4096});
      ref_ = Napi::Persistent(Napi::ArrayBuffer::New(env, capacity));
      capacity_ = capacity;
    }
    return static_cast<uint8_t*>(ref_.Value().Data());
  }
  Napi::ArrayBuffer buffer() const { return ref_.Value(); }

 private:
  Napi::Reference<Napi::ArrayBuffer> ref_;
  size_t capacity_ = 0;
};

template <typename T>
Napi::Value view(Napi::Env env, Grown& grown, size_t length);

template <>
Napi::Value view<uint8_t>(Napi::Env env, Grown& grown, size_t length) {
  return Napi::Uint8Array::New(env, length, grown.buffer(), 0);
}
template <>
Napi::Value view<uint32_t>(Napi::Env env, Grown& grown, size_t length) {
  return Napi::Uint32Array::New(env, length, grown.buffer(), 0);
}
template <>
Napi::Value view<double>(Napi::Env env, Grown& grown, size_t length) {
  return Napi::Float64Array::New(env, length, grown.buffer(), 0);
}

// Copies a pool into its grown buffer and returns a view of exactly its length.
template <typename T>
Napi::Value pool(Napi::Env env, Grown& grown, const std::vector<T>& values) {
  uint8_t* data = grown.ensure(env, std::max<size_t>(values.size(), 1) * sizeof(T));
  if (!values.empty()) std::memcpy(data, values.data(), values.size() * sizeof(T));
  return view<T>(env, grown, values.size());
}

Path read_path(Napi::Env env, Napi::Value value, uint32_t at) {
  const std::string where = "fields[" + std::to_string(at) + "]: ";
  if (!value.IsArray()) throw Napi::TypeError::New(env, where + "expected an array of segments");
  Napi::Array segments = value.As<Napi::Array>();
  Path path;
  for (uint32_t i = 0; i < segments.Length(); i++) {
    Napi::Value item = segments.Get(i);
    Segment segment;
    if (item.IsString()) {
      segment.name = item.As<Napi::String>().Utf8Value();
    } else if (item.IsNumber()) {
      double index = item.As<Napi::Number>().DoubleValue();
      if (!(index >= 0 && index <= 4294967295.0 && std::floor(index) == index)) {
        throw Napi::RangeError::New(env, where + "bad array index");
      }
      segment.is_index = true;
      segment.index = static_cast<uint32_t>(index);
    } else {
      throw Napi::TypeError::New(env, where + "segments are strings or indexes");
    }
    path.push_back(std::move(segment));
  }
  if (path.empty()) throw Napi::RangeError::New(env, where + "empty path");
  return path;
}

class Projector : public Napi::ObjectWrap<Projector> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Projector",
                       {InstanceMethod<&Projector::Project>("project"),
                        InstanceAccessor<&Projector::FieldCount>("fieldCount")});
  }

  // new Projector(paths, { maxDepth, validate, intern, internMaxValues })
  explicit Projector(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Projector>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 2 || !info[0].IsArray() || !info[1].IsObject()) {
      throw Napi::TypeError::New(env, "Projector(paths, options)");
    }
    Napi::Array list = info[0].As<Napi::Array>();
    std::vector<Path> paths;
    for (uint32_t i = 0; i < list.Length(); i++) paths.push_back(read_path(env, list.Get(i), i));

    Napi::Object options = info[1].As<Napi::Object>();
    WalkOptions walk{512, true};
    Napi::Value depth = options.Get("maxDepth");
    if (depth.IsNumber()) {
      double d = depth.As<Napi::Number>().DoubleValue();
      if (!(d >= 1 && d <= 4294967295.0)) {
        throw Napi::RangeError::New(env, "maxDepth: out of range");
      }
      walk.max_depth = static_cast<uint32_t>(d);
    }
    Napi::Value validate = options.Get("validate");
    if (validate.IsBoolean()) walk.validate = validate.As<Napi::Boolean>().Value();
    Napi::Value intern = options.Get("intern");
    InternLimits limits;
    Napi::Value max_values = options.Get("internMaxValues");
    if (max_values.IsNumber()) {
      double m = max_values.As<Napi::Number>().DoubleValue();
      if (!(m >= 1 && m <= 4294967295.0)) throw Napi::RangeError::New(env, "internMaxValues: out of range");
      limits.max_values = static_cast<uint32_t>(m);
    }
    try {
      table_ = std::make_unique<FieldTable>(std::move(paths));
      walker_ = make_walker(*table_, walk);
      if (intern.IsBoolean() && intern.As<Napi::Boolean>().Value()) {
        intern_ = std::make_unique<InternTable>(table_->field_count(), limits);
      }
    } catch (const std::exception& err) {
      throw Napi::Error::New(env, err.what());
    }
  }

 private:
  // project(buf, starts, ends, count) -> the batch's arrays
  Napi::Value Project(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 4 || !info[0].IsTypedArray() || !info[1].IsTypedArray() ||
        !info[2].IsTypedArray() || !info[3].IsNumber()) {
      throw Napi::TypeError::New(env, "project(buf, starts, ends, count)");
    }
    Napi::TypedArray buf = info[0].As<Napi::TypedArray>();
    Napi::TypedArray starts = info[1].As<Napi::TypedArray>();
    Napi::TypedArray ends = info[2].As<Napi::TypedArray>();
    if (buf.TypedArrayType() != napi_uint8_array) {
      throw Napi::TypeError::New(env, "buf: expected a Uint8Array");
    }
    if (starts.TypedArrayType() != napi_int32_array || ends.TypedArrayType() != napi_int32_array) {
      throw Napi::TypeError::New(env, "starts, ends: expected Int32Arrays");
    }
    double wanted = info[3].As<Napi::Number>().DoubleValue();
    if (!(wanted >= 0 && wanted <= starts.ElementLength() && wanted <= ends.ElementLength())) {
      throw Napi::RangeError::New(env, "count: more lines than offsets");
    }
    uint32_t count = static_cast<uint32_t>(wanted);

    Lines lines;
    lines.buf = static_cast<const uint8_t*>(buf.ArrayBuffer().Data()) + buf.ByteOffset();
    lines.size = buf.ByteLength();
    lines.starts = reinterpret_cast<const int32_t*>(
        static_cast<const uint8_t*>(starts.ArrayBuffer().Data()) + starts.ByteOffset());
    lines.ends = reinterpret_cast<const int32_t*>(
        static_cast<const uint8_t*>(ends.ArrayBuffer().Data()) + ends.ByteOffset());
    lines.count = count;
    for (uint32_t i = 0; i < count; i++) {
      int32_t s = lines.starts[i];
      int32_t e = lines.ends[i];
      if (s < 0 || e < s || static_cast<size_t>(e) > lines.size) {
        std::string line = std::to_string(i);
        throw Napi::RangeError::New(env, "line " + line + ": offsets outside the buffer");
      }
    }

    uint32_t fields = table_->field_count();
    size_t slots = size_t{count} * fields;
    uint8_t* status = status_.ensure(env, std::max<size_t>(count, 1));
    uint8_t* tags = tags_.ensure(env, std::max<size_t>(slots, 1));
    uint32_t* refs = reinterpret_cast<uint32_t*>(refs_.ensure(env, std::max<size_t>(slots, 1) * 4));
    try {
      out_.begin(count, fields, status, tags, refs, intern_.get());
      walker_->project(lines, out_);
    } catch (const std::exception& err) {
      throw Napi::Error::New(env, err.what());
    }

    Napi::Object result = Napi::Object::New(env);
    result.Set("status", view<uint8_t>(env, status_, count));
    result.Set("tags", view<uint8_t>(env, tags_, slots));
    result.Set("refs", view<uint32_t>(env, refs_, slots));
    result.Set("numbers", pool(env, numbers_, out_.numbers));
    result.Set("strOffsets", pool(env, str_offsets_, out_.str_offsets));
    result.Set("arrStarts", pool(env, arr_starts_, out_.arr_starts));
    result.Set("poolTags", pool(env, pool_tags_, out_.pool_tags));
    result.Set("poolRefs", pool(env, pool_refs_, out_.pool_refs));
    // `text` is Latin-1: V8 copies it into a one-byte string, with no decoding.
    napi_value text;
    napi_value wide;
    napi_status made = napi_create_string_latin1(env, out_.text.data(), out_.text.size(), &text);
    if (made == napi_ok) {
      made = napi_create_string_utf8(env, out_.wide.data(), out_.wide.size(), &wide);
    }
    if (made != napi_ok) throw Napi::Error::New(env, "batch strings too large for one string");
    result.Set("text", Napi::Value(env, text));
    result.Set("wide", Napi::Value(env, wide));
    result.Set("wideOffsets", pool(env, wide_offsets_, out_.wide_offsets));
    napi_value fresh;
    if (napi_create_string_latin1(env, out_.fresh.data(), out_.fresh.size(), &fresh) != napi_ok) {
      throw Napi::Error::New(env, "batch strings too large for one string");
    }
    result.Set("fresh", Napi::Value(env, fresh));
    result.Set("freshOffsets", pool(env, fresh_offsets_, out_.fresh_offsets));
    result.Set("freshIds", pool(env, fresh_ids_, out_.fresh_ids));
    result.Set("reset", out_.reset);
    return result;
  }

  Napi::Value FieldCount(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), table_->field_count());
  }

  std::unique_ptr<FieldTable> table_;
  std::unique_ptr<LineWalker> walker_;
  std::unique_ptr<InternTable> intern_;
  BatchOutput out_;
  Grown fresh_offsets_, fresh_ids_;
  Grown status_, tags_, refs_, numbers_, str_offsets_, wide_offsets_;
  Grown arr_starts_, pool_tags_, pool_refs_;
};

// implementation() -> { active, description, builtin, simdjson }
Napi::Value GetImplementation(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Implementation impl = implementation();
  Napi::Object result = Napi::Object::New(env);
  result.Set("active", impl.active);
  result.Set("description", impl.description);
  result.Set("builtin", impl.builtin);
  result.Set("simdjson", impl.version);
  return result;
}

}  // namespace
}  // namespace eqlscan

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  exports.Set("Projector", eqlscan::Projector::Define(env));
  exports.Set("LineFilter", eqlscan::define_line_filter(env));
  eqlscan::define_shard_reader(env, exports);
  exports.Set("implementation", Napi::Function::New(env, eqlscan::GetImplementation));
  return exports;
}

NODE_API_MODULE(eqlscan_native, InitModule)
