// A section heading of a list (a family, or Collect / Validate / ...). Clickable when `clickable`.
import QtQuick
import QtQuick.Controls
import HostBridge.Core

Rectangle {
    id: header
    property string text
    property bool clickable: false
    signal clicked()

    objectName: visible ? "section:" + text : ""
    implicitHeight: 22
    color: Theme.sectionBackground
    Label {
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.leftMargin: 6
        text: header.text
        textFormat: Text.PlainText  // a family is the host's word
        font.bold: true
    }
    MouseArea {
        anchors.fill: parent
        enabled: header.clickable
        onClicked: header.clicked()
    }
}
