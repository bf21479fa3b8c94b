#include "repl.hpp"

#include <algorithm>
#include <iostream>
#include <optional>

#include <hostbridge/json.hpp>

#include "call_options.hpp"
#include "call_reporting.hpp"
#include "method_listing.hpp"

namespace hostbridge {
namespace {

constexpr const char* kPrompt = "hostbridge> ";

// The served method names, for completion; empty when the server has no introspection (then
// names are sent as typed).
std::vector<std::string> fetchMethodNames(Client& client) {
    const CallResult listed = client.call("system.listMethods");
    if (!listed) return {};
    try {
        return listed.as<std::vector<std::string>>();
    } catch (const ConversionError&) {
        return {};
    }
}

// `help METHOD`: its signatures and help text.
int describeMethod(Client& client, const CallTarget& target, const std::string& method) {
    const CallResult help = client.call("system.methodHelp", method);
    if (!help) return reportFault(help.fault(), client, target);
    const CallResult signatures = client.call("system.methodSignature", method);
    std::cout << method << (signatures ? formatSignatures(signatures.value()) : "(...)") << "\n";
    if (help.value().type() == ValueType::String && !help.value().asString().empty())
        std::cout << "  " << help.value().asString() << "\n";
    std::cout << std::flush;
    return 0;
}

// The served method `typed` stands for, noted on stderr when completed; nullopt, with the
// candidates on stderr, when it is ambiguous.
std::optional<std::string> resolveMethod(const std::string& typed, const std::vector<std::string>& names) {
    const MethodCompletion completion = completeMethod(typed, names);
    if (completion.method.empty()) {
        std::cerr << "ambiguous:";
        for (const std::string& name : completion.candidates) std::cerr << " " << name;
        std::cerr << "\n";
        return std::nullopt;
    }
    if (completion.method != typed) std::cerr << "(" << completion.method << ")\n";
    return completion.method;
}

// One line of the console; its exit status (0 for success).
int runLine(Client& client, const CallTarget& target, const std::vector<std::string>& words,
            std::vector<std::string>& names) {
    if (words.front() == "help" && words.size() == 1) {
        names = fetchMethodNames(client);  // methods may have been bound since the start
        return listMethods(client, target);
    }
    const bool help = words.front() == "help";
    const std::optional<std::string> method = resolveMethod(words[help ? 1 : 0], names);
    if (!method) return kExitUsage;
    if (help) return describeMethod(client, target, *method);
    const CallResult result = client.callWithParams(*method, parseCallArguments({words.begin() + 1, words.end()}));
    if (!result) return reportFault(result.fault(), client, target);
    std::cout << toJson(result.value(), 2) << std::endl;
    return 0;
}

}  // namespace

std::vector<std::string> splitReplLine(const std::string& line) {
    std::vector<std::string> words;
    std::string word;
    bool inWord = false, inDouble = false, inSingle = false, escaped = false;
    int depth = 0;
    for (const char c : line) {
        if (inSingle) {
            if (c == '\'') inSingle = false;
            else word += c;
            continue;
        }
        if (inDouble) {
            word += c;
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inDouble = false;
            continue;
        }
        if ((c == ' ' || c == '\t' || c == '\r') && depth == 0) {
            if (inWord) words.push_back(word);
            word.clear();
            inWord = false;
            continue;
        }
        inWord = true;
        if (c == '\'') {
            inSingle = true;  // the quote itself is not part of the word
            continue;
        }
        if (c == '"') inDouble = true;
        if (c == '[' || c == '{') ++depth;
        if ((c == ']' || c == '}') && depth > 0) --depth;
        word += c;
    }
    if (inSingle || inDouble) throw UsageError("a quote is not closed");
    if (depth > 0) throw UsageError("a [ or { is not closed");
    if (inWord) words.push_back(word);
    return words;
}

MethodCompletion completeMethod(const std::string& typed, const std::vector<std::string>& names) {
    MethodCompletion completion;
    if (names.empty() || std::find(names.begin(), names.end(), typed) != names.end()) {
        completion.method = typed;
        return completion;
    }
    for (const std::string& name : names)
        if (name.compare(0, typed.size(), typed) == 0) completion.candidates.push_back(name);
    if (completion.candidates.size() == 1) completion.method = completion.candidates.front();
    if (completion.candidates.empty()) completion.method = typed;  // the server says MethodNotFound
    if (!completion.method.empty()) completion.candidates.clear();
    return completion;
}

int runRepl(Client& client, const CallTarget& target, std::istream& in, bool interactive) {
    std::vector<std::string> names = fetchMethodNames(client);
    if (interactive) {
        std::cout << "hostbridge-call: " << client.url() << ", " << names.size()
                  << " methods. Type METHOD ARG..., help, help METHOD or quit; a unique prefix of a"
                     " method name is completed.\n";
    }
    int status = 0;
    std::string line;
    while (true) {
        if (interactive) std::cout << kPrompt << std::flush;
        if (!std::getline(in, line)) {
            if (interactive) std::cout << "\n";  // Ctrl-D leaves the cursor after the prompt
            break;
        }
        std::vector<std::string> words;
        try {
            words = splitReplLine(line);
        } catch (const UsageError& e) {
            std::cerr << "hostbridge-call: " << e.what() << "\n";
            status = kExitUsage;
            continue;
        }
        if (words.empty() || words.front().empty() || words.front().front() == '#') continue;
        if (words.front() == "quit" || words.front() == "exit") break;
        try {
            if (const int lineStatus = runLine(client, target, words, names); lineStatus != 0) status = lineStatus;
        } catch (const UsageError& e) {  // an ARG that looks like JSON but is not
            std::cerr << "hostbridge-call: " << e.what() << "\n";
            status = kExitUsage;
        }
    }
    return status;
}

}  // namespace hostbridge
