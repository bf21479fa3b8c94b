// A host's state as a coloured dot: connected green, busy amber, disconnected red, none grey.
import QtQuick
import HostBridge.Core

Rectangle {
    property string hostState

    implicitWidth: 12
    implicitHeight: 12
    radius: width / 2
    color: hostState === "connected" ? Theme.statePassed
         : hostState === "busy" ? Theme.stateWarning
         : hostState === "disconnected" ? Theme.stateFailed
         : Theme.stateIdle
}
