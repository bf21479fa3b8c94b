"""The add-on's publishing plug-ins, written with hostbridge.publish as pyblish plug-ins are: they
run on the publishing thread, and every piece of bpy work goes to Blender's main thread through
main_thread.call (docs/python.md, "Publishing from Blender").

    collect    CollectScene (the file, the publish folder, the face budget),
               CollectMeshes (one "model" instance per mesh object)
    validate   ValidateNaming (<name>_GEO; repair renames), ValidateTransforms (applied; repair
               applies them), ValidateFaceBudget
    extract    ExtractGltf, ExtractObj (Blender's own exporters, the object alone selected, into a
               staging folder)
    integrate  IntegrateVersion (<root>/<asset>/vNNN, all at once)
"""
from .collect import CollectMeshes, CollectScene
from .extract import ExtractGltf, ExtractObj
from .integrate import IntegrateVersion
from .validate import ValidateFaceBudget, ValidateNaming, ValidateTransforms

PLUGINS = [CollectScene, CollectMeshes, ValidateNaming, ValidateTransforms, ValidateFaceBudget, ExtractGltf, ExtractObj,
           IntegrateVersion]
