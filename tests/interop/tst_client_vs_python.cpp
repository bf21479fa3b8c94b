// hostbridge::Client against Python's stdlib SimpleXMLRPCServer (python_server.py): a peer we
// did not write, with an HTTP/1.0-style server that closes the connection after every answer.
//
// The Python process is started once for the suite, with pipes for its stdin and stdout; it
// announces "Port:NNNN" and serves until its stdin closes. TearDownTestSuite closes stdin and
// kills it if it has not exited within a bounded wait.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include <gtest/gtest.h>

#include "hostbridge/client.hpp"
#include "hostbridge/json.hpp"

extern char** environ;

using namespace hostbridge;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

#ifndef HOSTBRIDGE_PYTHON
#error "HOSTBRIDGE_PYTHON (the Python interpreter) must be defined by the build"
#endif
#ifndef HOSTBRIDGE_PYTHON_SERVER
#error "HOSTBRIDGE_PYTHON_SERVER (python_server.py) must be defined by the build"
#endif

namespace {

class PythonServer {
public:
    // Starts the script; port() is 0 when it did not announce a port within 10 s.
    PythonServer() {
        int in[2], out[2];
        if (::pipe2(in, O_CLOEXEC) != 0) return;
        if (::pipe2(out, O_CLOEXEC) != 0) {
            ::close(in[0]);
            ::close(in[1]);
            return;
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        const char* argv[] = {HOSTBRIDGE_PYTHON, "-u", HOSTBRIDGE_PYTHON_SERVER, nullptr};
        const int rc = ::posix_spawn(&m_pid, HOSTBRIDGE_PYTHON, &actions, nullptr, const_cast<char**>(argv), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(in[0]);
        ::close(out[1]);
        m_stdin = in[1];
        m_stdout = out[0];
        if (rc != 0) {
            m_pid = -1;
            return;
        }
        m_port = readPort(10s);
    }

    ~PythonServer() {
        // Closing its stdin asks it to stop; a bounded wait, then SIGKILL.
        if (m_stdin >= 0) ::close(m_stdin);
        if (m_pid > 0) {
            bool exited = false;
            for (int i = 0; i < 50 && !exited; ++i) {  // up to 5 s
                exited = ::waitpid(m_pid, nullptr, WNOHANG) == m_pid;
                if (!exited) std::this_thread::sleep_for(100ms);
            }
            if (!exited) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, nullptr, 0);
            }
        }
        if (m_stdout >= 0) ::close(m_stdout);
    }

    std::uint16_t port() const { return m_port; }
    std::string url(const std::string& path = "/RPC2") const {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }

private:
    // Reads stdout up to the first newline; expects "Port:NNNN".
    std::uint16_t readPort(std::chrono::milliseconds timeout) {
        const auto deadline = Clock::now() + timeout;
        std::string line;
        while (line.find('\n') == std::string::npos && line.size() < 200) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0) return 0;
            pollfd p{m_stdout, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
            char c[64];
            const ssize_t n = ::read(m_stdout, c, sizeof c);
            if (n <= 0) return 0;
            line.append(c, static_cast<std::size_t>(n));
        }
        if (line.rfind("Port:", 0) != 0) return 0;
        return static_cast<std::uint16_t>(std::stoi(line.substr(5)));
    }

    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_stdout = -1;
    std::uint16_t m_port = 0;
};

class ClientVsPython : public testing::Test {
protected:
    static void SetUpTestSuite() { s_python = new PythonServer(); }
    static void TearDownTestSuite() {
        delete s_python;
        s_python = nullptr;
    }
    void SetUp() override { ASSERT_NE(s_python->port(), 0) << "python_server.py did not announce its port"; }

    // The Python server ignores the token; any Client works. 10 s bounds every call.
    static Client client(const std::string& path = "/RPC2") { return Client(s_python->url(path), {}, 10s); }

    static PythonServer* s_python;
};

PythonServer* ClientVsPython::s_python = nullptr;

DateTime dateTime(const char* text) { return *parseDateTime(text); }

}  // namespace

TEST_F(ClientVsPython, EveryValueTypeRoundTrips) {
    Client c = client();
    Bytes allBytes;
    for (int i = 0; i < 256; ++i) allBytes.push_back(static_cast<unsigned char>(i));
    Struct wide;
    for (int i = 0; i < 1000; ++i) wide["member" + std::to_string(i)] = Value(i);
    const std::vector<Value> values = {
        Value(),  // nil
        Value(true),
        Value(false),
        Value(0),
        Value(-1),
        Value(2147483647),
        Value(-2147483647 - 1),
        Value(0.0),
        Value(0.1),
        Value(-1.5),
        Value(1e300),
        Value(5e-324),
        Value(4.35),
        Value(0.30000000000000004),
        Value(1.7976931348623157e308),
        Value(""),
        Value("plain"),
        Value("漢字かな한글"),
        Value("😀🎬 emoji"),
        Value("&<>\"' ]]>"),
        Value("tab\tnewline\n"),
        Value(allBytes),
        Value(Bytes{}),
        // Whole seconds: Python's dateTime has none smaller.
        Value(dateTime("2026-11-21T10:00:00Z")),
        Value(dateTime("1970-01-01T00:00:00Z")),
        Value(dateTime("9999-12-31T23:59:59Z")),
        Value(Array{}),
        Value(Struct{}),
        Value(Array{Value(Array{}), Value(Struct{}), Value(Array{Value(Array{Value(1)})})}),
        Value(Struct{{"a", Array{1, "two", 3.5, Value(), true}},
                     {"nested", Struct{{"deeper", Struct{{"bytes", Bytes{1, 2, 3}}}}}},
                     {"漢字", "key in CJK"},
                     {"😀", "key beyond the BMP"}}),
        Value(wide),
    };
    for (const Value& value : values) {
        SCOPED_TRACE(toJson(value).substr(0, 120));
        const CallResult result = c.callWithParams("echo", Array{value});
        ASSERT_TRUE(result) << result.fault().message();
        EXPECT_EQ(result.value(), value) << toJson(result.value()).substr(0, 200);
    }
    // == does not tell -0.0 from 0.0.
    const CallResult negativeZero = c.call("echo", -0.0);
    ASSERT_TRUE(negativeZero) << negativeZero.fault().message();
    EXPECT_TRUE(std::signbit(negativeZero.value().asDouble()));
}

TEST_F(ClientVsPython, OurI8ReachesPython) {
    // Python reads <i8>; it only refuses to send such numbers, so the answer is small.
    const CallResult result = client().call("add", std::int64_t(5000000000), std::int64_t(-4999999999));
    ASSERT_TRUE(result) << result.fault().message();
    EXPECT_EQ(result.value(), Value(1));
}

TEST_F(ClientVsPython, PythonFaultArrivesWithCodeAndString) {
    const CallResult result = client().call("fault");
    ASSERT_TRUE(result.isFault());
    EXPECT_EQ(result.fault().code(), 7);
    EXPECT_EQ(result.fault().message(), "nope");
}

TEST_F(ClientVsPython, PythonExceptionArrivesAsAFault) {
    const CallResult result = client().call("value_error");
    ASSERT_TRUE(result.isFault());
    EXPECT_EQ(result.fault().code(), 1) << "SimpleXMLRPCServer answers exceptions with code 1";
    EXPECT_NE(result.fault().message().find("bad value from python"), std::string::npos) << result.fault().message();
    EXPECT_NE(result.fault().message().find("ValueError"), std::string::npos) << result.fault().message();
}

TEST_F(ClientVsPython, UnknownMethodAndWrongPathAreFaults) {
    const CallResult unknown = client().call("nope");
    ASSERT_TRUE(unknown.isFault());
    EXPECT_NE(unknown.fault().message().find("nope"), std::string::npos) << unknown.fault().message();
    const CallResult wrongPath = client("/nope").call("add", 1, 2);
    ASSERT_TRUE(wrongPath.isFault());
    EXPECT_EQ(wrongPath.fault().code(), FaultCode::HttpError);
    EXPECT_NE(wrongPath.fault().message().find("404"), std::string::npos) << wrongPath.fault().message();
}

TEST_F(ClientVsPython, TimeoutShorterThanTheCallIsATimeoutFaultAndTheNextCallWorks) {
    Client c = client();
    const auto start = Clock::now();
    const CallResult slow = c.callWithParams("sleep", Array{Value(2.0)}, 300ms);
    const auto took = Clock::now() - start;
    ASSERT_TRUE(slow.isFault());
    EXPECT_EQ(slow.fault().code(), FaultCode::Timeout) << slow.fault().message();
    EXPECT_LT(took, 1500ms) << "the timeout, not the 2 s sleep, ends the call";
    const CallResult next = c.call("add", 1, 2);
    ASSERT_TRUE(next) << next.fault().message();
    EXPECT_EQ(next.value(), Value(3));
}

TEST_F(ClientVsPython, ConnectionClosedAfterEveryAnswerIsHandled) {
    // SimpleXMLRPCServer speaks HTTP/1.0 and closes after each answer: one Client, many calls.
    Client c = client();
    for (int i = 0; i < 25; ++i) {
        const CallResult result = c.call("add", i, i);
        ASSERT_TRUE(result) << "call " << i << ": " << result.fault().message();
        EXPECT_EQ(result.value(), Value(2 * i));
    }
}

TEST_F(ClientVsPython, MulticallWorks) {
    const Array calls = {
        Struct{{"methodName", "add"}, {"params", Array{1, 2}}},
        Struct{{"methodName", "echo"}, {"params", Array{"😀"}}},
        Struct{{"methodName", "fault"}, {"params", Array{}}},
    };
    const CallResult result = client().callWithParams("system.multicall", Array{Value(calls)});
    ASSERT_TRUE(result) << result.fault().message();
    const Array& entries = result.value().asArray();
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0], Value(Array{3}));
    EXPECT_EQ(entries[1], Value(Array{"😀"}));
    EXPECT_EQ(entries[2].at("faultCode"), Value(7));
    EXPECT_EQ(entries[2].at("faultString"), Value("nope"));
}

TEST_F(ClientVsPython, IntrospectionWorks) {
    Client c = client();
    const CallResult names = c.call("system.listMethods");
    ASSERT_TRUE(names) << names.fault().message();
    const auto list = names.as<std::vector<std::string>>();
    for (const char* name : {"echo", "add", "fault", "sleep", "system.multicall"})
        EXPECT_NE(std::find(list.begin(), list.end(), name), list.end()) << name;
    EXPECT_TRUE(c.call("system.methodHelp", std::string("add")));
}
