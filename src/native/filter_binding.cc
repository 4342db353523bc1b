// new LineFilter({ mode, patterns, alphabet, slashEscapes }, kernel)
//   mode: 'every' | 'not-newlines' | 'literals'; patterns: [{ bytes, fold }] (Uint8Arrays);
//   alphabet: a Uint8Array of 65536 entries (literals only); kernel: 'auto' | 'avx2' |
//   'sse2' | 'scalar'.
// filter.classify(buf, starts, ends, count, kinds, tally, outStarts, outEnds, outIndex,
//                 projectAll)
//   -> how many lines were listed in outStarts / outEnds / outIndex; tally[k] counts the
//   lines of kind k.
// filter.test(buf, start, end) -> whether buf[start, end) is a candidate, as it stands.
#include "filter_binding.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "line_filter.h"
#include "napi_args.h"

namespace eqlscan {
namespace {

// Marks LineFilter objects, so that other native code can take one as an argument safely.
constexpr napi_type_tag kLineFilterTag = {0x6c1e5f2a9b3d4c07ull, 0x8e0f71d2a4b6c9e3ull};

std::vector<uint8_t> bytes_of(Napi::Env env, Napi::Value value, const char* what) {
  Napi::Uint8Array array = typed<uint8_t>(env, value, napi_uint8_array, what);
  return std::vector<uint8_t>(array.Data(), array.Data() + array.ElementLength());
}

FilterSpec read_spec(Napi::Env env, Napi::Object spec) {
  FilterSpec out;
  const std::string mode = spec.Get("mode").ToString().Utf8Value();
  if (mode == "every") {
    out.mode = FilterSpec::Mode::kEvery;
    return out;
  }
  if (mode == "not-newlines") {
    out.mode = FilterSpec::Mode::kNotNewlines;
    return out;
  }
  if (mode != "literals") throw Napi::TypeError::New(env, "mode: every, not-newlines or literals");
  out.mode = FilterSpec::Mode::kLiterals;
  Napi::Value list = spec.Get("patterns");
  if (!list.IsArray()) throw Napi::TypeError::New(env, "patterns: expected an array");
  Napi::Array patterns = list.As<Napi::Array>();
  for (uint32_t i = 0; i < patterns.Length(); i++) {
    Napi::Value item = patterns.Get(i);
    if (!item.IsObject()) throw Napi::TypeError::New(env, "patterns: expected { bytes, fold }");
    Napi::Object pattern = item.As<Napi::Object>();
    out.patterns.push_back(
        {bytes_of(env, pattern.Get("bytes"), "bytes"), bytes_of(env, pattern.Get("fold"), "fold")});
  }
  out.alphabet = bytes_of(env, spec.Get("alphabet"), "alphabet");
  out.slash_escapes = spec.Get("slashEscapes").ToBoolean().Value();
  return out;
}

Kernel read_kernel(Napi::Env env, Napi::Value value) {
  if (value.IsUndefined()) return Kernel::kAuto;
  const std::string name = value.ToString().Utf8Value();
  if (name == "auto") return Kernel::kAuto;
  if (name == "avx2") return Kernel::kAvx2;
  if (name == "sse2") return Kernel::kSse2;
  if (name == "scalar") return Kernel::kScalar;
  throw Napi::TypeError::New(env, "kernel: auto, avx2, sse2 or scalar");
}

class LineFilterWrap : public Napi::ObjectWrap<LineFilterWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "LineFilter",
                       {InstanceMethod<&LineFilterWrap::Classify>("classify"),
                        InstanceMethod<&LineFilterWrap::Test>("test"),
                        InstanceMethod<&LineFilterWrap::Describe>("describe"),
                        InstanceAccessor<&LineFilterWrap::KernelName>("kernel")});
  }

  explicit LineFilterWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<LineFilterWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "LineFilter(spec, kernel)");
    FilterSpec spec = read_spec(env, info[0].As<Napi::Object>());
    Kernel kernel = read_kernel(env, info.Length() > 1 ? info[1] : env.Undefined());
    try {
      filter_ = std::make_unique<LineFilter>(spec, kernel);
    } catch (const std::exception& err) {
      throw Napi::Error::New(env, err.what());
    }
    info.This().As<Napi::Object>().TypeTag(&kLineFilterTag);
  }

  const LineFilter& filter() const { return *filter_; }

 private:
  Napi::Value Classify(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 10 || !info[3].IsNumber()) {
      throw Napi::TypeError::New(env,
                                 "classify(buf, starts, ends, count, kinds, tally, outStarts, "
                                 "outEnds, outIndex, projectAll)");
    }
    Napi::Uint8Array buf = typed<uint8_t>(env, info[0], napi_uint8_array, "buf");
    Napi::Int32Array starts = typed<int32_t>(env, info[1], napi_int32_array, "starts");
    Napi::Int32Array ends = typed<int32_t>(env, info[2], napi_int32_array, "ends");
    Napi::Uint8Array kinds = typed<uint8_t>(env, info[4], napi_uint8_array, "kinds");
    Napi::Int32Array tally = typed<int32_t>(env, info[5], napi_int32_array, "tally");
    Napi::Int32Array out_starts = typed<int32_t>(env, info[6], napi_int32_array, "outStarts");
    Napi::Int32Array out_ends = typed<int32_t>(env, info[7], napi_int32_array, "outEnds");
    Napi::Int32Array out_index = typed<int32_t>(env, info[8], napi_int32_array, "outIndex");
    if (tally.ElementLength() < 4) throw Napi::RangeError::New(env, "tally: four entries");
    const double wanted = info[3].As<Napi::Number>().DoubleValue();
    if (!(wanted >= 0 && wanted <= starts.ElementLength() && wanted <= ends.ElementLength() &&
          wanted <= kinds.ElementLength() && wanted <= out_starts.ElementLength() &&
          wanted <= out_ends.ElementLength() && wanted <= out_index.ElementLength())) {
      throw Napi::RangeError::New(env, "count: more lines than the arrays hold");
    }
    Lines lines{buf.Data(), buf.ElementLength(), starts.Data(), ends.Data(),
                static_cast<uint32_t>(wanted)};
    for (uint32_t i = 0; i < lines.count; i++) {
      const int32_t s = lines.starts[i];
      const int32_t e = lines.ends[i];
      if (s < 0 || e < s || static_cast<size_t>(e) > lines.size) {
        throw Napi::RangeError::New(env, "line " + std::to_string(i) + ": offsets outside the buffer");
      }
    }
    FilterOutput out{kinds.Data(), tally.Data(), out_starts.Data(), out_ends.Data(),
                     out_index.Data()};
    const uint32_t listed = filter_->classify(lines, info[9].ToBoolean().Value(), out);
    return Napi::Number::New(env, listed);
  }

  Napi::Value Test(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[1].IsNumber() || !info[2].IsNumber()) {
      throw Napi::TypeError::New(env, "test(buf, start, end)");
    }
    Napi::Uint8Array buf = typed<uint8_t>(env, info[0], napi_uint8_array, "buf");
    const double s = info[1].As<Napi::Number>().DoubleValue();
    const double e = info[2].As<Napi::Number>().DoubleValue();
    if (!(s >= 0 && e >= s && e <= buf.ElementLength())) {
      throw Napi::RangeError::New(env, "start, end: outside the buffer");
    }
    const bool hit = filter_->candidate(buf.Data(), buf.ElementLength(), static_cast<size_t>(s),
                                        static_cast<size_t>(e));
    return Napi::Boolean::New(env, hit);
  }

  Napi::Value Describe(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), filter_->describe());
  }

  Napi::Value KernelName(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), filter_->kernel_name());
  }

  std::unique_ptr<LineFilter> filter_;
};

}  // namespace

Napi::Function define_line_filter(Napi::Env env) { return LineFilterWrap::Define(env); }

const LineFilter& line_filter_of(Napi::Env env, Napi::Value value) {
  if (!value.IsObject() || !value.As<Napi::Object>().CheckTypeTag(&kLineFilterTag)) {
    throw Napi::TypeError::New(env, "expected a LineFilter");
  }
  return LineFilterWrap::Unwrap(value.As<Napi::Object>())->filter();
}

}  // namespace eqlscan
