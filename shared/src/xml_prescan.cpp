#include "xml_prescan.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "base64_text.hpp"
#include "stand_ins.hpp"

namespace hostbridge::detail {

bool hasDeclarations(std::string_view xml) {
    // Declarations are refused in any letter case: the markup is case-sensitive, but a parser
    // that is lenient about it must not be the one to find out.
    for (std::size_t at = xml.find("<!"); at != std::string_view::npos; at = xml.find("<!", at + 2)) {
        const std::string_view rest = xml.substr(at + 2, 7);
        auto startsWithNoCase = [&](std::string_view word) {
            if (rest.size() < word.size()) return false;
            for (std::size_t i = 0; i < word.size(); ++i)
                if (std::toupper(static_cast<unsigned char>(rest[i])) != word[i]) return false;
            return true;
        };
        if (startsWithNoCase("DOCTYPE") || startsWithNoCase("ENTITY")) return true;
    }
    return false;
}

namespace {

const char* const kTooManyElements = "the document holds more XML elements than its size allows";

// The end (one past) of the markup starting at `at`, which is a '<': comments, processing
// instructions and CDATA up to their own terminators, a tag up to the '>' outside its quoted
// attribute values. npos when the text ends first.
std::size_t markupEnd(std::string_view xml, std::size_t at) {
    auto past = [&](std::string_view terminator, std::size_t from) {
        const std::size_t found = xml.find(terminator, from);
        return found == std::string_view::npos ? found : found + terminator.size();
    };
    if (xml.compare(at, 4, "<!--") == 0) return past("-->", at + 4);
    if (xml.compare(at, 9, "<![CDATA[") == 0) return past("]]>", at + 9);
    if (xml.compare(at, 2, "<?") == 0) return past("?>", at + 2);
    char quote = 0;
    for (std::size_t i = at + 1; i < xml.size(); ++i) {
        const char c = xml[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// True when `text`, the content of an <i8> (or <ex:i8>), is a 64-bit integer as xmlrpc-c reads
// it: an optional sign, then 1 to 19 digits within range, nothing before or after (not even a
// space). xmlrpc-c 1.33 crashes (a bad argument to its own error message) on trailing text such
// as "1 " or "x", so only this may reach it.
bool isI8Text(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    if (text.empty() || text.size() > 19) return false;
    std::uint64_t magnitude = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return magnitude <= static_cast<std::uint64_t>(INT64_MAX) + (negative ? 1 : 0);
}

}  // namespace

ShapeLimits requestLimits(std::size_t bodyBytes) {
    ShapeLimits limits;
    limits.maxElements = std::min(kRequestMaxElements, kRequestBaseElements + bodyBytes / kRequestBytesPerElement);
    return limits;
}

const char* shapeProblem(std::string_view xml, const ShapeLimits& limits) {
    int depth = 0;
    std::size_t elements = 0;
    std::vector<std::size_t> members;  // per open <struct>, innermost last
    for (std::size_t at = xml.find('<'); at != std::string_view::npos; at = xml.find('<', at)) {
        const std::size_t end = markupEnd(xml, at);
        if (end == std::string_view::npos) return nullptr;  // truncated: the parser reports it
        const char next = at + 1 < xml.size() ? xml[at + 1] : '\0';
        if (next != '!' && next != '?') {
            const bool closing = next == '/';
            const std::size_t nameStart = at + (closing ? 2 : 1);
            const std::size_t nameEnd = std::min(xml.find_first_of(" \t\r\n/>", nameStart), end);
            const std::string_view name = xml.substr(nameStart, nameEnd - nameStart);
            if (closing) {
                --depth;
                if (name == "struct" && !members.empty()) members.pop_back();
            } else {
                if (++elements > limits.maxElements) return kTooManyElements;
                if (name == "member" && !members.empty() && ++members.back() > limits.maxStructMembers)
                    return "a struct has too many members";
                if (xml[end - 2] != '/') {  // not self-closing: one level deeper
                    if (++depth > limits.maxDepth) return "the XML nests too deeply";
                    if (name == "struct") members.push_back(0);
                    const bool i8 = name == "i8" || name == "ex:i8";
                    // (No '<' after the text: truncated, the parser reports it.)
                    const std::size_t textEnd = i8 || name == "base64" ? xml.find('<', end) : std::string_view::npos;
                    if (textEnd != std::string_view::npos) {
                        if (xml.compare(textEnd, 2, "</") != 0 || xml.compare(textEnd + 2, name.size(), name) != 0)
                            return i8 ? "an <i8> holding markup" : "a <base64> holding markup";
                        const std::string_view text = xml.substr(end, textEnd - end);
                        if (i8 && !isI8Text(text)) return "an <i8> that is not a 64-bit integer";
                        if (!i8 && !isBase64Text(text))
                            return "a <base64> that is not base64 (a character outside its alphabet, or '=' before its "
                                   "end)";
                    }
                }
            }
        }
        at = end;
    }
    return nullptr;
}

std::optional<std::string> prepareForParser(std::string_view xml, const ShapeLimits& limits, int code,
                                            const char* prefix) {
    // Expat also reads UTF-16 (told by a byte order mark or by "<\0?\0"), and in UTF-16 a
    // declaration is not the bytes "<!DOCTYPE" that the checks below look for: an entity bomb
    // would pass them. Every UTF-16 document holds NUL bytes, and no XML 1.0 document may hold
    // U+0000, so refusing NUL refuses UTF-16 as a whole.
    if (xml.find('\0') != std::string_view::npos)
        throw Fault(code, std::string(prefix) + "the document is not UTF-8 (it holds a NUL byte)");
    if (hasDeclarations(xml))
        throw Fault(code, std::string(prefix) + "DOCTYPE and ENTITY declarations are not accepted");
    if (const char* problem = shapeProblem(xml, limits)) {
        std::string message = std::string(prefix) + problem;
        if (problem == kTooManyElements)
            message += " (" + std::to_string(limits.maxElements) + " for its " + std::to_string(xml.size()) +
                       " bytes: " + std::to_string(kRequestBaseElements) + " and one per " +
                       std::to_string(kRequestBytesPerElement) + " bytes, at most " +
                       std::to_string(kRequestMaxElements) + "); send large data in fewer elements, e.g. as base64";
        throw Fault(code, message);
    }
    try {
        return replaceForParser(xml);
    } catch (const std::invalid_argument& e) {
        throw Fault(code, prefix + std::string(e.what()));
    }
}

}  // namespace hostbridge::detail
