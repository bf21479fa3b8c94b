# Installs the package config, so a DCC plug-in can find_package(HostBridge).
include(CMakePackageConfigHelpers)

install(EXPORT HostBridgeTargets
  NAMESPACE hostbridge::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/HostBridge)
configure_package_config_file(cmake/HostBridgeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/HostBridgeConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/HostBridge)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/HostBridgeConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/HostBridgeConfig.cmake
  ${PROJECT_BINARY_DIR}/HostBridgeConfigVersion.cmake
  cmake/FindXmlRpcC.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/HostBridge)
