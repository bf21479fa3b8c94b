// The host the window works for (the last one that called show), with its state.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Pane {
    id: pane

    property string contextLabel
    property int currentPort: 0
    property string currentState
    property string currentDetail

    padding: 10
    background: Rectangle { color: Theme.alternateBase; border.color: Theme.border }

    ColumnLayout {
        anchors.fill: parent
        spacing: 4

        Label {
            Layout.fillWidth: true
            text: pane.contextLabel !== "" ? pane.contextLabel : qsTr("No context yet")
            textFormat: Text.PlainText  // the host's words
            font.pixelSize: 18
            font.bold: true
            elide: Text.ElideRight
        }
        RowLayout {
            spacing: 6
            // Always in the layout (grey with no host): toggling visibility in a RowLayout left
            // the dot drawn over the text in Qt 6.4.
            StateDot { hostState: pane.currentState }
            Label {
                Layout.fillWidth: true
                text: pane.currentPort > 0
                      ? qsTr("Host on port %1: %2").arg(pane.currentPort)
                            .arg(pane.currentDetail !== "" ? pane.currentState + ", " + pane.currentDetail : pane.currentState)
                      : qsTr("No host: a host connects by calling show() on this window")
                textFormat: Text.PlainText
                elide: Text.ElideRight
            }
        }
    }
}
