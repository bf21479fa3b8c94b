#include "text_links.hpp"

#include <QRegularExpression>

namespace hostbridge::ui {

QString escapedHtml(QStringView text) {
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\n': out += QLatin1String("<br>"); break;
        default: out += c;
        }
    }
    return out;
}

QString linkedHtml(const QString& plain) {
    // Most texts have no address: they stay plain text, which is cheaper to lay out.
    if (!plain.contains(QLatin1String("://"))) return QString();
    static const QRegularExpression address(QStringLiteral(R"(\bhttps?://[^\s<>"]+)"),
                                            QRegularExpression::CaseInsensitiveOption);
    QString out;
    qsizetype from = 0;
    bool any = false;
    for (auto it = address.globalMatch(plain); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        QStringView url = QStringView(plain).mid(match.capturedStart(), match.capturedLength());
        // "see https://wiki/x." ends the sentence, not the address.
        while (!url.isEmpty() && QStringLiteral(".,;:!?)]}'").contains(url.back())) url.chop(1);
        if (url.size() <= match.capturedView().indexOf(QLatin1String("://")) + 3) continue;  // nothing after ://
        out += escapedHtml(QStringView(plain).mid(from, match.capturedStart() - from));
        // The address itself holds no < > " (the pattern stops there): it goes in as it is, as
        // StyledText does not decode entities in an attribute ("&amp;" would reach the browser).
        out += QLatin1String("<a href=\"") + url.toString() + QLatin1String("\">") + escapedHtml(url) +
               QLatin1String("</a>");
        from = match.capturedStart() + url.size();
        any = true;
    }
    if (!any) return QString();
    out += escapedHtml(QStringView(plain).mid(from));
    return out;
}

}  // namespace hostbridge::ui
