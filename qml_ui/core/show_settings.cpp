#include "show_settings.hpp"

#include <algorithm>
#include <cmath>

#include <hostbridge/fault.hpp>

namespace hostbridge::ui {
namespace {

[[noreturn]] void invalid(const std::string& path, const std::string& detail) {
    throw Fault(FaultCode::InvalidParams, path + ": " + detail);
}

// An int, or a double holding a whole number (some hosts send sizes computed as floats).
std::optional<int> wholeNumber(const Value& v) {
    if (v.type() == ValueType::Int) {
        const auto i = v.asInt();
        if (i < INT32_MIN || i > INT32_MAX) return std::nullopt;
        return static_cast<int>(i);
    }
    if (v.type() == ValueType::Double) {
        const double d = v.asDouble();
        if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > INT32_MAX) return std::nullopt;
        return static_cast<int>(d);
    }
    return std::nullopt;
}

// Two whole numbers as an array: [a, b].
std::optional<std::pair<int, int>> numberPair(const Value& v) {
    if (v.type() != ValueType::Array || v.asArray().size() != 2) return std::nullopt;
    const auto a = wholeNumber(v.asArray()[0]);
    const auto b = wholeNumber(v.asArray()[1]);
    if (!a || !b) return std::nullopt;
    return std::make_pair(*a, *b);
}

// A text of at most kMaxShowTextLength characters; a longer one is cut and the cut noted.
QString text(const Value& v, const std::string& path, const char* key, QStringList& changes) {
    if (v.type() != ValueType::String) invalid(path, std::string("expected string, got ") + typeName(v.type()));
    const std::string& utf8 = v.asString();
    // Only a prefix is converted: a UTF-8 character of 3 bytes or fewer is one UTF-16 unit, of
    // 4 bytes two, so 4 bytes per kept unit always give enough.
    const std::size_t prefix = std::min<std::size_t>(utf8.size(), std::size_t(kMaxShowTextLength) * 4);
    QString converted = QString::fromUtf8(utf8.data(), static_cast<qsizetype>(prefix));
    if (prefix == utf8.size() && converted.size() <= kMaxShowTextLength) return converted;
    qsizetype keep = kMaxShowTextLength;
    if (converted.at(keep - 1).isHighSurrogate()) --keep;  // never half a character
    converted.truncate(keep);
    changes << QStringLiteral("%1 of %2 bytes cut to its first %3 characters")
                   .arg(QLatin1String(key))
                   .arg(utf8.size())
                   .arg(keep);
    return converted;
}

QString sizeText(QSize s) { return QStringLiteral("%1x%2").arg(s.width()).arg(s.height()); }

}  // namespace

void fitToScreens(ShowSettings& settings, const QList<QRect>& screens, QSize currentSize) {
    if (screens.isEmpty()) return;
    QRect bounds;
    QSize largest;
    for (const QRect& screen : screens) {
        bounds = bounds.united(screen);
        largest = largest.expandedTo(screen.size());
    }
    if (settings.windowSize) {
        const QSize asked = *settings.windowSize;
        const QSize fitted = asked.boundedTo(largest);
        if (fitted != asked) {
            settings.changes << QStringLiteral("WindowSize %1 reduced to %2, the largest screen")
                                    .arg(sizeText(asked), sizeText(fitted));
            settings.windowSize = fitted;
        }
    }
    if (settings.windowPosition) {
        const QPoint asked = *settings.windowPosition;
        const QSize size = settings.windowSize.value_or(currentSize).boundedTo(bounds.size());
        const QPoint fitted(std::clamp(asked.x(), bounds.x(), bounds.x() + bounds.width() - size.width()),
                            std::clamp(asked.y(), bounds.y(), bounds.y() + bounds.height() - size.height()));
        if (fitted != asked) {
            settings.changes << QStringLiteral("WindowPosition %1,%2 moved to %3,%4, on the screens")
                                    .arg(asked.x())
                                    .arg(asked.y())
                                    .arg(fitted.x())
                                    .arg(fitted.y());
            settings.windowPosition = fitted;
        }
    }
}

int checkedPort(std::int64_t port, const std::string& path) {
    if (port < 1 || port > 65535) invalid(path, "expected a port from 1 to 65535, got " + std::to_string(port));
    return static_cast<int>(port);
}

ShowSettings parseShowSettings(const Value& settings, const std::string& path) {
    ShowSettings out;
    if (settings.isNil()) return out;
    if (settings.type() != ValueType::Struct)
        invalid(path, std::string("expected struct or nil, got ") + typeName(settings.type()));

    // nil for a key counts as absent, as for the whole struct.
    auto member = [&](const char* key) -> const Value* {
        const Value* v = settings.find(key);
        return v && !v->isNil() ? v : nullptr;
    };
    if (const Value* v = member("WindowTitle"))
        out.windowTitle = text(*v, path + ".WindowTitle", "WindowTitle", out.changes);
    if (const Value* v = member("ContextLabel"))
        out.contextLabel = text(*v, path + ".ContextLabel", "ContextLabel", out.changes);
    if (const Value* v = member("WindowSize")) {
        const auto size = numberPair(*v);
        // A window smaller than this cannot show anything; larger than this is a mistake.
        if (!size || size->first < 100 || size->second < 100 || size->first > 16384 || size->second > 16384)
            invalid(path + ".WindowSize", "expected [width, height], each from 100 to 16384");
        out.windowSize = QSize(size->first, size->second);
    }
    if (const Value* v = member("WindowPosition")) {
        const auto position = numberPair(*v);
        // Compared, not through std::abs: abs(INT_MIN) is undefined and stayed negative.
        const auto outside = [](int c) { return c < -65535 || c > 65535; };
        if (!position || outside(position->first) || outside(position->second))
            invalid(path + ".WindowPosition", "expected [x, y], each from -65535 to 65535");
        out.windowPosition = QPoint(position->first, position->second);
    }
    if (const Value* v = member("HostToken")) {
        if (v->type() != ValueType::String)
            invalid(path + ".HostToken", std::string("expected string, got ") + typeName(v->type()));
        if (!v->asString().empty()) out.hostToken = v->asString();
    }
    // A list of names; each at most kMaxShowTextLength long, at most kMaxShowNames of them.
    auto names = [&](const char* key) {
        const Value* v = member(key);
        std::vector<std::string> list;
        if (!v) return std::optional<std::vector<std::string>>();
        const std::string where = path + "." + key;
        if (v->type() != ValueType::Array || v->asArray().size() > kMaxShowNames)
            invalid(where, "expected an array of at most " + std::to_string(kMaxShowNames) + " strings");
        for (const Value& name : v->asArray()) {
            if (name.type() != ValueType::String || name.asString().empty() ||
                name.asString().size() > static_cast<std::size_t>(kMaxShowTextLength))
                invalid(where, "expected an array of at most " + std::to_string(kMaxShowNames) +
                                   " strings, each of 1 to " + std::to_string(kMaxShowTextLength) + " bytes");
            list.push_back(name.asString());
        }
        return std::optional<std::vector<std::string>>(std::move(list));
    };
    if (const auto sections = names("HiddenSections")) {
        QStringList list;
        for (const std::string& name : *sections) list << QString::fromStdString(name);
        out.hiddenSections = list;
    }
    out.targets = names("targets");
    auto flag = [&](const char* key) {
        const Value* v = member(key);
        if (!v) return false;
        if (v->type() != ValueType::Boolean)
            invalid(path + "." + key, std::string("expected boolean, got ") + typeName(v->type()));
        return v->asBool();
    };
    out.autoValidate = flag("autoValidate");
    out.autoPublish = flag("autoPublish");
    if (const Value* v = member("Theme")) {
        const bool known = v->type() == ValueType::String && (v->asString() == "dark" || v->asString() == "light");
        if (!known) invalid(path + ".Theme", "expected \"dark\" or \"light\"");
        out.darkTheme = v->asString() == "dark";
    }
    if (const Value* v = member("HeartbeatInterval")) {
        double seconds = 0;
        if (v->type() == ValueType::Int || v->type() == ValueType::Double) seconds = v->asDouble();
        if (!(seconds >= 0.05 && seconds <= 3600))
            invalid(path + ".HeartbeatInterval", "expected a number of seconds from 0.05 to 3600");
        out.heartbeatInterval = std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
    }
    return out;
}

}  // namespace hostbridge::ui
