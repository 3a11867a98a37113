# Firmware for QEMU's MPS2/MPS3 machines and ctest tests that run it.
# Needs the platform library nib_qemu_platform (targets/qemu-m4).
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/../targets/common/cortex-m.cmake")

set(NIB_QEMU_DIR "${CMAKE_CURRENT_LIST_DIR}/../targets/qemu-m4")
get_filename_component(NIB_QEMU_DIR "${NIB_QEMU_DIR}" ABSOLUTE)
set(NIB_QEMU_RUN "${NIB_QEMU_DIR}/run-qemu.sh")
set(NIB_QEMU_MACHINE mps2-an386 CACHE STRING "QEMU machine the firmware is linked for and runs on")
set(NIB_QEMU_TIMEOUT 120 CACHE STRING "default seconds before a firmware test under QEMU is killed")

# nib_add_qemu_firmware(NAME SOURCES src... [LIBS lib...])
# nib_add_firmware on the QEMU platform (startup, linker script, semihosting).
function(nib_add_qemu_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBS")
  nib_add_firmware(${name} PLATFORM nib_qemu_platform SOURCES ${ARG_SOURCES} LIBS ${ARG_LIBS})
endfunction()
# The name from when there was only the Cortex-M4 machine.
function(nib_add_m4_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBS")
  nib_add_qemu_firmware(${name} SOURCES ${ARG_SOURCES} LIBS ${ARG_LIBS})
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
    ENVIRONMENT "NIB_QEMU_TIMEOUT=${ARG_TIMEOUT};NIB_QEMU_MACHINE=${NIB_QEMU_MACHINE}")
endfunction()
