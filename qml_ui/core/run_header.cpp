#include "run_header.hpp"

#include <QStringList>
#include <QtGlobal>

namespace hostbridge::ui {
namespace {

QString text(const Value& value) {
    switch (value.type()) {
    case ValueType::String: return QString::fromStdString(value.asString());
    case ValueType::Int: return QString::number(value.asInt());
    case ValueType::Double: return QString::number(value.asDouble());
    case ValueType::Array: {
        QStringList parts;
        for (const Value& item : value.asArray()) parts << text(item);
        return parts.join(QLatin1Char('.'));  // pyblish's version tuples: [1, 8, 0]
    }
    default: return {};
    }
}

}  // namespace

QString runHeader(const Value& context, int port, const std::vector<std::string>& targets) {
    const Value* data = context.type() == ValueType::Struct ? context.find("data") : nullptr;
    const auto member = [data](const char* key) {
        const Value* v = data && data->type() == ValueType::Struct ? data->find(key) : nullptr;
        const QString out = v ? text(*v) : QString();
        return out.isEmpty() ? QStringLiteral("unknown") : out;
    };
    QStringList versions{QStringLiteral("HostBridge UI " HOSTBRIDGE_UI_VERSION),
                         QStringLiteral("Qt ") + QLatin1String(qVersion())};
    if (data && data->type() == ValueType::Struct)
        for (const auto& [key, value] : data->asStruct())
            if (QString::fromStdString(key).endsWith(QLatin1String("version"), Qt::CaseInsensitive) &&
                !text(value).isEmpty())
                versions << QString::fromStdString(key) + QLatin1Char(' ') + text(value);
    QStringList named{QStringLiteral("default")};
    for (const std::string& target : targets)
        if (!named.contains(QString::fromStdString(target))) named << QString::fromStdString(target);
    return QStringLiteral("Host %1 on port %2, user %3; versions: %4; targets: %5")
        .arg(member("host"))
        .arg(port)
        .arg(member("user"), versions.join(QStringLiteral(", ")), named.join(QStringLiteral(", ")));
}

}  // namespace hostbridge::ui
