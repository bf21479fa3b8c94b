#include "fault_words.hpp"

namespace hostbridge::ui {
namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

QString describeFault(const Fault& fault, const std::string& method, int port) {
    const QString host = QStringLiteral("the host on port %1").arg(port);
    const QString detail = qs(fault.message());
    QString words;
    switch (fault.code()) {
    case FaultCode::TransportError: words = QStringLiteral("Cannot reach %1: is it still running?").arg(host); break;
    case FaultCode::Timeout:
        words = QStringLiteral("%1 did not answer %2 in time.").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    case FaultCode::HttpError:
        words = QStringLiteral("%1 refused the call %2 (is it a pyblish host, and is its token right?).")
                    .arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    case FaultCode::InvalidResponse:
        words = QStringLiteral("%1 answered %2 with something that is not XML-RPC.").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    case FaultCode::Busy:
        words = QStringLiteral("%1 is busy and did not start %2; try again when it is idle.").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    case FaultCode::ShuttingDown:
        words = QStringLiteral("%1 is shutting down.").arg(host);
        words[0] = words[0].toUpper();
        break;
    case FaultCode::MethodNotFound:
        words = QStringLiteral("%1 does not offer %2: is it a pyblish publishing host?").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    default:
        words = QStringLiteral("%1 failed in %2.").arg(host, qs(method));
        words[0] = words[0].toUpper();
        break;
    }
    return detail.isEmpty() ? words : words + QStringLiteral(" (") + detail + QLatin1Char(')');
}

QString describeBadAnswer(const std::string& method, const char* what) {
    return QStringLiteral("The host's answer to %1 is not as the protocol says: %2")
        .arg(qs(method), QString::fromUtf8(what));
}

}  // namespace hostbridge::ui
