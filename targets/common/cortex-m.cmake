# Building firmware for any Cortex-M target on top of targets/common.
#
#   nib_add_cortex_m_platform(NAME LINKER_SCRIPT file.ld IRQS n SOURCES hooks.cc...)
#     OBJECT library with the shared vector table, reset path, fault report
#     and newlib stubs, plus the target's hooks (target.h) in SOURCES.
#   nib_add_firmware(NAME PLATFORM platform SOURCES src... [LIBS lib...])
#     NAME.elf linked with the platform; prints its section sizes and writes
#     NAME.map.
#   nib_add_no_heap_test(NAME FIRMWARE target)
#     ctest test that fails if the firmware links malloc/free/_sbrk.
include_guard(GLOBAL)

set(NIB_TARGETS_COMMON_DIR "${CMAKE_CURRENT_LIST_DIR}")
get_filename_component(_nib_tool_dir "${CMAKE_CXX_COMPILER}" DIRECTORY)
find_program(NIB_ARM_SIZE arm-none-eabi-size HINTS "${_nib_tool_dir}" REQUIRED)
find_program(NIB_ARM_NM arm-none-eabi-nm HINTS "${_nib_tool_dir}" REQUIRED)

function(nib_add_cortex_m_platform name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "LINKER_SCRIPT;IRQS" "SOURCES")
  if(NOT ARG_LINKER_SCRIPT OR NOT DEFINED ARG_IRQS)
    message(FATAL_ERROR "nib_add_cortex_m_platform(${name}): LINKER_SCRIPT and IRQS are required")
  endif()
  get_filename_component(ARG_LINKER_SCRIPT "${ARG_LINKER_SCRIPT}" ABSOLUTE)
  # OBJECT library: its objects always link, so its abort/__assert_func/_sbrk
  # win over libc's regardless of link order; --gc-sections drops the unused.
  add_library(${name} OBJECT
    "${NIB_TARGETS_COMMON_DIR}/startup.cc"
    "${NIB_TARGETS_COMMON_DIR}/faults.cc"
    "${NIB_TARGETS_COMMON_DIR}/syscalls.cc"
    "${NIB_TARGETS_COMMON_DIR}/console.cc"
    ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE -Wall -Wextra -Wshadow -Wno-unused-parameter)
  target_compile_definitions(${name} PRIVATE NIB_TARGET_IRQS=${ARG_IRQS})
  target_include_directories(${name} PUBLIC "${NIB_TARGETS_COMMON_DIR}")
  # -L: the script's directory, for its INCLUDEs.
  get_filename_component(_ld_dir "${ARG_LINKER_SCRIPT}" DIRECTORY)
  target_link_options(${name} INTERFACE
    -nostartfiles "-L${_ld_dir}" "-T${ARG_LINKER_SCRIPT}" -Wl,--print-memory-usage)
  set_property(TARGET ${name} APPEND PROPERTY INTERFACE_LINK_DEPENDS "${ARG_LINKER_SCRIPT}")
endfunction()

function(nib_add_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "PLATFORM" "SOURCES;LIBS")
  if(NOT ARG_SOURCES OR NOT ARG_PLATFORM)
    message(FATAL_ERROR "nib_add_firmware(${name}): SOURCES and PLATFORM are required")
  endif()
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} ${ARG_PLATFORM})
  target_link_options(${name} PRIVATE "-Wl,-Map=$<TARGET_FILE_DIR:${name}>/${name}.map")
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND "${NIB_ARM_SIZE}" "$<TARGET_FILE:${name}>"
    VERBATIM)
endfunction()

function(nib_add_no_heap_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "FIRMWARE" "")
  set(script [=[
if "$0" "$1" | grep -E '[[:space:]](malloc|_malloc_r|calloc|realloc|free|_free_r|_sbrk|_sbrk_r)$'; then
  echo "heap functions linked into $1" >&2
  exit 1
fi]=])
  add_test(NAME ${name} COMMAND sh -c "${script}" "${NIB_ARM_NM}" "$<TARGET_FILE:${ARG_FIRMWARE}>")
endfunction()
