
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

/// The generated checks: one function per named type of the plan, over JSON values.
// One match arm per plan property (two with the same rules have the same body), one function per
// call however many properties it has, and one signature for every check (they are `fn` pointers).
#[allow(clippy::match_same_arms, clippy::too_many_lines, clippy::ptr_arg)]
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

    /// A value as a message shows it: JSON, cut after 60 characters.
    fn shown(v: &Value) -> String {
        let text = v.to_string();
        match text.char_indices().nth(60) {
            Some((end, _)) => format!("{}...", &text[..end]),
            None => text,
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

    /// What a scalar check does with null: lets it pass (`nullable`), reports the rule
    /// `nullability`, or leaves it to the type check.
    #[derive(Clone, Copy)]
    pub(super) enum Null {
        Pass,
        Refuse,
        Check,
    }

    /// Where the plan declares a rule (`events/signup.yaml:12:7`), when known.
    type At = Option<&'static str>;

    /// A format's or a pattern's test.
    type Test = fn(&str) -> bool;

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

    /// Reports null by `null`; `true` when the value is null (nothing more to check).
    fn null_done(v: &Value, path: &str, out: &mut Vec<Violation>, at: Option<&'static str>, null: Null, expected: &str) -> bool {
        if !v.is_null() {
            return false;
        }
        match null {
            Null::Pass => true,
            Null::Refuse => {
                hit(out, path, "nullability", expected, v, at);
                true
            }
            Null::Check => false,
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

    /// Checks a boolean (`at`: where the property is declared).
    pub(super) fn boolean(v: &Value, path: &str, out: &mut Vec<Violation>, at: Option<&'static str>, null: Null) {
        if null_done(v, path, out, at, null, "a boolean, not null") {
            return;
        }
        if !v.is_boolean() {
            hit(out, path, "type", "a boolean", v, at);
        }
    }

    /// Checks a string and its rules `s` (`at`: where the property is declared).
    pub(super) fn string(v: &Value, path: &str, out: &mut Vec<Violation>, at: Option<&'static str>, null: Null, s: &Str) {
        if null_done(v, path, out, at, null, "a string, not null") {
            return;
        }
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

    /// Checks an integer or a number and its rules `n` (`at`: where the property is declared).
    pub(super) fn number_value(v: &Value, path: &str, out: &mut Vec<Violation>, at: Option<&'static str>, null: Null, n: &Num) {
        let what = if n.integer { "an integer" } else { "a number" };
        if null_done(v, path, out, at, null, if n.integer { "an integer, not null" } else { "a number, not null" }) {
            return;
        }
        let Some(x) = v.as_number().filter(|x| !n.integer || is_whole(x)).map(number) else {
            return hit(out, path, "type", what, v, at);
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
