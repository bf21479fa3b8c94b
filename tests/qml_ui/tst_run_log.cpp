// RunLogModel and RunLogFilter under QAbstractItemModelTester: lines from results and events,
// separators, the bound (oldest dropped, said in the first line), the text filter and the level
// toggles.

#include <QAbstractItemModelTester>
#include <QtTest>

#include "run_log_filter.hpp"
#include "run_log_model.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

namespace {

Value record(const std::string& message, int level) {
    return Struct{{"name", "pyblish"}, {"levelname", "X"}, {"levelno", level}, {"message", message}, {"lineno", 7}};
}

RunResult result(const std::string& plugin, const std::string& instance, Array records, bool failed = false) {
    Struct value{{"success", !failed}, {"records", std::move(records)}, {"duration", 2.5}};
    value["error"] =
        failed ? Value(Struct{
                     {"message", "locked normals"}, {"fname", "normals.py"}, {"line_number", 42}, {"func", "process"}})
               : Value();
    RunResult r = readRunResult(value);
    r.pluginId = plugin + "-1";
    r.pluginLabel = plugin;
    r.instanceId = instance.empty() ? "" : instance + "-1";
    r.instanceLabel = instance;
    return r;
}

QStringList column(const QAbstractItemModel& model, int role) {
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) out << model.index(row, 0).data(role).toString();
    return out;
}

}  // namespace

class TestRunLog : public QObject {
    Q_OBJECT

private slots:
    void resultsBecomeLines() {
        RunLogModel log;
        QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
        log.addSeparator("Reset from host 127.0.0.1:9001");
        log.addResult(result("ValidateNormals", "Chair", {record("12 faces", 40), record("checked", 20)}, true));
        log.addResult(result("IntegrateAsset", "", {record("integrated", 20)}));
        log.addEvent("Validation started");
        QCOMPARE(log.count(), 6);
        QCOMPARE(column(log, RunLogModel::KindRole),
                 (QStringList{"separator", "record", "record", "error", "record", "event"}));
        QCOMPARE(column(log, RunLogModel::MessageRole).at(3),
                 QStringLiteral("locked normals (normals.py, line 42, in process)"));
        QCOMPARE(column(log, RunLogModel::BandRole).mid(1, 3), (QStringList{"error", "info", "error"}));
        QCOMPARE(column(log, RunLogModel::PluginRole).at(1), QStringLiteral("ValidateNormals"));
        QCOMPARE(column(log, RunLogModel::InstanceRole).at(1), QStringLiteral("Chair"));
        QCOMPARE(column(log, RunLogModel::InstanceRole).at(4), QStringLiteral("Context"));
        QVERIFY(
            QRegularExpression("^\\d\\d:\\d\\d:\\d\\d$").match(column(log, RunLogModel::TimeRole).at(0)).hasMatch());
    }

    void boundedWithANotice() {
        RunLogModel log(4);
        QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 1; i <= 10; ++i) log.addEvent(QStringLiteral("event %1").arg(i));
        QCOMPARE(log.count(), 4);
        QCOMPARE(log.dropped(), 7);
        const QStringList messages = column(log, RunLogModel::MessageRole);
        QCOMPARE(column(log, RunLogModel::KindRole).first(), QStringLiteral("notice"));
        QVERIFY2(messages.first().startsWith(QStringLiteral("7 older line(s) dropped")), qPrintable(messages.first()));
        QCOMPARE(messages.mid(1), (QStringList{"event 8", "event 9", "event 10"}));
        QCOMPARE(RunLogModel().maxEntries(), 50000);
    }

    void filterByTextAndLevel() {
        RunLogModel log;
        RunLogFilter filter;
        filter.setSourceModel(&log);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        log.addSeparator("Reset from host 127.0.0.1:9001");
        log.addResult(result("ValidateNormals", "Chair", {record("12 faces", 40), record("debugging", 10)}, true));
        log.addResult(result("ValidateCamera", "Camera1", {record("no focal length", 30), record("fatal", 50)}));
        log.addEvent("Validation started");
        QCOMPARE(filter.count(), 7);

        QSignalSpy changed(&filter, &RunLogFilter::filterChanged);
        filter.setText("cHaIr");  // the instance, case-insensitively; the separator stays
        QCOMPARE(changed.count(), 1);
        QCOMPARE(column(filter, RunLogModel::MessageRole),
                 (QStringList{"Reset from host 127.0.0.1:9001", "12 faces", "debugging",
                              "locked normals (normals.py, line 42, in process)"}));
        filter.setText("camera");  // the plug-in's name
        QCOMPARE(filter.count(), 3);
        filter.setText("FOCAL");  // the message
        QCOMPARE(filter.count(), 2);
        filter.setText("");

        filter.setShowDebug(false);
        QVERIFY(!column(filter, RunLogModel::MessageRole).contains("debugging"));
        filter.setShowError(false);
        QCOMPARE(column(filter, RunLogModel::BandRole), (QStringList{"info", "warning", "critical", "info"}));
        filter.setShowInfo(false);
        filter.setShowWarning(false);
        filter.setShowCritical(false);
        QCOMPARE(column(filter, RunLogModel::KindRole), QStringList{"separator"});
        filter.setShowError(true);
        QCOMPARE(filter.count(), 3);
        QVERIFY(filter.showError() && !filter.showDebug() && !filter.showInfo());
        // New lines pass through the filter as they come.
        log.addEvent("A fault", LogLevel::Error);
        QCOMPARE(filter.count(), 4);
        log.addEvent("Publish started");
        QCOMPARE(filter.count(), 4);
    }
};

QTEST_GUILESS_MAIN(TestRunLog)
#include "tst_run_log.moc"
