"""The integrator: a model's extracted files become the next version of its asset,
<root>/<asset>/vNNN/, all at once or not at all."""
import errno
import os
import re
import shutil
import tempfile

from hostbridge import publish

VERSION = re.compile(r"v(\d{3,})")
MAX_ATTEMPTS = 100  # versions taken by other publishes while this one renames


def asset_name(object_name):
    """hero_GEO -> hero."""
    return re.sub(r"_GEO$", "", object_name) or object_name


def next_version(folder):
    taken = [int(m.group(1)) for m in map(VERSION.fullmatch, os.listdir(folder)) if m]
    return max(taken, default=0) + 1


def rename_to_next_version(partial, folder):
    """Renames the finished folder `partial` to the next free vNNN of `folder`: a rename within
    one file system, so readers see all the files or no version. Returns (number, path)."""
    for _ in range(MAX_ATTEMPTS):
        number = next_version(folder)
        target = os.path.join(folder, f"v{number:03d}")
        if os.path.exists(target):  # rename would replace an empty folder someone made
            continue
        try:
            os.rename(partial, target)
            return number, target
        except OSError as e:
            if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    raise RuntimeError(f"no free version in {folder} after {MAX_ATTEMPTS} attempts")


class IntegrateVersion(publish.InstancePlugin):
    """Publishes a model's files into <publish folder>/<asset>/vNNN/ (the asset is the object's
    name without _GEO; NNN one past the highest version there). The files are copied into a
    hidden folder beside the versions, which is renamed once complete, so a failed or
    interrupted publish leaves no vNNN and no partial file in one."""
    order = publish.IntegratorOrder
    label = "Versioned folder"
    families = ["model"]
    hosts = ["blender"]

    def process(self, instance):
        staging, files = instance.data["stagingDir"], instance.data["files"]
        asset = asset_name(instance.data["object"])
        folder = os.path.join(instance.context.data["publishRoot"], asset)
        os.makedirs(folder, exist_ok=True)
        partial = tempfile.mkdtemp(prefix=".partial-", dir=folder)
        try:
            for name in files:
                shutil.copyfile(os.path.join(staging, name), os.path.join(partial, name))
            os.chmod(partial, 0o755)  # mkdtemp made it private
            number, target = rename_to_next_version(partial, folder)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        shutil.rmtree(staging, ignore_errors=True)
        instance.data.update(version=number, publishedDir=target)
        self.log.info("published %s v%03d: %s in %s", asset, number, ", ".join(files), target)
