// Every host that has called this UI, with its state and last heartbeat (model: HostRegistry).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ListView {
    id: list

    clip: true
    spacing: 2
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    function heartbeatText(lastHeartbeat, silenceSeconds) {
        // An invalid QDateTime arrives as an invalid Date: the host has only called show().
        if (!lastHeartbeat || isNaN(lastHeartbeat.getTime()))
            return qsTr("no heartbeat yet")
        return qsTr("last heartbeat %1 (%2 s ago)")
            .arg(Qt.formatTime(lastHeartbeat, "hh:mm:ss")).arg(silenceSeconds)
    }

    delegate: ItemDelegate {
        id: row

        required property int port
        required property string hostState
        required property var lastHeartbeat
        required property int silenceSeconds
        required property bool isCurrent

        width: ListView.view.width
        highlighted: isCurrent
        // Display only in this slice: switching hosts arrives with the publishing views.
        hoverEnabled: false
        down: false

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
                    text: row.hostState + " · " + list.heartbeatText(row.lastHeartbeat, row.silenceSeconds)
                    opacity: 0.8
                    elide: Text.ElideRight
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
        opacity: 0.7
    }
}
