#pragma once
// Finding the publishing UI's executable (hostbridge-ui), for UiLink (ui_link.hpp) and for
// tools that launch it themselves; docs/embedding.md, "The UI link".

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>
#include "hostbridge/host_rpc/host_rpc_export.hpp"

namespace hostbridge {

// The name of the UI executable: "hostbridge-ui".
HOSTBRIDGE_HOST_RPC_EXPORT extern const char* const kUiExecutableName;
// The environment variable naming the UI executable: "HOSTBRIDGE_UI".
HOSTBRIDGE_HOST_RPC_EXPORT extern const char* const kUiEnvironmentVariable;

struct HOSTBRIDGE_HOST_RPC_EXPORT UiLocatorOptions {
    std::string explicitPath;  // tried first when not empty (a file, or a folder holding hostbridge-ui)
    // $HOSTBRIDGE_UI is read through this (tests replace it); default: std::getenv.
    std::function<const char*(const char*)> getenv;
    // Folders tried after the environment; empty: installedDirectories().
    std::vector<std::string> directories;
    bool useDefaultDirectories = true;  // false: only `directories` (tests)
    bool searchPath = true;             // last: every folder of $PATH
};

// Thrown when no executable UI was found; what() lists every place tried, in order.
class HOSTBRIDGE_HOST_RPC_EXPORT UiNotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The folders "next to the installation": the running executable's folder and its ../bin,
// then the folder of the library holding host_rpc (for a plug-in .so loaded by a DCC) and the
// installation's bin folder seen from there (../bin, or ../../bin for a multiarch libdir such
// as lib/x86_64-linux-gnu). Existing ones only, without duplicates.
HOSTBRIDGE_HOST_RPC_EXPORT std::vector<std::string> installedDirectories();

// Explicit path, then $HOSTBRIDGE_UI, then the directories, then $PATH: the first regular,
// executable file. Throws UiNotFound naming everything that was tried.
HOSTBRIDGE_HOST_RPC_EXPORT std::string findUiExecutable(const UiLocatorOptions& options = {});

}  // namespace hostbridge
