#pragma once
// Private: what the UI link needs from the operating system about processes, behind one small
// interface. process_posix.cpp implements it for Linux (and, but for /proc and dladdr, any
// POSIX system); a Windows or macOS port supplies its own file (docs/architecture.md, "Platforms").

#include <string>
#include <vector>

namespace hostbridge::detail {

struct Launched {
    int pid = 0;        // the started process; 0 when it failed
    std::string error;  // why it failed; empty otherwise
};

// Starts `args` (args[0]: the executable's path) detached from this process: it survives the
// host, has no terminal, stdin from nowhere, stdout and stderr appended to `logFile` (nowhere
// when empty), no inherited descriptors, default signal handling, and this process's
// environment with `variable`=`value` set (how a secret reaches it without a command line).
// Safe while other threads run. Returns the child's process id once it is running the file.
Launched launchDetached(const std::vector<std::string>& args, const std::string& variable, const std::string& value,
                        const std::string& logFile);

// True while process `pid` runs (false for a zombie, and for pid <= 0).
bool processAlive(int pid);

// The running executable's path, and the path of the file holding host_rpc's code (the DCC
// plug-in or library that embeds it); empty when the system does not tell.
std::string currentExecutablePath();
std::string currentLibraryPath();

// A regular file this process may execute.
bool isExecutableFile(const std::string& path);

// Names the calling thread (as ps and debuggers show it); at most 15 characters.
void nameCurrentThread(const char* name);

}  // namespace hostbridge::detail
