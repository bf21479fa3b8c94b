// LiveActivity: updates a host pushes while a plug-in runs count only for the pair in flight on
// the current host; each record index is shown once; the Result then learns which it need not
// show again; progress reads as "done / total message".

#include <QSignalSpy>
#include <QtTest>

#include "live_activity.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

namespace {

Value record(const char* plugin, const Value& instance, int index, const char* message, int level = 20) {
    return Struct{
        {"kind", "record"},
        {"plugin", plugin},
        {"instance", instance},
        {"index", index},
        {"record", Struct{{"levelno", level}, {"levelname", level >= 30 ? "WARNING" : "INFO"}, {"message", message}}}};
}

Value progress(const char* plugin, const Value& instance, int done, int total, const char* message) {
    return Struct{{"kind", "progress"}, {"plugin", plugin}, {"instance", instance},
                  {"done", done},       {"total", total},   {"message", message}};
}

}  // namespace

class TestLiveActivity : public QObject {
    Q_OBJECT

private slots:
    void showsThePairInFlightOnly() {
        LiveActivity live;
        QSignalSpy records(&live, &LiveActivity::recordArrived);
        live.apply(9001, {record("p1", "i1", 0, "too early")});  // nothing in flight
        QCOMPARE(records.count(), 0);

        live.begin(9001, "p1", "i1", "i1");
        QVERIFY(live.active());
        QCOMPARE(live.fraction(), -1.0);
        live.apply(9001, {record("p1", "i1", 0, "opening"), progress("p1", "i1", 3, 10, "writing frame 1003"),
                          record("p2", "i1", 0, "another plug-in"), record("p1", "i2", 0, "another instance"),
                          Value("not an update"), record("p1", "i1", 0, "index 0 again"),
                          record("p1", "i1", 1, "closing", 30)});
        live.apply(9002, {record("p1", "i1", 2, "another host")});
        QCOMPARE(records.count(), 2);
        QCOMPARE(live.text(), QStringLiteral("3 / 10 writing frame 1003"));
        QCOMPARE(live.fraction(), 0.3);
        QCOMPARE(live.lines(), (QStringList{"INFO opening", "WARNING closing"}));
        QCOMPARE(live.pluginId(), QStringLiteral("p1"));

        const std::set<int> shown = live.end(0);
        QCOMPARE(shown, (std::set<int>{0, 1}));
        QVERIFY(!live.active());
        live.apply(9001, {record("p1", "i1", 2, "late: the Result has it")});
        QCOMPARE(records.count(), 2);
    }

    void contextPairsAndRecordsWithoutProgress() {
        LiveActivity live;
        live.begin(9001, "collect", "", "context-7");  // the host names the context with nil
        QCOMPARE(live.instanceId(), QStringLiteral("context-7"));
        live.apply(9001, {record("collect", Value(), 0, "found 13 nodes")});
        QCOMPARE(live.text(), QStringLiteral("found 13 nodes"));
        live.apply(9001, {record("collect", "context-7", 1, "not how the host names the context")});
        QCOMPARE(live.lines().size(), 1);
    }

    // A repair then a validation of the same pair: a late update of the repair (call 5, whose
    // Result is in) must not pass for the validation's (call 6) record of the same index.
    void lateUpdatesOfAFinishedCallAreDropped() {
        LiveActivity live;
        live.begin(9001, "p", "i", "i");
        live.end(5);
        live.begin(9001, "p", "i", "i");
        Value late = record("p", "i", 0, "the repair's record");
        late.asStruct()["call"] = 5;
        Value current = record("p", "i", 0, "the validation's record");
        current.asStruct()["call"] = 6;
        live.apply(9001, {late, current});
        QCOMPARE(live.lines(), (QStringList{"INFO the validation's record"}));
        live.end(6);

        // A call that broke off (a timeout: no number) and the next one of the same pair: the
        // broken call's late records do not hide the next call's records of the same index.
        live.begin(9001, "p", "i", "i");
        Value broken = record("p", "i", 0, "call 7, never answered");
        broken.asStruct()["call"] = 7;
        live.apply(9001, {broken});
        live.end(0);
        live.begin(9001, "p", "i", "i");
        Value lateBroken = record("p", "i", 1, "call 7, late");
        lateBroken.asStruct()["call"] = 7;
        live.apply(9001, {lateBroken});
        QCOMPARE(live.end(8), std::set<int>{});  // call 8 showed nothing: its Result logs all of its records

        // Another host numbers its calls afresh.
        live.begin(9002, "p", "i", "i");
        Value first = record("p", "i", 0, "another host's first call");
        first.asStruct()["call"] = 1;
        live.apply(9002, {first});
        QCOMPARE(live.lines().size(), 1);
    }

    void linesAreBounded() {
        LiveActivity live;
        live.begin(1, "p", "i", "i");
        Array many;
        for (int i = 0; i < LiveActivity::kMaxLines + 50; ++i) many.push_back(record("p", "i", i, "line"));
        live.apply(1, many);
        QCOMPARE(live.lines().size(), LiveActivity::kMaxLines);
        QCOMPARE(live.end(0).size(), std::size_t(LiveActivity::kMaxLines + 50));  // all shown, in the log
    }

    // A call that goes on past kLastingAfter is "lasting" (its rows animate) until it ends; a
    // quick one never is.
    void aCallThatGoesOnIsLasting() {
        LiveActivity live;
        live.begin(9001, "p1", "i1", "i1");
        QVERIFY(live.active());
        QVERIFY(!live.lasting());
        live.end(0);
        QTest::qWait(static_cast<int>(LiveActivity::kLastingAfter.count()) + 100);
        QVERIFY(!live.lasting());  // ended before: never lasting
        live.begin(9001, "p1", "i2", "i2");
        QSignalSpy changed(&live, &LiveActivity::changed);
        QTRY_VERIFY(live.lasting());
        QCOMPARE(changed.count(), 1);
        live.begin(9001, "p2", "i2", "i2");  // the next call starts afresh
        QVERIFY(!live.lasting());
        QTRY_VERIFY(live.lasting());
        live.end(0);
        QVERIFY(!live.lasting());
        QVERIFY(!live.active());
    }
};

QTEST_GUILESS_MAIN(TestLiveActivity)
#include "tst_live_activity.moc"
