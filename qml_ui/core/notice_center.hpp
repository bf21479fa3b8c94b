#pragma once
// NoticeCenter: what a host tells or asks the artist (docs/ui.md, "Notices and questions"):
// notices (info, warning, error) shown until dismissed, and questions answered with one of
// their choices, or with their default when their time runs out.
//
// Threads: a GUI-thread object. UiService's notify/ask handlers reach it through the
// GuiThreadBridge; an ask's connection thread waits on the Answer's future, never the GUI
// thread on the network.

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <deque>
#include <future>
#include <memory>
#include <string>

#include <hostbridge/value.hpp>

namespace hostbridge::ui {

struct Notice {
    QString level;  // "info", "warning", "error"
    QString title;
    QString message;
    int hostPort = 0;
};

struct Question {
    QString text;
    QStringList choices;    // at least two
    QString defaultChoice;  // one of the choices
    std::chrono::milliseconds timeout{30000};
    int hostPort = 0;
};

// Read from notify(port, notice) and ask(port, question) (docs/ui.md): a missing or wrong
// member is a Fault InvalidParams naming it ("params[1].level: expected info, warning or
// error"), checked on the server thread before anything reaches the window.
Notice parseNotice(int hostPort, const Value& notice, const std::string& path = "params[1]");
Question parseQuestion(int hostPort, const Value& question, const std::string& path = "params[1]");

class NoticeCenter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
    Q_PROPERTY(bool hasNotice READ hasNotice NOTIFY noticeChanged)
    Q_PROPERTY(QString noticeLevel READ noticeLevel NOTIFY noticeChanged)
    Q_PROPERTY(QString noticeTitle READ noticeTitle NOTIFY noticeChanged)
    Q_PROPERTY(QString noticeMessage READ noticeMessage NOTIFY noticeChanged)
    Q_PROPERTY(int pendingNotices READ pendingNotices NOTIFY noticeChanged)
    Q_PROPERTY(bool hasQuestion READ hasQuestion NOTIFY questionChanged)
    Q_PROPERTY(QString questionText READ questionText NOTIFY questionChanged)
    Q_PROPERTY(QStringList questionChoices READ questionChoices NOTIFY questionChanged)
    Q_PROPERTY(QString questionDefault READ questionDefault NOTIFY questionChanged)
    Q_PROPERTY(int questionSecondsLeft READ questionSecondsLeft NOTIFY secondsLeftChanged)

public:
    static constexpr int kMaxNotices = 100;  // oldest dropped beyond this: a chatty host cannot grow memory

    explicit NoticeCenter(QObject* parent = nullptr);

    // A notice to show; notices queue behind the one shown.
    void notify(const Notice& notice);
    // A question to ask; questions queue behind the one shown, each with its own deadline from
    // now. The future gets the artist's choice, or the default when the deadline passes
    // (queued or shown), or when the center goes away.
    std::shared_future<QString> ask(const Question& question);

    Q_INVOKABLE void dismissNotice();
    // The artist's answer to the question shown; false when `choice` is not one of its choices.
    Q_INVOKABLE bool answer(const QString& choice);

    bool hasNotice() const { return !m_notices.empty(); }
    QString noticeLevel() const { return hasNotice() ? m_notices.front().level : QString(); }
    QString noticeTitle() const { return hasNotice() ? m_notices.front().title : QString(); }
    QString noticeMessage() const { return hasNotice() ? m_notices.front().message : QString(); }
    int pendingNotices() const { return static_cast<int>(m_notices.size()); }
    bool hasQuestion() const { return !m_questions.empty(); }
    QString questionText() const { return hasQuestion() ? m_questions.front().question.text : QString(); }
    QStringList questionChoices() const { return hasQuestion() ? m_questions.front().question.choices : QStringList(); }
    QString questionDefault() const { return hasQuestion() ? m_questions.front().question.defaultChoice : QString(); }
    int questionSecondsLeft() const;

    ~NoticeCenter() override;

signals:
    void noticeChanged();
    void questionChanged();
    void secondsLeftChanged();
    // For the log: every notice, and every question with how it was answered.
    void noticed(const Notice& notice);
    void answered(const Question& question, const QString& choice, bool byTimeout);

private:
    struct Open {
        Question question;
        std::chrono::steady_clock::time_point deadline;
        std::shared_ptr<std::promise<QString>> promise;
    };
    void settle(std::deque<Open>::iterator which, const QString& choice, bool byTimeout);
    void expire();  // answers every question past its deadline with its default

    std::deque<Notice> m_notices;
    std::deque<Open> m_questions;
    QTimer m_tick;  // while questions are open: deadlines and the seconds shown
};

}  // namespace hostbridge::ui
