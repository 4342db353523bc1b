cmd_Release/obj.target/eqlscan_native/src/native/addon.o := g++ -o Release/obj.target/eqlscan_native/src/native/addon.o ../src/native/addon.cc '-DNODE_GYP_MODULE_NAME=eqlscan_native' '-DUSING_UV_SHARED=1' '-DUSING_V8_SHARED=1' '-DV8_DEPRECATION_WARNINGS=1' '-D_GLIBCXX_USE_CXX11_ABI=1' '-D_FILE_OFFSET_BITS=64' '-D_LARGEFILE_SOURCE' '-D__STDC_FORMAT_MACROS' '-DOPENSSL_NO_PINSHARED' '-DOPENSSL_THREADS' '-DNAPI_VERSION=8' '-DNDEBUG' '-DNODE_ADDON_API_CPP_EXCEPTIONS_ALL' '-DNAPI_CPP_EXCEPTIONS' '-DBUILDING_NODE_EXTENSION' -I/usr/include/node -I/usr/src -I/usr/deps/openssl/config -I/usr/deps/openssl/openssl/include -I/usr/deps/uv/include -I/usr/deps/zlib -I/usr/deps/v8/include -I../node_modules/@nozbe/simdjson/src -I../node_modules/node-addon-api  -fPIC -pthread -Wall -Wextra -Wno-unused-parameter -O3 -m64 -O3 -fno-omit-frame-pointer -fno-rtti -O3 -std=c++17 -MMD -MF ./Release/.deps/Release/obj.target/eqlscan_native/src/native/addon.o.d.raw   -c
Release/obj.target/eqlscan_native/src/native/addon.o: \
 ../src/native/addon.cc ../node_modules/node-addon-api/napi.h \
 /usr/include/node/node_api.h /usr/include/node/js_native_api.h \
 /usr/include/node/js_native_api_types.h \
 /usr/include/node/node_api_types.h \
 ../node_modules/node-addon-api/napi-inl.h \
 ../node_modules/node-addon-api/napi.h \
 ../node_modules/node-addon-api/napi-inl.deprecated.h \
 ../src/native/batch_output.h ../src/native/field_table.h \
 ../src/native/walker.h
../src/native/addon.cc:
../node_modules/node-addon-api/napi.h:
/usr/include/node/node_api.h:
/usr/include/node/js_native_api.h:
/usr/include/node/js_native_api_types.h:
/usr/include/node/node_api_types.h:
../node_modules/node-addon-api/napi-inl.h:
../node_modules/node-addon-api/napi.h:
../node_modules/node-addon-api/napi-inl.deprecated.h:
../src/native/batch_output.h:
../src/native/field_table.h:
../src/native/walker.h:
