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
# ships no .pc file, so its libraries are named as -l flags (with -L only for a folder the
# compiler does not search by itself): no path of the build machine goes into the file. With
# static libraries (the default) a consumer links them itself, so they go in Libs; with shared
# ones they are the libraries' own business (Libs.private).
file(RELATIVE_PATH HOSTBRIDGE_PC_PREFIX_FROM_PCDIR
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" HOSTBRIDGE_PC_PREFIX_FROM_PCDIR "${HOSTBRIDGE_PC_PREFIX_FROM_PCDIR}")
set(_hostbridge_xmlrpc "")
foreach(_hostbridge_library IN ITEMS xmlrpc xmlrpc_xmlparse xmlrpc_xmltok xmlrpc_util)
  get_filename_component(_hostbridge_dir "${XmlRpcC_${_hostbridge_library}_LIBRARY}" DIRECTORY)
  if(NOT _hostbridge_dir IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES AND NOT "-L${_hostbridge_dir}" IN_LIST _hostbridge_xmlrpc)
    list(APPEND _hostbridge_xmlrpc "-L${_hostbridge_dir}")
  endif()
  list(APPEND _hostbridge_xmlrpc "-l${_hostbridge_library}")
endforeach()
list(JOIN _hostbridge_xmlrpc " " _hostbridge_xmlrpc)
get_target_property(_hostbridge_type hostbridge_shared TYPE)
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
unset(_hostbridge_library)
unset(_hostbridge_dir)
