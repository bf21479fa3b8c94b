#pragma once
// hostbridge::Value <-> QVariant / QJSValue, for functions the UI's developers register from
// C++ (QVariant) or QML (JavaScript values).
//
//   Value        QVariant                 JavaScript
//   nil          invalid QVariant         null (undefined reads as nil too)
//   boolean      bool                     boolean
//   int          qint64                   number
//   double       double                   number (a whole number within 32 bits reads back as int)
//   string       QString                  string
//   dateTime     QDateTime (UTC)          Date
//   base64       QByteArray               ArrayBuffer
//   array        QVariantList             Array
//   struct       QVariantMap              Object

#include <QJSValue>
#include <QVariant>

#include <hostbridge/value.hpp>

class QJSEngine;

namespace hostbridge::ui {

QVariant toVariant(const Value& value);
// Throws ConversionError (naming `path`) for a type with no XML-RPC counterpart.
Value fromVariant(const QVariant& variant, const std::string& path = "value");

QJSValue toJsValue(QJSEngine& engine, const Value& value);
// JavaScript numbers are doubles: a whole number within 32 bits becomes an int, so a function
// returning 3 answers <int>3, as a Python or C++ peer expects. Functions and other values with
// no XML-RPC counterpart throw ConversionError naming `path`.
Value fromJsValue(const QJSValue& value, const std::string& path = "value");

}  // namespace hostbridge::ui
