# xmlrpc-c ships neither a CMake config nor pkg-config files, so its libraries are found one
# by one. HostBridge needs only the value/XML layer (no Abyss server, no curl client):
#   XmlRpcC::xmlrpc  ->  libxmlrpc + its bundled Expat copy (xmlparse, xmltok) + libxmlrpc_util
include(FindPackageHandleStandardArgs)

find_path(XmlRpcC_INCLUDE_DIR xmlrpc-c/base.h)
foreach(lib xmlrpc xmlrpc_xmlparse xmlrpc_xmltok xmlrpc_util)
  find_library(XmlRpcC_${lib}_LIBRARY NAMES ${lib})
  list(APPEND _xmlrpcc_libs XmlRpcC_${lib}_LIBRARY)
endforeach()

# NAME_MISMATCHED: HostBridgeConfig.cmake includes this file by path, inside find_package(HostBridge).
find_package_handle_standard_args(XmlRpcC REQUIRED_VARS XmlRpcC_INCLUDE_DIR ${_xmlrpcc_libs} NAME_MISMATCHED)

if(XmlRpcC_FOUND AND NOT TARGET XmlRpcC::xmlrpc)
  add_library(XmlRpcC::xmlrpc INTERFACE IMPORTED)
  set_target_properties(XmlRpcC::xmlrpc PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XmlRpcC_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES
      "${XmlRpcC_xmlrpc_LIBRARY};${XmlRpcC_xmlrpc_xmlparse_LIBRARY};${XmlRpcC_xmlrpc_xmltok_LIBRARY};${XmlRpcC_xmlrpc_util_LIBRARY}")
endif()
unset(_xmlrpcc_libs)
