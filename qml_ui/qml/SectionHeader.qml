// A section heading of a list (a family, or Collect / Validate / ...). Clickable when `clickable`.
import QtQuick
import QtQuick.Controls

Rectangle {
    id: header
    property string text
    property bool clickable: false
    signal clicked()

    objectName: visible ? "section:" + text : ""
    implicitHeight: 22
    color: "#e6e6e6"
    Label {
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.leftMargin: 6
        text: header.text
        font.bold: true
        opacity: 0.8
    }
    MouseArea {
        anchors.fill: parent
        enabled: header.clickable
        onClicked: header.clicked()
    }
}
