"""Validators: the studio's rules for a model. Two have a repair that fixes the object in Blender."""
import re

import bpy
import mathutils
from hostbridge import publish

from .. import main_thread
from .collect import mesh_facts

NAME_RULE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_GEO")
# Transforms closer than this to identity count as applied (what float32 keeps of a typed 0 or 1).
TOLERANCE = 1e-5


def suggested_name(name):
    """The name the repair gives: words of letters and digits joined by "_", then "_GEO"
    ("Cube" -> "Cube_GEO", "crate lid.001" -> "crate_lid_001_GEO")."""
    base = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")
    base = re.sub(r"_?GEO$", "", base, flags=re.IGNORECASE) or "model"
    if not base[0].isalpha():
        base = "m" + base
    return base + "_GEO"


def scene_object(name):
    """Main thread."""
    obj = bpy.context.scene.objects.get(name)
    if obj is None:
        raise LookupError(f"no object named {name!r} in the scene any more: reset to collect the scene again")
    return obj


def rename(old, new):
    """Main thread: returns the facts of the renamed object."""
    obj = scene_object(old)
    if new != old and new in bpy.data.objects:
        raise ValueError(f"cannot rename {old!r} to {new!r}: another object has that name")
    obj.name = new
    return mesh_facts(obj)


def apply_transforms(name):
    """Main thread, as Object > Apply > All Transforms: the object's transform goes into its mesh,
    its children keep their place. Returns the object's new facts."""
    obj = scene_object(name)
    if obj.data.users > 1:
        raise ValueError(f"{name}: its mesh {obj.data.name!r} is shared by {obj.data.users} objects; "
                         "make it single-user (Object > Relations) before applying")
    basis = obj.matrix_basis.copy()
    obj.data.transform(basis)
    for child in obj.children:
        child.matrix_parent_inverse = basis @ child.matrix_parent_inverse
    obj.matrix_basis = mathutils.Matrix.Identity(4)
    obj.data.update()
    return mesh_facts(obj)


def refresh(instance, facts):
    """The instance follows its object after a repair (the UI reads the context again)."""
    instance.data.update(facts)
    instance.name = instance.label = facts["object"]


class ValidateNaming(publish.InstancePlugin):
    """A model's object is named <name>_GEO: words of letters and digits joined by "_"
    (hero_GEO, crate_lid_GEO). Repair renames the object in Blender."""
    order = publish.ValidatorOrder
    label = "Naming: *_GEO"  # not <name>: the UI would take it for a markup tag
    families = ["model"]
    hosts = ["blender"]

    def process(self, instance):
        name = instance.data["object"]
        if not NAME_RULE.fullmatch(name):
            raise ValueError(f"{name!r} is not named <name>_GEO; Repair renames it {suggested_name(name)!r}")
        self.log.debug("%s is well named", name)

    def repair(self, instance):
        old = instance.data["object"]
        refresh(instance, main_thread.call(rename, old, suggested_name(old)))
        self.log.info("renamed %s to %s", old, instance.name)


def unapplied(facts):
    """What of the object's transform is not identity, in words; empty when applied."""
    found = []
    for key, identity, unit in (("location", 0.0, ""), ("rotation", 0.0, " deg"), ("scale", 1.0, "")):
        values = facts[key]
        if any(abs(v - identity) > TOLERANCE for v in values):
            found.append(f"{key} ({', '.join(f'{v:g}' for v in values)}){unit}")
    return found


class ValidateTransforms(publish.InstancePlugin):
    """A model's transforms are applied (location 0, rotation 0, scale 1), so the exported
    geometry is where it was modelled. Repair applies them in Blender, as Object > Apply > All
    Transforms."""
    order = publish.ValidatorOrder + 0.1
    label = "Transforms applied"
    families = ["model"]
    hosts = ["blender"]

    def process(self, instance):
        found = unapplied(instance.data)
        if found:
            raise ValueError(f"{instance.data['object']}: transforms not applied: {'; '.join(found)}")

    def repair(self, instance):
        refresh(instance, main_thread.call(apply_transforms, instance.data["object"]))
        self.log.info("applied the transforms of %s", instance.name)


class ValidateFaceBudget(publish.InstancePlugin):
    """A model has at most the face budget's faces (the add-on's preference "Face budget", or
    $HOSTBRIDGE_FACE_BUDGET)."""
    order = publish.ValidatorOrder + 0.2
    label = "Face budget"
    families = ["model"]
    hosts = ["blender"]

    def process(self, instance):
        faces, budget = instance.data["faces"], instance.context.data["faceBudget"]
        if faces > budget:
            raise ValueError(f"{instance.data['object']} has {faces} faces, {faces - budget} over the budget of "
                             f"{budget}")
        self.log.info("%s: %d faces of a budget of %d", instance.data["object"], faces, budget)
