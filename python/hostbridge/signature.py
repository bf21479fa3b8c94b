"""What system.methodHelp and system.methodSignature say about a bound Python function."""
import datetime
import inspect
import typing
import xmlrpc.client

_TYPE_NAMES = {
    int: "int",
    float: "double",
    str: "string",
    bool: "boolean",
    bytes: "base64",
    bytearray: "base64",
    xmlrpc.client.Binary: "base64",
    list: "array",
    tuple: "array",
    dict: "struct",
    datetime.datetime: "dateTime.iso8601",
    xmlrpc.client.DateTime: "dateTime.iso8601",
    type(None): "nil",
    None: "nil",
}


class Description(typing.NamedTuple):
    help: str
    signatures: list     # one per accepted number of parameters: [result, param, ...]
    minimum: int         # parameters a call must pass
    maximum: int         # parameters a call may pass; -1 for any number (*args)


def type_name(annotation):
    """The XML-RPC type name of an annotation; "any" when it has none or names no XML-RPC type
    (a Union, Any, a class of the studio's own). list[int] and typing.List[int] are "array"."""
    if annotation is inspect.Parameter.empty:
        return "any"
    origin = typing.get_origin(annotation) or annotation
    try:
        return _TYPE_NAMES.get(origin, "any")
    except TypeError:  # an unhashable annotation
        return "any"


def describe(function):
    """Help (the docstring) and signatures of `function`, from its Python signature. Trailing
    parameters with defaults give one signature per accepted arity, as C++ std::optional
    parameters do. Raises TypeError for a keyword-only parameter without a default: XML-RPC
    passes parameters by position only. A callable Python cannot inspect (some builtins) takes any
    number of parameters and lists no signature."""
    try:
        signature = inspect.signature(function)
    except ValueError:  # a builtin without signature information: any arity, types unknown
        return Description(inspect.getdoc(function) or "", [], 0, -1)
    try:
        hints = typing.get_type_hints(function)
    except Exception:  # annotations that do not resolve: take them as written
        hints = {}
    positional = []
    required = 0
    variadic = False
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            positional.append(type_name(hints.get(parameter.name, parameter.annotation)))
            if parameter.default is parameter.empty:
                required = len(positional)
        elif parameter.kind is parameter.VAR_POSITIONAL:
            variadic = True
        elif parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            raise TypeError(f"{getattr(function, '__name__', function)!r}: keyword-only parameter "
                            f"{parameter.name!r} has no default, and XML-RPC passes parameters by position only")
    result = type_name(hints.get("return", signature.return_annotation))
    signatures = [[result] + positional[:n] for n in range(required, len(positional) + 1)]
    return Description(inspect.getdoc(function) or "", signatures, required, -1 if variadic else len(positional))
