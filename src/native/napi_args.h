// Argument checks shared by the addon's bindings.
#ifndef EQLSCAN_NAPI_ARGS_H
#define EQLSCAN_NAPI_ARGS_H

#include <napi.h>

#include <string>

namespace eqlscan {

// `value` as a typed array of the given type; a TypeError naming `what` otherwise.
template <typename T>
Napi::TypedArrayOf<T> typed(Napi::Env env, Napi::Value value, napi_typedarray_type type,
                            const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw Napi::TypeError::New(env, std::string(what) + ": wrong typed array");
  }
  return value.As<Napi::TypedArrayOf<T>>();
}

}  // namespace eqlscan

#endif  // EQLSCAN_NAPI_ARGS_H
