# Generates the C++ reader/builder for the project's own TFLite schema subset.
# flatc runs on the build machine for every preset, including the cross build;
# only the header-only flatbuffers runtime is compiled into the MCU core.
find_program(FLATC flatc REQUIRED)
set(NIB_SCHEMA "${PROJECT_SOURCE_DIR}/schema/tflite.fbs")
set(NIB_SCHEMA_OUT "${PROJECT_BINARY_DIR}/generated/nib/schema")
add_custom_command(
  OUTPUT "${NIB_SCHEMA_OUT}/tflite_generated.h"
  COMMAND "${FLATC}" --cpp --scoped-enums --gen-object-api -o "${NIB_SCHEMA_OUT}" "${NIB_SCHEMA}"
  DEPENDS "${NIB_SCHEMA}"
  COMMENT "flatc: schema/tflite.fbs")
add_custom_target(nib_schema_gen DEPENDS "${NIB_SCHEMA_OUT}/tflite_generated.h")

add_library(nib_schema INTERFACE)
add_dependencies(nib_schema nib_schema_gen)
target_include_directories(nib_schema INTERFACE "${PROJECT_BINARY_DIR}/generated")
# flatbuffers' own assertions would pull in assert/abort; the verifier
# already reports every problem as a return value. Everything that includes
# the generated header gets the same definition.
target_compile_definitions(nib_schema INTERFACE FLATBUFFERS_ASSERT=static_cast<void>)
# The flatbuffers headers the engine is compiled against (Debian 12:
# libflatbuffers-dev 2.0.8); flatc must be the same version.
find_path(NIB_FLATBUFFERS_INCLUDE flatbuffers/flatbuffers.h PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
file(STRINGS "${NIB_FLATBUFFERS_INCLUDE}/flatbuffers/base.h" _fb_version_lines
     REGEX "^#define FLATBUFFERS_VERSION_(MAJOR|MINOR|REVISION) ")
set(NIB_FLATBUFFERS_VERSION "")
foreach(_line ${_fb_version_lines})
  string(REGEX REPLACE ".* ([0-9]+).*" "\\1" _n "${_line}")
  string(APPEND NIB_FLATBUFFERS_VERSION "${_n}.")
endforeach()
string(REGEX REPLACE "\\.$" "" NIB_FLATBUFFERS_VERSION "${NIB_FLATBUFFERS_VERSION}")
message(STATUS "nib: flatbuffers ${NIB_FLATBUFFERS_VERSION} headers (${NIB_FLATBUFFERS_INCLUDE}), flatc ${FLATC}")
if(CMAKE_CROSSCOMPILING)
  # The cross compiler must not see the host's /usr/include; expose only the
  # flatbuffers headers through a private directory holding a link to them.
  set(_fb_dir "${PROJECT_BINARY_DIR}/flatbuffers-include")
  file(MAKE_DIRECTORY "${_fb_dir}")
  file(CREATE_LINK "${NIB_FLATBUFFERS_INCLUDE}/flatbuffers" "${_fb_dir}/flatbuffers" SYMBOLIC)
  target_include_directories(nib_schema SYSTEM INTERFACE "${_fb_dir}")
endif()
