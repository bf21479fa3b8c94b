# Installs the package config, so a DCC plug-in can find_package(HostBridge), and hostbridge.pc
# for pkg-config.
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

# hostbridge.pc, for builds without CMake (pkg-config --cflags --libs hostbridge). xmlrpc-c
# ships no .pc file, so its libraries are named by the paths FindXmlRpcC found. With static
# libraries (the default) a consumer links them itself, so they go in Libs; with shared ones
# they are the libraries' own business (Libs.private).
file(RELATIVE_PATH HOSTBRIDGE_PC_PREFIX_FROM_PCDIR
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" HOSTBRIDGE_PC_PREFIX_FROM_PCDIR "${HOSTBRIDGE_PC_PREFIX_FROM_PCDIR}")
get_target_property(_hostbridge_type hostbridge_shared TYPE)
get_target_property(_hostbridge_xmlrpc XmlRpcC::xmlrpc INTERFACE_LINK_LIBRARIES)
list(JOIN _hostbridge_xmlrpc " " _hostbridge_xmlrpc)
if(_hostbridge_type STREQUAL "STATIC_LIBRARY")
  set(HOSTBRIDGE_PC_LIBS "${_hostbridge_xmlrpc} -pthread")
  set(HOSTBRIDGE_PC_LIBS_PRIVATE "")
else()
  set(HOSTBRIDGE_PC_LIBS "-pthread")
  set(HOSTBRIDGE_PC_LIBS_PRIVATE "${_hostbridge_xmlrpc}")
endif()
configure_file(cmake/hostbridge.pc.in ${PROJECT_BINARY_DIR}/hostbridge.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/hostbridge.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
unset(_hostbridge_type)
unset(_hostbridge_xmlrpc)
