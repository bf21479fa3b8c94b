// A stand-in host process for tst_tool_link's restart tests: holds one tool (test_tool.py)
// through a ToolLink, prints "tool <pid> <port> <attached 0|1>" once the tool serves, and
// then waits until its standard input closes or it is killed.
//
//   tool_test_host PYTHON TEST_TOOL TAG GRACE_MS
#include <hostbridge/host_rpc/tool_link.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: tool_test_host PYTHON TEST_TOOL TAG GRACE_MS\n";
        return 2;
    }
    hostbridge::ToolOptions options;
    options.executable = argv[1];
    options.arguments = {argv[2], "--tag", argv[3]};
    options.hostGrace = std::chrono::milliseconds(std::stoi(argv[4]));
    hostbridge::ToolLink link(options);
    link.start();
    if (!link.waitForPort(std::chrono::seconds(30))) {
        std::cerr << "the tool did not serve: " << link.status().lastError << "\n";
        return 1;
    }
    const hostbridge::ToolStatus status = link.status();
    std::cout << "tool " << status.pid << " " << status.port << " " << (status.attached ? 1 : 0) << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    return 0;
}
