// The direct XML writer and reader (xml_writer, xml_reader) against xmlrpc-c, which they stand
// in for on the common path: the writer must give xmlrpc-c's bytes exactly, the reader
// xmlrpc-c's values exactly, and every document the reader does not take must reach xmlrpc-c.
#include "xml_codec.hpp"
#include "xml_reader.hpp"
#include "xml_writer.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <random>

using namespace hostbridge;
using namespace hostbridge::detail;

namespace {

DateTime at(std::int64_t secondsSinceEpoch, std::int64_t micro = 0) {
    return DateTime(std::chrono::microseconds(secondsSinceEpoch * 1000000 + micro));
}

Bytes bytesOf(std::size_t size) {
    Bytes b(size);
    for (std::size_t i = 0; i < size; ++i) b[i] = static_cast<unsigned char>(i * 7 + 3);
    return b;
}

std::string response(const std::string& valueXml) {
    return "<?xml version=\"1.0\"?><methodResponse><params><param>" + valueXml + "</param></params></methodResponse>";
}

// Every type and the edges of each, as one row each.
std::vector<Value> edgeValues() {
    return {Value(),
            Value(true),
            Value(false),
            Value(0),
            Value(INT32_MAX),
            Value(INT32_MIN),
            Value(std::int64_t(INT32_MAX) + 1),
            Value(std::int64_t(INT32_MIN) - 1),
            Value(INT64_MAX),
            Value(INT64_MIN),
            Value(0.1),
            Value(-0.0),
            Value(5e-324),
            Value(1e21),
            Value(1.7976931348623157e308),
            Value(-2.5e-7),
            Value(""),
            Value("plain"),
            Value("a<b&c>d \"quoted\" 'single'"),
            Value("cr\r lf\n crlf\r\n tab\t"),
            Value("über ✓ 日本 \xC2\x85 \x7F \xEF\xBF\xBD"),
            Value("take 🎬 😀 \xF4\x8F\xBF\xBF"),
            Value("]]> and ]]"),
            Value(at(1795255200)),
            Value(at(0, 250000)),
            Value(at(-30610224000)),
            Value(at(253402300799, 999999)),
            Value(bytesOf(0)),
            Value(bytesOf(1)),
            Value(bytesOf(2)),
            Value(bytesOf(3)),
            Value(bytesOf(56)),
            Value(bytesOf(57)),
            Value(bytesOf(58)),
            Value(bytesOf(114)),
            Value(bytesOf(200)),
            Value(Array{}),
            Value(Struct{}),
            Value(Array{1, "a", Array{Struct{{"b", Array{}}}}}),
            Value(Struct{{"<&>", 3}, {"🎬", "x"}, {"", 4}, {"über", Struct{{"in", Value()}}}})};
}

// A reproducible random Value: nested arrays and structs of every type.
Value randomValue(std::mt19937& random, int depth) {
    const int kind = static_cast<int>(random() % (depth > 3 ? 7 : 9));
    // Member names without CR: xmlrpc-c writes it as a line end, so it would not come back.
    auto text = [&](bool memberName) {
        static const char* const pieces[] = {"a", "Z",  " ", "<",  ">",   "&", "\n", "\t",
                                             "é", "日", "🎬", "\"", "]]>", "0", "\r"};
        std::string s;
        for (unsigned n = random() % 6; n > 0; --n) s += pieces[random() % (memberName ? 14 : 15)];
        return s;
    };
    switch (kind) {
    case 0: return Value();
    case 1: return Value(random() % 2 == 0);
    case 2: {
        const std::int64_t magnitude = static_cast<std::int64_t>(random()) << (random() % 31);
        return Value(random() % 2 ? magnitude : -magnitude);
    }
    case 3: return Value(std::ldexp(static_cast<double>(random()), static_cast<int>(random() % 200) - 100));
    case 4: return Value(text(false));
    case 5: return Value(at(static_cast<std::int64_t>(random() % 4000000000u), random() % 3 ? 0 : random() % 1000000));
    case 6: return Value(bytesOf(random() % 130));
    case 7: {
        Array a;
        for (unsigned n = random() % 5; n > 0; --n) a.push_back(randomValue(random, depth + 1));
        return Value(std::move(a));
    }
    default: {
        Struct s;
        for (unsigned n = random() % 5; n > 0; --n) s[text(true)] = randomValue(random, depth + 1);
        return Value(std::move(s));
    }
    }
}

std::vector<Value> valuesToCompare() {
    std::vector<Value> values = edgeValues();
    // A CR in a member name is written as a line end (as xmlrpc-c does): compared by bytes only.
    values.push_back(Struct{{"k\rx", 1}, {"k\r\ny", 2}});
    std::mt19937 random(20261122);
    for (int i = 0; i < 400; ++i) values.push_back(randomValue(random, 0));
    return values;
}

}  // namespace

TEST(DirectWriter, WritesXmlrpcCsBytesExactly) {
    for (const Value& value : valuesToCompare()) {
        std::string written;
        ASSERT_TRUE(writeResponse(value, written));
        ASSERT_EQ(written, encodeResponseWithXmlrpcC(value)) << written;
        ASSERT_TRUE(writeCall("some.method", {value, 1}, written));
        ASSERT_EQ(written, encodeCallWithXmlrpcC("some.method", {value, 1})) << written;
    }
}

TEST(DirectWriter, WritesTheExpectedDocument) {
    std::string written;
    ASSERT_TRUE(writeResponse(Value(Struct{{"a", Array{1, "x<\r"}}}), written));
    EXPECT_EQ(written,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<methodResponse>\r\n<params>\r\n<param><value><struct>\r\n"
              "<member><name>a</name>\r\n<value><array><data>\r\n<value><i4>1</i4></value>\r\n"
              "<value><string>x&lt;&#x0d;</string></value>\r\n</data></array></value></member>\r\n</struct></value>"
              "</param>\r\n</params>\r\n</methodResponse>\r\n");
    ASSERT_TRUE(writeCall("m", {}, written));
    EXPECT_EQ(written,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<methodCall>\r\n<methodName>m</methodName>\r\n"
              "<params>\r\n</params>\r\n</methodCall>\r\n");
}

TEST(DirectWriter, RefusesTextThatIsNotUtf8WithItsPath) {
    // xmlrpc-c itself crashed on these (a SIGSEGV freeing its half-made string).
    for (const char* bad : {"\xC0\x80", "\xED\xA0\x80", "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xF4\x90\x80\x80",
                            "\xE0\x80\x80", "\xF0\x80\x80\x80", "cut \xE6\x97", "\x80", "\xFF"}) {
        SCOPED_TRACE(bad);
        try {
            encodeResponse(Value(Struct{{"list", Array{1, std::string(bad)}}}));
            ADD_FAILURE() << "accepted";
        } catch (const ConversionError& e) {
            EXPECT_EQ(e.path(), ".list[1]");
        }
        EXPECT_THROW(encodeResponse(Value(Struct{{std::string(bad), 1}})), ConversionError);
        EXPECT_THROW(encodeCall("m", {std::string(bad)}), ConversionError);
    }
}

TEST(DirectWriter, LeavesTheStandInRangeAndOddMethodNamesToXmlrpcC) {
    std::string written;
    EXPECT_FALSE(writeResponse(Value(Array{"\xEE\x80\x81", 0.5}), written));
    EXPECT_FALSE(writeResponse(Value(Struct{{"\xEE\xAF\xBF", 1}}), written));
    EXPECT_TRUE(writeResponse(Value("\xEE\xB0\x80"), written));  // U+EC00: past the range
    ASSERT_TRUE(writeCall("a<b&c>d.e", {}, written));
    EXPECT_EQ(written, encodeCallWithXmlrpcC("a<b&c>d.e", {}));
    EXPECT_FALSE(writeCall("m\r", {}, written));
    EXPECT_THROW(encodeCall("m\r", {"\xC0\x80"}), ConversionError);  // checked before xmlrpc-c sees it
    EXPECT_EQ(encodeCall("m\r", {}), encodeCallWithXmlrpcC("m\r", {}));
}

TEST(DirectReader, ReadsWhatXmlrpcCReads) {
    for (const Value& value : valuesToCompare()) {
        const std::string xml = encodeResponse(value);
        const std::optional<Value> read = readResponse(xml);
        ASSERT_TRUE(read.has_value()) << xml;
        const auto reference = parseResponseWithXmlrpcC(xml);
        ASSERT_TRUE(std::holds_alternative<Value>(reference)) << xml;
        ASSERT_EQ(*read, std::get<Value>(reference)) << xml;
        if (value.type() != ValueType::Struct || !value.find("k\rx")) {
            ASSERT_EQ(*read, value) << xml;
        }
    }
}

TEST(DirectReader, ReadsPythonsLayoutAndEveryPlainSpelling) {
    // As Python's xmlrpc.client.dumps(..., methodresponse=True) writes it.
    const std::string python =
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>n</name>\n"
        "<value><int>-7</int></value>\n</member>\n<member>\n<name>d</name>\n<value><double>24.0</double></value>\n"
        "</member>\n<member>\n<name>s</name>\n<value><string>a &amp; b &lt;c&gt; \"q\"</string></value>\n</member>\n"
        "<member>\n<name>l</name>\n<value><array><data>\n<value><boolean>1</boolean></value>\n<value><nil/></value>\n"
        "<value><dateTime.iso8601>20261121T10:00:00</dateTime.iso8601></value>\n<value><base64>\nAAH/\n</base64></"
        "value>\n"
        "</data></array></value>\n</member>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n";
    const Value expected(Struct{{"n", -7},
                                {"d", 24.0},
                                {"s", "a & b <c> \"q\""},
                                {"l", Array{true, Value(), at(1795255200), Bytes{0, 1, 255}}}});
    ASSERT_EQ(readResponse(python), expected);
    EXPECT_EQ(std::get<Value>(parseResponseWithXmlrpcC(python)), expected);

    const struct {
        const char* value;
        Value expected;
    } rows[] = {
        {"<value>bare</value>", Value("bare")},
        {"<value></value>", Value("")},
        {"<value><string></string></value>", Value("")},
        {"<value><i4>007</i4></value>", Value(7)},
        {"<value><int>-0</int></value>", Value(0)},
        {"<value><i8>-9223372036854775808</i8></value>", Value(INT64_MIN)},
        {"<value><ex:i8>5000000000</ex:i8></value>", Value(std::int64_t(5000000000))},
        {"<value><ex:nil/></value>", Value()},
        {"<value><double>1e-05</double></value>", Value(1e-5)},
        {"<value><double> +2.5 </double></value>", Value(2.5)},
        {"<value><string>a&#13;b&#x0D;c\r\nd\re</string></value>", Value("a\rb\rc\nd\ne")},
        {"<value><string>&#x1F3AC;&#233;&apos;&quot;</string></value>", Value("🎬é'\"")},
        {"<value><dateTime.iso8601>19700101T00:00:00.250000</dateTime.iso8601></value>", Value(at(0, 250000))},
        {"<value><base64>AAH/\r\nAA==</base64></value>", Value(Bytes{0, 1, 255, 0})},
        {"<value><array>\n <data>\n </data>\n </array></value>", Value(Array{})},
        {"<value>\n <i4>1</i4></value>", Value(1)},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.value);
        const std::string xml = response(row.value);
        EXPECT_EQ(readResponse(xml), row.expected);
        const auto reference = parseResponseWithXmlrpcC(xml);
        ASSERT_TRUE(std::holds_alternative<Value>(reference));
        EXPECT_EQ(std::get<Value>(reference), row.expected);
    }
}

TEST(DirectReader, ReadsTheDeclarationsPeersWrite) {
    const std::string rest = response("<value>x</value>").substr(21);
    for (const std::string declaration :
         {"", "<?xml version=\"1.0\"?>", "<?xml version='1.0'?>\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
          "<?xml version=\"1.0\" encoding='utf-8' standalone=\"yes\" ?>"}) {
        SCOPED_TRACE(declaration);
        EXPECT_EQ(readResponse(declaration + rest), Value("x"));
        EXPECT_EQ(std::get<Value>(parseResponseWithXmlrpcC(declaration + rest)), Value("x"));
    }
}

TEST(DirectReader, LeavesEverythingElseToXmlrpcC) {
    std::string deep;
    for (int i = 0; i < kMaxReaderDepth; ++i) deep += "<value><array><data>";
    deep += "<value>x</value>";
    for (int i = 0; i < kMaxReaderDepth; ++i) deep += "</data></array></value>";
    std::string manyMembers = "<value><struct>";
    for (int i = 0; i < 10001; ++i)
        manyMembers += "<member><name>m" + std::to_string(i) + "</name><value>1</value></member>";
    manyMembers += "</struct></value>";
    const std::string outside[] = {
        "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member>"
        "<member><name>faultString</name><value><string>x</string></value></member></struct></value></fault></"
        "methodResponse>",
        "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY e \"x\">]>" + response("<value>&e;</value>").substr(21),
        "<?xml version=\"1.0\" "
        "encoding=\"ISO-8859-1\"?><methodResponse><params><param><value>\xE9</value></param></params></methodResponse>",
        "\xEF\xBB\xBF" + response("<value>x</value>"),
        response("<!-- c --><value>x</value>"),
        response("<value><string><![CDATA[x]]></string></value>"),
        response("<value><string a=\"1\">x</string></value>"),
        response("<value><i4>1</i4> </value>"),
        response("<value>x<i4>1</i4></value>"),
        response("<value><i4>+5</i4></value>"),
        response("<value><i4>2147483648</i4></value>"),
        response("<value><i8>9223372036854775808</i8></value>"),
        response("<value><boolean>true</boolean></value>"),
        response("<value><double>nan</double></value>"),
        response("<value><dateTime.iso8601>2026-11-21T10:00:00</dateTime.iso8601></value>"),
        response("<value><dateTime.iso8601>20260230T10:00:00</dateTime.iso8601></value>"),
        response("<value><base64>A===</base64></value>"),
        response("<value><struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</"
                 "value></member></struct></value>"),
        response(manyMembers),
        response(deep),
        response("<value>\xEE\x80\x81</value>"),
        response("<value>&#xE000;</value>"),
        response("<value>&#1;</value>"),
        response("<value>&nbsp;</value>"),
        response("<value>\x01</value>"),
        response("<value>\xC0\x80</value>"),
        response("<value>a]]>b</value>"),
        response("<value/>"),
        response("<value>x</value>") + "trailing",
        response("<value>x</value>").substr(0, 60),
        response("<value>x</value>") + '\0',
        // Declarations other than exactly version, encoding UTF-8, standalone (a reviewer found
        // these read as if nothing were wrong).
        "<?xml foo bar?>" + response("<value>x</value>").substr(21),
        "<?xml encoding=\"utf-8\"?>" + response("<value>x</value>").substr(21),
        "<?xml VERSION=\"1.0\" ENCODING=\"UTF-8\"?>" + response("<value>x</value>").substr(21),
        "<?xml version=\"1.0\" standalone=\"maybe\"?>" + response("<value>x</value>").substr(21),
        "<?xml version=\"1.0\" encoding=\"utf-8\" foo=\"encoding\"?>" + response("<value>x</value>").substr(21),
        std::string("<?xml version=\"1.0\"\0?>") + response("<value>x</value>").substr(21),
        "<?xml version=\"1.1\"?>" + response("<value>x</value>").substr(21),
    };
    for (const std::string& xml : outside) {
        SCOPED_TRACE(xml.substr(0, 120));
        EXPECT_FALSE(readResponse(xml).has_value());
        // parseResponse then answers exactly what xmlrpc-c answers.
        std::string direct, reference;
        try {
            const auto outcome = parseResponse(xml);
            direct = std::holds_alternative<Value>(outcome) ? "value" : std::get<Fault>(outcome).what();
        } catch (const Fault& f) {
            direct = "refused with " + std::to_string(f.code());  // (xmlrpc-c's messages vary from run to run)
        }
        try {
            const auto outcome = parseResponseWithXmlrpcC(xml);
            reference = std::holds_alternative<Value>(outcome) ? "value" : std::get<Fault>(outcome).what();
        } catch (const Fault& f) {
            reference = "refused with " + std::to_string(f.code());
        }
        EXPECT_EQ(direct, reference);
    }
}

TEST(DirectReader, ReadsALargeDocumentQuickly) {
    // 10,000 pyblish-like instances (~5 MB): a sanity bound far above the expected ~30 ms.
    Array children;
    for (int i = 0; i < 10000; ++i)
        children.push_back(Struct{{"name", "item_" + std::to_string(i)},
                                  {"id", std::to_string(i)},
                                  {"data", Struct{{"frameStart", 1001},
                                                  {"path", "/projects/show/seq/shot/item_" + std::to_string(i) + ".ma"},
                                                  {"families", Array{"review", "model"}},
                                                  {"publish", true}}}});
    const Value context(Struct{{"children", std::move(children)}});
    const auto begin = std::chrono::steady_clock::now();
    const std::string xml = encodeResponse(context);
    EXPECT_EQ(std::get<Value>(parseResponse(xml)), context);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(2));
}
