// A plug-in outside the HostBridge tree, built against an installed HostBridge with
// find_package(HostBridge COMPONENTS host_rpc): a Host with one main-thread method, pumped
// here, called over the wire. Prints the sum.
#include <hostbridge/client.hpp>
#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/nested_call.hpp>
#include <hostbridge/host_rpc/pumped_executor.hpp>

#include <iostream>

int main() {
    auto loop = std::make_shared<hostbridge::PumpedExecutor>();
    hostbridge::HostOptions options;
    options.writeConnectionFile = false;
    hostbridge::Host host(loop, options);
    host.bind("add", [](int a, int b) { return a + b; }, "add(a, b)", {hostbridge::Thread::Main});
    host.start();
    hostbridge::Client client(host.url(), host.token(), std::chrono::seconds(10));
    // This thread is the main thread: callFromMainThread serves the call while it waits.
    const hostbridge::CallResult sum = hostbridge::callFromMainThread(host, client, "add", {2, 3});
    if (!sum) {
        std::cerr << sum.fault().what() << "\n";
        return 1;
    }
    std::cout << "sum=" << sum.as<int>() << "\n";
    return 0;
}
