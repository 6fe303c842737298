
/// One broken rule of the plan in a payload about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The call: `track`, `page`, `screen`, `identify` or `group`.
    pub kind: &'static str,
    /// The event's, page's or screen's wire name; `None` for `identify` and `group`.
    pub name: Option<String>,
    /// Where in the payload (`target_criteria.region`, `channels[1]`); empty for the payload itself.
    pub path: String,
    /// The rule: `type`, `enum`, `const`, `required`, `unknown-property`, `format`, `bound`,
    /// `pattern`, `nullability`, `union` (or `unknown-call` from [`validate_payload`]).
    pub rule: &'static str,
    /// One sentence: the path, what the plan expects and what was got.
    pub message: String,
    /// Where the plan declares the rule (`events/campaign.yaml:12:7`), when known.
    pub location: Option<&'static str>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{} {name:?}: {}", self.kind, self.message)?,
            None => write!(f, "{}: {}", self.kind, self.message)?,
        }
        match self.location {
            Some(at) => write!(f, " (rule {} at {at})", self.rule),
            None => write!(f, " (rule {})", self.rule),
        }
    }
}

/// What a [`Tracker`] does with each call's payload before sending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Validation {
    /// Nothing is checked.
    Off,
    /// Every violation goes to the tracker's violation handler; the call is still sent.
    Warn,
    /// A call with violations is not sent: the method returns [`TrackingError::Violations`].
    Throw,
}

impl Validation {
    /// The mode the environment asks for: `TRACKPLAN_VALIDATION` (`off`, `warn` or `throw`) when
    /// set; else `Throw` in the app's tests (`cfg!(test)`), `Warn` in debug builds and `Off` in
    /// release builds.
    #[must_use]
    pub fn from_env() -> Self {
        match std::env::var("TRACKPLAN_VALIDATION").as_deref() {
            Ok("off") => Self::Off,
            Ok("warn") => Self::Warn,
            Ok("throw") => Self::Throw,
            _ if cfg!(test) => Self::Throw,
            _ if cfg!(debug_assertions) => Self::Warn,
            _ => Self::Off,
        }
    }
}

/// Why a [`Tracker`] method did not send its call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrackingError<E> {
    /// The transport could not accept the message.
    Transport(E),
    /// Validation in [`Validation::Throw`] mode found these violations; nothing was sent.
    Violations(Vec<Violation>),
    /// The call's properties (or a context) could not be sent as they are, and nothing was: a
    /// number that is not finite (JSON has no NaN or infinity), or a value that is not a JSON
    /// object. Says which and where.
    Payload(String),
}

impl<E: std::fmt::Display> std::fmt::Display for TrackingError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Transport(e) => write!(f, "the transport failed: {e}"),
            Self::Violations(violations) => {
                write!(f, "the call breaks the tracking plan")?;
                for (i, v) in violations.iter().enumerate() {
                    write!(f, "{} {v}", if i == 0 { ":" } else { ";" })?;
                }
                Ok(())
            }
            Self::Payload(why) => write!(f, "the payload cannot be sent: {why}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for TrackingError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(e),
            Self::Violations(_) | Self::Payload(_) => None,
        }
    }
}

/// What a tracker calls with each violation in [`Validation::Warn`] mode.
pub type ViolationHandler = Box<dyn Fn(&Violation) + Send + Sync>;

/// The generated checks: one spec per named type of the plan, which [`checks::check`] interprets
/// over JSON values.
mod checks {
    use serde_json::Value;

    use super::Violation;

    /// Records a broken rule at `path`: `expected` is what the plan wants, `got` the value.
    pub(super) fn hit(out: &mut Vec<Violation>, path: &str, rule: &'static str, expected: &str, got: &Value, location: Option<&'static str>) {
        let at = if path.is_empty() { "the payload" } else { path };
        out.push(Violation { kind: "", name: None, path: path.to_owned(), rule, message: format!("{at}: expected {expected}, got {}", shown(got)), location });
    }

    /// A required key that is missing.
    pub(super) fn missing(out: &mut Vec<Violation>, path: &str, key: &str, location: Option<&'static str>) {
        let at = joined(path, key);
        out.push(Violation { kind: "", name: None, message: format!("{at}: the plan requires it, got nothing"), path: at, rule: "required", location });
    }

    /// A key a closed object does not define, at `path` (the key included).
    pub(super) fn unknown(out: &mut Vec<Violation>, path: &str, location: Option<&'static str>) {
        out.push(Violation { kind: "", name: None, message: format!("{path}: the plan defines no such property, got one"), path: path.to_owned(), rule: "unknown-property", location });
    }

    fn joined(path: &str, key: &str) -> String {
        if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
    }

    /// A value as a message shows it: JSON, cut after 60 characters. Only the first 256 bytes
    /// are written, so a huge value costs no more than a small one.
    fn shown(v: &Value) -> String {
        /// A writer that takes 256 bytes, then refuses (which ends the serialization).
        struct Capped(Vec<u8>);
        impl std::io::Write for Capped {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                let room = 256usize.saturating_sub(self.0.len());
                if room == 0 {
                    return Err(std::io::ErrorKind::WriteZero.into());
                }
                let n = buf.len().min(room);
                self.0.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut capped = Capped(Vec::new());
        // An error here only means the cap was reached.
        let _ = serde_json::to_writer(&mut capped, v);
        let text = String::from_utf8_lossy(&capped.0);
        match text.char_indices().nth(60) {
            Some((end, _)) => format!("{}...", &text[..end]),
            None => text.into_owned(),
        }
    }

    /// Pushes `.key` (or `key` at the top) onto `path`; the caller truncates it back.
    pub(super) fn push_key(path: &mut String, key: &str) {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    }

    /// Pushes `[i]` onto `path`.
    pub(super) fn push_index(path: &mut String, i: usize) {
        use std::fmt::Write as _;
        let _ = write!(path, "[{i}]");
    }

    /// An integer as JSON Schema reads one: a whole number, `2.0` included.
    pub(super) fn is_whole(n: &serde_json::Number) -> bool {
        n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0)
    }

    /// The number as `f64` (`NaN` never happens for JSON).
    pub(super) fn number(n: &serde_json::Number) -> f64 {
        n.as_f64().unwrap_or(f64::NAN)
    }

    /// A string's length in Unicode code points, as JSON Schema counts it.
    pub(super) fn chars(text: &str) -> u64 {
        u64::try_from(text.chars().count()).unwrap_or(u64::MAX)
    }

    /// The number of items of an array.
    pub(super) fn count(items: &[Value]) -> u64 {
        u64::try_from(items.len()).unwrap_or(u64::MAX)
    }

    /// Where the plan declares a rule (`events/signup.yaml:12:7`), when known.
    pub(super) type At = Option<&'static str>;

    /// A format's or a pattern's test.
    type Test = fn(&str) -> bool;

    /// What a value of the plan must be: the compact description of one type, which [`check`]
    /// interprets. Each named type of the plan is one `static` spec; the others are written
    /// inline where they are used.
    pub(super) enum Spec {
        /// Any value.
        Any,
        /// A boolean.
        Boolean,
        /// A string and its rules.
        Str(Str),
        /// An integer or a number and its rules.
        Num(Num),
        /// One value (a `const`), and the text the message shows for it.
        Const(Lit, &'static str),
        /// An object: its properties and what other keys get.
        Object(Obj),
        /// An array: its items and counts.
        Array(Arr),
        /// A union: one member must fit (the text lists them).
        Union(&'static [Slot], &'static str),
    }

    impl Spec {
        /// What a message says the slot expects when it gets null.
        fn not_null(&self) -> &'static str {
            match self {
                Self::Boolean => "a boolean, not null",
                Self::Str(_) => "a string, not null",
                Self::Num(n) if n.integer => "an integer, not null",
                Self::Num(_) => "a number, not null",
                Self::Object(_) => "an object, not null",
                Self::Array(_) => "an array, not null",
                Self::Any | Self::Const(..) | Self::Union(..) => "a value, not null",
            }
        }
    }

    /// The one value of a `const`.
    pub(super) enum Lit {
        Str(&'static str),
        Bool(bool),
        Num(f64),
    }

    /// A place holding a value: its spec, and whether null passes there (the property is
    /// nullable or its type takes null) or breaks the rule `nullability`.
    #[derive(Clone, Copy)]
    pub(super) struct Slot(pub(super) &'static Spec, pub(super) bool);

    /// A named property of an object: its wire name, its slot, whether it is required, and where
    /// the plan declares it.
    pub(super) struct Prop(pub(super) &'static str, pub(super) Slot, pub(super) bool, pub(super) At);

    /// What an object does with a key it does not name.
    #[derive(Clone, Copy)]
    pub(super) enum Other {
        /// Any key, any value.
        Any,
        /// Any key, each value in the slot.
        Values(Slot),
        /// A standard property, if `context` says so, else the rule `unknown-property`, declared
        /// at this location (`None`: where the object is).
        Closed(At),
    }

    /// An object's rules.
    pub(super) struct Obj {
        /// Its properties, each name once.
        pub(super) props: &'static [Prop],
        /// Segment's page properties the payload may carry (text; `keywords` a list of text).
        pub(super) page: &'static [&'static str],
        /// What other keys get.
        pub(super) other: Other,
        /// Whether the object is a call's payload: the standard properties ([`CONTEXT`]) may be
        /// in it, and the required ones must.
        pub(super) context: bool,
    }

    /// An array's rules: its items and the bounds of its count.
    pub(super) struct Arr {
        pub(super) items: Slot,
        pub(super) min: Option<(u64, At)>,
        pub(super) max: Option<(u64, At)>,
    }

    /// A string's rules besides its type, each with the text it expects and where the plan
    /// declares it: enum (values), lengths, format (its test) and pattern (its test).
    pub(super) struct Str {
        pub(super) enum_values: Option<(&'static [&'static str], &'static str, At)>,
        pub(super) min: Option<(u64, At)>,
        pub(super) max: Option<(u64, At)>,
        pub(super) format: Option<(Test, &'static str, At)>,
        pub(super) pattern: Option<(Test, &'static str, At)>,
    }

    impl Str {
        /// A string with no rule but its type.
        pub(super) const ANY: Self = Self { enum_values: None, min: None, max: None, format: None, pattern: None };
    }

    /// An integer's or a number's rules besides its type: enum (values) and bounds.
    pub(super) struct Num {
        pub(super) integer: bool,
        pub(super) enum_values: Option<(&'static [f64], &'static str, At)>,
        pub(super) min: Option<(f64, At)>,
        pub(super) max: Option<(f64, At)>,
    }

    impl Num {
        /// An integer with no rule but its type.
        pub(super) const INTEGER: Self = Self { integer: true, enum_values: None, min: None, max: None };
        /// A number with no rule but its type.
        pub(super) const NUMBER: Self = Self { integer: false, enum_values: None, min: None, max: None };
    }

    /// Any value.
    pub(super) static ANY: Spec = Spec::Any;
    /// A boolean.
    pub(super) static BOOLEAN: Spec = Spec::Boolean;
    /// A string with no rule but its type.
    pub(super) static STRING: Spec = Spec::Str(Str::ANY);
    /// An integer with no rule but its type.
    pub(super) static INTEGER: Spec = Spec::Num(Num::INTEGER);
    /// A number with no rule but its type.
    pub(super) static NUMBER: Spec = Spec::Num(Num::NUMBER);
    /// Any JSON object: the traits of a plan that declares none.
    pub(super) static ANY_OBJECT: Spec = Spec::Object(Obj { props: &[], page: &[], other: Other::Any, context: false });

    /// Checks the value `v` in `slot`: null first, then the spec (`at`: where the property is
    /// declared).
    pub(super) fn slot(v: &Value, place: Slot, path: &mut String, out: &mut Vec<Violation>, at: At) {
        let Slot(spec, null_passes) = place;
        if v.is_null() {
            if !null_passes {
                hit(out, path, "nullability", spec.not_null(), v, at);
            }
            return;
        }
        check(spec, v, path, out, at);
    }

    /// Checks the value `v` (null included) against `spec`.
    pub(super) fn check(spec: &Spec, v: &Value, path: &mut String, out: &mut Vec<Violation>, at: At) {
        match spec {
            Spec::Any => {}
            Spec::Boolean => {
                if !v.is_boolean() {
                    hit(out, path, "type", "a boolean", v, at);
                }
            }
            Spec::Str(s) => string(v, path, out, at, s),
            Spec::Num(n) => number_value(v, path, out, at, n),
            Spec::Const(value, shown) => {
                let same = match value {
                    Lit::Str(s) => v.as_str() == Some(*s),
                    Lit::Bool(b) => v.as_bool() == Some(*b),
                    Lit::Num(x) => v.as_f64() == Some(*x),
                };
                if !same {
                    hit(out, path, "const", shown, v, at);
                }
            }
            Spec::Object(o) => object(o, v, path, out, at),
            Spec::Array(a) => array(a, v, path, out, at),
            Spec::Union(members, expected) => {
                let mut scratch: Vec<Violation> = Vec::new();
                let fits = members.iter().any(|m| {
                    scratch.clear();
                    slot(v, *m, path, &mut scratch, at);
                    scratch.is_empty()
                });
                if !fits {
                    hit(out, path, "union", expected, v, at);
                }
            }
        }
    }

    /// Checks an object: each key (its property, a page property, or what other keys get),
    /// then the required keys.
    fn object(o: &Obj, v: &Value, path: &mut String, out: &mut Vec<Violation>, at: At) {
        let Some(map) = v.as_object() else {
            return hit(out, path, "type", "an object", v, at);
        };
        if !(o.props.is_empty() && o.page.is_empty() && !o.context && matches!(o.other, Other::Any)) {
            let len = path.len();
            for (key, item) in map {
                push_key(path, key);
                if let Some(Prop(_, s, _, loc)) = o.props.iter().find(|p| p.0 == key.as_str()) {
                    slot(item, *s, path, out, *loc);
                } else if o.page.contains(&key.as_str()) {
                    page_property(key, item, path, out);
                } else if !(o.context && context_field(key, item, path, out)) {
                    match o.other {
                        Other::Any => {}
                        Other::Values(s) => slot(item, s, path, out, at),
                        Other::Closed(loc) => unknown(out, path, loc.or(at)),
                    }
                }
                path.truncate(len);
            }
        }
        if o.context {
            for Prop(key, _, required, loc) in CONTEXT {
                if *required && !map.contains_key(*key) {
                    missing(out, path, key, *loc);
                }
            }
        }
        for Prop(key, _, required, loc) in o.props {
            if *required && !map.contains_key(*key) {
                missing(out, path, key, *loc);
            }
        }
    }

    /// Checks the standard property `key` of a payload; `false` when the plan has none of that name.
    fn context_field(key: &str, item: &Value, path: &mut String, out: &mut Vec<Violation>) -> bool {
        match CONTEXT.iter().find(|p| p.0 == key) {
            Some(Prop(_, s, _, loc)) => {
                slot(item, *s, path, out, *loc);
                true
            }
            None => false,
        }
    }

    /// Checks one of Segment's page properties: text, `keywords` a list of text.
    fn page_property(key: &str, item: &Value, path: &mut String, out: &mut Vec<Violation>) {
        if key != "keywords" {
            if !item.is_string() {
                hit(out, path, "type", "a string", item, None);
            }
            return;
        }
        let Some(items) = item.as_array() else {
            return hit(out, path, "type", "an array", item, None);
        };
        let len = path.len();
        for (i, word) in items.iter().enumerate() {
            push_index(path, i);
            if !word.is_string() {
                hit(out, path, "type", "a string", word, None);
            }
            path.truncate(len);
        }
    }

    /// Checks an array: its count, then each item.
    fn array(a: &Arr, v: &Value, path: &mut String, out: &mut Vec<Violation>, at: At) {
        let Some(items) = v.as_array() else {
            return hit(out, path, "type", "an array", v, at);
        };
        let n = count(items);
        if let Some((min, loc)) = a.min.filter(|(min, _)| n < *min) {
            hit(out, path, "bound", &format!("at least {min} item{}", if min == 1 { "" } else { "s" }), v, loc);
        }
        if let Some((max, loc)) = a.max.filter(|(max, _)| n > *max) {
            hit(out, path, "bound", &format!("at most {max} item{}", if max == 1 { "" } else { "s" }), v, loc);
        }
        if matches!(a.items, Slot(Spec::Any, _)) {
            return;
        }
        let len = path.len();
        for (i, element) in items.iter().enumerate() {
            push_index(path, i);
            slot(element, a.items, path, out, at);
            path.truncate(len);
        }
    }

    /// `n character(s)`.
    fn characters(n: u64) -> String {
        format!("{n} character{}", if n == 1 { "" } else { "s" })
    }

    /// A bound as a message shows it (`3`, `2.5`).
    fn number_text(x: f64) -> String {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            #[allow(clippy::cast_possible_truncation)]
            let whole = x as i64;
            format!("{whole}")
        } else {
            format!("{x}")
        }
    }

    /// Checks a non-null string and its rules `s` (`at`: where the property is declared).
    fn string(v: &Value, path: &str, out: &mut Vec<Violation>, at: At, s: &Str) {
        let Some(text) = v.as_str() else {
            return hit(out, path, "type", "a string", v, at);
        };
        if let Some((_, expected, loc)) = s.enum_values.filter(|(values, _, _)| !values.contains(&text)) {
            hit(out, path, "enum", expected, v, loc);
        }
        if s.min.is_some() || s.max.is_some() {
            let n = chars(text);
            if let Some((min, loc)) = s.min.filter(|(min, _)| n < *min) {
                hit(out, path, "bound", &format!("at least {}", characters(min)), v, loc);
            }
            if let Some((max, loc)) = s.max.filter(|(max, _)| n > *max) {
                hit(out, path, "bound", &format!("at most {}", characters(max)), v, loc);
            }
        }
        if let Some((_, expected, loc)) = s.format.filter(|(test, _, _)| !test(text)) {
            hit(out, path, "format", expected, v, loc);
        }
        if let Some((_, expected, loc)) = s.pattern.filter(|(test, _, _)| !test(text)) {
            hit(out, path, "pattern", expected, v, loc);
        }
    }

    /// Checks a non-null integer or number and its rules `n` (`at`: where the property is declared).
    fn number_value(v: &Value, path: &str, out: &mut Vec<Violation>, at: At, n: &Num) {
        let Some(x) = v.as_number().filter(|x| !n.integer || is_whole(x)).map(number) else {
            return hit(out, path, "type", if n.integer { "an integer" } else { "a number" }, v, at);
        };
        if let Some((_, expected, loc)) = n.enum_values.filter(|(values, _, _)| !values.contains(&x)) {
            hit(out, path, "enum", expected, v, loc);
        }
        if let Some((min, loc)) = n.min.filter(|(min, _)| x < *min) {
            hit(out, path, "bound", &format!("at least {}", number_text(min)), v, loc);
        }
        if let Some((max, loc)) = n.max.filter(|(max, _)| x > *max) {
            hit(out, path, "bound", &format!("at most {}", number_text(max)), v, loc);
        }
    }

    pub(super) fn uuid(text: &str) -> bool {
        let b = text.as_bytes();
        b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    }

    fn digits(s: &str) -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    }

    pub(super) fn date(text: &str) -> bool {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !text.is_ascii() {
            return false;
        }
        let (Some(y), Some(m), Some(d)) = (digits(&text[0..4]), digits(&text[5..7]), digits(&text[8..10])) else {
            return false;
        };
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&d)
    }

    fn two(s: &str, max: u32) -> Option<u32> {
        (s.len() == 2).then(|| digits(s)).flatten().filter(|n| *n <= max)
    }

    pub(super) fn date_time(text: &str) -> bool {
        if text.len() < 20 || !text.is_ascii() || !date(&text[..10]) {
            return false;
        }
        if !matches!(text.as_bytes()[10], b'T' | b't') {
            return false;
        }
        let time = &text[11..];
        let Some(zone_at) = time.rfind(['Z', 'z', '+', '-']) else {
            return false;
        };
        let (clock, zone) = time.split_at(zone_at);
        let clock = match clock.split_once('.') {
            Some((c, frac)) if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) => c,
            Some(_) => return false,
            None => clock,
        };
        let b = clock.as_bytes();
        if b.len() != 8 || b[2] != b':' || b[5] != b':' {
            return false;
        }
        let (Some(h), Some(m), Some(s)) = (two(&clock[0..2], 23), two(&clock[3..5], 59), two(&clock[6..8], 60)) else {
            return false;
        };
        let offset = if zone.eq_ignore_ascii_case("z") {
            0i64
        } else {
            let zb = zone.as_bytes();
            if zb.len() != 6 || zb[3] != b':' {
                return false;
            }
            let (Some(oh), Some(om)) = (two(&zone[1..3], 23), two(&zone[4..6], 59)) else {
                return false;
            };
            let minutes = i64::from(oh * 60 + om);
            if zb[0] == b'-' { -minutes } else { minutes }
        };
        if s == 60 {
            // A leap second is 23:59:60 in UTC.
            let utc = (i64::from(h * 60 + m) - offset).rem_euclid(24 * 60);
            return utc == 23 * 60 + 59;
        }
        true
    }

    fn hostname(host: &str) -> bool {
        let b = host.as_bytes();
        if b.is_empty() || b.len() > 253 || b[b.len() - 1] == b'.' {
            return false;
        }
        host.split('.').all(|label| {
            let l = label.as_bytes();
            !l.is_empty() && l.len() <= 63 && l[0] != b'-' && l[l.len() - 1] != b'-' && l.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        })
    }

    pub(super) fn email(text: &str) -> bool {
        let Some((local, domain)) = text.rsplit_once('@') else {
            return false;
        };
        let atom = |c: u8| c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&c);
        let local_ok = !local.is_empty() && local.len() <= 64 && local.split('.').all(|a| !a.is_empty() && a.bytes().all(atom));
        if !local_ok {
            return false;
        }
        if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
            return match literal.get(..5) {
                Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => literal[5..].parse::<std::net::Ipv6Addr>().is_ok(),
                _ => literal.parse::<std::net::Ipv4Addr>().is_ok(),
            };
        }
        hostname(domain)
    }

    pub(super) fn uri(text: &str) -> bool {
        let Some((scheme, rest)) = text.split_once(':') else {
            return false;
        };
        let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic()) && scheme.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
        if !scheme_ok {
            return false;
        }
        let b = rest.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b'%' {
                if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) {
                    return false;
                }
                i += 3;
                continue;
            }
            if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
                return false;
            }
            i += 1;
        }
        true
    }
