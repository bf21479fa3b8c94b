// NoticeCenter and the notify / ask methods: what a host tells or asks the artist. Notices queue
// and are dismissed; questions are answered by the artist, or with their default at their
// deadline (shown or still queued); bad input is a fault naming the member; ask over the
// method table waits on a server thread while the GUI thread stays free.

#include <QSignalSpy>
#include <QtTest>

#include <future>

#include <hostbridge/fault.hpp>
#include <hostbridge/method_table.hpp>

#include "notice_center.hpp"
#include "ui_service.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;
using namespace std::chrono_literals;

namespace {

std::string faultMessage(const std::function<void()>& call) {
    try {
        call();
    } catch (const Fault& fault) {
        return std::to_string(fault.code()) + " " + fault.message();
    }
    return "no fault";
}

}  // namespace

class TestNoticeCenter : public QObject {
    Q_OBJECT

private slots:
    void parsesNoticesAndQuestions() {
        const Notice notice =
            parseNotice(9001, Struct{{"level", "warning"}, {"title", "Disk"}, {"message", "90% full"}});
        QCOMPARE(notice.level, QStringLiteral("warning"));
        QCOMPARE(notice.title, QStringLiteral("Disk"));
        QCOMPARE(notice.hostPort, 9001);
        const Question plain = parseQuestion(9001, Struct{{"question", "Publish?"}});
        QCOMPARE(plain.choices, (QStringList{"Yes", "No"}));
        QCOMPARE(plain.defaultChoice, QStringLiteral("Yes"));
        QCOMPARE(plain.timeout, 30000ms);
        const Question full = parseQuestion(
            9001,
            Struct{{"question", "Which?"}, {"choices", Array{"a", "b", "c"}}, {"default", "c"}, {"timeout", 1.5}});
        QCOMPARE(full.defaultChoice, QStringLiteral("c"));
        QCOMPARE(full.timeout, 1500ms);

        QCOMPARE(faultMessage([] {
                     parseNotice(1, Struct{{"level", "fatal"}, {"message", "x"}});
                 }),
                 std::string("-32602 params[1].level: expected info, warning or error"));
        QCOMPARE(faultMessage([] {
                     parseNotice(1, Struct{{"level", "info"}});
                 }),
                 std::string("-32602 params[1].message: missing member"));
        QCOMPARE(faultMessage([] {
                     parseQuestion(1, Struct{{"question", "q"}, {"choices", Array{"only"}}});
                 }),
                 std::string("-32602 params[1].choices: expected 2 to 10 choices"));
        QCOMPARE(faultMessage([] {
                     parseQuestion(1, Struct{{"question", "q"}, {"default", "Maybe"}});
                 }),
                 std::string("-32602 params[1].default: expected one of the choices"));
        QCOMPARE(faultMessage([] {
                     parseQuestion(1, Struct{{"question", "q"}, {"timeout", 0}});
                 }),
                 std::string("-32602 params[1].timeout: expected seconds from 0 to 3600"));
        QCOMPARE(faultMessage([] { parseQuestion(1, Value("q")); }),
                 std::string("-32602 params[1]: expected struct, got string"));
    }

    void noticesQueueUntilDismissed() {
        NoticeCenter center;
        QSignalSpy logged(&center, &NoticeCenter::noticed);
        center.notify({"info", "One", "first", 9001});
        center.notify({"error", "Two", "second", 9001});
        QCOMPARE(center.noticeTitle(), QStringLiteral("One"));
        QCOMPARE(center.pendingNotices(), 2);
        center.dismissNotice();
        QCOMPARE(center.noticeLevel(), QStringLiteral("error"));
        center.dismissNotice();
        QVERIFY(!center.hasNotice());
        center.dismissNotice();  // nothing to dismiss: no harm
        QCOMPARE(logged.count(), 2);
        for (int i = 0; i < NoticeCenter::kMaxNotices + 20; ++i) center.notify({"info", "n", QString::number(i), 1});
        QCOMPARE(center.pendingNotices(), NoticeCenter::kMaxNotices);  // bounded: the oldest went
    }

    void questionsAnsweredByTheArtistOrByTheirDeadline() {
        NoticeCenter center;
        QSignalSpy answered(&center, &NoticeCenter::answered);
        auto first = center.ask({"Publish?", {"Yes", "No"}, "No", 10s, 9001});
        auto second = center.ask({"Overwrite?", {"Keep", "Replace"}, "Keep", 300ms, 9001});  // expires while queued
        QCOMPARE(center.questionText(), QStringLiteral("Publish?"));
        QVERIFY(center.questionSecondsLeft() >= 9);
        QVERIFY(!center.answer(QStringLiteral("Maybe")));
        QTRY_COMPARE_WITH_TIMEOUT(second.wait_for(0ms) == std::future_status::ready, true, 3000);
        QCOMPARE(second.get(), QStringLiteral("Keep"));
        QVERIFY(answered.last().at(2).toBool());                      // by timeout
        QCOMPARE(center.questionText(), QStringLiteral("Publish?"));  // still shown
        QVERIFY(center.answer(QStringLiteral("Yes")));
        QCOMPARE(first.get(), QStringLiteral("Yes"));
        QVERIFY(!answered.last().at(2).toBool());
        QVERIFY(!center.hasQuestion());

        std::shared_future<QString> left;
        {
            NoticeCenter gone;
            left = gone.ask({"Still there?", {"Yes", "No"}, "No", 60s, 1});
        }
        QCOMPARE(left.get(), QStringLiteral("No"));  // the window went away: the default, not a hang
    }

    void askOverTheWireWaitsOffTheGuiThread() {
        GuiThreadBridge bridge;
        HostRegistry hosts;
        WindowController window;
        NoticeCenter notices;
        UiService service(bridge, hosts, window, notices, [] {});
        MethodTable table;
        service.bindInto(table);
        for (const char* name : {"publish_update", "notify", "ask"}) {
            const auto names = table.methodNames();
            QVERIFY2(std::find(names.begin(), names.end(), name) != names.end(), name);
        }
        // The artist answers on the GUI thread while a server thread waits in ask().
        auto answer = std::async(std::launch::async, [&] {
            return table.call("ask", {9001, Struct{{"question", "Publish 13 instances?"}, {"timeout", 20}}});
        });
        QTRY_VERIFY_WITH_TIMEOUT(notices.hasQuestion(), 5000);
        QVERIFY(notices.answer(QStringLiteral("No")));
        QTRY_VERIFY_WITH_TIMEOUT(answer.wait_for(0ms) == std::future_status::ready, 5000);
        QCOMPARE(answer.get(), Value("No"));

        auto timedOut = std::async(std::launch::async, [&] {
            return table.call("ask", {9001, Struct{{"question", "q"}, {"default", "No"}, {"timeout", 0.3}}});
        });
        QTRY_VERIFY_WITH_TIMEOUT(timedOut.wait_for(0ms) == std::future_status::ready, 5000);
        QCOMPARE(timedOut.get(), Value("No"));

        QCOMPARE(table.call("notify", {9001, Struct{{"level", "info"}, {"message", "Published"}}}), Value(true));
        QTRY_COMPARE_WITH_TIMEOUT(notices.noticeMessage(), QStringLiteral("Published"), 5000);

        // publish_update reaches the handler on the GUI thread, in order.
        QList<int> seen;
        service.setUpdateHandler([&](int port, const Array& updates) { seen << port << int(updates.size()); });
        QCOMPARE(
            table.call("publish_update", {9001, Array{Struct{{"kind", "progress"}}, Struct{{"kind", "progress"}}}}),
            Value());
        QTRY_COMPARE_WITH_TIMEOUT(seen, (QList<int>{9001, 2}), 5000);
    }
};

QTEST_GUILESS_MAIN(TestNoticeCenter)
#include "tst_notice_center.moc"
