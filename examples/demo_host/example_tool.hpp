#pragma once
// The demo host's tool (docs/tools.md): with --tool SCRIPT it launches SCRIPT, a Python tool on
// examples/python/hostbridge_tool.py such as example_tool.py, through a ToolLink (kept alive,
// its output logged), and serves tool.greet(name) and tool.sceneSummary(), which call the tool;
// the tool answers sceneSummary by calling this host's scene.ls back.

#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/tool_link.hpp>

#include <memory>
#include <string>

namespace demo {

class ExampleTool {
public:
    // Binds tool.greet and tool.sceneSummary on `host` (connection threads: they wait for the
    // tool, never the main loop). Throws std::runtime_error when no python3 is on $PATH.
    ExampleTool(hostbridge::Host& host, const std::string& script);
    // Launches (or reuses) the tool; returns at once.
    void start();
    // Stops the tool (this host launched it for its own session).
    void stop();

private:
    std::unique_ptr<hostbridge::ToolLink> m_link;
};

}  // namespace demo
