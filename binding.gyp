{
  # The native parse backend: simdjson On-Demand behind Node-API, the SIMD line filter
  # (its AVX2 kernel is chosen at run time, so no -mavx2 here) and the shard reader that
  # runs it over a file's lines. simdjson's sources come from the @nozbe/simdjson package
  # wherever npm installed it (hoisted or not), found by Node's own module resolution;
  # nothing is vendored.
  "variables": {
    "simdjson_dir": "<!(node scripts/build-native.mjs --simdjson-dir)"
  },
  "targets": [
    {
      "target_name": "eqlscan_native",
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except_all"
      ],
      "sources": [
        "src/native/addon.cc",
        "src/native/batch_output.cc",
        "src/native/field_table.cc",
        "src/native/filter_binding.cc",
        "src/native/intern_table.cc",
        "src/native/line_filter.cc",
        "src/native/reader_binding.cc",
        "src/native/shard_reader.cc",
        "src/native/walker.cc",
        "<(simdjson_dir)/simdjson.cpp"
      ],
      "include_dirs": ["<(simdjson_dir)"],
      "defines": ["NAPI_VERSION=8", "NDEBUG"],
      "cflags!": ["-O2", "-O0"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-O2", "-O0"],
      "cflags": ["-O3"],
      "cflags_cc": ["-O3", "-std=c++17"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_OPTIMIZATION_LEVEL": "3"
      },
      "msvs_settings": {
        "VCCLCompilerTool": {
          "AdditionalOptions": ["/std:c++17", "/O2"]
        }
      }
    }
  ]
}
