// Finding hostbridge-ui: the locator's order (explicit path, $HOSTBRIDGE_UI, the installation,
// $PATH), and the installation's folders, also with a multiarch libdir (lib/x86_64-linux-gnu).
#include <hostbridge/host_rpc/ui_locator.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "install_layout.hpp"

using namespace hostbridge;
namespace fs = std::filesystem;

namespace {

bool contains(const std::vector<std::string>& dirs, const fs::path& dir) {
    return std::find(dirs.begin(), dirs.end(), fs::weakly_canonical(dir).string()) != dirs.end();
}

}  // namespace

TEST(UiLocator, TriesExplicitThenEnvironmentThenInstallationThenPath) {
    const fs::path root = fs::temp_directory_path() / ("hb-locator-" + std::to_string(::getpid()));
    fs::remove_all(root);
    for (const char* d : {"explicit", "env", "install", "path", "notexec"}) {
        fs::create_directories(root / d);
        std::ofstream(root / d / "hostbridge-ui") << "#!/bin/sh\n";
        fs::permissions(root / d / "hostbridge-ui",
                        d == std::string("notexec") ? fs::perms::owner_read : fs::perms::owner_all);
    }
    std::string envValue = (root / "env" / "hostbridge-ui").string();
    std::string pathValue = (root / "notexec").string() + ":" + (root / "path").string();
    UiLocatorOptions o;
    o.getenv = [&](const char* name) -> const char* {
        if (std::string(name) == "HOSTBRIDGE_UI") return envValue.empty() ? nullptr : envValue.c_str();
        if (std::string(name) == "PATH") return pathValue.c_str();
        return nullptr;
    };
    o.useDefaultDirectories = false;
    o.directories = {(root / "install").string()};
    o.explicitPath = (root / "explicit").string();  // a folder holding hostbridge-ui
    EXPECT_EQ(findUiExecutable(o), (root / "explicit" / "hostbridge-ui").string());
    o.explicitPath.clear();
    EXPECT_EQ(findUiExecutable(o), (root / "env" / "hostbridge-ui").string());
    envValue.clear();
    EXPECT_EQ(findUiExecutable(o), (root / "install" / "hostbridge-ui").string());
    o.directories.clear();
    EXPECT_EQ(findUiExecutable(o), (root / "path" / "hostbridge-ui").string());  // notexec skipped
    pathValue = (root / "notexec").string();
    o.explicitPath = (root / "missing").string();
    try {
        findUiExecutable(o);
        FAIL() << "expected UiNotFound";
    } catch (const UiNotFound& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("explicit path " + (root / "missing").string()), std::string::npos) << m;
        EXPECT_NE(m.find("$HOSTBRIDGE_UI (not set)"), std::string::npos) << m;
        EXPECT_NE(m.find("$PATH " + (root / "notexec" / "hostbridge-ui").string()), std::string::npos) << m;
    }
    fs::remove_all(root);
}

TEST(UiLocator, InstalledDirectoriesIncludeTheExecutablesFolder) {
    const auto dirs = installedDirectories();
    const std::string self = fs::canonical("/proc/self/exe").parent_path().string();
    EXPECT_NE(std::find(dirs.begin(), dirs.end(), self), dirs.end());
}

TEST(UiLocator, TheLibrarysBinFolderFollowsTheConfiguredLibdir) {
    // The relative path CMake computed from GNUInstallDirs leads from this build's libdir to its bindir.
    const fs::path prefix = "/prefix";
    EXPECT_EQ((prefix / HOSTBRIDGE_TEST_LIBDIR / detail::kLibraryToBinDir).lexically_normal(),
              (prefix / HOSTBRIDGE_TEST_BINDIR).lexically_normal())
        << "libdir " << HOSTBRIDGE_TEST_LIBDIR << ", bindir " << HOSTBRIDGE_TEST_BINDIR << ", from one to the other "
        << detail::kLibraryToBinDir;
}

TEST(UiLocator, FindsTheUiNextToALibraryInAMultiarchLibdir) {
    const fs::path root = fs::temp_directory_path() / ("hb-multiarch-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "lib" / "x86_64-linux-gnu");
    fs::create_directories(root / "bin");
    const std::string library = (root / "lib" / "x86_64-linux-gnu" / "libhostbridge_host_rpc.so").string();
    const auto multiarch = detail::installationDirectories({}, library, "../../bin");
    EXPECT_TRUE(contains(multiarch, root / "lib" / "x86_64-linux-gnu"));
    EXPECT_TRUE(contains(multiarch, root / "bin"));
    // The plain "../bin" of a lib/ layout would miss it: lib/bin does not exist.
    const auto plain = detail::installationDirectories({}, library, "../bin");
    EXPECT_FALSE(contains(plain, root / "bin"));
    // And the executable's folder and its ../bin come first.
    fs::create_directories(root / "tools");
    const auto withExecutable =
        detail::installationDirectories((root / "tools" / "dcc").string(), library, "../../bin");
    ASSERT_GE(withExecutable.size(), 3u);
    EXPECT_EQ(withExecutable[0], fs::weakly_canonical(root / "tools").string());
    EXPECT_EQ(withExecutable[1], fs::weakly_canonical(root / "bin").string());
    EXPECT_EQ(withExecutable.size(), 3u);  // root/bin once, not twice
    fs::remove_all(root);
}
