#pragma once
// Private: where an installation keeps its executables, seen from its library, for the UI
// locator (ui_locator.hpp) and its tests.

#include <string>
#include <vector>

namespace hostbridge::detail {

// CMAKE_INSTALL_BINDIR relative to CMAKE_INSTALL_LIBDIR, computed by CMake (GNUInstallDirs):
// "../bin", or "../../bin" for a multiarch libdir such as lib/x86_64-linux-gnu.
extern const char* const kLibraryToBinDir;

// The folders next to an installation, existing ones only, without duplicates: the folder of
// `executable` and its ../bin, then the folder of `library` and `libraryToBin` from there.
// Either path may be empty (unknown).
std::vector<std::string> installationDirectories(const std::string& executable, const std::string& library,
                                                 const std::string& libraryToBin);

}  // namespace hostbridge::detail
