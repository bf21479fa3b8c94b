// The Unix socket a Server serves beside its TCP port: URLs that reach it, its mode, stale and
// unsafe paths, removal on stop, and the "socket" of connection files.
#include <hostbridge/client.hpp>
#include <hostbridge/connection_file.hpp>
#include <hostbridge/server.hpp>
#include <hostbridge/url.hpp>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>

using namespace hostbridge;
using namespace std::chrono_literals;

namespace {

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

// A socket file bound and closed without unlinking: what a killed server leaves behind.
void leaveStaleSocket(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(fd);
}

class UnixSocket : public testing::Test {
protected:
    void SetUp() override {
        m_table = std::make_shared<MethodTable>();
        m_table->bind("add", [](int a, int b) { return a + b; });
        m_dir = runtimeDirectory();
    }

    std::unique_ptr<Server> serve(const std::string& socket) {
        ServerOptions options;
        options.socketPath = [socket](std::uint16_t) { return socket; };
        auto server = std::make_unique<Server>(std::move(options));
        server->route("/", m_table);
        server->route("/RPC2", m_table);
        server->start();
        return server;
    }

    std::shared_ptr<MethodTable> m_table;
    std::string m_dir;
};

TEST(UnixSocketUrl, UnixAndHttpUnixFormsNameTheSocket) {
    const Url plain = parseUrl("unix:/run/user/1000/hostbridge/host-42.sock");
    EXPECT_EQ(plain.socketPath, "/run/user/1000/hostbridge/host-42.sock");
    EXPECT_EQ(plain.path, "/");
    EXPECT_EQ(plain.hostPort, "localhost");
    const Url encoded = parseUrl("http+unix://hostbridge:s3cret@%2Ftmp%2Fhb%2Fui-9090.sock/pyblish");
    EXPECT_EQ(encoded.socketPath, "/tmp/hb/ui-9090.sock");
    EXPECT_EQ(encoded.path, "/pyblish");
    EXPECT_EQ(encoded.token, "s3cret");
    EXPECT_EQ(encoded.printable(), "http+unix://%2Ftmp%2Fhb%2Fui-9090.sock/pyblish");
    EXPECT_THROW(parseUrl("unix:"), std::invalid_argument);
    EXPECT_THROW(parseUrl("http+unix:///RPC2"), std::invalid_argument);
}

TEST_F(UnixSocket, CallsGoOverTheSocketWithTheSameToken) {
    const std::string path = m_dir + "/calls.sock";
    auto server = serve(path);
    EXPECT_EQ(server->socketPath(), path);
    Client viaUnix("unix:" + path, server->token(), 5s);
    EXPECT_EQ(viaUnix.call("add", 2, 3).as<int>(), 5);
    Url url;
    url.socketPath = path;
    url.path = "/RPC2";
    Client viaHttpUnix(url.printable(), server->token(), 5s);
    EXPECT_EQ(viaHttpUnix.call("add", 20, 3).as<int>(), 23);
    // The token is required on the socket as on the port.
    const CallResult refused = Client("unix:" + path, "wrong", 5s).call("add", 1, 1);
    ASSERT_TRUE(refused.isFault());
    EXPECT_EQ(refused.fault().code(), FaultCode::HttpError);
    EXPECT_NE(refused.fault().message().find("401"), std::string::npos);
    // The port still serves.
    EXPECT_EQ(Client(server->url(), server->token(), 5s).call("add", 1, 1).as<int>(), 2);
}

TEST_F(UnixSocket, TheSocketIsPrivateAndRemovedOnStop) {
    const std::string path = m_dir + "/private.sock";
    auto server = serve(path);
    struct stat st {};
    ASSERT_EQ(::lstat(path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    server->stop();
    EXPECT_FALSE(exists(path));
    const CallResult gone = Client("unix:" + path, "t", 2s).call("add", 1, 1);
    ASSERT_TRUE(gone.isFault());
    EXPECT_EQ(gone.fault().code(), FaultCode::TransportError);
    EXPECT_NE(gone.fault().message().find(path), std::string::npos);
}

TEST_F(UnixSocket, AStaleSocketIsReplacedALiveOneIsNot) {
    const std::string path = m_dir + "/stale.sock";
    leaveStaleSocket(path);
    ASSERT_TRUE(exists(path));
    auto server = serve(path);
    EXPECT_EQ(Client("unix:" + path, server->token(), 5s).call("add", 1, 2).as<int>(), 3);
    try {
        serve(path);
        FAIL() << "a second server took a live socket";
    } catch (const ServerError& e) {
        EXPECT_NE(std::string(e.what()).find("another server is listening on " + path), std::string::npos) << e.what();
    }
    // The first server still serves on it.
    EXPECT_EQ(Client("unix:" + path, server->token(), 5s).call("add", 2, 2).as<int>(), 4);
}

TEST_F(UnixSocket, UnsafeOrUnusablePathsAreRefusedWithAClearError) {
    const std::string open = m_dir + "/open";
    ::mkdir(open.c_str(), 0700);
    ::chmod(open.c_str(), 0777);
    const auto refusal = [&](const std::string& path) -> std::string {
        try {
            serve(path);
        } catch (const ServerError& e) {
            return e.what();
        }
        return "(served)";
    };
    EXPECT_NE(refusal(open + "/x.sock").find("can be written by other users (mode 0777)"), std::string::npos);
    EXPECT_NE(refusal(m_dir + "/" + std::string(120, 'a') + ".sock").find("a Unix socket path must be 1 to 107 bytes"),
              std::string::npos);
    const std::string notSocket = m_dir + "/plain.sock";
    { std::ofstream(notSocket) << "x"; }
    EXPECT_NE(refusal(notSocket).find("exists and is not a socket"), std::string::npos);
    EXPECT_NE(refusal(m_dir + "/missing/x.sock").find("cannot use the socket directory"), std::string::npos);
}

TEST_F(UnixSocket, ConnectionFilesCarryTheSocketAndListRemovesADeadWritersSocket) {
    const std::string socket = socketPathFor("host", 0);
    EXPECT_EQ(socket, m_dir + "/host-" + std::to_string(::getpid()) + ".sock");
    EXPECT_EQ(socketPathFor("ui", 9123), m_dir + "/ui-9123.sock");
    {
        ConnectionFile file("host", 1234, "tok", "http://127.0.0.1:1234/", socket);
        const auto info = ConnectionFile::read(file.path());
        ASSERT_TRUE(info);
        EXPECT_EQ(info->socket, socket);
    }
    // A file of a writer that is gone, naming its socket: both go.
    const std::string deadSocket = m_dir + "/host-999999.sock";
    leaveStaleSocket(deadSocket);
    {
        std::ofstream(m_dir + "/host-999999.json")
            << R"({"kind": "host", "pid": 999999, "port": 1, "token": "t", "url": "u", "socket": ")" << deadSocket
            << "\"}\n";
    }
    ::chmod((m_dir + "/host-999999.json").c_str(), 0600);
    EXPECT_TRUE(ConnectionFile::list().empty());
    EXPECT_FALSE(exists(m_dir + "/host-999999.json"));
    EXPECT_FALSE(exists(deadSocket));
}

}  // namespace
