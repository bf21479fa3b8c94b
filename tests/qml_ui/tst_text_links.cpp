// linkedHtml: a host's plain text as StyledText with its web addresses as links: everything
// escaped, only http(s) addresses linked, the punctuation after an address left out of it.

#include <QtTest>

#include "text_links.hpp"

using namespace hostbridge::ui;

class TestTextLinks : public QObject {
    Q_OBJECT

private slots:
    void linksAddresses_data() {
        QTest::addColumn<QString>("plain");
        QTest::addColumn<QString>("html");
        QTest::newRow("no address: empty, shown as plain text") << "Models must be named <asset>_GEO."
                                                                << "";
        QTest::newRow("another scheme is not linked") << "see javascript://x or file:///etc/passwd"
                                                      << "";
        QTest::newRow("only a scheme") << "http:// is a prefix"
                                       << "";
        QTest::newRow("one address") << "Naming: https://wiki.example.com/naming"
                                     << "Naming: <a href=\"https://wiki.example.com/naming\">"
                                        "https://wiki.example.com/naming</a>";
        QTest::newRow("sentence ends after it") << "See http://example.com/a."
                                                << "See <a href=\"http://example.com/a\">http://example.com/a</a>.";
        QTest::newRow("in parentheses") << "(https://x.example/y)"
                                        << "(<a href=\"https://x.example/y\">https://x.example/y</a>)";
        QTest::newRow("query: & in the href as is, escaped in the text")
            << "https://x.example/?a=1&b=2"
            << "<a href=\"https://x.example/?a=1&b=2\">https://x.example/?a=1&amp;b=2</a>";
        QTest::newRow("markup around it is escaped")
            << "<b>bold</b> \"q\" & https://x.example <img src=x>"
            << "&lt;b&gt;bold&lt;/b&gt; &quot;q&quot; &amp; <a href=\"https://x.example\">https://x.example</a> "
               "&lt;img src=x&gt;";
        QTest::newRow("an address stops at markup")
            << "https://x.example/<script>"
            << "<a href=\"https://x.example/\">https://x.example/</a>&lt;script&gt;";
        QTest::newRow("two, and line breaks") << "a https://one.example\nb HTTP://TWO.example"
                                              << "a <a href=\"https://one.example\">https://one.example</a><br>b "
                                                 "<a href=\"HTTP://TWO.example\">HTTP://TWO.example</a>";
    }

    void linksAddresses() {
        QFETCH(QString, plain);
        QFETCH(QString, html);
        QCOMPARE(linkedHtml(plain), html);
    }

    void escapesWithoutLinking() {
        QCOMPARE(escapedHtml(u"<b>x</b> & \"y\"\nhttps://x.example"),
                 QStringLiteral("&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;<br>https://x.example"));
    }

    void theQmlSingletonGivesTheSame() {
        TextLinks links;
        QCOMPARE(links.html(QStringLiteral("go https://x.example")),
                 linkedHtml(QStringLiteral("go https://x.example")));
        QCOMPARE(links.escaped(QStringLiteral("<i>")), QStringLiteral("&lt;i&gt;"));
    }
};

QTEST_GUILESS_MAIN(TestTextLinks)
#include "tst_text_links.moc"
