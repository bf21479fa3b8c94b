// A program outside the HostBridge tree, built against an installed HostBridge with
// find_package: it serves one function and calls it. Prints the sum.
#include <hostbridge/client.hpp>
#include <hostbridge/server.hpp>

#include <iostream>

int main() {
    auto table = std::make_shared<hostbridge::MethodTable>();
    table->bind("add", [](int a, int b) { return a + b; });
    hostbridge::Server server;
    server.route("/", table);
    server.start();
    hostbridge::Client client(server.url(), server.token());
    const hostbridge::CallResult sum = client.call("add", 2, 3);
    if (!sum) {
        std::cerr << sum.fault().what() << "\n";
        return 1;
    }
    std::cout << "sum=" << sum.as<int>() << "\n";
    return 0;
}
