// The session's log (log: RunLogFilter over RunLogModel): every record and error of every result
// and the run events, with a text filter and a toggle per level. Separators mark each reset.
// Web addresses in the messages open in the browser.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Pane {
    id: view

    required property RunLogFilter log

    padding: 0

    // Opens an activated link (LinkLabel); tests hand in their own.
    property var openLink: function(url) { Qt.openUrlExternally(url) }

    function levelColor(band) {
        return band === "critical" || band === "error" ? Theme.error
             : band === "warning" ? Theme.warning
             : band === "debug" ? Theme.mutedText : Theme.text
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Pane {
            Layout.fillWidth: true
            padding: 6
            background: Rectangle { color: Theme.alternateBase }
            ColumnLayout {
                anchors.fill: parent
                spacing: 2
                TextField {
                    id: filterField
                    objectName: "logFilter"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Filter: message, plug-in or instance")
                    selectByMouse: true
                    onTextChanged: view.log.text = text
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: 2
                    Repeater {
                        model: [{band: "debug", label: qsTr("Debug"), prop: "showDebug"},
                                {band: "info", label: qsTr("Info"), prop: "showInfo"},
                                {band: "warning", label: qsTr("Warning"), prop: "showWarning"},
                                {band: "error", label: qsTr("Error"), prop: "showError"},
                                {band: "critical", label: qsTr("Critical"), prop: "showCritical"}]
                        delegate: CheckBox {
                            required property var modelData
                            objectName: "level:" + modelData.band
                            text: modelData.label
                            checked: view.log[modelData.prop]
                            onToggled: view.log[modelData.prop] = checked
                        }
                    }
                    Label {
                        leftPadding: 8
                        topPadding: 10
                        objectName: "logCount"
                        text: qsTr("%1 line(s)").arg(view.log.count)
                        color: Theme.mutedText
                    }
                }
            }
        }

        ListView {
            id: lines
            objectName: "logLines"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            model: view.log

            // Follow the newest line while the artist is at the end.
            property bool atEnd: true
            onMovementEnded: atEnd = atYEnd
            onCountChanged: if (atEnd) followEnd.restart()
            // Once the new rows are laid out; many in one go move the view once. (A timer, not
            // Qt.callLater, which Qt 6.4's qmllint cannot type.)
            Timer {
                id: followEnd
                interval: 0
                onTriggered: lines.positionViewAtEnd()
            }

            delegate: Item {
                id: line
                required property string time
                required property string kind
                required property string band
                required property string message
                required property string plugin
                required property string instance

                width: ListView.view.width
                implicitHeight: kind === "separator" ? separatorRow.implicitHeight + 8 : entryRow.implicitHeight + 4

                // A reset: a heading across the log.
                Rectangle {
                    visible: line.kind === "separator"
                    anchors.fill: parent
                    anchors.topMargin: 4
                    color: Theme.sectionBackground
                    RowLayout {
                        id: separatorRow
                        anchors.fill: parent
                        anchors.leftMargin: 6
                        anchors.rightMargin: 6
                        Label { text: line.time; font.pixelSize: 11; color: Theme.mutedText }
                        Label {
                            Layout.fillWidth: true
                            text: line.message
                            textFormat: Text.PlainText
                            font.bold: true
                            elide: Text.ElideRight
                        }
                    }
                }
                RowLayout {
                    id: entryRow
                    visible: line.kind !== "separator"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.leftMargin: 6
                    anchors.rightMargin: 6
                    anchors.verticalCenter: parent.verticalCenter
                    spacing: 6
                    Label {
                        Layout.alignment: Qt.AlignTop
                        text: line.time
                        font.pixelSize: 11
                        color: Theme.mutedText
                    }
                    Label {
                        Layout.alignment: Qt.AlignTop
                        Layout.preferredWidth: 64
                        text: line.kind === "notice" ? qsTr("NOTE") : line.band.toUpperCase()
                        color: view.levelColor(line.band)
                        font.pixelSize: 11
                        font.bold: true
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            visible: line.plugin !== "" || line.instance !== ""
                            text: line.plugin + (line.instance !== "" ? " \u00b7 " + line.instance : "")
                            textFormat: Text.PlainText
                            font.pixelSize: 11
                            color: Theme.mutedText
                            elide: Text.ElideRight
                        }
                        LinkLabel {
                            objectName: "logMessage"
                            Layout.fillWidth: true
                            plainText: line.message
                            openLink: view.openLink
                            color: line.kind === "error" || line.band === "error" || line.band === "critical"
                                   ? Theme.error : Theme.text
                            font.italic: line.kind === "event" || line.kind === "notice"
                            wrapMode: Text.Wrap
                        }
                    }
                }
            }

            Label {
                anchors.centerIn: parent
                visible: lines.count === 0
                text: qsTr("Nothing logged yet")
                color: Theme.mutedText
            }
        }
    }
}
