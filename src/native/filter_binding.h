// The Node binding of the line filter (filter_binding.cc), registered by addon.cc.
#ifndef EQLSCAN_NATIVE_FILTER_BINDING_H
#define EQLSCAN_NATIVE_FILTER_BINDING_H

#include <napi.h>

namespace eqlscan {

// The `LineFilter` class: new LineFilter(spec, kernel), classify(...), test(...).
Napi::Function define_line_filter(Napi::Env env);

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_FILTER_BINDING_H
