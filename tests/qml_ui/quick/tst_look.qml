import QtQuick
import QtQuick.Controls
import QtTest
import HostBridge.Core
import "../../../qml_ui/qml"

// The look's behaviour: a row's running stripe only while the host runs it for a while, the
// question before closing during a run, the window alert at the end of a run, and links in a
// host's text (opened through the injected opener; markup stays text).
Item {
    id: root
    width: 430
    height: 600

    // A stand-in for LiveActivity: the pair in flight.
    QtObject {
        id: fakeLive
        property bool active: false
        property bool lasting: false
        property string pluginId
        property string instanceId
        property string text
        property real fraction: -1
    }
    PluginsView { id: pluginsView; width: 430; height: 200; model: pluginModel; live: fakeLive }

    // A stand-in for PublishController: what the dialog and the alert read and call.
    QtObject {
        id: fakePublishController
        property bool running: false
        property bool canStop: false
        property int stops: 0
        signal runFinished(int phase, bool ok)
        function stop() { stops++; canStop = false; return true }
    }
    CloseDuringRunDialog {
        id: closeDialog
        publishController: fakePublishController
        property int confirmed: 0
        onCloseConfirmed: confirmed++
    }
    QtObject {
        id: fakeWindow
        property bool active: true
        property var alerts: []
        function alert(msec) { alerts.push(msec) }
    }
    RunEndAlert { publishController: fakePublishController; alertWindow: fakeWindow }

    property var opened: []
    LinkLabel {
        id: linked
        y: 220
        width: 430
        plainText: "https://wiki.example.com/naming?rule=1&x=2 explains it."
        openLink: function(url) { root.opened.push(url) }
    }
    LinkLabel { id: markup; y: 260; width: 430; plainText: "<b>not bold</b> <img src=\"x.png\">" }
    LinkLabel { id: markupAndLink; y: 280; width: 430; plainText: "<i>see</i> http://example.com" }

    TestCase {
        name: "Look"
        when: windowShown

        function stripeOf(row) {
            pluginsView.forceLayout()
            var item = pluginsView.itemAtIndex(row)
            verify(item, "row " + row)
            return findChild(item, "runningStripe")
        }

        // The dialog's buttons placed by their Flow on one line (the dialog is wide enough), as
        // before a real click: a click while the Flow still wraps them lands on another button.
        function buttonsLaidOut() {
            var go = findChild(closeDialog.contentItem, "closeAndLetRun")
            var keep = findChild(closeDialog.contentItem, "keepWindow")
            tryVerify(function() { return keep.y === go.y && keep.x > go.x && closeDialog.height === closeDialog.implicitHeight })
            waitForItemPolished(closeDialog.contentItem)
            waitForRendering(closeDialog.contentItem)
        }

        function cleanup() {
            fakeLive.active = false
            fakeLive.lasting = false
            fakePublishController.running = false
            fakePublishController.canStop = false
            closeDialog.close()
        }

        function test_stripeOnlyWhileTheRowRunsForAWhile() {
            tryVerify(function() { return pluginsView.count === 3 })
            var stripe = stripeOf(1)
            verify(stripe)
            verify(!stripe.active)            // nothing runs: no animation object at all
            compare(stripe.item, null)
            fakeLive.pluginId = "ValidateNormals"
            fakeLive.active = true
            verify(!stripe.active)            // a quick call shows nothing
            fakeLive.lasting = true
            tryVerify(function() { return stripe.item !== null && stripe.item.animating })
            verify(!stripeOf(0).active)       // only the row that runs
            fakeLive.active = false           // the call ended
            tryVerify(function() { return stripe.item === null })
            // A call that lasts on another row moves the stripe there.
            fakeLive.pluginId = "ValidateNaming"
            fakeLive.active = true
            fakeLive.lasting = true
            tryVerify(function() { return stripeOf(0).item !== null && stripeOf(0).item.animating })
            verify(!stripe.active)
        }

        function test_closingWhenIdleDoesNotAsk() {
            verify(!closeDialog.holdsClose())
            verify(!closeDialog.opened)
        }

        function test_closingDuringARunAsksAndCanStopIt() {
            fakePublishController.running = true
            fakePublishController.canStop = true
            var confirmed = closeDialog.confirmed
            verify(closeDialog.holdsClose())
            tryCompare(closeDialog, "opened", true)
            var stop = findChild(closeDialog.contentItem, "stopAndClose")
            verify(stop.visible)
            buttonsLaidOut()
            mouseClick(stop)
            compare(fakePublishController.stops, 1)
            compare(closeDialog.confirmed, confirmed + 1)
            tryCompare(closeDialog, "opened", false)
        }

        function test_keepingTheWindowClosesNothing() {
            fakePublishController.running = true
            var confirmed = closeDialog.confirmed
            verify(closeDialog.holdsClose())
            tryCompare(closeDialog, "opened", true)
            verify(!findChild(closeDialog.contentItem, "stopAndClose").visible)  // Stop already asked
            buttonsLaidOut()
            mouseClick(findChild(closeDialog.contentItem, "keepWindow"))
            tryCompare(closeDialog, "opened", false)
            compare(closeDialog.confirmed, confirmed)
            verify(closeDialog.holdsClose())
            tryCompare(closeDialog, "opened", true)
            buttonsLaidOut()
            mouseClick(findChild(closeDialog.contentItem, "closeAndLetRun"))
            compare(closeDialog.confirmed, confirmed + 1)
            compare(fakePublishController.stops, 1)  // from the test before, not this one
        }

        function test_alertOnlyWhenTheWindowIsNotActive() {
            fakeWindow.alerts = []
            fakeWindow.active = true
            fakePublishController.runFinished(2, true)
            compare(fakeWindow.alerts.length, 0)
            fakeWindow.active = false
            fakePublishController.runFinished(2, false)
            compare(fakeWindow.alerts, [0])
        }

        function test_aLinkOpensThroughTheOpener() {
            compare(linked.textFormat, Text.StyledText)
            var at = -1
            for (var x = 1; x < linked.width && at < 0; x += 2) {
                if (linked.linkAt(x, linked.height / 2) !== "")
                    at = x
            }
            verify(at >= 0, "no link drawn")
            root.opened = []
            mouseClick(linked, at, linked.height / 2)
            compare(root.opened, ["https://wiki.example.com/naming?rule=1&x=2"])
        }

        function test_markupFromAHostStaysText() {
            compare(markup.textFormat, Text.PlainText)
            compare(markup.text, "<b>not bold</b> <img src=\"x.png\">")
            compare(markupAndLink.textFormat, Text.StyledText)
            verify(markupAndLink.text.indexOf("&lt;i&gt;see&lt;/i&gt;") === 0, markupAndLink.text)
        }

        function test_theThemeSwitches() {
            verify(Theme.dark)  // the default
            var darkText = "" + Theme.text
            Theme.dark = false
            verify("" + Theme.text !== darkText)
            compare("" + findChild(pluginsView, "section:Validate").color, "" + Theme.sectionBackground)
            Theme.dark = true
            compare("" + Theme.text, darkText)
        }
    }
}
