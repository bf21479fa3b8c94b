// The Publish tab: the instances and the plug-ins, the detail page of a row, and a plug-in's menu
// of actions and repair (entries from PublishController.menuOf(row), enabled while canAct).
// Narrow (pyblish's 430 px): instances above plug-ins, the height shared by what each list holds
// (contentOf), and the detail page in their place while it is open. Wide (900 px and more):
// instances, plug-ins and the detail page side by side. Above the lists, the publish's comment
// (several lines): its text goes to the host when editing finishes (commitComment()).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Item {
    id: page

    // PublishController; untyped: the Quick tests hand in a stand-in written in QML.
    required property var publishController
    required property InstanceModel instances
    required property PluginModel plugins
    required property ItemDetails details

    // The comment box's text to the controller (also before a shortcut runs validate/publish,
    // which does not take the focus from the box).
    function commitComment() { page.publishController.setComment(commentField.text) }

    readonly property bool wide: width >= 900

    // Narrow: the instances' height, from what each list shows (its model's headings and rows
    // not folded away, at a heading's and a row's usual height; a ListView makes delegates only
    // for the room it has, so its contentHeight is no measure). Both lists whole when they fit;
    // else shared in proportion, each getting at least a third: no fixed split leaves a
    // section's rows below it while the other list has room to spare. Computed from the page's
    // own height (not the layout's), so the layout never waits on itself.
    readonly property int rowHeight: 24
    readonly property int headingHeight: 22
    function contentOf(model) { return model.shownRows * rowHeight + model.shownSections * headingHeight }
    readonly property real listsHeight: height - commentField.implicitHeight - 9  // margins, separator
    readonly property real instancesHeight: {
        var instancesContent = contentOf(page.instances)
        var pluginsContent = contentOf(page.plugins)
        if (instancesContent + pluginsContent <= listsHeight)
            return instancesContent
        var share = listsHeight * instancesContent / Math.max(1, instancesContent + pluginsContent)
        return Math.max(listsHeight / 3, Math.min(listsHeight * 2 / 3, share))
    }

    // The first failed validation into view (it may sit below the fold), made the current rows.
    Connections {
        target: page.publishController
        ignoreUnknownSignals: true  // a stand-in publishController of the Quick tests may not have it
        function onFailureToShow(pluginRow, instanceRow) {
            if (pluginRow >= 0) {
                pluginsView.currentIndex = pluginRow
                pluginsView.positionViewAtIndex(pluginRow, ListView.Contain)
            }
            if (instanceRow >= 0) {
                instancesView.currentIndex = instanceRow
                instancesView.positionViewAtIndex(instanceRow, ListView.Contain)
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 2
            spacing: 0
            visible: page.wide || !page.details.open

            CommentArea {
                id: commentField
                objectName: "commentField"
                Layout.fillWidth: true
                Layout.margins: 4
                visibleLines: 2
                comment: page.publishController.comment
                placeholderText: qsTr("Comment for this publish")
                enabled: !page.publishController.running
                onCommitted: page.commitComment()
            }
            GridLayout {
                id: lists
                Layout.fillWidth: true
                Layout.fillHeight: true
                columns: page.wide ? 3 : 1
                rowSpacing: 0
                columnSpacing: 0

                InstancesView {
                    id: instancesView
                    objectName: "instancesView"
                    Layout.fillWidth: true
                    Layout.fillHeight: page.wide
                    Layout.preferredHeight: page.wide ? 1 : page.instancesHeight
                    Layout.preferredWidth: 1
                    model: page.instances
                    live: page.publishController.live
                    onDetailsRequested: function(row) { page.details.showInstance(row) }
                }
                Rectangle {
                    Layout.fillWidth: !page.wide
                    Layout.fillHeight: page.wide
                    implicitWidth: 1
                    implicitHeight: 1
                    color: Theme.border
                }
                PluginsView {
                    id: pluginsView
                    objectName: "pluginsView"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredHeight: 1
                    Layout.preferredWidth: 1
                    model: page.plugins
                    live: page.publishController.live
                    onDetailsRequested: function(row) { page.details.showPlugin(row) }
                    onMenuRequested: function(row, anchor) { actionMenu.openFor(row, anchor) }
                }
            }
        }

        Rectangle {
            visible: page.wide
            Layout.fillHeight: true
            implicitWidth: 1
            color: Theme.border
        }
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            visible: page.wide || page.details.open

            DetailsPage {
                objectName: "detailsPage"
                anchors.fill: parent
                visible: page.details.open
                details: page.details
            }
            Label {
                anchors.centerIn: parent
                width: parent.width - 20
                visible: !page.details.open
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("Click a plug-in or an instance for its documentation, errors, log records and times")
                color: Theme.mutedText
            }
        }
    }

    Menu {
        id: actionMenu
        objectName: "actionMenu"

        // Built afresh on each opening: the entries follow the plug-in's state.
        function openFor(row, anchor) {
            while (count > 0)
                takeItem(0).destroy()
            var entries = page.publishController.menuOf(row)
            for (var i = 0; i < entries.length; ++i) {
                if (entries[i].kind === "separator")
                    addItem(separatorEntry.createObject(null))
                else
                    addItem(menuEntry.createObject(null, {entry: entries[i], row: row}))
            }
            if (entries.length === 0)
                addItem(menuEntry.createObject(null, {entry: {kind: "category", id: "", label: qsTr("No actions now")}, row: row}))
            popup(anchor, 0, anchor.height)
        }
    }
    Component {
        id: menuEntry
        MenuItem {
            property var entry
            property int row
            objectName: "menu:" + (entry.kind === "repair" ? "repair" : entry.id)
            text: entry.label
            // A category is a heading, not a choice.
            enabled: entry.kind !== "category" && page.publishController.canAct
            font.bold: entry.kind === "category"
            onTriggered: {
                if (entry.kind === "repair")
                    page.publishController.repair(row)
                else
                    page.publishController.runAction(row, entry.id)
            }
        }
    }
    Component {
        id: separatorEntry
        MenuSeparator {}
    }
}
