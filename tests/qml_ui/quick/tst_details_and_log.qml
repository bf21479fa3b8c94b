import QtQuick
import QtQuick.Controls
import QtTest
import HostBridge.Core
import "../../../qml_ui/qml"

Item {
    id: root
    width: 430
    height: 800

    // A stand-in for PublishController's menu side: a fixed menu, and the calls it got.
    QtObject {
        id: fakePublishController
        property bool running: false
        property bool canAct: true
        property var calls: []
        property string comment
        signal failureToShow(int pluginRow, int instanceRow)
        function setComment(text) { comment = text }
        function menuOf(row) {
            return [{kind: "category", id: "Scene", label: "Scene"},
                    {kind: "action", id: "SelectFaces", label: "Select faces"},
                    {kind: "separator"},
                    {kind: "repair", id: "", label: "Repair"}]
        }
        function runAction(row, id) { calls.push("action " + row + " " + id); canAct = false; return true }
        function repair(row) { calls.push("repair " + row); return true }
    }
    PublishPage {
        id: publishPage
        width: 430
        height: 400
        publishController: fakePublishController
        instances: instanceModel
        plugins: pluginModel
        details: itemDetails
    }
    LogView { id: logView; y: 400; width: 430; height: 400; log: runLog }

    TestCase {
        name: "DetailsAndLog"
        when: windowShown

        function rowOf(viewName, row) {
            var view = findChild(publishPage, viewName)
            view.forceLayout()
            var item = view.itemAtIndex(row)
            verify(item, viewName + " row " + row)
            return item
        }

        function cleanup() {
            itemDetails.close()
            publishPage.height = 400
        }

        // A row lies wholly inside its list's visible part.
        function shown(view, row) {
            view.forceLayout()
            var item = view.itemAtIndex(row)
            return !!item && item.y >= view.contentY && item.y + item.height <= view.contentY + view.height
        }

        // After a failed validation the first failed rows are brought into view, though they sat
        // below the fold.
        function test_theFailureIsBroughtIntoView() {
            publishPage.height = 150
            var plugins = findChild(publishPage, "pluginsView")
            var instances = findChild(publishPage, "instancesView")
            tryVerify(function() { return plugins.height > 0 && plugins.height < 70 })
            verify(!shown(plugins, 2))
            verify(!shown(instances, 2))
            fakePublishController.failureToShow(2, 2)
            tryVerify(function() { return shown(plugins, 2) && shown(instances, 2) })
            compare(plugins.currentIndex, 2)
            compare(instances.currentIndex, 2)
        }

        function test_detailsButtonOpensThePluginPage() {
            var normals = rowOf("pluginsView", 1)
            mouseClick(findChild(normals, "detailsButton"))
            tryCompare(itemDetails, "open", true)
            var page = findChild(publishPage, "detailsPage")
            verify(page.visible)
            verify(!findChild(publishPage, "pluginsView").visible)
            compare(findChild(page, "detailsTitle").text, "ValidateNormals")
            compare(findChild(page, "detailsPath").text, "/plugins/ValidateNormals.py")
            compare(findChild(page, "detailsDoc").text, "Checks ValidateNormals")
            compare(itemDetails.errors.length, 1)
            compare(itemDetails.errors[0].line, 42)
            verify(findChild(page, "detailsError"))
            compare(findChild(page, "detailsDuration").text, "Ran once: 2.0 ms")
            mouseClick(findChild(page, "backButton"))
            tryCompare(itemDetails, "open", false)
            verify(findChild(publishPage, "pluginsView").visible)
        }

        function test_rowClickAndEscapeForAnInstance() {
            var chair = rowOf("instancesView", 2)
            mouseClick(findChild(chair, "rowBody"), 200, 10)  // the label, not the checkbox
            tryCompare(itemDetails, "open", true)
            compare(itemDetails.kind, "instance")
            compare(itemDetails.title, "Chair")
            compare(itemDetails.records.length, 2)  // ValidateNormals and ValidateNaming on Chair
            keyClick(Qt.Key_Escape)
            tryCompare(itemDetails, "open", false)
        }

        function test_enterOpensTheCurrentRow() {
            var view = findChild(publishPage, "pluginsView")
            view.forceActiveFocus()
            view.currentIndex = 0
            keyClick(Qt.Key_Return)
            tryCompare(itemDetails, "open", true)
            compare(itemDetails.title, "ValidateNaming")
        }

        function test_actionsMenu() {
            verify(!findChild(rowOf("pluginsView", 0), "menuButton").visible)  // no actions, no repair
            var button = findChild(rowOf("pluginsView", 1), "menuButton")
            verify(button.visible)
            var menu = findChild(publishPage, "actionMenu")
            mouseClick(button)
            tryCompare(menu, "opened", true)
            compare(menu.count, 4)
            verify(!menu.itemAt(0).enabled)               // the category is a heading
            compare(menu.itemAt(0).text, "Scene")
            verify(menu.itemAt(2) instanceof MenuSeparator)
            var select = menu.itemAt(1)
            compare(select.objectName, "menu:SelectFaces")
            tryVerify(function() { return select.y > 0 })   // laid out, as before a real click
            mouseClick(select)
            tryCompare(menu, "opened", false)
            compare(fakePublishController.calls, ["action 1 SelectFaces"])
            // While the action runs (canAct false) nothing in the menu can fire.
            mouseClick(button)
            tryCompare(menu, "opened", true)
            verify(!menu.itemAt(1).enabled && !menu.itemAt(3).enabled)
            menu.close()
            fakePublishController.canAct = true
            mouseClick(button)
            tryCompare(menu, "opened", true)
            tryVerify(function() { return menu.itemAt(3).y > 0 })
            mouseClick(menu.itemAt(3))
            compare(fakePublishController.calls, ["action 1 SelectFaces", "repair 1"])
        }

        // Several lines: Enter starts a new one; Ctrl+Enter or leaving the box hands it over.
        function test_commentReachesTheControllerWhenEditingEnds() {
            var field = findChild(publishPage, "commentFieldArea")
            verify(field)
            mouseClick(field)
            keyClick(Qt.Key_O); keyClick(Qt.Key_K)
            keyClick(Qt.Key_Return)
            keyClick(Qt.Key_G); keyClick(Qt.Key_O)
            compare(fakePublishController.comment, "")       // still typing
            keyClick(Qt.Key_Return, Qt.ControlModifier)
            compare(fakePublishController.comment, "ok\ngo")
            // The controller's comment (the host's, before the artist wrote one) shows in the box.
            fakePublishController.comment = "from the host"
            compare(field.text, "from the host")
        }

        // An instance's page has its comment box; it reaches the instance (InstanceModel).
        function test_instanceCommentOnItsPage() {
            itemDetails.showInstance(2)
            var box = findChild(publishPage, "instanceCommentArea")
            verify(box)
            tryCompare(box, "visible", true)
            box.forceActiveFocus()  // the page lays itself out as it opens: no click position yet
            keyClick(Qt.Key_N); keyClick(Qt.Key_B)
            keyClick(Qt.Key_Return, Qt.ControlModifier)
            compare(instanceModel.data(instanceModel.index(2, 0), InstanceModel.CommentRole), "nb")
            compare(itemDetails.comment, "nb")
            itemDetails.showPlugin(0)
            tryCompare(box, "visible", false)  // plug-ins have none
        }

        function test_logFilterAndLevels() {
            var lines = findChild(logView, "logLines")
            compare(lines.count, 5)  // separator, 3 records, 1 error
            var field = findChild(logView, "logFilter")
            mouseClick(field)
            keyClick(Qt.Key_B); keyClick(Qt.Key_R); keyClick(Qt.Key_U)   // "bru": Bruce's line
            tryCompare(lines, "count", 2)                 // and the separator
            compare(runLog.text, "bru")
            field.text = ""
            tryCompare(lines, "count", 5)
            var debug = findChild(logView, "level:debug")
            mouseClick(debug)
            compare(runLog.showDebug, false)
            tryCompare(lines, "count", 4)
            var error = findChild(logView, "level:error")
            mouseClick(error)
            tryCompare(lines, "count", 2)                 // the separator and Bruce's info line
            mouseClick(error)
            mouseClick(debug)
            tryCompare(lines, "count", 5)
        }
    }
}
