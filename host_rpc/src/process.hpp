#pragma once
// Private: what the UI and tool links need from the operating system about processes, behind one small
// interface. process_posix.cpp implements it for Linux (and, but for /proc and dladdr, any
// POSIX system); a Windows or macOS port supplies its own file (docs/architecture.md, "Platforms").

#include <string>
#include <utility>
#include <vector>

namespace hostbridge::detail {

struct Launched {
    int pid = 0;        // the started process; 0 when it failed
    std::string error;  // why it failed; empty otherwise
};

// What launchDetached starts, and with what.
struct LaunchSpec {
    std::vector<std::string> args;  // args[0]: the executable's path
    // Set on top of this process's environment (replacing variables of the same name): how a
    // secret reaches the child without a command line.
    std::vector<std::pair<std::string, std::string>> environment;
    std::string workingDirectory;  // empty: this process's
    std::string stdoutFile;        // appended to, created 0600; empty: /dev/null
    std::string stderrFile;        // the same; may name the same file as stdoutFile
};

// Starts spec.args detached from this process: it survives the host, has no terminal, stdin
// from nowhere, stdout and stderr appended to their files, no inherited descriptors and
// default signal handling. Safe while other threads run. Returns the child's process id once
// it is running the file (a working folder it cannot enter is an error, as a missing file is).
Launched launchDetached(const LaunchSpec& spec);

// True while process `pid` runs (false for a zombie, and for pid <= 0).
bool processAlive(int pid);

// Sends process `pid` a request to end (SIGTERM), or ends it at once when `force` (SIGKILL).
// False when there is no such process.
bool signalProcess(int pid, bool force);

// The running executable's path, and the path of the file holding host_rpc's code (the DCC
// plug-in or library that embeds it); empty when the system does not tell.
std::string currentExecutablePath();
std::string currentLibraryPath();

// A regular file this process may execute.
bool isExecutableFile(const std::string& path);

// Names the calling thread (as ps and debuggers show it); at most 15 characters.
void nameCurrentThread(const char* name);

}  // namespace hostbridge::detail
