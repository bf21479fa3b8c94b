"""Context and Instance as a plug-in sees them: views over the C++ ones the Publisher keeps,
valid during the plug-in's call (docs/python.md, "Publishing")."""
import collections.abc


class Data(collections.abc.MutableMapping):
    """context.data and instance.data: a dict-like view of the C++ data. Values are converted
    as a call's parameters are (docs/python.md, "Values"): a value that cannot be sent raises
    TypeError, and what you read is a copy (assign a changed list back). On an instance, the
    keys "name", "label", "family", "families" and "publish" are the instance's own fields, as
    pyblish plug-ins read them."""

    __slots__ = ("_view", "_fields")

    def __init__(self, view, fields=()):
        self._view = view
        self._fields = fields

    def __getitem__(self, key):
        if key in self._fields:
            return getattr(self._view, key)
        return self._view._get(key)

    def __setitem__(self, key, value):
        if key in self._fields:
            setattr(self._view, key, list(value) if key == "families" else value)
        else:
            self._view._set(key, value)

    def __delitem__(self, key):
        if key in self._fields:
            raise KeyError(f"{key!r} is a field of the instance; it cannot be deleted")
        self._view._del(key)

    def __contains__(self, key):
        return key in self._fields or self._view._has(key)

    def __iter__(self):
        yield from self._fields
        yield from self._view._keys()

    def __len__(self):
        return len(self._fields) + len(self._view._keys())

    def __repr__(self):
        return repr(dict(self))


_INSTANCE_FIELDS = ("name", "label", "family", "families", "publish")


class Instance:
    """Something to publish, made by context.create_instance(). name, label, family, families
    and publish are read and set as attributes or through data."""

    __slots__ = ("_view", "context")

    def __init__(self, view, context):
        self._view = view
        self.context = context

    @property
    def id(self):
        return self._view.id

    @property
    def data(self):
        return Data(self._view, _INSTANCE_FIELDS)

    def __getattr__(self, name):
        if name in _INSTANCE_FIELDS:
            return getattr(self._view, name)
        raise AttributeError(name)

    def __setattr__(self, name, value):
        if name in _INSTANCE_FIELDS:
            Data(self._view, _INSTANCE_FIELDS)[name] = value
        else:
            object.__setattr__(self, name, value)

    def __eq__(self, other):
        return isinstance(other, Instance) and other.id == self.id

    def __hash__(self):
        return hash(self.id)

    def __repr__(self):
        return f"<Instance {self._view.name!r} ({self._view.family})>"


class Context:
    """What the plug-ins publish: its data and the instances collectors made. Iterating gives
    the instances, in the order they were created."""

    __slots__ = ("_view",)

    def __init__(self, view):
        self._view = view

    @property
    def id(self):
        return self._view.id

    @property
    def data(self):
        return Data(self._view)

    def create_instance(self, name, family="", **data):
        """Adds an instance named `name` of `family`; `data` fills instance.data (a "label",
        "families" or "publish" key sets that field). Returns the Instance."""
        instance = Instance(self._view.create_instance(str(name), str(family or data.pop("family", "") or "")), self)
        if data:
            instance.data.update(data)
        return instance

    @property
    def instances(self):
        return [Instance(view, self) for view in self._view.instances()]

    def __iter__(self):
        return iter(self.instances)

    def __len__(self):
        return len(self._view.instances())

    def __getitem__(self, index):
        return self.instances[index]

    def __repr__(self):
        return f"<Context {self.id} with {len(self)} instances>"
