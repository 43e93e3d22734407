# The browser module (Emscripten build): erratum-core.{mjs,wasm} and dist/.
# Included by wasm/CMakeLists.txt after the core and api targets.

# Optimisation of each source, one level per file (LTO keeps each function's):
# | sources                               | flags                  | why                                          |
# |---------------------------------------|------------------------|----------------------------------------------|
# | reanchor.cpp                          | -O2 -fno-unroll-loops  | scans the article per character              |
# | document, diff, tokenize, myers, text | -Os -finline-functions | hot loops need the inliner that -Os turns off |
# | everything else (ERRATUM_WASM_OPT)    | -Oz                    | runs once per call: size first               |
# docs/performance.md says how to measure a change to this table.
set(ERRATUM_WASM_OPT "-Oz" CACHE STRING "Optimization flag of the wasm build outside the kernels")
set(ERRATUM_WASM_KERNEL_OPT -O2 -fno-unroll-loops)
set(ERRATUM_WASM_SMALL_KERNEL_OPT -Os -finline-functions)
set(ERRATUM_WASM_KERNELS core/src/reanchor.cpp)
set(ERRATUM_WASM_SMALL_KERNELS core/src/document.cpp core/src/diff.cpp core/src/tokenize.cpp core/src/myers.cpp core/src/text.cpp)

list(TRANSFORM ERRATUM_WASM_KERNELS PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/ OUTPUT_VARIABLE kernels)
list(TRANSFORM ERRATUM_WASM_SMALL_KERNELS PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/ OUTPUT_VARIABLE small_kernels)
set(rest ${ERRATUM_CORE_SOURCES} ${ERRATUM_API_SOURCES})
list(REMOVE_ITEM rest ${kernels} ${small_kernels})
set_source_files_properties(${kernels} PROPERTIES COMPILE_OPTIONS "${ERRATUM_WASM_KERNEL_OPT}")
set_source_files_properties(${small_kernels} PROPERTIES COMPILE_OPTIONS "${ERRATUM_WASM_SMALL_KERNEL_OPT}")
set_source_files_properties(${rest} PROPERTIES COMPILE_OPTIONS "${ERRATUM_WASM_OPT}")
# No RTTI anywhere in the module: nothing asks for a type at run time, and
# the type names (nlohmann's among them) leave the module. Embind then
# identifies a type by the address of a static object of its own instead of
# by typeid (EMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0, and -fno-rtti at the link,
# which picks the libembind built that way); it loses only the C++ name of a
# type never bound in its error message, where it prints an address.
target_compile_options(erratum_core PRIVATE -flto -fno-rtti)
target_compile_options(erratum_api PRIVATE -flto -fno-rtti)
string(REGEX REPLACE "-O[0-9sz]" "" CMAKE_CXX_FLAGS_RELEASE "${CMAKE_CXX_FLAGS_RELEASE}")

# libc/: the C library functions the module brings itself, smaller than
# musl's for the only calls made here (each file says which).
add_executable(erratum_wasm bindings/bindings.cpp libc/number_parsing.cpp libc/integer_printf.cpp libc/printf_entries.cpp)
target_include_directories(erratum_wasm PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/libc/include)
target_link_libraries(erratum_wasm PRIVATE erratum_api)
target_compile_options(erratum_wasm PRIVATE ${ERRATUM_WASM_OPT} -flto -fno-exceptions -fno-rtti
  -DEMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0)
set_target_properties(erratum_wasm PROPERTIES OUTPUT_NAME erratum-core SUFFIX ".mjs"
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/core)  # dist/ gets it through erratum_js
target_link_options(erratum_wasm PRIVATE
  -lembind ${ERRATUM_WASM_OPT} -flto
  -fno-rtti                  # links libembind built without RTTI
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createErratumCore
  -sENVIRONMENT=web          # no node branch in the glue; node (tests, bench) passes wasmBinary
  -sDYNAMIC_EXECUTION=0      # no eval/new Function: runs under a strict CSP
  -sFILESYSTEM=0
  -sALLOW_MEMORY_GROWTH=1
  -sINITIAL_MEMORY=4MB
  -sTOTAL_STACK=1MB        # STACK_SIZE in newer Emscripten
  -sMALLOC=emmalloc        # the smaller allocator; dlmalloc is no faster here
  -sTEXTDECODER=2          # strings always decoded by TextDecoder (every target has it): no JS fallback
  -sSUPPORT_ERRNO=0        # no file system or syscalls whose errno JS would set
  --closure=1              # Closure Compiler minifies the glue, with Emscripten's externs for Embind
  -sINCOMING_MODULE_JS_API=[wasmBinary,locateFile]   # what js/core.mjs's loadCore options take
)

# The Closure Compiler emcc runs is the npm dev dependency (pinned to the
# release this Emscripten was made with), not one emcc would look for beside
# itself.
find_program(ERRATUM_CLOSURE_COMPILER google-closure-compiler PATHS ${PROJECT_SOURCE_DIR}/node_modules/.bin NO_DEFAULT_PATH)
if(NOT ERRATUM_CLOSURE_COMPILER)
  message(FATAL_ERROR "google-closure-compiler not found in node_modules: run scripts/setup.sh (npm ci)")
endif()
set_property(TARGET erratum_wasm PROPERTY RULE_LAUNCH_LINK "${CMAKE_COMMAND} -E env EM_CLOSURE_COMPILER=${ERRATUM_CLOSURE_COMPILER}")

# One more binaryen -Os pass over the linked module: emcc optimizes before
# its last steps (import/export minification, dead-code removal against the
# glue) and not after them. MVP features only, as emcc emits: a module using
# more fails loudly here. A build linked for profiling (--profiling-funcs,
# -g) keeps its function names: wasm-opt drops the name section unless -g.
find_program(WASM_OPT wasm-opt REQUIRED)
set(ERRATUM_WASM_OPT_NAMES "")
if(CMAKE_EXE_LINKER_FLAGS MATCHES "--profiling|(^| )-g")
  set(ERRATUM_WASM_OPT_NAMES -g)
endif()
add_custom_command(TARGET erratum_wasm POST_BUILD
  COMMAND ${WASM_OPT} --mvp-features -Os ${ERRATUM_WASM_OPT_NAMES} ${CMAKE_BINARY_DIR}/core/erratum-core.wasm -o ${CMAKE_BINARY_DIR}/core/erratum-core.wasm
  COMMENT "Optimizing erratum-core.wasm after the link (wasm-opt -Os)")

# dist/ is the deployable module folder: the JS layer bundled and minified
# next to the wasm core (scripts/dist-js.sh; esbuild, a Debian package).
find_program(ESBUILD esbuild REQUIRED)
file(GLOB ERRATUM_JS_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/js/*.mjs ${PROJECT_SOURCE_DIR}/js/*.js
     ${PROJECT_SOURCE_DIR}/js/*.css ${PROJECT_SOURCE_DIR}/js/*.d.ts)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/dist/widget.mjs ${CMAKE_BINARY_DIR}/dist/erratum-core.mjs
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/dist-js.sh ${PROJECT_SOURCE_DIR}/js
          ${CMAKE_BINARY_DIR}/core/erratum-core.mjs ${CMAKE_BINARY_DIR}/dist ${CMAKE_CURRENT_SOURCE_DIR}/messages
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${CMAKE_BINARY_DIR}/core/erratum-core.wasm ${CMAKE_BINARY_DIR}/dist
  DEPENDS ${ERRATUM_JS_FILES} ${ERRATUM_MESSAGE_TABLES} ${PROJECT_SOURCE_DIR}/scripts/dist-js.sh ${PROJECT_SOURCE_DIR}/scripts/minify-js.mjs erratum_wasm
  COMMENT "Bundling the JS layer into dist/")
add_custom_target(erratum_js ALL DEPENDS ${CMAKE_BINARY_DIR}/dist/widget.mjs ${CMAKE_BINARY_DIR}/dist/erratum-core.mjs)

# The npm package: dist/ with the schema, docs and manifest, packed by
# `npm pack` (scripts/pack.mjs) into package/erratum-<version>.tgz, which the
# package test installs into a project that knows nothing of this repository.
find_program(ERRATUM_NODE node REQUIRED)
set(ERRATUM_TARBALL ${CMAKE_BINARY_DIR}/package/erratum-${ERRATUM_VERSION}.tgz)
file(GLOB ERRATUM_PACKAGE_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/schema/* ${PROJECT_SOURCE_DIR}/docs/*)
add_custom_command(OUTPUT ${ERRATUM_TARBALL}
  COMMAND ${ERRATUM_NODE} ${PROJECT_SOURCE_DIR}/scripts/pack.mjs ${CMAKE_BINARY_DIR}/dist ${CMAKE_BINARY_DIR}/package
  DEPENDS erratum_js ${CMAKE_BINARY_DIR}/dist/widget.mjs ${PROJECT_SOURCE_DIR}/scripts/pack.mjs ${ERRATUM_PACKAGE_FILES}
          ${PROJECT_SOURCE_DIR}/package.json ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md
          ${PROJECT_SOURCE_DIR}/LICENSE
  COMMENT "Packing the npm package (npm pack)")
add_custom_target(erratum_package ALL DEPENDS ${ERRATUM_TARBALL})
