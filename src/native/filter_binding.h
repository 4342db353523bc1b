// The Node binding of the line filter (filter_binding.cc), registered by addon.cc.
#ifndef EQLSCAN_NATIVE_FILTER_BINDING_H
#define EQLSCAN_NATIVE_FILTER_BINDING_H

#include <napi.h>

namespace eqlscan {

class LineFilter;

// The `LineFilter` class: new LineFilter(spec, kernel), classify(...), test(...).
Napi::Function define_line_filter(Napi::Env env);

// The filter inside a `LineFilter` object; throws a TypeError for any other value. The
// object must be kept alive as long as the pointer is used.
const LineFilter& line_filter_of(Napi::Env env, Napi::Value value);

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_FILTER_BINDING_H
