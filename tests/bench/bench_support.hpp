#pragma once
// What the benchmark executables share: statistics, CPU placement, raw sockets for the
// baselines, running a helper process, and the report (table and JSON rows in the shape
// bench_rows.py documents).

#include <netinet/in.h>

#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hostbridge/value.hpp"

namespace hostbridge::bench {

using Clock = std::chrono::steady_clock;

double micros(Clock::duration d);
double millis(Clock::duration d);

double median(std::vector<double> values);
// Nearest rank over sorted values, as python_pair.py computes it; 0 when empty.
double percentile(const std::vector<double>& sorted, double q);

bool pinThisThread(int cpu);

// Runs `work` on a new thread pinned to `cpu`; returns its result or rethrows its exception.
template <typename F>
auto onCpu(int cpu, F work) {
    return std::async(
               std::launch::async,
               [cpu, &work] {
        if (!pinThisThread(cpu)) throw std::runtime_error("cannot pin a thread to CPU " + std::to_string(cpu));
        return work();
               })
        .get();
}

// Percent of CPU time used, by anything, during a short sample (0.5 s): a busy machine makes
// every figure noisy, and cross-CPU wake-ups slower still.
double busyPercent();

// The standard output of `command` run by the shell; throws when it cannot run or fails.
std::string commandOutput(const std::string& command);

// A file descriptor, closed on destruction.
class Socket {
public:
    explicit Socket(int fd) : m_fd(fd) {}
    ~Socket();
    Socket(Socket&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

// A listening TCP socket on 127.0.0.1 with a free port; accept() and connect() give prepared
// sockets (prepareSocket).
class Loopback {
public:
    explicit Loopback(std::chrono::seconds timeout);
    Socket accept() const;  // ends with an invalid Socket after the timeout
    Socket connect() const;

private:
    Socket m_listener;
    sockaddr_in m_address{};
    std::chrono::seconds m_timeout;
};

// Blocking, TCP_NODELAY, with a receive timeout of `timeout`, so a dead peer ends a benchmark
// instead of hanging it.
void prepareSocket(int fd, std::chrono::seconds timeout);
bool sendAll(int fd, const char* data, std::size_t size);
bool receiveAll(int fd, char* data, std::size_t size);

// One line of the table: a figure and the baseline measured in the same run.
struct Row {
    std::string id;
    std::string what;
    double figure;
    std::string unit;
    std::optional<double> baseline;  // in `unit`
    std::string baselineName;
    std::string target;
    std::optional<bool> pass;  // nullopt: a reference line with no target

    std::optional<double> ratio() const;
};

std::string fixed(double value, int decimals);
void printTable(const std::vector<Row>& rows);

// Writes `document` (its own members: placement, repetitions, ...) with "measurements" and
// "rows" added, as JSON. Throws when the file cannot be written.
void writeJson(const std::string& path, Struct document, const Value& measurements, const std::vector<Row>& rows);

}  // namespace hostbridge::bench
