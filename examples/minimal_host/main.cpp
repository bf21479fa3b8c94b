// hostbridge-minimal-host: the smallest embedding of hostbridge::host_rpc. A "DCC" whose main
// loop owns a counter; one function runs on a server thread, one on the main loop. Prints
// "Port:NNNN", writes its connection file (Host does) and stops on SIGINT or SIGTERM.
//
//   hostbridge-minimal-host               # on a port the system picks
//   hostbridge-call greet Ada             # -> "hello, Ada"
//   hostbridge-call counter.add 5         # -> the counter after adding 5, on the main loop

#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/pumped_executor.hpp>

#include <signal.h>

#include <chrono>
#include <iostream>
#include <string>

int main() {
    // The stop signals wait, blocked, until the main loop collects them between two frames.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    int counter = 0;  // the "scene": touched on the main thread only
    auto mainLoop = std::make_shared<hostbridge::PumpedExecutor>();
    hostbridge::Host host(mainLoop);  // 127.0.0.1, port 0, a fresh token, connection file
    host.bind(
        "greet", [](const std::string& name) { return "hello, " + name; },
        "greet(name): a greeting; runs on a server thread.");
    host.bind("counter.add", [&counter](int n) { return counter += n; },
              "counter.add(n): adds n to the counter on the main loop; returns the new value.",
              {hostbridge::Thread::Main});
    try {
        host.start();
    } catch (const std::exception& e) {
        std::cerr << "hostbridge-minimal-host: " << e.what() << "\n";
        return 1;
    }
    std::cout << "Port:" << host.port() << std::endl;
    std::cerr << "hostbridge-minimal-host: connection file " << host.connectionFilePath() << std::endl;

    // The DCC's main loop: sleep until a call comes (at most a frame, 16 ms), run the queued
    // main-thread calls; a real DCC draws its frame here. Ends when a stop signal is pending.
    const timespec noWait{0, 0};
    while (sigtimedwait(&stopSignals, nullptr, &noWait) < 0) {
        mainLoop->waitForWork(std::chrono::milliseconds(16));
        mainLoop->pump();
    }
    host.stop();  // removes the connection file
    return 0;
}
