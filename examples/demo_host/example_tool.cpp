#include "example_tool.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace demo {
namespace {

// ToolOptions::executable is a path, not looked up: the python3 a shell would run.
std::string python3OnPath() {
    const char* path = std::getenv("PATH");
    std::stringstream folders(path ? path : "");
    std::string folder;
    while (std::getline(folders, folder, ':')) {
        const std::filesystem::path candidate = std::filesystem::path(folder) / "python3";
        std::error_code ec;
        if (!folder.empty() && std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
    }
    throw std::runtime_error("no python3 on $PATH to run the tool");
}

}  // namespace

ExampleTool::ExampleTool(hostbridge::Host& host, const std::string& script) {
    hostbridge::ToolOptions options;
    options.executable = python3OnPath();
    options.arguments = {std::filesystem::absolute(script).string()};
    options.keepAlive = true;
    options.onEvent = [](const hostbridge::ToolEvent& event) {
        if (event.replayed) return;
        std::cerr << "hostbridge-demo-host: tool: " << hostbridge::toString(event.kind)
                  << (event.text.empty() ? std::string() : ": " + event.text) << std::endl;
    };
    m_link = std::make_unique<hostbridge::ToolLink>(std::move(options));

    // On the caller's connection thread: the tool's port, then one call to it.
    auto callTool = [link = m_link.get()](const std::string& method, const hostbridge::Array& params) {
        if (!link->waitForPort(std::chrono::seconds(10)))
            throw hostbridge::Fault(hostbridge::FaultCode::Busy,
                                    "the tool is not serving (yet): " + std::string(toString(link->status().state)));
        const hostbridge::CallResult answer = link->client(std::chrono::seconds(20)).callWithParams(method, params);
        if (!answer) throw answer.fault();
        return answer.value();
    };
    host.bind(
        "tool.greet", [callTool](const std::string& name) { return callTool("example.greet", {name}); },
        "tool.greet(name): the example tool's greeting, asked of the tool.");
    host.bind(
        "tool.sceneSummary", [callTool] { return callTool("example.sceneSummary", {}); },
        "tool.sceneSummary(): {nodes, families, selected} of this host's scene, worked out by the example tool, "
        "which calls scene.ls back.");
}

void ExampleTool::start() { m_link->start(); }

void ExampleTool::stop() { m_link->stop(); }

}  // namespace demo
