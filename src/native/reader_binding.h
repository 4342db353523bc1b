// The Node binding of the shard reader (reader_binding.cc), registered by addon.cc.
#ifndef EQLSCAN_NATIVE_READER_BINDING_H
#define EQLSCAN_NATIVE_READER_BINDING_H

#include <napi.h>

namespace eqlscan {

// Sets `exports.ShardReader`, where the platform has what the reader needs.
void define_shard_reader(Napi::Env env, Napi::Object exports);

}  // namespace eqlscan

#endif  // EQLSCAN_NATIVE_READER_BINDING_H
