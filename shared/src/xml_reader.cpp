#include "xml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>

#include "hostbridge/base64.hpp"

#include "civil_date.hpp"
#include "stand_ins.hpp"
#include "xml_prescan.hpp"
#include "xml_writer.hpp"

namespace hostbridge::detail {
namespace {

const std::size_t kMaxStructMembers = ShapeLimits{}.maxStructMembers;

// Thrown inside the reader when the document leaves the subset; readResponse answers nullopt.
struct Outside {};

bool isXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

class Reader {
public:
    explicit Reader(std::string_view xml) : m_at(xml.data()), m_end(xml.data() + xml.size()) {}

    Value response() {
        declaration();
        space();
        expect("<methodResponse>");
        space();
        expect("<params>");
        space();
        expect("<param>");
        space();
        Value result = value(1);
        space();
        expect("</param>");
        space();
        expect("</params>");
        space();
        expect("</methodResponse>");
        space();
        if (m_at != m_end) throw Outside{};
        return result;
    }

private:
    // <?xml version="1.0" [encoding="UTF-8"] [standalone="yes"|"no"]?>, optional, exactly so (what
    // Python, xmlrpc-c and HostBridge write); any other declaration goes to xmlrpc-c, which then
    // accepts or refuses it as it always did.
    void declaration() {
        if (!startsWith("<?xml")) return;
        m_at += 5;
        if (!pseudoAttribute("version", [](std::string_view v) { return v == "1.0"; })) throw Outside{};
        pseudoAttribute("encoding", [](std::string_view v) {
            return v.size() == 5 && std::equal(v.begin(), v.end(), "utf-8", [](char a, char b) {
                       return std::tolower(static_cast<unsigned char>(a)) == b;
                   });
        });
        pseudoAttribute("standalone", [](std::string_view v) { return v == "yes" || v == "no"; });
        space();
        if (!startsWith("?>")) throw Outside{};
        m_at += 2;
    }

    // ` name="value"` (either quote) of the declaration: true, and the reader past it, when it is
    // there with a value `accepted` takes; false, the reader unmoved, when another name (or
    // nothing) follows; Outside for this name with anything else.
    template <typename Accept>
    bool pseudoAttribute(std::string_view name, Accept accepted) {
        const char* at = m_at;
        if (at == m_end || !isXmlSpace(*at)) return false;
        while (at != m_end && isXmlSpace(*at)) ++at;
        if (static_cast<std::size_t>(m_end - at) < name.size() || std::string_view(at, name.size()) != name)
            return false;
        at += name.size();
        if (at == m_end || *at != '=') throw Outside{};
        if (++at == m_end || (*at != '"' && *at != '\'')) throw Outside{};
        const char quote = *at++;
        const char* limit = m_end - at > 16 ? at + 16 : m_end;  // every accepted value is short
        const char* valueEnd = std::find(at, limit, quote);
        if (valueEnd == limit || !accepted(std::string_view(at, static_cast<std::size_t>(valueEnd - at))))
            throw Outside{};
        m_at = valueEnd + 1;
        return true;
    }

    Value value(int depth) {
        if (depth > kMaxReaderDepth) throw Outside{};
        expect("<value>");
        const char* textStart = m_at;
        const char* lt = find("<");
        if (startsWithAt(lt, "</value>")) {  // no type: a string
            std::string s = text(lt);
            m_at = lt + 8;
            return Value(std::move(s));
        }
        for (const char* c = textStart; c < lt; ++c)
            if (!isXmlSpace(*c)) throw Outside{};
        m_at = lt;
        Value v = typed(depth);
        expect("</value>");
        return v;
    }

    Value typed(int depth) {
        if (accept("<string>")) {
            std::string s = text(find("<"));
            expect("</string>");
            return Value(std::move(s));
        }
        if (accept("<i4>")) return integer("</i4>", false);
        if (accept("<int>")) return integer("</int>", false);
        if (accept("<i8>")) return integer("</i8>", true);
        if (accept("<ex:i8>")) return integer("</ex:i8>", true);
        if (accept("<boolean>")) {
            const std::string_view digits = raw("</boolean>");
            if (digits != "0" && digits != "1") throw Outside{};
            return Value(digits == "1");
        }
        if (accept("<double>")) {
            const auto d = readDouble(raw("</double>"));
            if (!d) throw Outside{};
            return Value(*d);
        }
        if (accept("<nil/>") || accept("<ex:nil/>")) return Value();
        if (accept("<nil></nil>") || accept("<ex:nil></ex:nil>")) return Value();
        if (accept("<array>")) return array(depth);
        if (accept("<struct>")) return structure(depth);
        if (accept("<dateTime.iso8601>")) return dateTime(raw("</dateTime.iso8601>"));
        if (accept("<base64>")) return base64(raw("</base64>"));
        throw Outside{};
    }

    Value array(int depth) {
        space();
        expect("<data>");
        space();
        Array items;
        while (!accept("</data>")) {
            items.push_back(value(depth + 1));
            space();
        }
        space();
        expect("</array>");
        return Value(std::move(items));
    }

    Value structure(int depth) {
        space();
        Struct members;
        while (!accept("</struct>")) {
            expect("<member>");
            space();
            expect("<name>");
            std::string name = text(find("<"));
            expect("</name>");
            space();
            Value member = value(depth + 1);
            space();
            expect("</member>");
            space();
            // Members usually arrive sorted (as Struct writes them): the hint makes that linear.
            const std::size_t before = members.size();
            members.emplace_hint(members.end(), std::move(name), std::move(member));
            if (members.size() == before || members.size() > kMaxStructMembers) throw Outside{};
        }
        return Value(std::move(members));
    }

    Value integer(const char* close, bool wide) {
        const std::string_view digits = raw(close);
        std::size_t i = digits.size() > 0 && digits[0] == '-' ? 1 : 0;
        if (i == digits.size() || digits.size() - i > 19) throw Outside{};  // 19 digits cannot overflow
        std::uint64_t magnitude = 0;
        for (; i < digits.size(); ++i) {
            if (digits[i] < '0' || digits[i] > '9') throw Outside{};
            magnitude = magnitude * 10 + static_cast<std::uint64_t>(digits[i] - '0');
            if (magnitude > (std::uint64_t(1) << 63)) throw Outside{};
        }
        const bool negative = digits[0] == '-';
        const std::uint64_t limit =
            wide ? (std::uint64_t(1) << 63) - (negative ? 0 : 1) : (negative ? 0x80000000u : 0x7FFFFFFFu);
        if (magnitude > limit) throw Outside{};
        if (!wide)
            return Value(static_cast<int>(negative ? -static_cast<std::int64_t>(magnitude)
                                                   : static_cast<std::int64_t>(magnitude)));
        return Value(negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude));
    }

    // YYYYMMDDTHH:MM:SS, optionally with .ffffff: the form xmlrpc-c and Python write.
    static Value dateTime(std::string_view text) {
        if (text.size() != 17 && text.size() != 24) throw Outside{};
        auto digits = [&](std::size_t at, std::size_t count) {
            unsigned n = 0;
            for (std::size_t i = at; i < at + count; ++i) {
                if (text[i] < '0' || text[i] > '9') throw Outside{};
                n = n * 10 + static_cast<unsigned>(text[i] - '0');
            }
            return n;
        };
        if (text[8] != 'T' || text[11] != ':' || text[14] != ':' || (text.size() == 24 && text[17] != '.'))
            throw Outside{};
        CivilTime t{};
        t.year = digits(0, 4);
        t.month = digits(4, 2);
        t.day = digits(6, 2);
        t.hour = digits(9, 2);
        t.minute = digits(12, 2);
        t.second = digits(15, 2);
        t.microsecond = text.size() == 24 ? digits(18, 6) : 0;
        // A date that does not exist goes to xmlrpc-c's path, which refuses it naming the field.
        if (t.year < 1000 || !civilProblem(t).empty()) throw Outside{};
        return Value(DateTime(std::chrono::microseconds(microsecondsFromCivil(t))));
    }

    // Standard alphabet, padded, line breaks anywhere (xmlrpc-c writes CRLF every 76).
    static Value base64(std::string_view text) {
        std::string compact;
        compact.reserve(text.size());
        for (const char c : text)
            if (!isXmlSpace(c)) compact += c;
        const std::size_t padding = compact.size() - std::min(compact.size(), compact.find_last_not_of('=') + 1);
        if (compact.size() % 4 != 0 || padding > 2) throw Outside{};
        std::optional<Bytes> bytes = decodeBase64(compact);  // also refuses a '=' before the end
        if (!bytes) throw Outside{};
        return Value(std::move(*bytes));
    }

    // The character data from here to `end` (the next '<'), with references resolved and line
    // ends normalized as XML does. Leaves the reader at `end`.
    std::string text(const char* end) {
        std::string out;
        const auto* bytes = reinterpret_cast<const unsigned char*>(m_at);
        const std::size_t size = static_cast<std::size_t>(end - m_at);
        std::size_t copied = 0;
        for (std::size_t i = 0; i < size;) {
            const unsigned char c = bytes[i];
            if (c >= 0x20 && c < 0x80 && c != '&' && c != ']') {
                ++i;
                continue;
            }
            out.append(m_at + copied, i - copied);
            if (c >= 0x80) {
                const std::size_t length = xmlCharLength(bytes, size, i);
                if (length == 0 || (c == 0xEE && bytes[i + 1] <= 0xAF)) throw Outside{};  // stand-in range: xmlrpc-c's
                out.append(m_at + i, length);
                i += length;
            } else if (c == '&') {
                i += reference(std::string_view(m_at + i, size - i), out);
            } else if (c == ']') {
                if (i + 2 < size && bytes[i + 1] == ']' && bytes[i + 2] == '>') throw Outside{};  // not allowed in text
                out += ']';
                ++i;
            } else if (c == '\r') {  // a line end: CRLF and a lone CR both become LF
                out += '\n';
                i += i + 1 < size && bytes[i + 1] == '\n' ? 2 : 1;
            } else if (c == '\t' || c == '\n') {
                out += static_cast<char>(c);
                ++i;
            } else {
                throw Outside{};
            }
            copied = i;
        }
        out.append(m_at + copied, size - copied);
        m_at = end;
        return out;
    }

    // The reference at the start of `s` appended to `out`; returns its length.
    static std::size_t reference(std::string_view s, std::string& out) {
        static const struct {
            std::string_view name;
            char c;
        } named[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
        for (const auto& entity : named) {
            if (s.compare(0, entity.name.size(), entity.name) == 0) {
                out += entity.c;
                return entity.name.size();
            }
        }
        if (s.size() < 4 || s[1] != '#') throw Outside{};
        const bool hex = s[2] == 'x';
        std::size_t i = hex ? 3 : 2;
        const std::size_t first = i;
        std::uint32_t cp = 0;
        for (; i < s.size() && i - first < 8; ++i) {
            const char c = s[i];
            if (c >= '0' && c <= '9') cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(c - '0');
            else if (hex && c >= 'a' && c <= 'f') cp = cp * 16 + static_cast<std::uint32_t>(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F') cp = cp * 16 + static_cast<std::uint32_t>(c - 'A' + 10);
            else break;
        }
        if (i == first || i >= s.size() || s[i] != ';') throw Outside{};
        // XML 1.0 characters only, and none of the stand-in range (those documents are xmlrpc-c's).
        const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                             (cp >= 0xEC00 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
        if (!allowed) throw Outside{};
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | cp >> 6);
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | cp >> 12);
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | cp >> 18);
            out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        return i + 1;
    }

    // The text up to `close`, unresolved (numbers, dates and base64 hold no references), and
    // the reader past `close`.
    std::string_view raw(const char* close) {
        const char* lt = find("<");
        if (!startsWithAt(lt, close)) throw Outside{};
        const std::string_view text(m_at, static_cast<std::size_t>(lt - m_at));
        m_at = lt + std::strlen(close);
        return text;
    }

    void space() {
        while (m_at != m_end && isXmlSpace(*m_at)) ++m_at;
    }
    bool startsWith(std::string_view s) const { return startsWithAt(m_at, s); }
    bool startsWithAt(const char* at, std::string_view s) const {
        return static_cast<std::size_t>(m_end - at) >= s.size() && std::memcmp(at, s.data(), s.size()) == 0;
    }
    bool accept(std::string_view s) {
        if (!startsWith(s)) return false;
        m_at += s.size();
        return true;
    }
    void expect(std::string_view s) {
        if (!accept(s)) throw Outside{};
    }
    // The next occurrence of `s` from here; throws at the end of the text.
    const char* find(std::string_view s) const {
        const std::string_view rest(m_at, static_cast<std::size_t>(m_end - m_at));
        const std::size_t at = rest.find(s);
        if (at == std::string_view::npos) throw Outside{};
        return m_at + at;
    }

    const char* m_at;
    const char* m_end;
};

}  // namespace

std::optional<Value> readResponse(std::string_view xml) {
    try {
        return Reader(xml).response();
    } catch (const Outside&) {
        return std::nullopt;
    }
}

}  // namespace hostbridge::detail
