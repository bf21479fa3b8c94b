#include "bench_support.hpp"

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>
#include <utility>

#include "hostbridge/json.hpp"

namespace hostbridge::bench {

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }
double millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double percentile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[rank > 0 ? rank - 1 : 0];
}

bool pinThisThread(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

double busyPercent() {
    const auto sample = [] {
        std::ifstream stat("/proc/stat");
        std::string cpu;
        long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
        stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
        return std::pair{idle + iowait, user + nice + system + idle + iowait + irq + softirq + steal};
    };
    const auto [idleBefore, totalBefore] = sample();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const auto [idleAfter, totalAfter] = sample();
    if (totalAfter <= totalBefore) return 0;
    return 100.0 * (1 - static_cast<double>(idleAfter - idleBefore) / static_cast<double>(totalAfter - totalBefore));
}

std::string commandOutput(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string output;
    char chunk[4096];
    for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0;) output.append(chunk, n);
    if (::pclose(pipe) != 0) throw std::runtime_error("failed (see its errors above): " + command);
    return output;
}

// ---- sockets

Socket::~Socket() {
    if (m_fd >= 0) ::close(m_fd);
}

void prepareSocket(int fd, std::chrono::seconds timeout) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const timeval limit{static_cast<time_t>(timeout.count()), 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
}

Loopback::Loopback(std::chrono::seconds timeout)
    : m_listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)), m_timeout(timeout) {
    m_address.sin_family = AF_INET;
    m_address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof m_address;
    auto* generic = reinterpret_cast<sockaddr*>(&m_address);
    if (::bind(m_listener.get(), generic, length) != 0 || ::listen(m_listener.get(), 1) != 0 ||
        ::getsockname(m_listener.get(), generic, &length) != 0)
        throw std::runtime_error(std::string("raw TCP: cannot listen: ") + std::strerror(errno));
    prepareSocket(m_listener.get(), m_timeout);  // accept() honours the receive timeout too
}

Socket Loopback::accept() const {
    Socket peer(::accept4(m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (peer.get() >= 0) prepareSocket(peer.get(), m_timeout);
    return peer;
}

Socket Loopback::connect() const {
    Socket socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (::connect(socket.get(), reinterpret_cast<const sockaddr*>(&m_address), sizeof m_address) != 0)
        throw std::runtime_error(std::string("raw TCP: cannot connect: ") + std::strerror(errno));
    prepareSocket(socket.get(), m_timeout);
    return socket;
}

bool sendAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool receiveAll(int fd, char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::recv(fd, data, size, 0);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// ---- report

std::optional<double> Row::ratio() const {
    if (!baseline || *baseline == 0) return std::nullopt;
    return figure / *baseline;
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

namespace {
std::string withUnit(double value, const std::string& unit) {
    const int decimals = unit == "calls/s" || unit == "calls" || unit == "bytes" ? 0 : unit == "us" ? 1 : 2;
    return fixed(value, decimals) + " " + unit;
}
}  // namespace

void printTable(const std::vector<Row>& rows) {
    const std::vector<std::string> header{"id", "what", "figure", "baseline", "ratio", "target", "pass/fail"};
    std::vector<std::vector<std::string>> cells{header};
    for (const Row& row : rows) {
        const auto ratio = row.ratio();
        cells.push_back({row.id, row.what, withUnit(row.figure, row.unit),
                         row.baseline ? row.baselineName + " " + withUnit(*row.baseline, row.unit) : "-",
                         ratio ? fixed(*ratio, 2) : "-", row.target.empty() ? "-" : row.target,
                         row.pass ? (*row.pass ? "pass" : "FAIL") : "-"});
    }
    std::vector<std::size_t> widths(header.size(), 0);
    for (const auto& line : cells)
        for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], line[i].size());
    for (const auto& line : cells) {
        for (std::size_t i = 0; i < line.size(); ++i)
            std::cout << (i ? " | " : "") << line[i] << std::string(widths[i] - line[i].size(), ' ');
        std::cout << "\n";
    }
    std::cout.flush();
}

void writeJson(const std::string& path, Struct document, const Value& measurements, const std::vector<Row>& rows) {
    Array rowValues;
    for (const Row& row : rows) {
        const auto ratio = row.ratio();
        rowValues.push_back(Struct{{"id", row.id},
                                   {"what", row.what},
                                   {"figure", row.figure},
                                   {"unit", row.unit},
                                   {"baseline", row.baseline ? Value(*row.baseline) : Value()},
                                   {"baseline_name", row.baselineName},
                                   {"ratio", ratio ? Value(*ratio) : Value()},
                                   {"target", row.target},
                                   {"pass", row.pass ? Value(*row.pass) : Value()}});
    }
    document["measurements"] = measurements;
    document["rows"] = std::move(rowValues);
    std::ofstream file(path);
    file << toJson(Value(std::move(document)), 2) << "\n";
    if (!file) throw std::runtime_error("cannot write " + path);
}

}  // namespace hostbridge::bench
