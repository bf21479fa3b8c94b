#include "notice_center.hpp"

#include <algorithm>

#include <hostbridge/fault.hpp>

namespace hostbridge::ui {

using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void invalid(const std::string& path, const std::string& detail) {
    throw Fault(FaultCode::InvalidParams, path + ": " + detail);
}

const Value* member(const Value& value, const std::string& key, const std::string& path, bool required) {
    if (value.type() != ValueType::Struct) invalid(path, std::string("expected struct, got ") + typeName(value.type()));
    const Value* found = value.find(key);
    if (found && found->isNil()) found = nullptr;
    if (!found && required) invalid(path + "." + key, "missing member");
    return found;
}

QString text(const Value* value, const std::string& path) {
    if (!value) return {};
    if (value->type() != ValueType::String)
        invalid(path, std::string("expected string, got ") + typeName(value->type()));
    return QString::fromStdString(value->asString());
}

}  // namespace

Notice parseNotice(int hostPort, const Value& notice, const std::string& path) {
    Notice parsed;
    parsed.hostPort = hostPort;
    parsed.level = text(member(notice, "level", path, true), path + ".level");
    if (parsed.level != QLatin1String("info") && parsed.level != QLatin1String("warning") &&
        parsed.level != QLatin1String("error"))
        invalid(path + ".level", "expected info, warning or error");
    parsed.title = text(member(notice, "title", path, false), path + ".title");
    parsed.message = text(member(notice, "message", path, true), path + ".message");
    return parsed;
}

Question parseQuestion(int hostPort, const Value& question, const std::string& path) {
    Question parsed;
    parsed.hostPort = hostPort;
    parsed.text = text(member(question, "question", path, true), path + ".question");
    if (const Value* choices = member(question, "choices", path, false)) {
        if (choices->type() != ValueType::Array) invalid(path + ".choices", "expected an array of strings");
        for (std::size_t i = 0; i < choices->asArray().size(); ++i) {
            const QString choice = text(&choices->asArray()[i], path + ".choices[" + std::to_string(i) + "]");
            if (choice.isEmpty() || parsed.choices.contains(choice))
                invalid(path + ".choices[" + std::to_string(i) + "]", "choices must be distinct and not empty");
            parsed.choices.push_back(choice);
        }
        if (parsed.choices.size() < 2 || parsed.choices.size() > 10)
            invalid(path + ".choices", "expected 2 to 10 choices");
    } else {
        parsed.choices = {QStringLiteral("Yes"), QStringLiteral("No")};
    }
    parsed.defaultChoice = parsed.choices.front();
    if (const Value* fallback = member(question, "default", path, false)) {
        parsed.defaultChoice = text(fallback, path + ".default");
        if (!parsed.choices.contains(parsed.defaultChoice)) invalid(path + ".default", "expected one of the choices");
    }
    if (const Value* timeout = member(question, "timeout", path, false)) {
        if (timeout->type() != ValueType::Int && timeout->type() != ValueType::Double)
            invalid(path + ".timeout", "expected seconds");
        const double seconds = timeout->asDouble();
        if (!(seconds > 0 && seconds <= 3600)) invalid(path + ".timeout", "expected seconds from 0 to 3600");
        parsed.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
    }
    return parsed;
}

NoticeCenter::NoticeCenter(QObject* parent) : QObject(parent) {
    m_tick.setInterval(200);
    connect(&m_tick, &QTimer::timeout, this, &NoticeCenter::expire);
}

NoticeCenter::~NoticeCenter() {
    // A waiting host gets the defaults rather than a broken promise.
    for (Open& open : m_questions) open.promise->set_value(open.question.defaultChoice);
}

void NoticeCenter::notify(const Notice& notice) {
    m_notices.push_back(notice);
    if (static_cast<int>(m_notices.size()) > kMaxNotices) m_notices.pop_front();
    emit noticed(notice);
    emit noticeChanged();
}

void NoticeCenter::dismissNotice() {
    if (m_notices.empty()) return;
    m_notices.pop_front();
    emit noticeChanged();
}

std::shared_future<QString> NoticeCenter::ask(const Question& question) {
    Open open{question, Clock::now() + question.timeout, std::make_shared<std::promise<QString>>()};
    std::shared_future<QString> future = open.promise->get_future().share();
    m_questions.push_back(std::move(open));
    if (!m_tick.isActive()) m_tick.start();
    if (m_questions.size() == 1) emit questionChanged();
    emit secondsLeftChanged();
    return future;
}

bool NoticeCenter::answer(const QString& choice) {
    if (m_questions.empty() || !m_questions.front().question.choices.contains(choice)) return false;
    settle(m_questions.begin(), choice, false);
    return true;
}

int NoticeCenter::questionSecondsLeft() const {
    if (m_questions.empty()) return 0;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(m_questions.front().deadline - Clock::now());
    return static_cast<int>(std::max<std::int64_t>(0, (left.count() + 999) / 1000));
}

void NoticeCenter::settle(std::deque<Open>::iterator which, const QString& choice, bool byTimeout) {
    const bool shown = which == m_questions.begin();
    const Question question = which->question;
    which->promise->set_value(choice);
    m_questions.erase(which);
    if (m_questions.empty()) m_tick.stop();
    emit answered(question, choice, byTimeout);
    if (shown) emit questionChanged();
    emit secondsLeftChanged();
}

void NoticeCenter::expire() {
    const auto now = Clock::now();
    for (auto it = m_questions.begin(); it != m_questions.end();) {
        if (it->deadline <= now) {
            const auto index = it - m_questions.begin();
            settle(it, it->question.defaultChoice, true);
            it = m_questions.begin() + index;
        } else {
            ++it;
        }
    }
    emit secondsLeftChanged();
}

}  // namespace hostbridge::ui
