# Toolchain: arm-none-eabi-gcc for a Cortex-M core, NIB_ARM_CPU (default
# cortex-m4): -DNIB_ARM_CPU=cortex-m3|cortex-m4|cortex-m7|cortex-m33|cortex-m55.
# Each core gets its FPU (if any) with the hard-float ABI; which kernels nib
# builds follows from what the compiler then targets (__ARM_FEATURE_DSP).
set(CMAKE_SYSTEM_NAME Generic)
set(NIB_ARM_CPU cortex-m4 CACHE STRING "Cortex-M core to compile for")
set(CMAKE_SYSTEM_PROCESSOR ${NIB_ARM_CPU})
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# try_compile projects re-read this file: hand them the core.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES NIB_ARM_CPU)

if(NIB_ARM_CPU STREQUAL "cortex-m3")
  set(_fpu "-mfloat-abi=soft")                        # no FPU
elseif(NIB_ARM_CPU STREQUAL "cortex-m4")
  set(_fpu "-mfpu=fpv4-sp-d16 -mfloat-abi=hard")      # single precision
elseif(NIB_ARM_CPU STREQUAL "cortex-m7")
  set(_fpu "-mfpu=fpv5-d16 -mfloat-abi=hard")         # double precision
elseif(NIB_ARM_CPU STREQUAL "cortex-m33")
  set(_fpu "-mfpu=fpv5-sp-d16 -mfloat-abi=hard")
elseif(NIB_ARM_CPU STREQUAL "cortex-m55")
  set(_fpu "-mfloat-abi=hard")                        # FPU and MVE implied by -mcpu
else()
  message(FATAL_ERROR "NIB_ARM_CPU=${NIB_ARM_CPU}: not one of cortex-m3/m4/m7/m33/m55")
endif()
set(NIB_ARM_FLAGS "-mcpu=${NIB_ARM_CPU} -mthumb ${_fpu}")
set(CMAKE_C_FLAGS_INIT "${NIB_ARM_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${NIB_ARM_FLAGS} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${NIB_ARM_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${NIB_ARM_FLAGS} -Wl,--gc-sections --specs=nano.specs")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
