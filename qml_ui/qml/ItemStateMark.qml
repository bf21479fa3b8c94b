// A row's publishing state as a coloured square: idle grey, processing blue, passed green,
// warning amber, failed red (a cross marks failed, so colour is not the only cue).
import QtQuick
import HostBridge.Core

Rectangle {
    id: mark
    property string itemState: "idle"

    implicitWidth: 12
    implicitHeight: 12
    radius: 2
    color: itemState === "processing" ? Theme.stateProcessing
         : itemState === "passed" ? Theme.statePassed
         : itemState === "warning" ? Theme.stateWarning
         : itemState === "failed" ? Theme.stateFailed
         : Theme.stateIdle
    Text {
        anchors.centerIn: parent
        visible: mark.itemState === "failed"
        text: "\u00d7"
        color: Theme.markGlyph
        font.pixelSize: 11
        font.bold: true
    }
}
