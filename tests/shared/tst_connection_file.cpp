// Connection files: where they go, what they hold, who may read them, and stale ones.
#include <hostbridge/connection_file.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace hostbridge;
namespace fs = std::filesystem;

namespace {

// Points HOSTBRIDGE_RUNTIME_DIR (and XDG_RUNTIME_DIR) at fresh folders for one test.
class RuntimeDir : public testing::Test {
protected:
    void SetUp() override {
        m_base = fs::temp_directory_path() / ("hb-cf-" + std::to_string(::getpid()) + "-" +
                                              testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_base);
        fs::create_directories(m_base);
        ::setenv("HOSTBRIDGE_RUNTIME_DIR", (m_base / "rt").c_str(), 1);
    }
    void TearDown() override { fs::remove_all(m_base); }
    fs::path m_base;
};

int deadPid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

mode_t modeOf(const std::string& path) {
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mode & 0777;
}

}  // namespace

TEST_F(RuntimeDir, WritesAPrivateJsonFileAndRemovesIt) {
    std::string path;
    {
        ConnectionFile file("host", 4242, "secret", "http://127.0.0.1:4242/");
        path = file.path();
        EXPECT_EQ(path, (m_base / "rt" / ("host-" + std::to_string(::getpid()) + ".json")).string());
        EXPECT_EQ(modeOf(path), 0600u);
        EXPECT_EQ(modeOf((m_base / "rt").string()), 0700u);
        const auto info = ConnectionFile::read(path);
        ASSERT_TRUE(info);
        EXPECT_EQ(info->kind, "host");
        EXPECT_EQ(info->pid, ::getpid());
        EXPECT_EQ(info->port, 4242);
        EXPECT_EQ(info->token, "secret");
        EXPECT_EQ(info->url, "http://127.0.0.1:4242/");
    }
    EXPECT_FALSE(fs::exists(path));
}

TEST_F(RuntimeDir, UiFilesAreNamedByPort) {
    ConnectionFile file("ui", 9191, "t", "http://127.0.0.1:9191/");
    EXPECT_EQ(fs::path(file.path()).filename(), "ui-9191.json");
}

TEST_F(RuntimeDir, ListFindsLiveFilesAndDeletesStaleOnes) {
    ConnectionFile host("host", 1111, "a", "http://127.0.0.1:1111/");
    ConnectionFile ui("ui", 2222, "b", "http://127.0.0.1:2222/");
    const fs::path stale = m_base / "rt" / "host-999999.json";
    std::ofstream(stale) << "{\"kind\":\"host\",\"pid\":" << deadPid()
                         << ",\"port\":3333,\"token\":\"c\",\"url\":\"u\"}";
    std::ofstream(m_base / "rt" / "garbage.json") << "not json";

    const auto all = ConnectionFile::list();
    ASSERT_EQ(all.size(), 2u);
    const auto hosts = ConnectionFile::list("host");
    ASSERT_EQ(hosts.size(), 1u);
    EXPECT_EQ(hosts[0].port, 1111);
    EXPECT_FALSE(fs::exists(stale));
    EXPECT_TRUE(fs::exists(m_base / "rt" / "garbage.json"));  // not ours to judge: skipped, kept
}

TEST_F(RuntimeDir, FallsBackToXdgThenToATemporaryFolder) {
    ::unsetenv("HOSTBRIDGE_RUNTIME_DIR");
    ::setenv("XDG_RUNTIME_DIR", m_base.c_str(), 1);
    EXPECT_EQ(runtimeDirectory(), (m_base / "hostbridge").string());
    ::unsetenv("XDG_RUNTIME_DIR");
    ::setenv("TMPDIR", m_base.c_str(), 1);  // ignored: every process must agree on the folder
    EXPECT_EQ(runtimeDirectory(), "/tmp/hostbridge-" + std::to_string(::geteuid()));
    EXPECT_EQ(modeOf(runtimeDirectory()), 0700u);
    ::unsetenv("TMPDIR");
}

TEST_F(RuntimeDir, MissingParentsAreCreated) {
    ::setenv("HOSTBRIDGE_RUNTIME_DIR", (m_base / "a" / "b" / "rt").c_str(), 1);
    EXPECT_EQ(runtimeDirectory(), (m_base / "a" / "b" / "rt").string());
    EXPECT_EQ(modeOf(runtimeDirectory()), 0700u);
}

TEST_F(RuntimeDir, AnExistingDirectoryKeepsItsMode) {
    const fs::path dir = m_base / "rt";
    fs::create_directories(dir);
    ::chmod(dir.c_str(), 0755);  // others may read and enter, not write: usable as it is
    EXPECT_EQ(runtimeDirectory(), dir.string());
    EXPECT_EQ(modeOf(dir.string()), 0755u);
}

TEST_F(RuntimeDir, ADirectoryOthersCanWriteIsRefusedAndLeftAlone) {
    const fs::path dir = m_base / "rt";
    fs::create_directories(dir);
    for (const mode_t mode : {01777, 0777, 0775, 0757}) {  // /tmp, and group or others writing
        SCOPED_TRACE(mode);
        ::chmod(dir.c_str(), mode);
        try {
            runtimeDirectory();
            ADD_FAILURE() << "accepted";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("can be written by other users"), std::string::npos) << e.what();
        }
        struct stat st {};
        ::stat(dir.c_str(), &st);
        EXPECT_EQ(st.st_mode & 07777, mode);
    }
}

TEST_F(RuntimeDir, FilesOfAnotherUserOrThatOthersCanWriteAreNotRead) {
    ConnectionFile host("host", 1111, "a", "http://127.0.0.1:1111/");
    ASSERT_TRUE(ConnectionFile::read(host.path()));
    ::chmod(host.path().c_str(), 0666);
    EXPECT_FALSE(ConnectionFile::read(host.path()));
    ::chmod(host.path().c_str(), 0600);
    if (::geteuid() == 0) {  // only root can give a file away
        ASSERT_EQ(::chown(host.path().c_str(), 65534, 65534), 0);
        EXPECT_FALSE(ConnectionFile::read(host.path()));
        EXPECT_TRUE(ConnectionFile::list().empty());
    }
}

TEST_F(RuntimeDir, AFileWhosePidWasReusedIsStale) {
    ConnectionFile own("host", 1111, "a", "http://127.0.0.1:1111/");
    const auto info = ConnectionFile::read(own.path());
    ASSERT_TRUE(info);
    EXPECT_GT(info->started, 0);
    EXPECT_TRUE(ConnectionFile::writerRunning(*info));
    // The same live pid with another start time: another process now has the pid.
    const fs::path reused = m_base / "rt" / "host-1.json";
    std::ofstream(reused) << "{\"kind\":\"host\",\"pid\":" << ::getpid()
                          << ",\"port\":3333,\"started\":" << info->started + 1 << ",\"token\":\"c\",\"url\":\"u\"}";
    ::chmod(reused.c_str(), 0600);
    const auto stale = ConnectionFile::read(reused.string());
    ASSERT_TRUE(stale);
    EXPECT_FALSE(ConnectionFile::writerRunning(*stale));
    // A file without a start time (written before it was recorded) is judged by its pid alone.
    ConnectionInfo old = *stale;
    old.started = 0;
    EXPECT_TRUE(ConnectionFile::writerRunning(old));
    const auto live = ConnectionFile::list();
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(live[0].port, 1111);
    EXPECT_FALSE(fs::exists(reused));
}

TEST_F(RuntimeDir, ASymlinkIsNotAcceptedAsTheDirectory) {
    fs::create_directories(m_base / "elsewhere");
    fs::create_directory_symlink(m_base / "elsewhere", m_base / "rt");
    EXPECT_THROW(runtimeDirectory(), std::runtime_error);
}
