"""Equality for values that crossed XML-RPC, stricter than ==."""

import math


def same_type_equal(a, b):
    """Also tells 2 from 2.0, True from 1 and 0.0 from -0.0, which == does not."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_type_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_type_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    return a == b
