// A studio's own functions on the publishing UI, added without rebuilding it:
//
//   hostbridge-ui --extension examples/ui_extension/StudioTools.qml
//
// Each function is registered on `uiFunctions` (qml_ui/core/ui_functions.hpp) and is then served
// like the UI's built-in methods: listed by system.listMethods, documented by
// system.methodHelp, called by any host or script with the UI's token
// (examples/ui_extension/call_studio_tools.py). Functions run on the UI's GUI thread.
import QtQml

QtObject {
    required property var uiFunctions

    Component.onCompleted: {
        uiFunctions.registerFunction("studio.greet",
            "studio.greet(name): a greeting for name, made in QML.",
            function(name) { return "Hello " + name + ", from the publishing UI" })
        uiFunctions.registerFunction("studio.frameRange",
            "studio.frameRange(first, last): {first, last, count}; a fault when last < first.",
            function(first, last) {
                if (last < first)
                    throw new Error("the last frame (" + last + ") is before the first (" + first + ")")
                return { first: first, last: last, count: last - first + 1 }
            })
    }
}
