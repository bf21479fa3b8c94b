#include "hostbridge/host_rpc/ui_locator.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "install_layout.hpp"
#include "process.hpp"

namespace hostbridge {

const char* const kUiExecutableName = "hostbridge-ui";
const char* const kUiEnvironmentVariable = "HOSTBRIDGE_UI";

namespace fs = std::filesystem;

namespace detail {

// Set by host_rpc/CMakeLists.txt from GNUInstallDirs; "../bin" when built some other way.
#ifdef HOSTBRIDGE_LIBDIR_TO_BINDIR
const char* const kLibraryToBinDir = HOSTBRIDGE_LIBDIR_TO_BINDIR;
#else
const char* const kLibraryToBinDir = "../bin";
#endif

namespace {
void addDirectory(std::vector<std::string>& out, const fs::path& dir) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return;
    const std::string canonical = fs::weakly_canonical(dir, ec).string();
    const std::string name = ec ? dir.string() : canonical;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
}
}  // namespace

std::vector<std::string> installationDirectories(const std::string& executable, const std::string& library,
                                                 const std::string& libraryToBin) {
    std::vector<std::string> out;
    if (!executable.empty()) {
        const fs::path folder = fs::path(executable).parent_path();
        addDirectory(out, folder);
        addDirectory(out, folder.parent_path() / "bin");
    }
    if (!library.empty()) {
        const fs::path folder = fs::path(library).parent_path();
        addDirectory(out, folder);
        addDirectory(out, folder / libraryToBin);
    }
    return out;
}

}  // namespace detail

std::vector<std::string> installedDirectories() {
    return detail::installationDirectories(detail::currentExecutablePath(), detail::currentLibraryPath(),
                                           detail::kLibraryToBinDir);
}

std::string findUiExecutable(const UiLocatorOptions& options) {
    std::vector<std::string> tried;
    auto candidate = [&](const fs::path& path, const std::string& how) -> bool {
        tried.push_back(how + " " + path.string());
        return detail::isExecutableFile(path.string());
    };
    auto fileOrFolder = [&](const std::string& given, const std::string& how) -> std::string {
        std::error_code ec;
        fs::path path = given;
        if (fs::is_directory(path, ec)) path /= kUiExecutableName;
        return candidate(path, how) ? path.string() : std::string();
    };
    if (!options.explicitPath.empty()) {
        if (auto found = fileOrFolder(options.explicitPath, "explicit path"); !found.empty()) return found;
    }
    const char* env = options.getenv ? options.getenv(kUiEnvironmentVariable) : std::getenv(kUiEnvironmentVariable);
    if (env && *env) {
        if (auto found = fileOrFolder(env, std::string("$") + kUiEnvironmentVariable); !found.empty()) return found;
    } else {
        tried.push_back(std::string("$") + kUiEnvironmentVariable + " (not set)");
    }
    std::vector<std::string> dirs = options.directories;
    if (options.useDefaultDirectories)
        for (const auto& d : installedDirectories())
            if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
    for (const auto& dir : dirs)
        if (candidate(fs::path(dir) / kUiExecutableName, "installation"))
            return (fs::path(dir) / kUiExecutableName).string();
    if (options.searchPath) {
        const char* path = options.getenv ? options.getenv("PATH") : std::getenv("PATH");
        std::stringstream stream(path ? path : "");
        std::string dir;
        bool any = false;
        while (std::getline(stream, dir, ':')) {
            if (dir.empty()) continue;
            any = true;
            if (candidate(fs::path(dir) / kUiExecutableName, "$PATH"))
                return (fs::path(dir) / kUiExecutableName).string();
        }
        if (!any) tried.push_back("$PATH (empty)");
    }
    std::string message = std::string("no executable ") + kUiExecutableName + " found; tried: ";
    for (std::size_t i = 0; i < tried.size(); ++i) message += (i ? "; " : "") + tried[i];
    message += std::string(". Pass its path (--ui PATH) or set $") + kUiEnvironmentVariable + ".";
    throw UiNotFound(message);
}

}  // namespace hostbridge
