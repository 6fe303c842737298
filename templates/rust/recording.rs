
/// One call a [`RecordingTransport`] received.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// `track`, `identify`, `group`, `page`, `screen` or `alias`.
    pub kind: &'static str,
    /// The event's, page's or screen's wire name; the group id of `group`, the previous id of
    /// `alias`, empty for `identify`.
    pub name: String,
    /// The properties (standard properties merged in) or traits; empty for `alias`.
    pub payload: Map<String, Value>,
    /// Who the call is about, its message context and options.
    pub message: Envelope,
}

/// A transport for an app's own tests: it keeps every call in order, for assertions instead of
/// a mock. [`Tracker::recording`] makes a tracker around one, validating in
/// [`Validation::Throw`] mode, so a call that breaks the plan already fails the test (and is not
/// recorded): `let (tracker, recorded) = Tracker::recording(user, context);`, calls, then
/// `recorded.assert_tracked("campaign_created", &json!({"name": "Q1"}))`.
#[derive(Debug, Default)]
pub struct RecordingTransport {
    calls: std::sync::Mutex<Vec<Recorded>>,
}

impl RecordingTransport {
    /// A transport that has recorded nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Recorded>> {
        self.calls.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn record(&self, kind: &'static str, name: &str, payload: Map<String, Value>, message: &Envelope) {
        self.lock().push(Recorded { kind, name: name.to_owned(), payload, message: message.clone() });
    }

    /// Every call so far, in order.
    #[must_use]
    pub fn calls(&self) -> Vec<Recorded> {
        self.lock().clone()
    }

    /// Forgets every call so far.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The properties of every `name` event so far, in order, as `P`: any type that deserializes
    /// from them (the event's generated properties struct, to compare with `assert_eq!`, a struct
    /// of the test's own with the fields it checks, or `serde_json::Value`).
    ///
    /// # Panics
    ///
    /// When a recorded call's properties do not deserialize as `P`: the message names the event.
    #[must_use]
    #[track_caller]
    pub fn tracked<P: serde::de::DeserializeOwned>(&self, name: &str) -> Vec<P> {
        self.lock()
            .iter()
            .filter(|c| c.kind == "track" && c.name == name)
            .map(|c| match serde_json::from_value(Value::Object(c.payload.clone())) {
                Ok(p) => p,
                Err(e) => panic!("tracked({name:?}): recorded properties do not deserialize: {e}\n  recorded: {}", Value::Object(c.payload.clone())),
            })
            .collect()
    }

    /// Asserts that a `name` event was tracked whose properties contain `expected`: every key
    /// of an object, recursively, with an equal value (arrays item by item, numbers by value).
    ///
    /// # Panics
    ///
    /// When no recorded event matches: the message names the event, what was expected and the
    /// closest recorded call of that name with the paths that differ (or, when there is none,
    /// the calls that were recorded).
    #[track_caller]
    pub fn assert_tracked(&self, name: &str, expected: &Value) {
        self.assert_call("assert_tracked", "track", name, expected);
    }

    /// Asserts that a view of the page `name` was sent whose properties contain `expected`, as
    /// [`RecordingTransport::assert_tracked`] does for events.
    ///
    /// # Panics
    ///
    /// When no recorded page view matches, with the closest one.
    #[track_caller]
    pub fn assert_page(&self, name: &str, expected: &Value) {
        self.assert_call("assert_page", "page", name, expected);
    }

    /// Asserts that a view of the screen `name` was sent whose properties contain `expected`.
    ///
    /// # Panics
    ///
    /// When no recorded screen view matches, with the closest one.
    #[track_caller]
    pub fn assert_screen(&self, name: &str, expected: &Value) {
        self.assert_call("assert_screen", "screen", name, expected);
    }

    /// Asserts that `identify` was called with traits that contain `expected`.
    ///
    /// # Panics
    ///
    /// When no recorded `identify` matches, with the closest one.
    #[track_caller]
    pub fn assert_identified(&self, expected: &Value) {
        self.assert_call("assert_identified", "identify", "", expected);
    }

    #[track_caller]
    fn assert_call(&self, assertion: &str, kind: &str, name: &str, expected: &Value) {
        let calls = self.lock().clone();
        let mut closest: Option<(&Recorded, Vec<String>)> = None;
        for call in calls.iter().filter(|c| c.kind == kind && c.name == name) {
            let mut differences = Vec::new();
            differ(&Value::Object(call.payload.clone()), expected, "", &mut differences);
            if differences.is_empty() {
                return;
            }
            if closest.as_ref().is_none_or(|(_, d)| differences.len() < d.len()) {
                closest = Some((call, differences));
            }
        }
        let what = if name.is_empty() { format!("{assertion}()") } else { format!("{assertion}({name:?})") };
        if let Some((call, differences)) = closest {
            panic!(
                "{what}: no recorded call matches\n  expected (partial): {expected}\n  closest recorded:   {}\n  differs at: {}",
                Value::Object(call.payload.clone()),
                differences.join("; ")
            );
        }
        let recorded: Vec<String> = calls
            .iter()
            .map(|c| if c.name.is_empty() { c.kind.to_owned() } else { format!("{} {:?}", c.kind, c.name) })
            .collect();
        let recorded = if recorded.is_empty() { "nothing".to_owned() } else { recorded.join(", ") };
        panic!("{what}: no {kind} call {name:?} was recorded\n  expected (partial): {expected}\n  recorded: {recorded}")
    }
}

/// Adds to `out` where `actual` does not contain `expected` (see
/// [`RecordingTransport::assert_tracked`]), as `path: expected ..., recorded ...`.
fn differ(actual: &Value, expected: &Value, path: &str, out: &mut Vec<String>) {
    let at = |path: &str| if path.is_empty() { "/".to_owned() } else { path.to_owned() };
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, want) in expected {
                let path = format!("{path}/{key}");
                match actual.get(key) {
                    Some(got) => differ(got, want, &path, out),
                    None => out.push(format!("{path}: expected {want}, recorded nothing")),
                }
            }
        }
        (Value::Array(got), Value::Array(want)) if got.len() == want.len() => {
            for (i, (got, want)) in got.iter().zip(want).enumerate() {
                differ(got, want, &format!("{path}/{i}"), out);
            }
        }
        (Value::Number(got), Value::Number(want)) if got.as_f64() == want.as_f64() => {}
        (got, want) if got == want => {}
        (got, want) => out.push(format!("{}: expected {want}, recorded {got}", at(path))),
    }
}

impl Transport for RecordingTransport {
    type Error = std::convert::Infallible;

    fn track(&self, event: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        self.record("track", event, properties, message);
        Ok(())
    }

    fn identify(&self, traits: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        self.record("identify", "", traits, message);
        Ok(())
    }

    fn group(&self, group_id: &str, traits: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        self.record("group", group_id, traits, message);
        Ok(())
    }

    fn page(&self, name: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        self.record("page", name, properties, message);
        Ok(())
    }

    fn screen(&self, name: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        self.record("screen", name, properties, message);
        Ok(())
    }

    fn alias(&self, previous_id: &str, message: &Envelope) -> Result<(), Self::Error> {
        self.record("alias", previous_id, Map::new(), message);
        Ok(())
    }
}

impl Tracker<std::sync::Arc<RecordingTransport>> {
    /// A tracker for an app's tests: calls about `user` with `context` go to a new
    /// [`RecordingTransport`] (returned too), checked in [`Validation::Throw`] mode.
    #[must_use]
    pub fn recording(user: Identity, context: Context) -> (Self, std::sync::Arc<RecordingTransport>) {
        let recorded = std::sync::Arc::new(RecordingTransport::new());
        let tracker = Self::new(std::sync::Arc::clone(&recorded), user, context).with_validation(Validation::Throw);
        (tracker, recorded)
    }
}
