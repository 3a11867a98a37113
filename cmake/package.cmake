# cmake --install: the library (libnib.a), the public headers and a CMake
# package, so that another project can
#   find_package(nib 0.2 CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE nib::nib)
# Before 1.0 only the same minor version is compatible (0.2.x for 0.2).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(NIB_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/nib" CACHE STRING "where nibConfig.cmake is installed")

install(TARGETS nib_core EXPORT nibTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/nib" "${PROJECT_BINARY_DIR}/include/nib"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h")
install(EXPORT nibTargets NAMESPACE nib:: DESTINATION "${NIB_INSTALL_CMAKEDIR}")

configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/nibConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/nibConfig.cmake" INSTALL_DESTINATION "${NIB_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/nibConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/nibConfig.cmake" "${PROJECT_BINARY_DIR}/nibConfigVersion.cmake"
  DESTINATION "${NIB_INSTALL_CMAKEDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/nib")
