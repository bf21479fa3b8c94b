// PublishSession without a host: processed pairs, rows from outcomes (the worst state, the first
// error, context pairs on the context's row), test()'s orders with an error, repair plans and
// what a passed repair takes back.

#include <QtTest>

#include "publish_session.hpp"

using namespace hostbridge::ui;

namespace {
const Pair kNamingBruce{"naming", "bruce", 1.0};
const Pair kNamingChair{"naming", "chair", 1.0};
const Pair kNormalsChair{"normals", "chair", 1.1};
const Pair kIntegrate{"integrate", "", 3.0};  // a context plug-in
const std::string kContext = "ctx";
}  // namespace

class TestPublishSession : public QObject {
    Q_OBJECT

private slots:
    void processedPairsLeaveThePlan() {
        PublishSession session;
        const std::vector<Pair> plan{kNamingBruce, kNamingChair, kNormalsChair};
        QVERIFY(!session.allProcessed({}));
        QCOMPARE(session.unprocessed(plan).size(), std::size_t(3));
        session.markProcessed(kNamingBruce);
        QVERIFY(session.processed(kNamingBruce) && !session.processed(kNamingChair));
        const auto left = session.unprocessed(plan);
        QCOMPARE(left.size(), std::size_t(2));
        QCOMPARE(left.front().instanceId, std::string("chair"));
        session.markProcessed(kNamingChair);
        session.markProcessed(kNormalsChair);
        QVERIFY(session.allProcessed(plan));
    }

    void rowsShowTheWorstStateAndTheFirstError() {
        PublishSession session;
        session.noteOutcome(kNamingBruce, ItemState::Passed, {});
        session.noteOutcome(kNamingChair, ItemState::Failed, QStringLiteral("bad name"));
        session.noteOutcome(kNormalsChair, ItemState::Warning, {});
        const auto naming = session.pluginRow("naming");
        QCOMPARE(naming.state, ItemState::Failed);
        QCOMPARE(naming.error, QStringLiteral("bad name"));
        QCOMPARE(session.pluginRow("normals").state, ItemState::Warning);
        QCOMPARE(session.pluginRow("unknown").state, ItemState::Idle);
        QCOMPARE(session.instanceRow("bruce", kContext).state, ItemState::Passed);
        QCOMPARE(session.instanceRow("chair", kContext).state, ItemState::Failed);
        // A context plug-in's result counts for the context's row.
        session.noteOutcome(kIntegrate, ItemState::Warning, {});
        QCOMPARE(session.instanceRow(kContext, kContext).state, ItemState::Warning);
        QCOMPARE(session.instanceRow("bruce", kContext).state, ItemState::Passed);
    }

    void ordersWithErrorAreKeptOnceEach() {
        PublishSession session;
        session.noteOutcome(kNamingBruce, ItemState::Failed, QStringLiteral("a"));
        session.noteOutcome(kNamingChair, ItemState::Failed, QStringLiteral("b"));
        session.noteOutcome(kNormalsChair, ItemState::Warning, {});
        QCOMPARE(session.ordersWithError(), std::vector<double>{1.0});
        QVERIFY(session.failedAfterCollecting());
        PublishSession collecting;
        collecting.noteOutcome({"collect", "", 0.0}, ItemState::Failed, QStringLiteral("c"));
        QVERIFY(!collecting.failedAfterCollecting());
    }

    void aPassedRepairTakesItsFailureBack() {
        PublishSession session;
        session.setReady(true);
        session.setValidated(true);
        for (const Pair& p : {kNamingBruce, kNamingChair, kNormalsChair}) session.markProcessed(p);
        session.noteOutcome(kNamingBruce, ItemState::Failed, QStringLiteral("bruce"));
        session.noteOutcome(kNamingChair, ItemState::Failed, QStringLiteral("chair"));
        session.noteOutcome(kNamingBruce, ItemState::Failed, QStringLiteral("again"));  // planned once
        session.noteOutcome(kNormalsChair, ItemState::Failed, QStringLiteral("normals"));
        const auto plan = session.failedPairsOf("naming");
        QCOMPARE(plan.size(), std::size_t(2));
        QCOMPARE(plan[0].instanceId, std::string("bruce"));
        QCOMPARE(plan[1].instanceId, std::string("chair"));

        session.forgetRepaired({kNamingBruce});
        QVERIFY(!session.processed(kNamingBruce) && session.processed(kNamingChair));
        QCOMPARE(session.pluginRow("naming").error, QStringLiteral("chair"));
        QCOMPARE(session.instanceRow("bruce", kContext).state, ItemState::Idle);
        QVERIFY(!session.validated() && !session.published() && session.ready());
        QCOMPARE(session.ordersWithError(), (std::vector<double>{1.0, 1.1}));

        session.forgetRepaired({kNamingChair, kNormalsChair});
        QVERIFY(session.ordersWithError().empty());
        QVERIFY(session.outcomes().empty());
    }

    void nothingRepairedChangesNothing() {
        PublishSession session;
        session.setValidated(true);
        session.setPublished(true);
        session.forgetRepaired({});
        QVERIFY(session.validated() && session.published());
    }

    void clearForgetsEverything() {
        PublishSession session;
        session.setReady(true);
        session.markProcessed(kNamingBruce);
        session.noteOutcome(kNamingBruce, ItemState::Failed, QStringLiteral("x"));
        session.clear();
        QVERIFY(!session.ready() && !session.processed(kNamingBruce));
        QVERIFY(session.outcomes().empty() && session.ordersWithError().empty());
    }
};

QTEST_GUILESS_MAIN(TestPublishSession)
#include "tst_publish_session.moc"
