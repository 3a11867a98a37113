# Cortex-M4 firmware for QEMU's mps2-an386 and ctest tests that run it.
# Needs the platform library nib_m4_platform (targets/qemu-m4).
include_guard(GLOBAL)

set(NIB_QEMU_DIR "${CMAKE_CURRENT_LIST_DIR}/../targets/qemu-m4")
get_filename_component(NIB_QEMU_DIR "${NIB_QEMU_DIR}" ABSOLUTE)
set(NIB_QEMU_RUN "${NIB_QEMU_DIR}/run-qemu.sh")
set(NIB_QEMU_TIMEOUT 120 CACHE STRING "default seconds before a firmware test under QEMU is killed")
get_filename_component(_nib_tool_dir "${CMAKE_CXX_COMPILER}" DIRECTORY)
find_program(NIB_M4_SIZE arm-none-eabi-size HINTS "${_nib_tool_dir}" REQUIRED)
find_program(NIB_M4_NM arm-none-eabi-nm HINTS "${_nib_tool_dir}" REQUIRED)

# nib_add_m4_firmware(NAME SOURCES src... [LIBS lib...])
# Executable target NAME, file NAME.elf, linked with the platform (startup,
# linker script, semihosting). Prints its section sizes after linking.
function(nib_add_m4_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBS")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "nib_add_m4_firmware(${name}): SOURCES is required")
  endif()
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} nib_m4_platform)
  target_link_options(${name} PRIVATE "-Wl,-Map=$<TARGET_FILE_DIR:${name}>/${name}.map")
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND "${NIB_M4_SIZE}" "$<TARGET_FILE:${name}>"
    VERBATIM)
endfunction()

# nib_add_qemu_test(NAME FIRMWARE target [ARGS arg...] [EXPECT_EXIT code]
#                   [TIMEOUT seconds] [WORKING_DIRECTORY dir])
# ctest test that runs the firmware under QEMU with ARGS as its argv[1..].
# Passes when the firmware exits 0, or exactly EXPECT_EXIT when given.
# Relative file names the firmware opens resolve against WORKING_DIRECTORY
# (default: the current binary directory).
function(nib_add_qemu_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "FIRMWARE;EXPECT_EXIT;TIMEOUT;WORKING_DIRECTORY" "ARGS")
  if(NOT ARG_FIRMWARE)
    message(FATAL_ERROR "nib_add_qemu_test(${name}): FIRMWARE is required")
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT ${NIB_QEMU_TIMEOUT})
  endif()
  if(NOT ARG_WORKING_DIRECTORY)
    set(ARG_WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  set(command "${NIB_QEMU_RUN}" "$<TARGET_FILE:${ARG_FIRMWARE}>" ${ARG_ARGS})
  if(DEFINED ARG_EXPECT_EXIT)
    list(PREPEND command "${NIB_QEMU_DIR}/expect-exit.sh" "${ARG_EXPECT_EXIT}")
  endif()
  add_test(NAME ${name} COMMAND ${command} WORKING_DIRECTORY "${ARG_WORKING_DIRECTORY}")
  # The script's own limit fires first and says so; ctest's is the backstop.
  math(EXPR backstop "${ARG_TIMEOUT} + 10")
  set_tests_properties(${name} PROPERTIES
    TIMEOUT ${backstop}
    ENVIRONMENT "NIB_QEMU_TIMEOUT=${ARG_TIMEOUT}")
endfunction()

# nib_add_no_heap_test(NAME FIRMWARE target)
# ctest test that fails if the firmware links malloc/free/_sbrk: a firmware
# whose code never allocates must not pull in the heap through libc.
function(nib_add_no_heap_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "FIRMWARE" "")
  set(script [=[
if "$0" "$1" | grep -E '[[:space:]](malloc|_malloc_r|calloc|realloc|free|_free_r|_sbrk|_sbrk_r)$'; then
  echo "heap functions linked into $1" >&2
  exit 1
fi]=])
  add_test(NAME ${name} COMMAND sh -c "${script}" "${NIB_M4_NM}" "$<TARGET_FILE:${ARG_FIRMWARE}>")
endfunction()
