// OutputTail without a tool: lines split across writes, "\r\n", a line longer than kMaxLine,
// the unterminated rest at the end, and a file created anew for the next launch.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tool_output.hpp"

using hostbridge::detail::OutputTail;

namespace {

struct File {
    std::string path =
        (std::filesystem::temp_directory_path() / ("tst_tool_output-" + std::to_string(::getpid()))).string();
    ~File() { std::filesystem::remove(path); }
    void append(const std::string& text) const {
        std::ofstream out(path, std::ios::binary | std::ios::app);
        out << text;
    }
};

std::vector<std::string> readAll(OutputTail& tail) {
    std::vector<std::string> lines;
    tail.read([&](std::string line) { lines.push_back(std::move(line)); });
    return lines;
}

}  // namespace

TEST(OutputTail, SplitsLinesAcrossWritesAndKeepsTheRestForLater) {
    File file;
    OutputTail::create(file.path);
    EXPECT_EQ(std::filesystem::status(file.path).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    OutputTail tail;
    ASSERT_TRUE(tail.open(file.path));
    EXPECT_TRUE(readAll(tail).empty());
    file.append("one\ntw");
    EXPECT_EQ(readAll(tail), std::vector<std::string>{"one"});
    file.append("o\r\nthree\n\nfour");
    EXPECT_EQ(readAll(tail), (std::vector<std::string>{"two", "three", ""}));
    EXPECT_TRUE(readAll(tail).empty());
    std::vector<std::string> rest;
    tail.flush([&](std::string line) { rest.push_back(std::move(line)); });
    EXPECT_EQ(rest, std::vector<std::string>{"four"});
}

TEST(OutputTail, HandsOnAnOverlongLineInPieces) {
    File file;
    OutputTail::create(file.path);
    OutputTail tail;
    ASSERT_TRUE(tail.open(file.path));
    file.append(std::string(OutputTail::kMaxLine + 10, 'x') + "\n");
    const auto lines = readAll(tail);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].size(), OutputTail::kMaxLine);
    EXPECT_EQ(lines[1], std::string(10, 'x'));
}

TEST(OutputTail, CreateStartsAnEmptyFileAndAReaderFromItsStart) {
    File file;
    file.append("old\n");
    OutputTail::create(file.path);
    EXPECT_EQ(std::filesystem::file_size(file.path), 0u);
    file.append("new\n");
    OutputTail tail;
    ASSERT_TRUE(tail.open(file.path));
    EXPECT_EQ(readAll(tail), std::vector<std::string>{"new"});
    EXPECT_FALSE(tail.open(file.path + ".missing"));
}
