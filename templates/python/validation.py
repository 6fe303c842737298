ValidationMode = Literal["off", "warn", "throw"]
"""What a `Tracker` does with each call before sending it: `off` sends it unchecked, `warn` hands
every violation to `on_violation` and still sends it, `throw` raises `TrackingPlanViolation` and
sends nothing."""


@dataclass(frozen=True)
class Violation:
    """One way a call breaks the tracking plan."""

    kind: str
    """`track`, `page`, `screen`, `identify` or `group`."""
    name: Optional[str]
    """The event's, page's or screen's wire name; `None` for `identify` and `group`."""
    path: str
    """Where in the payload: `target_criteria.region`, `channels[1]`, `""` for the payload itself."""
    rule: str
    """`type`, `enum`, `const`, `required`, `unknown-property`, `format`, `bound`, `pattern`,
    `nullability`, `union` (or `unknown-call` for a call the plan does not define)."""
    message: str
    """One sentence: the path, what the plan expects and what the call has."""
    location: Optional[str]
    """Where the plan declares the broken rule (`events/campaign.yaml:12:7`), when known."""


class TrackingPlanViolation(Exception):
    """Raised by a tracking call in `throw` mode when the call breaks the plan; nothing is sent."""

    violations: List[Violation]
    """Every violation of the call."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = list(violations)
        lines = [
            v.message if v.location is None else f"{v.message} ({v.location})" for v in violations
        ]
        super().__init__("; ".join(lines))


def default_validation() -> ValidationMode:
    """The mode of a `Tracker` made without `validation=`: the `TRACKPLAN_VALIDATION` environment
    variable (`off`, `warn` or `throw`) when set; else `throw` under pytest, `off` under
    `python -O`, and `warn` otherwise."""
    env = os.environ.get("TRACKPLAN_VALIDATION", "").strip().lower()
    if env == "off":
        return "off"
    if env == "warn":
        return "warn"
    if env == "throw":
        return "throw"
    if "pytest" in sys.modules:
        return "throw"
    if not __debug__:
        return "off"
    return "warn"


# A violation as the validators find it: path, rule, message, plan location.
_Found = Tuple[str, str, str, Optional[str]]


def _show(value: object) -> str:
    """`value` as JSON, shortened."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=lambda o: f"<{type(o).__name__}>")
    except (TypeError, ValueError):
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _add(
    out: List[_Found], path: str, rule: str, expected: str, value: object, loc: Optional[str]
) -> None:
    at = path or "payload"
    out.append((path, rule, f"{at}: expected {expected}, got {_show(value)}", loc))


def _log_violation(violation: Violation) -> None:
    where = "" if violation.location is None else f" (plan: {violation.location})"
    logging.getLogger("trackplan").warning(
        "tracking plan violation: %s%s", violation.message, where
    )


# section: core
def _key(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _place(loc: Optional[str]) -> Optional[str]:
    """A plan location as the specs write it (`<file index>:<line>:<column>`) in full."""
    if loc is None:
        return None
    index, _, rest = loc.partition(":")
    return f"{_FILES[int(index)]}:{rest}"


class _Spec:
    """What the plan says about one value; `check` adds each violation of `x` (never `None`),
    at `path` of the payload, to `out`. `loc` is where the plan declares the value. This base
    accepts anything (the plan's `any`)."""

    __slots__ = ()

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        pass


_ANY = _Spec()

# A property of an object: wire name, required, nullable, the spec of its value, its place.
_Prop = Tuple[str, bool, bool, _Spec, Optional[str]]


class _Obj(_Spec):
    """An object: its `props`, then the keys it does not define: allowed, unknown (`closed`) or
    each checked by `values`."""

    __slots__ = ("closed", "keys", "props", "values")

    def __init__(
        self, props: Tuple[_Prop, ...], *, closed: bool = False, values: Optional[_Spec] = None
    ) -> None:
        self.props = props
        self.keys = frozenset(p[0] for p in props)
        self.closed = closed
        self.values = values

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        if not isinstance(x, dict):
            _add(out, path, "type", "an object", x, loc)
            return
        d = cast(Dict[str, object], x)
        self.check_props(d, path, out)
        self.check_rest(d, path, loc, out)

    def check_props(self, d: Dict[str, object], path: str, out: List[_Found]) -> None:
        for key, required, nullable, spec, at in self.props:
            value = d.get(key, _MISSING)
            if value is _MISSING:
                if required:
                    out.append(
                        (
                            _key(path, key),
                            "required",
                            f"{_key(path, key)}: expected a value (required), got nothing",
                            at,
                        )
                    )
            elif value is None:
                if not nullable:
                    _add(out, _key(path, key), "nullability", "not null", None, at)
            elif spec is not _ANY:
                spec.check(value, f"{path}.{key}" if path else key, at, out)

    def check_rest(
        self, d: Dict[str, object], path: str, loc: Optional[str], out: List[_Found]
    ) -> None:
        keys = self.keys
        if self.values is not None:
            values = self.values
            for k, v in d.items():
                if k not in keys:
                    if v is None:
                        _add(out, _key(path, k), "nullability", "not null", None, loc)
                    else:
                        values.check(v, _key(path, k), loc, out)
        elif self.closed and not d.keys() <= keys:
            for k in d:
                if k not in keys:
                    at = _key(path, k)
                    message = f"{at}: expected only planned keys, got an unknown key"
                    out.append((at, "unknown-property", message, loc))


# The properties Segment reserves for every page call: text, and `keywords`, a list of text.
_PAGE_PROPERTIES = ("name", "path", "referrer", "search", "title", "url")


class _Call(_Obj):
    """The properties (or traits) of one call, declared at `loc`: the `standard` properties
    first, then its own; a page's also Segment's page properties the plan does not define."""

    __slots__ = ("loc", "page")

    def __init__(
        self,
        loc: Optional[str],
        props: Tuple[_Prop, ...],
        *,
        standard: Tuple[_Prop, ...] = (),
        closed: bool = False,
        page: bool = False,
    ) -> None:
        super().__init__(standard + props, closed=closed)
        self.loc = loc
        self.page = tuple(
            name for name in (*_PAGE_PROPERTIES, "keywords") if page and name not in self.keys
        )
        self.keys = self.keys | frozenset(self.page)

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        if not isinstance(x, dict):
            _add(out, path, "type", "an object", x, loc)
            return
        d = cast(Dict[str, object], x)
        self.check_props(d, path, out)
        for name in self.page:
            value = d.get(name, _MISSING)
            if value is _MISSING:
                continue
            if name != "keywords":
                if not isinstance(value, str):
                    _add(out, _key(path, name), "type", "a string", value, None)
            elif not isinstance(value, (list, tuple)):
                _add(out, _key(path, name), "type", "an array", value, None)
            else:
                for i, item in enumerate(cast(Sequence[object], value)):
                    if not isinstance(item, str):
                        _add(out, f"{_key(path, name)}[{i}]", "type", "a string", item, None)
        self.check_rest(d, path, loc, out)


# section: int
def _is_int(value: object) -> bool:
    """A whole number (`2.0` included), not a boolean."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


# section: number
def _is_number(value: object) -> bool:
    """A finite number, not a boolean: JSON has no NaN or infinity (`x - x` is NaN for them)."""
    if isinstance(value, float):
        return value - value == 0.0
    return isinstance(value, int) and not isinstance(value, bool)


def _number_text(value: float) -> str:
    """`value` as the plan's messages write numbers: no fraction when whole, no exponent."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" not in text:
        return text
    digits, _, exponent = text.partition("e")
    sign = "-" if digits.startswith("-") else ""
    whole, _, fraction = digits.lstrip("-").partition(".")
    shift = int(exponent)
    # `repr` writes an exponent only below 1e-4 here: larger numbers with a fraction are exact.
    return f"{sign}0.{'0' * (-shift - len(whole))}{whole}{fraction}"


# section: bool
class _Bool(_Spec):
    __slots__ = ()

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        if not isinstance(x, bool):
            _add(out, path, "type", "a boolean", x, loc)


_BOOL = _Bool()


# section: str
# A bound and its place in the plan.
_Bound = Tuple[int, Optional[str]]


class _Str(_Spec):
    """A string: `enum` (its values, their place), the length bounds, `fmt` (a test, the
    format's name, its place) and `pattern` (the plan's pattern, its place)."""

    __slots__ = ("enum", "fmt", "max_len", "min_len", "pattern", "regex", "values")

    def __init__(
        self,
        *,
        enum: Optional[Tuple[Tuple[str, ...], Optional[str]]] = None,
        min_len: Optional[_Bound] = None,
        max_len: Optional[_Bound] = None,
        fmt: Optional[Tuple[Callable[[str], bool], str, Optional[str]]] = None,
        pattern: Optional[Tuple[str, Optional[str]]] = None,
    ) -> None:
        self.enum = enum
        self.values: frozenset[str] = frozenset(() if enum is None else enum[0])
        self.min_len = min_len
        self.max_len = max_len
        self.fmt = fmt
        self.pattern = pattern
        self.regex = None if pattern is None else _pattern(pattern[0])

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        if not isinstance(x, str):
            _add(out, path, "type", "a string", x, loc)
            return
        enum = self.enum
        if enum is not None and x not in self.values:
            words = " | ".join(f"`{v}`" for v in enum[0])
            _add(out, path, "enum", f"one of {words}", x, enum[1])
        bound = self.min_len
        if bound is not None and len(x) < bound[0]:
            _add(out, path, "bound", f"at least {bound[0]} characters", x, bound[1])
        bound = self.max_len
        if bound is not None and len(x) > bound[0]:
            _add(out, path, "bound", f"at most {bound[0]} characters", x, bound[1])
        fmt = self.fmt
        if fmt is not None and not fmt[0](x):
            _add(out, path, "format", f"a `{fmt[1]}` string", x, fmt[2])
        pattern = self.pattern
        if pattern is not None and self.regex is not None and self.regex.search(x) is None:
            _add(out, path, "pattern", f"a string matching `{pattern[0]}`", x, pattern[1])


_STR = _Str()


def _pattern(pattern: str) -> Optional[re.Pattern[str]]:
    """The plan's ECMA-262 pattern compiled for `re` (`None` when `re` cannot read it: then it
    is not checked). An unescaped `$` outside a class becomes `\\Z` (ECMA's `$` matches only at
    the end, Python's also before a final newline); `\\d`, `\\w` and `\\b` are ASCII (as in
    ECMA-262) unless the pattern uses `\\s` or `\\S`, which are Unicode in both."""
    parts: List[str] = []
    in_class = False
    ascii_classes = True
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            escaped = pattern[i + 1 : i + 2]
            if escaped in ("s", "S"):
                ascii_classes = False
            parts.append(c + escaped)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        parts.append("\\Z" if c == "$" and not in_class else c)
        i += 1
    try:
        return re.compile("".join(parts), re.ASCII if ascii_classes else 0)
    except re.error:
        return None


# section: num
# A bound and its place in the plan.
_Limit = Tuple[float, Optional[str]]


class _Num(_Spec):
    """An integer (`integer`) or a number: `enum` (its values, their place) and the bounds."""

    __slots__ = ("enum", "integer", "maximum", "minimum", "values")

    def __init__(
        self,
        integer: bool,
        *,
        enum: Optional[Tuple[Tuple[float, ...], Optional[str]]] = None,
        minimum: Optional[_Limit] = None,
        maximum: Optional[_Limit] = None,
    ) -> None:
        self.integer = integer
        self.enum = enum
        self.values: frozenset[float] = frozenset(() if enum is None else enum[0])
        self.minimum = minimum
        self.maximum = maximum

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        if not (_is_int(x) if self.integer else _is_number(x)):
            _add(out, path, "type", "an integer" if self.integer else "a number", x, loc)
            return
        n = cast(float, x)
        enum = self.enum
        if enum is not None and n not in self.values:
            words = " | ".join(_number_text(v) for v in enum[0])
            _add(out, path, "enum", f"one of {words}", x, enum[1])
        bound = self.minimum
        if bound is not None and n < bound[0]:
            _add(out, path, "bound", f"minimum {_number_text(bound[0])}", x, bound[1])
        bound = self.maximum
        if bound is not None and n > bound[0]:
            _add(out, path, "bound", f"maximum {_number_text(bound[0])}", x, bound[1])


_INT = _Num(True)
_NUM = _Num(False)


# section: const
class _Const(_Spec):
    """Exactly `value` (written `text` in the messages), declared at `place`."""

    __slots__ = ("place", "text", "value")

    def __init__(self, value: object, text: str, place: Optional[str]) -> None:
        self.value = value
        self.text = text
        self.place = place

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        value = self.value
        if isinstance(value, bool):
            wrong = x is not value
        elif isinstance(value, str):
            wrong = x != value
        else:
            wrong = not _is_number(x) or x != value
        if wrong:
            _add(out, path, "const", f"exactly {self.text}", x, self.place)


# section: union
class _Union(_Spec):
    """One of `members` (none accepts `None`), described as `shapes` in the messages."""

    __slots__ = ("members", "shapes")

    def __init__(self, members: Tuple[_Spec, ...], shapes: str) -> None:
        self.members = members
        self.shapes = shapes

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        for member in self.members:
            found: List[_Found] = []
            member.check(x, path, loc, found)
            if not found:
                return
        _add(out, path, "union", f"one of {self.shapes}", x, loc)


# section: array
class _Array(_Spec):
    """An array of `items` (`None` allowed when `nullable`) with its length bounds."""

    __slots__ = ("items", "max_items", "min_items", "nullable")

    def __init__(
        self,
        items: _Spec,
        *,
        nullable: bool = False,
        min_items: Optional[Tuple[int, Optional[str]]] = None,
        max_items: Optional[Tuple[int, Optional[str]]] = None,
    ) -> None:
        self.items = items
        self.nullable = nullable
        self.min_items = min_items
        self.max_items = max_items

    def check(self, x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
        if not isinstance(x, (list, tuple)):
            _add(out, path, "type", "an array", x, loc)
            return
        items = cast(Sequence[object], x)
        bound = self.min_items
        if bound is not None and len(items) < bound[0]:
            _add(out, path, "bound", f"at least {bound[0]} items", items, bound[1])
        bound = self.max_items
        if bound is not None and len(items) > bound[0]:
            _add(out, path, "bound", f"at most {bound[0]} items", items, bound[1])
        spec = self.items
        if spec is _ANY:
            return
        for i, item in enumerate(items):
            if item is None:
                if not self.nullable:
                    _add(out, f"{path}[{i}]", "nullability", "not null", None, loc)
            else:
                spec.check(item, f"{path}[{i}]", loc, out)


# section: hex
_HEX = frozenset("0123456789abcdefABCDEF")


# section: uuid
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


def _uuid(text: str) -> bool:
    return _UUID.match(text) is not None


# section: days
def _days_fit(y: int, m: int, d: int) -> bool:
    """Whether day `d` of month `m` of year `y` exists."""
    leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
    if m in (1, 3, 5, 7, 8, 10, 12):
        days = 31
    elif m in (4, 6, 9, 11):
        days = 30
    elif m == 2:
        days = 29 if leap else 28
    else:
        return False
    return 1 <= d <= days


# section: date
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z", re.ASCII)


def _date(text: str) -> bool:
    shape = _DATE.match(text)
    return shape is not None and _days_fit(int(shape[1]), int(shape[2]), int(shape[3]))


# section: date_time
# The shape `src/ir/format.rs` reads: the zone starts at the last `Z`, `z`, `+` or `-`.
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?"
    r"(?:[Zz]|([-+Zz])(\d{2}):(\d{2}))\Z",
    re.ASCII,
)


def _date_time(text: str) -> bool:
    shape = _DATE_TIME.match(text)
    if shape is None or not _days_fit(int(shape[1]), int(shape[2]), int(shape[3])):
        return False
    h, m, s = int(shape[4]), int(shape[5]), int(shape[6])
    if h > 23 or m > 59 or s > 60:
        return False
    offset = 0
    if shape[7] is not None:
        oh, om = int(shape[8]), int(shape[9])
        if oh > 23 or om > 59:
            return False
        offset = -(oh * 60 + om) if shape[7] == "-" else oh * 60 + om
    if s == 60:
        # A leap second is 23:59:60 in UTC.
        return (h * 60 + m - offset) % (24 * 60) == 23 * 60 + 59
    return True


# section: email
_ATOM = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~"
)
_LABEL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def _hostname(host: str) -> bool:
    if not host or len(host.encode()) > 253 or host.endswith("."):
        return False
    return all(
        0 < len(label) <= 63
        and label[0] != "-"
        and label[-1] != "-"
        and all(c in _LABEL for c in label)
        for label in host.split(".")
    )


def _ip(text: str, version: int) -> bool:
    if not text.isascii() or "%" in text:
        return False
    try:
        if version == 6:
            ipaddress.IPv6Address(text)
        else:
            ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def _email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    if not at:
        return False
    if not local or len(local.encode()) > 64:
        return False
    if not all(atom and all(c in _ATOM for c in atom) for atom in local.split(".")):
        return False
    if domain.startswith("[") and domain.endswith("]") and len(domain) >= 2:
        literal = domain[1:-1]
        if literal[:5].lower() == "ipv6:":
            return _ip(literal[5:], 6)
        return _ip(literal, 4)
    return _hostname(domain)


# section: uri
_URI = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;="
)


def _uri(text: str) -> bool:
    scheme, colon, rest = text.partition(":")
    if not colon or not scheme or not ("a" <= scheme[0].lower() <= "z"):
        return False
    if not all(c.isascii() and (c.isalnum() or c in "+-.") for c in scheme):
        return False
    i = 0
    while i < len(rest):
        c = rest[i]
        if c == "%":
            if not (rest[i + 1 : i + 2] in _HEX and rest[i + 2 : i + 3] in _HEX):
                return False
            i += 3
            continue
        if c not in _URI:
            return False
        i += 1
    return True
