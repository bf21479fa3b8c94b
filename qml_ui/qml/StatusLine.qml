// The status line: what the UI is doing, and where it serves.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

ToolBar {
    id: bar

    property string statusText
    property string serverUrl

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        Label {
            Layout.fillWidth: true
            text: bar.statusText
            textFormat: Text.PlainText
            elide: Text.ElideRight
        }
        Label {
            text: bar.serverUrl
            color: Theme.mutedText
        }
    }
}
