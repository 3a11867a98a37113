# NIB_DIGITS_COMPILED: the digit app's firmware (the QEMU demo, the board
# image) runs its model compiled by `nib compile` instead of the interpreter.
# The host build's nib writes the code at build time, once per kernel set:
# digits_model_optimized.h/.cc/_data.cc and digits_model_reference.*, in
# namespaces digits_model_optimized and digits_model_reference.
option(NIB_DIGITS_COMPILED "the digit app's firmware runs its model compiled by nib compile (no interpreter)" OFF)
set(NIB_HOST_NIB "${CMAKE_BINARY_DIR}/../host/tools/nib/nib" CACHE FILEPATH "host nib tool that runs nib compile")

# nib_digits_compile_model(TARGET MODEL): adds the generated sources to
# TARGET and defines NIB_DIGITS_COMPILED=1 for it.
function(nib_digits_compile_model target model)
  get_filename_component(_nib "${NIB_HOST_NIB}" ABSOLUTE)
  if(NOT EXISTS "${_nib}")
    message(FATAL_ERROR "NIB_DIGITS_COMPILED needs the host build's nib at ${_nib} (build the host preset first)")
  endif()
  set(_dir "${CMAKE_CURRENT_BINARY_DIR}/digits_model")
  foreach(kernels optimized reference)
    set(_files "${_dir}/digits_model_${kernels}.h" "${_dir}/digits_model_${kernels}.cc"
               "${_dir}/digits_model_${kernels}_data.cc")
    add_custom_command(OUTPUT ${_files}
                       COMMAND "${_nib}" compile "${model}" -o "${_dir}" --name digits_model_${kernels}
                               --kernels ${kernels}
                       DEPENDS "${_nib}" "${model}" VERBATIM)
    target_sources(${target} PRIVATE ${_files})
  endforeach()
  target_include_directories(${target} PRIVATE "${_dir}" "${PROJECT_SOURCE_DIR}/src")
  target_compile_definitions(${target} PRIVATE NIB_DIGITS_COMPILED=1)
endfunction()
