// UiService: the methods a host calls, through MethodTable::call on the GUI thread (the bridge
// then runs the work inline), and show's settings (data-driven). Over-the-wire behaviour is in
// test_ui_process.py.

#include <QSignalSpy>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <hostbridge/fault.hpp>

#include "show_settings.hpp"
#include "ui_service.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

Q_DECLARE_METATYPE(hostbridge::Value)

namespace {

// Listens on 127.0.0.1:port (0: any) until destroyed; port() is the bound one.
class Listener {
public:
    explicit Listener(int port = 0) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 && ::listen(m_fd, 1) == 0) {
            socklen_t length = sizeof address;
            ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length);
            m_port = ntohs(address.sin_port);
        }
    }
    ~Listener() { ::close(m_fd); }
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

int faultCodeOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Fault& f) {
        return f.code();
    }
    return 0;
}

}  // namespace

class TestUiService : public QObject {
    Q_OBJECT

    struct Fixture {
        GuiThreadBridge bridge;
        HostRegistry hosts;
        WindowController window;
        int quitCalls = 0;
        NoticeCenter notices;
        UiService service{bridge, hosts, window, notices, [this] { ++quitCalls; }};
        MethodTable table;
        Fixture() { service.bindInto(table); }
    };

private slots:
    void servesTheProtocolMethods() {
        Fixture f;
        const auto names = f.table.methodNames();
        for (const char* name : {"show", "hide", "quit", "kill", "heartbeat", "ping", "hosts", "find_available_port"})
            QVERIFY2(std::find(names.begin(), names.end(), name) != names.end(), name);
    }

    void showAppliesSettingsAndRegistersTheHost() {
        Fixture f;
        QSignalSpy shown(&f.window, &WindowController::shown);
        QSignalSpy geometry(&f.window, &WindowController::geometryRequested);
        const Value settings =
            Struct{{"WindowTitle", "Maya - publish"}, {"ContextLabel", "sh010"},  {"WindowSize", Array{640, 480}},
                   {"WindowPosition", Array{10, 20}}, {"HeartbeatInterval", 2.5}, {"SomethingNewer", "ignored"}};
        QCOMPARE(f.table.call("show", {9001, settings}), Value(true));
        QCOMPARE(f.window.title(), QStringLiteral("Maya - publish"));
        QCOMPARE(f.window.contextLabel(), QStringLiteral("sh010"));
        QCOMPARE(f.window.size(), QSize(640, 480));
        QVERIFY(f.window.hasPosition());
        QCOMPARE(f.window.position(), QPoint(10, 20));
        QVERIFY(f.window.visible());
        QCOMPARE(shown.count(), 1);
        QCOMPARE(geometry.count(), 1);
        QCOMPARE(f.hosts.currentPort(), 9001);
        QCOMPARE(f.hosts.count(), 1);
    }

    void showHandsTheHostToThePublishingSide() {
        Fixture f;
        QList<QPair<int, QString>> handed;
        f.service.setShowHandler([&](int port, const ShowSettings& settings) {
            handed << qMakePair(port, QString::fromStdString(settings.hostToken.value_or("(none)")));
        });
        QCOMPARE(f.table.call("show", {9001, Struct{{"HostToken", "abc123"}}}), Value(true));
        QCOMPARE(f.table.call("show", {9002}), Value(true));                             // legacy: no token
        QCOMPARE(f.table.call("show", {9003, Struct{{"HostToken", ""}}}), Value(true));  // empty: none
        QCOMPARE(handed, (QList<QPair<int, QString>>{{9001, "abc123"}, {9002, "(none)"}, {9003, "(none)"}}));
    }

    // Dark by default (--theme may say otherwise before any show); a host's Theme switches it.
    void showSwitchesTheTheme() {
        Fixture f;
        QVERIFY(f.window.darkTheme());
        QSignalSpy changed(&f.window, &WindowController::themeChanged);
        QCOMPARE(f.table.call("show", {9001, Struct{{"Theme", "light"}}}), Value(true));
        QVERIFY(!f.window.darkTheme());
        QCOMPARE(f.table.call("show", {9001, Struct{{"WindowTitle", "no theme named"}}}), Value(true));
        QVERIFY(!f.window.darkTheme());  // unchanged
        QCOMPARE(f.table.call("show", {9001, Struct{{"Theme", "dark"}}}), Value(true));
        QVERIFY(f.window.darkTheme());
        QCOMPARE(changed.count(), 2);
    }

    void showAcceptsNilOrMissingSettings() {
        Fixture f;
        QCOMPARE(f.table.call("show", {9001}), Value(true));
        QCOMPARE(f.table.call("show", {9002, Value()}), Value(true));
        QCOMPARE(f.hosts.count(), 2);
        QCOMPARE(f.hosts.currentPort(), 9002);
        QCOMPARE(f.window.title(), QStringLiteral("HostBridge"));  // untouched
        QCOMPARE(f.window.size(), QSize(WindowController::kDefaultWidth, WindowController::kDefaultHeight));
    }

    void showRefusesBadInput_data() {
        QTest::addColumn<Value>("port");
        QTest::addColumn<Value>("settings");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("port 0") << Value(0) << Value() << "params[0]";
        QTest::newRow("port 70000") << Value(70000) << Value() << "params[0]";
        QTest::newRow("port as string") << Value("9001") << Value() << "params[0]";
        QTest::newRow("settings as string") << Value(9001) << Value("big") << "expected struct or nil";
        QTest::newRow("title as int") << Value(9001) << Value(Struct{{"WindowTitle", 5}}) << "params[1].WindowTitle";
        QTest::newRow("theme unknown") << Value(9001) << Value(Struct{{"Theme", "pink"}}) << "params[1].Theme";
        QTest::newRow("theme as bool") << Value(9001) << Value(Struct{{"Theme", true}}) << "params[1].Theme";
        QTest::newRow("size of one") << Value(9001) << Value(Struct{{"WindowSize", Array{640}}})
                                     << "params[1].WindowSize";
        QTest::newRow("size too small") << Value(9001) << Value(Struct{{"WindowSize", Array{10, 10}}})
                                        << "params[1].WindowSize";
        QTest::newRow("size of strings") << Value(9001) << Value(Struct{{"WindowSize", Array{"a", "b"}}})
                                         << "params[1].WindowSize";
        QTest::newRow("position not whole")
            << Value(9001) << Value(Struct{{"WindowPosition", Array{1.5, 2}}}) << "params[1].WindowPosition";
        // abs(INT_MIN) is INT_MIN, which passed a check written with std::abs.
        QTest::newRow("position x INT_MIN")
            << Value(9001) << Value(Struct{{"WindowPosition", Array{INT32_MIN, 0}}}) << "params[1].WindowPosition";
        QTest::newRow("position y INT_MIN")
            << Value(9001) << Value(Struct{{"WindowPosition", Array{0, INT32_MIN}}}) << "params[1].WindowPosition";
        QTest::newRow("position INT64_MIN")
            << Value(9001) << Value(Struct{{"WindowPosition", Array{INT64_MIN, 0}}}) << "params[1].WindowPosition";
        QTest::newRow("size INT_MIN") << Value(9001) << Value(Struct{{"WindowSize", Array{INT32_MIN, 100}}})
                                      << "params[1].WindowSize";
        QTest::newRow("heartbeat 0 s") << Value(9001) << Value(Struct{{"HeartbeatInterval", 0}})
                                       << "params[1].HeartbeatInterval";
        QTest::newRow("token as int") << Value(9001) << Value(Struct{{"HostToken", 5}}) << "params[1].HostToken";
        QTest::newRow("hidden sections as string")
            << Value(9001) << Value(Struct{{"HiddenSections", "Collect"}}) << "params[1].HiddenSections";
        QTest::newRow("an empty target") << Value(9001) << Value(Struct{{"targets", Array{"farm", ""}}})
                                         << "params[1].targets";
        QTest::newRow("too many targets")
            << Value(9001) << Value(Struct{{"targets", Array(kMaxShowNames + 1, Value("t"))}}) << "params[1].targets";
        QTest::newRow("autoValidate as string")
            << Value(9001) << Value(Struct{{"autoValidate", "yes"}}) << "params[1].autoValidate";
        QTest::newRow("autoPublish as int")
            << Value(9001) << Value(Struct{{"autoPublish", 1}}) << "params[1].autoPublish";
    }
    void showRefusesBadInput() {
        QFETCH(Value, port);
        QFETCH(Value, settings);
        QFETCH(QString, messagePart);
        Fixture f;
        try {
            f.table.call("show", {port, settings});
            QFAIL("show accepted bad input");
        } catch (const Fault& fault) {
            QCOMPARE(fault.code(), int(FaultCode::InvalidParams));
            QVERIFY2(QString::fromStdString(fault.message()).contains(messagePart), fault.what());
        }
        // Nothing reached the window or the hosts list.
        QVERIFY(!f.window.visible());
        QCOMPARE(f.hosts.count(), 0);
    }

    void settingsReadWholeDoubles() {
        // Some hosts compute sizes as floats: 640.0 is a whole number and accepted.
        const ShowSettings s = parseShowSettings(Struct{{"WindowSize", Array{640.0, 480}}, {"WindowTitle", Value()}});
        QCOMPARE(s.windowSize, std::optional<QSize>(QSize(640, 480)));
        QVERIFY(!s.windowTitle);  // nil counts as absent
    }

    // pyblish-qml 1.x's keys: HiddenSections, targets, autoValidate, autoPublish.
    void pyblishQmlKeys() {
        const ShowSettings none = parseShowSettings(Struct{{"WindowTitle", "x"}});
        QVERIFY(!none.hiddenSections && !none.targets && !none.autoValidate && !none.autoPublish);
        const ShowSettings s = parseShowSettings(Struct{{"HiddenSections", Array{"Collect", "camera"}},
                                                        {"targets", Array{"farm"}},
                                                        {"autoValidate", true},
                                                        {"autoPublish", false}});
        QCOMPARE(s.hiddenSections, std::optional<QStringList>(QStringList{"Collect", "camera"}));
        QCOMPARE(s.targets, std::optional<std::vector<std::string>>(std::vector<std::string>{"farm"}));
        QVERIFY(s.autoValidate && !s.autoPublish);
        const ShowSettings empty = parseShowSettings(Struct{{"HiddenSections", Array{}}});  // nothing folded
        QCOMPARE(empty.hiddenSections, std::optional<QStringList>(QStringList{}));
    }

    void longTextsAreCutAndSaidSo() {
        const std::string title(3 * 1024 * 1024, 'T');
        const ShowSettings s = parseShowSettings(Struct{{"WindowTitle", title}, {"ContextLabel", "sh010"}});
        QCOMPARE(s.windowTitle->size(), kMaxShowTextLength);
        QCOMPARE(*s.contextLabel, QStringLiteral("sh010"));
        QCOMPARE(s.changes.size(), 1);
        QVERIFY2(s.changes[0].contains(QStringLiteral("WindowTitle of 3145728 bytes cut")), qPrintable(s.changes[0]));
        // Never half a character: U+1F600 is two UTF-16 units.
        std::string emoji;
        for (int i = 0; i < kMaxShowTextLength; ++i) emoji += "\xF0\x9F\x98\x80";
        const ShowSettings e = parseShowSettings(Struct{{"ContextLabel", "a" + emoji}});
        QCOMPARE(e.contextLabel->size(), kMaxShowTextLength - 1);
        QVERIFY(!e.contextLabel->back().isHighSurrogate());
        // At the limit nothing is cut.
        const ShowSettings exact = parseShowSettings(Struct{{"WindowTitle", std::string(kMaxShowTextLength, 'x')}});
        QVERIFY(exact.changes.isEmpty());
    }

    void sizesAndPositionsAreFittedToTheScreens() {
        const QList<QRect> screens{QRect(0, 0, 1920, 1080), QRect(1920, 0, 1280, 1024)};
        ShowSettings s =
            parseShowSettings(Struct{{"WindowSize", Array{16384, 16384}}, {"WindowPosition", Array{-65535, 65535}}});
        fitToScreens(s, screens, QSize(430, 600));
        QCOMPARE(*s.windowSize, QSize(1920, 1080));
        QCOMPARE(*s.windowPosition, QPoint(0, 0));  // a 1920 x 1080 window fits only at the top left
        QCOMPARE(s.changes.size(), 2);
        QVERIFY2(s.changes[0].contains(QStringLiteral("16384x16384 reduced to 1920x1080")), qPrintable(s.changes[0]));
        // A position alone is fitted with the window's current size; what fits is left alone.
        ShowSettings p = parseShowSettings(Struct{{"WindowPosition", Array{5000, 900}}});
        fitToScreens(p, screens, QSize(430, 600));
        QCOMPARE(*p.windowPosition, QPoint(3200 - 430, 1080 - 600));
        ShowSettings fits =
            parseShowSettings(Struct{{"WindowSize", Array{640, 480}}, {"WindowPosition", Array{2000, 100}}});
        fitToScreens(fits, screens, QSize(430, 600));
        QCOMPARE(*fits.windowSize, QSize(640, 480));
        QCOMPARE(*fits.windowPosition, QPoint(2000, 100));
        QVERIFY(fits.changes.isEmpty());
        // No screen known (no display): nothing changes.
        ShowSettings none = parseShowSettings(Struct{{"WindowSize", Array{16384, 16384}}});
        fitToScreens(none, {}, QSize(430, 600));
        QCOMPARE(*none.windowSize, QSize(16384, 16384));
    }

    void showFitsToTheScreensAndLogsTheChange() {
        Fixture f;
        f.service.setScreens([] { return QList<QRect>{QRect(0, 0, 800, 600)}; });
        QTest::ignoreMessage(
            QtWarningMsg,
            "show from the host on port 9001: WindowSize 16000x9000 reduced to 800x600, the largest screen");
        QCOMPARE(f.table.call("show", {9001, Struct{{"WindowSize", Array{16000, 9000}}}}), Value(true));
        QCOMPARE(f.window.size(), QSize(800, 600));
    }

    void heartbeatRegistersWithoutWaiting() {
        Fixture f;
        QCOMPARE(f.table.call("heartbeat", {9005}), Value());
        // Posted, not run inline: a heartbeat never waits for the window.
        QTRY_COMPARE_WITH_TIMEOUT(f.hosts.count(), 1, 5000);
        QCOMPARE(f.hosts.rowOfPort(9005), 0);
        QCOMPARE(f.hosts.currentPort(), 0);  // a heartbeat alone does not make a host current
        QCOMPARE(faultCodeOf([&] { f.table.call("heartbeat", {-1}); }), int(FaultCode::InvalidParams));
    }

    void hostsListsEveryHostWithItsState() {
        Fixture f;
        QCOMPARE(f.table.call("hosts", {}), Value(Array{}));
        f.table.call("heartbeat", {9005});
        QCoreApplication::processEvents();
        f.table.call("show", {9001, Value()});
        f.hosts.noteRefused(9005);
        const Value hosts = f.table.call("hosts", {});
        QCOMPARE(hosts.asArray().size(), std::size_t(2));
        const Value& first = hosts.asArray()[0];
        QCOMPARE(first.find("port")->asInt(), 9005);
        QCOMPARE(first.find("state")->asString(), std::string("disconnected"));
        QCOMPARE(first.find("detail")->asString(), std::string("its port refused the connection"));
        QCOMPARE(first.find("current")->asBool(), false);
        const Value& second = hosts.asArray()[1];
        QCOMPARE(second.find("port")->asInt(), 9001);
        QCOMPARE(second.find("state")->asString(), std::string("connected"));
        QCOMPARE(second.find("current")->asBool(), true);
    }

    void hideHidesTheWindow() {
        Fixture f;
        f.table.call("show", {9001});
        QCOMPARE(f.table.call("hide", {}), Value(true));
        QVERIFY(!f.window.visible());
    }

    void quitAndKillAskToQuit() {
        Fixture f;
        f.table.call("show", {9001});
        QCOMPARE(f.table.call("quit", {}), Value(true));
        QVERIFY(!f.window.visible());
        QCOMPARE(f.quitCalls, 0);  // queued: the answer goes out first
        QTRY_COMPARE_WITH_TIMEOUT(f.quitCalls, 1, 5000);
        QCOMPARE(f.table.call("kill", {}), Value(true));
        QTRY_COMPARE_WITH_TIMEOUT(f.quitCalls, 2, 5000);
    }

    void pingNamesTheApplication() {
        Fixture f;
        const Value answer = f.table.call("ping", {});
        QCOMPARE(answer.at("application").asString(), std::string("hostbridge-ui"));
        QVERIFY(!answer.at("message").asString().empty());
        QCOMPARE(answer.at("pid").asInt(), std::int64_t(::getpid()));
    }

    void findAvailablePortSkipsTakenPorts() {
        Fixture f;
        Listener taken;
        QVERIFY(taken.port() > 0);
        const auto found = f.table.call("find_available_port", {taken.port()}).asInt();
        QVERIFY(found != taken.port());
        QVERIFY(found > taken.port() && found < taken.port() + 100);
        Listener proof(static_cast<int>(found));  // really free: we can bind it
        QCOMPARE(proof.port(), static_cast<int>(found));

        QVERIFY(f.table.call("find_available_port", {0}).asInt() > 0);  // 0: the system picks
        QCOMPARE(faultCodeOf([&] { f.table.call("find_available_port", {70000}); }), int(FaultCode::InvalidParams));
    }
};

QTEST_GUILESS_MAIN(TestUiService)
#include "tst_ui_service.moc"
