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


# section: missing
def _missing(out: List[_Found], path: str, loc: Optional[str]) -> None:
    out.append((path, "required", f"{path}: expected a value (required), got nothing", loc))


# section: unknown
def _unknown(out: List[_Found], path: str, loc: Optional[str]) -> None:
    out.append(
        (path, "unknown-property", f"{path}: expected only planned keys, got an unknown key", loc)
    )


# section: key
def _key(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


# section: item
def _item(path: str, index: int) -> str:
    return f"{path}[{index}]"


# section: int
def _is_int(value: object) -> bool:
    """A whole number (`2.0` included), not a boolean."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


# section: number
def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# section: get
def _get(
    d: Dict[str, object],
    path: str,
    key: str,
    required: bool,
    nullable: bool,
    out: List[_Found],
    loc: Optional[str],
) -> object:
    """`d[key]` (at `path`), or `_MISSING` when there is nothing more to check: the key is absent
    (a violation when `required`) or its value is `None` (a violation unless `nullable`)."""
    value = d.get(key, _MISSING)
    if value is _MISSING:
        if required:
            _missing(out, _key(path, key), loc)
    elif value is None:
        if not nullable:
            _add(out, _key(path, key), "nullability", "not null", None, loc)
        return _MISSING
    return value


# section: bool
def _bool(x: object, path: str, loc: Optional[str], out: List[_Found]) -> None:
    if not isinstance(x, bool):
        _add(out, path, "type", "a boolean", x, loc)


# section: str
# A constraint: its value (a bound, the values, a format's test and name), its wording, its place.
_Rule = Tuple[object, str, Optional[str]]


def _str(
    x: object,
    path: str,
    loc: Optional[str],
    out: List[_Found],
    *,
    enum: Optional[_Rule] = None,
    min_len: Optional[Tuple[int, Optional[str]]] = None,
    max_len: Optional[Tuple[int, Optional[str]]] = None,
    fmt: Optional[_Rule] = None,
) -> bool:
    """Checks a string: its type, then `enum` (a set, its wording), the length bounds (a bound,
    its place) and `fmt` (a test, the format's name). Whether `x` is a string."""
    if not isinstance(x, str):
        _add(out, path, "type", "a string", x, loc)
        return False
    if enum is not None and x not in cast(Set[object], enum[0]):
        _add(out, path, "enum", f"one of {enum[1]}", x, enum[2])
    if min_len is not None and len(x) < min_len[0]:
        _add(out, path, "bound", f"at least {min_len[0]} characters", x, min_len[1])
    if max_len is not None and len(x) > max_len[0]:
        _add(out, path, "bound", f"at most {max_len[0]} characters", x, max_len[1])
    if fmt is not None and not cast(Callable[[str], bool], fmt[0])(x):
        _add(out, path, "format", f"a `{fmt[1]}` string", x, fmt[2])
    return True


# section: num
def _num(
    x: object,
    path: str,
    loc: Optional[str],
    out: List[_Found],
    integer: bool,
    *,
    enum: Optional[_Rule] = None,
    minimum: Optional[_Rule] = None,
    maximum: Optional[_Rule] = None,
) -> None:
    """Checks an integer or a number: its type, then `enum` (a set, its wording) and the bounds
    (a bound, its wording)."""
    if not (_is_int(x) if integer else _is_number(x)):
        _add(out, path, "type", "an integer" if integer else "a number", x, loc)
        return
    n = cast(float, x)
    if enum is not None and n not in cast(Set[object], enum[0]):
        _add(out, path, "enum", f"one of {enum[1]}", x, enum[2])
    if minimum is not None and n < cast(float, minimum[0]):
        _add(out, path, "bound", f"minimum {minimum[1]}", x, minimum[2])
    if maximum is not None and n > cast(float, maximum[0]):
        _add(out, path, "bound", f"maximum {maximum[1]}", x, maximum[2])



# section: pattern
def _pattern(pattern: str, ascii_classes: bool) -> Optional[re.Pattern[str]]:
    """The plan's pattern compiled (`None` when Python's `re` cannot read it: then it is not
    checked)."""
    try:
        return re.compile(pattern, re.ASCII if ascii_classes else 0)
    except re.error:
        return None


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
