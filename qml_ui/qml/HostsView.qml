// Every host that has called this UI, with its state and last heartbeat (model: HostRegistry),
// and the artist's actions on each: work for it, reset it, disconnect it (HostsController).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

ListView {
    id: list

    required property HostsController hostsController
    required property PublishController publishController  // no switching during a run

    clip: true
    spacing: 2
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    function heartbeatText(lastHeartbeat, silenceSeconds) {
        // An invalid QDateTime arrives as an invalid Date: the host has not sent one yet.
        if (!lastHeartbeat || isNaN(lastHeartbeat.getTime()))
            return qsTr("no heartbeat yet")
        return qsTr("last heartbeat %1 (%2 s ago)")
            .arg(Qt.formatTime(lastHeartbeat, "hh:mm:ss")).arg(silenceSeconds)
    }

    delegate: ItemDelegate {
        id: row

        required property int port
        required property string hostState
        required property string stateDetail
        required property var lastHeartbeat
        required property int silenceSeconds
        required property bool isCurrent

        width: ListView.view.width
        highlighted: isCurrent
        hoverEnabled: false
        down: false
        // Double-click: the quick way to work for a host.
        onDoubleClicked: list.hostsController.switchTo(row.port)

        contentItem: RowLayout {
            spacing: 8
            StateDot { hostState: row.hostState }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    text: row.isCurrent ? qsTr("Port %1 (current)").arg(row.port) : qsTr("Port %1").arg(row.port)
                    font.bold: true
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    text: (row.stateDetail !== "" ? row.hostState + ", " + row.stateDetail : row.hostState)
                          + " · " + list.heartbeatText(row.lastHeartbeat, row.silenceSeconds)
                    textFormat: Text.PlainText  // the detail may quote a host's fault
                    color: Theme.mutedText
                    elide: Text.ElideRight
                }
                RowLayout {
                    spacing: 4
                    Button {
                        objectName: "switchButton"
                        text: qsTr("Work for it")
                        flat: true
                        visible: !row.isCurrent
                        enabled: !list.publishController.running && row.hostState !== "disconnected"
                        onClicked: list.hostsController.switchTo(row.port)
                    }
                    Button {
                        objectName: "resetButton"
                        text: qsTr("Reset")
                        flat: true
                        enabled: !list.publishController.running && row.hostState !== "disconnected"
                        onClicked: list.hostsController.resetHost(row.port)
                    }
                    Button {
                        objectName: "disconnectButton"
                        text: qsTr("Disconnect")
                        flat: true
                        onClicked: list.hostsController.disconnectHost(row.port)
                    }
                }
            }
        }
    }

    Label {
        anchors.centerIn: parent
        width: parent.width - 24
        visible: list.count === 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        text: qsTr("No host has called yet. A host connects by calling heartbeat(port) and show(port, settings) on this UI.")
        color: Theme.mutedText
    }
}
