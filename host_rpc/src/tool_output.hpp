#pragma once
// Private: reading a tool's output file as it grows, line by line.
//
// Why files, not pipes: a tool must outlive the host's plug-in (and the host), so its stdout
// and stderr cannot end in a pipe the host holds (the tool would get SIGPIPE or block once the
// reader is gone). They are appended to files in the runtime directory instead, which the
// host tails while it is there and a host that attaches later reads from the start (its replay).

#include <functional>
#include <string>

namespace hostbridge::detail {

class OutputTail {
public:
    static constexpr std::size_t kMaxLine = 64 * 1024;  // a longer line is handed on in pieces

    OutputTail() = default;
    ~OutputTail();
    OutputTail(const OutputTail&) = delete;
    OutputTail& operator=(const OutputTail&) = delete;

    // Creates `path` empty (0600, replacing an earlier file) for a tool about to be launched.
    // Throws std::runtime_error.
    static void create(const std::string& path);
    // Reads `path` from its start from now on; false when it cannot be opened.
    bool open(const std::string& path);
    void close();

    // Calls `line` for each whole line written since the last call, without its "\n" or "\r\n".
    void read(const std::function<void(std::string)>& line);
    // Hands on what remains after the last line end (a tool that ended mid-line).
    void flush(const std::function<void(std::string)>& line);

private:
    int m_fd = -1;
    std::string m_partial;
};

}  // namespace hostbridge::detail
