#include "method_listing.hpp"

#include <algorithm>

namespace hostbridge {
namespace {

// A signature as type names, result first; empty when it is not an array of strings.
std::vector<std::string> typeNames(const Value& signature) {
    std::vector<std::string> names;
    if (signature.type() != ValueType::Array) return {};
    for (const Value& name : signature.asArray()) {
        if (name.type() != ValueType::String) return {};
        names.push_back(name.asString());
    }
    return names;
}

std::string joinTypes(const std::vector<std::string>& types, std::size_t from, std::size_t to) {
    std::string text;
    for (std::size_t i = from; i < to; ++i) text += (i > from ? ", " : "") + types[i];
    return text;
}

// The value of multicall entry `index`, which is [value] on success; nullptr for a fault or a
// malformed entry.
const Value* answerAt(const Value& answers, std::size_t index) {
    if (answers.type() != ValueType::Array || index >= answers.asArray().size()) return nullptr;
    const Value& entry = answers.asArray()[index];
    if (entry.type() != ValueType::Array || entry.asArray().size() != 1) return nullptr;
    return &entry.asArray().front();
}

// Help texts may span lines; a listing keeps one method per line.
std::string oneLine(const std::string& text) {
    std::string line;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !line.empty();
        } else {
            if (space) line += ' ';
            space = false;
            line += c;
        }
    }
    return line;
}

}  // namespace

Value describeCalls(const std::vector<std::string>& names) {
    Array calls;
    for (const std::string& name : names) {
        calls.push_back(Struct{{"methodName", "system.methodHelp"}, {"params", Array{name}}});
        calls.push_back(Struct{{"methodName", "system.methodSignature"}, {"params", Array{name}}});
    }
    return Value(std::move(calls));
}

std::string formatSignatures(const Value& signatures) {
    std::vector<std::vector<std::string>> all;
    if (signatures.type() == ValueType::Array) {
        for (const Value& signature : signatures.asArray()) {
            auto types = typeNames(signature);
            if (types.empty()) return "(...)";
            all.push_back(std::move(types));
        }
    }
    if (all.empty()) return "(...)";

    const auto& first = all.front();
    const auto& longest =
        *std::max_element(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    std::size_t shortest = longest.size();
    bool prefixes = true;  // every signature is the longest one cut short: trailing optional params
    for (const auto& types : all) {
        shortest = std::min(shortest, types.size());
        prefixes = prefixes && std::equal(types.begin(), types.end(), longest.begin());
    }
    if (!prefixes || shortest == longest.size())
        return "(" + joinTypes(first, 1, first.size()) + ") -> " + first.front();
    const std::string required = joinTypes(longest, 1, shortest);
    const std::string optional = joinTypes(longest, shortest, longest.size());
    return "(" + required + (required.empty() ? "[" : "[, ") + optional + "]) -> " + longest.front();
}

std::string formatMethodList(const std::vector<std::string>& names, const Value& answers) {
    std::vector<std::string> heads;
    std::vector<std::string> helps;
    std::size_t width = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string head = names[i];
        std::string help;
        if (!answers.isNil()) {
            const Value* signatures = answerAt(answers, 2 * i + 1);
            head += signatures ? formatSignatures(*signatures) : "(...)";
            if (const Value* text = answerAt(answers, 2 * i); text && text->type() == ValueType::String)
                help = oneLine(text->asString());
        }
        width = std::max(width, head.size());
        heads.push_back(std::move(head));
        helps.push_back(std::move(help));
    }
    std::string out;
    for (std::size_t i = 0; i < heads.size(); ++i) {
        out += heads[i];
        if (!helps[i].empty()) out += std::string(width - heads[i].size() + 3, ' ') + helps[i];
        out += '\n';
    }
    return out;
}

}  // namespace hostbridge
