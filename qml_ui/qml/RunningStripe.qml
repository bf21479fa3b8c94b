// A stripe sliding along the bottom of a row while the host runs it, so a long plug-in visibly
// works. Made only while `active` (a Loader in the row), so a window where nothing runs holds
// no animation and draws no frame for it.
import QtQuick
import HostBridge.Core

Item {
    id: stripe

    // Whether the slide runs: true while made, unless a test switches it off.
    property bool active: true
    readonly property bool animating: slide.running

    implicitHeight: 2
    clip: true

    Rectangle {
        id: bar
        width: Math.max(24, stripe.width / 4)
        height: stripe.height
        radius: height / 2
        color: Theme.processing

        XAnimator on x {
            id: slide
            from: -bar.width
            to: stripe.width
            duration: 1100
            loops: Animation.Infinite
            running: stripe.active && stripe.visible
        }
    }
}
