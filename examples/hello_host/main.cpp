// hostbridge-hello-host: the smallest useful host. It serves four functions, each bound in one
// line, prints "Port:NNNN" once it serves, writes its connection file and exits cleanly on
// SIGINT or SIGTERM.
//
//   hostbridge-hello-host [--port N]

#include <hostbridge/connection_file.hpp>
#include <hostbridge/protocol.hpp>
#include <hostbridge/server.hpp>

#include <signal.h>

#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>

namespace {

// Lets sleep() end early when the host shuts down, so SIGTERM never waits for a long sleep.
struct ShutdownFlag {
    std::mutex mutex;
    std::condition_variable changed;
    bool set = false;
};

int usage(const char* message) {
    std::cerr << "hostbridge-hello-host: " << message << "\nusage: hostbridge-hello-host [--port N]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--port" && i + 1 < argc) {
            char* end = nullptr;
            const long value = std::strtol(argv[++i], &end, 10);
            if (*end != '\0' || value < 0 || value > 65535) return usage("--port takes a number from 0 to 65535");
            port = static_cast<int>(value);
        } else if (arg == "--help" || arg == "-h") {
            std::cout << "usage: hostbridge-hello-host [--port N]\n";
            return 0;
        } else {
            return usage(("unknown argument " + arg).c_str());
        }
    }

    // Block the stop signals before any thread starts, so only sigwait below receives them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    ShutdownFlag shutdown;
    auto table = std::make_shared<hostbridge::MethodTable>();
    // 64-bit sum: two 32-bit ints cannot overflow it (an int sum could, undefined behaviour).
    table->bind(
        "add", [](int a, int b) { return std::int64_t{a} + b; }, "add(a, b): the sum of two integers.");
    table->bind(
        "echo", [](const hostbridge::Value& x) { return x; }, "echo(x): returns x unchanged, whatever its type.");
    table->bind(
        "sleep",
        [&shutdown](int ms) {
        std::unique_lock lock(shutdown.mutex);
        shutdown.changed.wait_for(lock, std::chrono::milliseconds(ms), [&] { return shutdown.set; });
        return ms;
        },
        "sleep(ms): waits ms milliseconds (less if the host stops), then returns ms.");
    table->bind(
        "fail", [](int code, const std::string& message) { throw hostbridge::Fault(code, message); },
        "fail(code, message): answers with a fault of that code and message.");

    hostbridge::ServerOptions options;
    options.port = static_cast<std::uint16_t>(port);
    options.socketPath = [](std::uint16_t bound) {
        return hostbridge::socketPathFor(hostbridge::protocol::kHostKind, bound);
    };
    hostbridge::Server server(options);
    server.route(hostbridge::protocol::kRootPath, table);
    server.route(hostbridge::protocol::kRpc2Path, table);
    try {
        server.start();
    } catch (const hostbridge::ServerError& e) {
        std::cerr << "hostbridge-hello-host: " << e.what() << "\n";
        return 1;
    }
    std::unique_ptr<hostbridge::ConnectionFile> connectionFile;
    try {
        connectionFile = std::make_unique<hostbridge::ConnectionFile>(
            hostbridge::protocol::kHostKind, server.port(), server.token(), server.url(), server.socketPath());
    } catch (const std::exception& e) {
        std::cerr << "hostbridge-hello-host: " << e.what() << "\n";
        return 1;
    }
    std::cout << "Port:" << server.port() << std::endl;
    std::cerr << "hostbridge-hello-host: serving " << server.url() << " (connection file " << connectionFile->path()
              << ")" << std::endl;

    int received = 0;
    sigwait(&stopSignals, &received);
    {
        std::lock_guard lock(shutdown.mutex);
        shutdown.set = true;
    }
    shutdown.changed.notify_all();
    server.stop();
    connectionFile->remove();
    std::cerr << "hostbridge-hello-host: stopped (" << (received == SIGINT ? "SIGINT" : "SIGTERM") << ")" << std::endl;
    return 0;
}
