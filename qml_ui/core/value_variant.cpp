#include "value_variant.hpp"

#include <QDateTime>
#include <QJSEngine>
#include <QJSValueIterator>
#include <QTimeZone>

#include <chrono>
#include <climits>
#include <cmath>

namespace hostbridge::ui {
namespace {

QDateTime toQDateTime(DateTime time) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

DateTime fromQDateTime(const QDateTime& time) {
    return DateTime(
        std::chrono::duration_cast<DateTime::duration>(std::chrono::milliseconds(time.toMSecsSinceEpoch())));
}

}  // namespace

QVariant toVariant(const Value& value) {
    switch (value.type()) {
    case ValueType::Nil: return {};
    case ValueType::Boolean: return value.asBool();
    case ValueType::Int: return static_cast<qint64>(value.asInt());
    case ValueType::Double: return value.asDouble();
    case ValueType::String: return QString::fromStdString(value.asString());
    case ValueType::DateTime: return toQDateTime(value.asDateTime());
    case ValueType::Bytes: {
        const Bytes& bytes = value.asBytes();
        return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
    }
    case ValueType::Array: {
        QVariantList list;
        for (const Value& item : value.asArray()) list.push_back(toVariant(item));
        return list;
    }
    case ValueType::Struct: {
        QVariantMap map;
        for (const auto& [key, member] : value.asStruct()) map.insert(QString::fromStdString(key), toVariant(member));
        return map;
    }
    }
    return {};
}

namespace {
// Deeper than any XML-RPC peer accepts, shallow enough for the GUI thread's stack: a cyclic or
// runaway JavaScript object stops here.
constexpr int kMaxDepth = 64;
Value fromVariantAt(const QVariant& variant, const std::string& path, int depth);
Value fromJsValueAt(const QJSValue& value, const std::string& path, int depth);
}  // namespace

Value fromVariant(const QVariant& variant, const std::string& path) { return fromVariantAt(variant, path, 0); }
Value fromJsValue(const QJSValue& value, const std::string& path) { return fromJsValueAt(value, path, 0); }

namespace {

Value fromVariantAt(const QVariant& variant, const std::string& path, int depth) {
    if (depth > kMaxDepth) throw ConversionError(path, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    if (!variant.isValid() || variant.isNull()) return Value();
    switch (variant.metaType().id()) {
    case QMetaType::Bool: return variant.toBool();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort: return static_cast<std::int64_t>(variant.toLongLong());
    case QMetaType::ULong:
    case QMetaType::ULongLong: {
        const qulonglong u = variant.toULongLong();
        if (u > static_cast<qulonglong>(LLONG_MAX))
            throw ConversionError(path, "an unsigned integer beyond 64-bit signed");
        return static_cast<std::int64_t>(u);
    }
    case QMetaType::Double:
    case QMetaType::Float: return variant.toDouble();
    case QMetaType::QString: return variant.toString().toStdString();
    case QMetaType::QByteArray: {
        const QByteArray bytes = variant.toByteArray();
        return Bytes(bytes.begin(), bytes.end());
    }
    case QMetaType::QDateTime: return fromQDateTime(variant.toDateTime());
    case QMetaType::QStringList:
    case QMetaType::QVariantList: {
        Array array;
        const QVariantList list = variant.toList();
        for (qsizetype i = 0; i < list.size(); ++i)
            array.push_back(fromVariantAt(list[i], path + "[" + std::to_string(i) + "]", depth + 1));
        return array;
    }
    case QMetaType::QVariantMap: {
        Struct members;
        const QVariantMap map = variant.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            members[it.key().toStdString()] = fromVariantAt(it.value(), path + "." + it.key().toStdString(), depth + 1);
        return members;
    }
    default:
        if (variant.metaType() == QMetaType::fromType<QJSValue>())
            return fromJsValueAt(variant.value<QJSValue>(), path, depth);
        throw ConversionError(path, std::string("a ") + variant.typeName() + " has no XML-RPC type");
    }
}

Value fromJsValueAt(const QJSValue& value, const std::string& path, int depth) {
    if (depth > kMaxDepth) throw ConversionError(path, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    if (value.isNull() || value.isUndefined()) return Value();
    if (value.isBool()) return value.toBool();
    if (value.isNumber()) {
        const double number = value.toNumber();
        if (std::isfinite(number) && std::floor(number) == number && number >= INT_MIN && number <= INT_MAX)
            return static_cast<std::int64_t>(number);
        return number;
    }
    if (value.isString()) return value.toString().toStdString();
    if (value.isDate()) return fromQDateTime(value.toDateTime());
    if (value.isCallable()) throw ConversionError(path, "a function has no XML-RPC type");
    if (value.isArray()) {
        Array array;
        const int length = value.property(QStringLiteral("length")).toInt();
        for (int i = 0; i < length; ++i)
            array.push_back(fromJsValueAt(value.property(static_cast<quint32>(i)), path + "[" + std::to_string(i) + "]",
                                          depth + 1));
        return array;
    }
    if (value.isVariant() || value.isQObject()) return fromVariantAt(value.toVariant(), path, depth);
    const QVariant asVariant = value.toVariant();
    if (asVariant.metaType().id() == QMetaType::QByteArray)
        return fromVariantAt(asVariant, path, depth);  // ArrayBuffer
    if (value.isObject()) {
        Struct members;
        QJSValueIterator it(value);
        while (it.hasNext()) {
            it.next();
            members[it.name().toStdString()] =
                fromJsValueAt(it.value(), path + "." + it.name().toStdString(), depth + 1);
        }
        return members;
    }
    throw ConversionError(path, "a JavaScript value with no XML-RPC type");
}

}  // namespace

QJSValue toJsValue(QJSEngine& engine, const Value& value) { return engine.toScriptValue(toVariant(value)); }

}  // namespace hostbridge::ui
