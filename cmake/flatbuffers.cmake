# Generates the C++ reader/builder for the project's own TFLite schema subset.
# flatc runs on the build machine for every preset, including the cross build;
# only the header-only flatbuffers runtime is compiled into the MCU core.
find_program(FLATC flatc REQUIRED)
set(NIB_SCHEMA "${CMAKE_SOURCE_DIR}/schema/tflite.fbs")
set(NIB_SCHEMA_OUT "${CMAKE_BINARY_DIR}/generated/nib/schema")
add_custom_command(
  OUTPUT "${NIB_SCHEMA_OUT}/tflite_generated.h"
  COMMAND "${FLATC}" --cpp --scoped-enums --gen-object-api -o "${NIB_SCHEMA_OUT}" "${NIB_SCHEMA}"
  DEPENDS "${NIB_SCHEMA}"
  COMMENT "flatc: schema/tflite.fbs")
add_custom_target(nib_schema_gen DEPENDS "${NIB_SCHEMA_OUT}/tflite_generated.h")

add_library(nib_schema INTERFACE)
add_dependencies(nib_schema nib_schema_gen)
target_include_directories(nib_schema INTERFACE "${CMAKE_BINARY_DIR}/generated")
if(CMAKE_CROSSCOMPILING)
  # The cross compiler must not see the host's /usr/include; expose only the
  # flatbuffers headers through a private directory holding a link to them.
  find_path(NIB_FLATBUFFERS_INCLUDE flatbuffers/flatbuffers.h PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
  set(_fb_dir "${CMAKE_BINARY_DIR}/flatbuffers-include")
  file(MAKE_DIRECTORY "${_fb_dir}")
  file(CREATE_LINK "${NIB_FLATBUFFERS_INCLUDE}/flatbuffers" "${_fb_dir}/flatbuffers" SYMBOLIC)
  target_include_directories(nib_schema SYSTEM INTERFACE "${_fb_dir}")
endif()
