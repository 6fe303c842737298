
/// When a call happened, for [`CallOptions::timestamp`]: a clock reading, or an RFC 3339 string
/// passed on as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Timestamp {
    /// A clock reading, sent in UTC (`2026-11-27T10:00:00.5Z`).
    At(std::time::SystemTime),
    /// An RFC 3339 date-time (`2026-11-27T10:00:00+01:00`), sent as written; a transport whose
    /// client parses it may return an error for one it cannot read.
    Rfc3339(String),
}

impl From<std::time::SystemTime> for Timestamp {
    fn from(at: std::time::SystemTime) -> Self {
        Self::At(at)
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        Self::Rfc3339(text.to_owned())
    }
}

impl From<String> for Timestamp {
    fn from(text: String) -> Self {
        Self::Rfc3339(text)
    }
}

impl Timestamp {
    /// The timestamp as an RFC 3339 string: a clock reading in UTC with as many fraction digits
    /// as it needs (none for a whole second), a string as given.
    #[must_use]
    pub fn to_rfc3339(&self) -> String {
        let at = match self {
            Self::Rfc3339(text) => return text.clone(),
            Self::At(at) => *at,
        };
        let (seconds, nanos) = match at.duration_since(std::time::SystemTime::UNIX_EPOCH) {
            Ok(d) => (i128::from(d.as_secs()), d.subsec_nanos()),
            Err(before) => {
                let d = before.duration();
                let (s, n) = (i128::from(d.as_secs()), d.subsec_nanos());
                if n == 0 { (-s, 0) } else { (-s - 1, 1_000_000_000 - n) }
            }
        };
        let (days, second) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
        let shifted = days + 719_468;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted.rem_euclid(146_097);
        let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let march_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * march_month + 2) / 5 + 1;
        let month = if march_month < 10 { march_month + 3 } else { march_month - 9 };
        let year = year_of_era + era * 400 + i128::from(month <= 2);
        let mut text = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            second / 3_600,
            second % 3_600 / 60,
            second % 60
        );
        if nanos > 0 {
            let fraction = format!("{nanos:09}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        text.push('Z');
        text
    }
}

/// Options of one call: when it happened, its message id, who it is about, its message context
/// and its destinations. Give them with [`Tracker::with_options`] (or a view's `with_options`):
/// `tracker.with_options(&CallOptions::new().message_id("m-1")).page_home()`.
///
/// They are not checked against the plan; every value is JSON already.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallOptions {
    timestamp: Option<Timestamp>,
    message_id: Option<String>,
    user_id: Option<String>,
    anonymous_id: Option<String>,
    context: Map<String, Value>,
    integrations: Map<String, Value>,
    groups: Map<String, Value>,
}

impl CallOptions {
    /// No options: the tracker's identity and message context, the client's timestamp and id.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// When the call happened (the client stamps the time it was made otherwise).
    #[must_use]
    pub fn timestamp(mut self, at: impl Into<Timestamp>) -> Self {
        self.timestamp = Some(at.into());
        self
    }

    /// The message's id, for the destination to drop duplicates (a random one otherwise).
    #[must_use]
    pub fn message_id(mut self, id: impl Into<String>) -> Self {
        self.message_id = Some(id.into());
        self
    }

    /// The user the call is about, instead of the tracker's (its anonymous id stays, if it has
    /// one, unless [`CallOptions::anonymous_id`] replaces it too).
    #[must_use]
    pub fn user_id(mut self, id: impl Into<String>) -> Self {
        self.user_id = Some(id.into());
        self
    }

    /// The anonymous id the call is about, instead of the tracker's (its user id stays, if it has
    /// one: Segment takes both on one message).
    #[must_use]
    pub fn anonymous_id(mut self, id: impl Into<String>) -> Self {
        self.anonymous_id = Some(id.into());
        self
    }

    /// Sets `key` of the call's message context, over the tracker's message context (a key
    /// replaces the tracker's whole value of that key): `"ip"`, `"userAgent"`, `"locale"`,
    /// `"page"` (`{path, referrer, search, title, url}`), `"campaign"` (`{name, source, medium,
    /// term, content}`) or any other.
    #[must_use]
    pub fn context(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.context.insert(key.into(), value.into());
        self
    }

    /// The client's IP address (`context.ip`).
    #[must_use]
    pub fn ip(self, ip: impl Into<String>) -> Self {
        self.context("ip", ip.into())
    }

    /// The client's user agent (`context.userAgent`).
    #[must_use]
    pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
        self.context("userAgent", user_agent.into())
    }

    /// The client's locale (`context.locale`, such as `fr-FR`).
    #[must_use]
    pub fn locale(self, locale: impl Into<String>) -> Self {
        self.context("locale", locale.into())
    }

    /// Turns the destination `name` on or off for this call (Segment and RudderStack
    /// `integrations`: `"All"`, `"Amplitude"`, ...).
    #[must_use]
    pub fn integration(mut self, name: impl Into<String>, enabled: bool) -> Self {
        self.integrations.insert(name.into(), Value::Bool(enabled));
        self
    }

    /// Sets an integration's options for this call (`"Amplitude"`, `{"session_id": 1}`).
    #[must_use]
    pub fn integration_options(mut self, name: impl Into<String>, options: impl Into<Value>) -> Self {
        self.integrations.insert(name.into(), options.into());
        self
    }

    /// The call's group of type `kind` (PostHog `groups`: `company` → `org_1`).
    #[must_use]
    pub fn group(mut self, kind: impl Into<String>, id: impl Into<String>) -> Self {
        self.groups.insert(kind.into(), Value::String(id.into()));
        self
    }
}

/// What a transport receives with each call besides its payload: who it is about, the message
/// context and the call's options, resolved by the tracker.
///
/// At least one of `user_id` and `anonymous_id` is set on a message a tracker sends.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Envelope {
    /// Segment's `userId`.
    pub user_id: Option<String>,
    /// Segment's `anonymousId`.
    pub anonymous_id: Option<String>,
    /// The message context: the tracker's, the call's keys over it, and `trackplan` (the plan
    /// identity).
    pub context: Map<String, Value>,
    /// When the call happened, in RFC 3339; `None` lets the client stamp it.
    pub timestamp: Option<String>,
    /// The caller's message id; `None` lets the client choose one.
    pub message_id: Option<String>,
    /// Destination switches and options (Segment and RudderStack `integrations`); empty for none.
    pub integrations: Map<String, Value>,
    /// The call's groups by type (PostHog `groups`); empty for none.
    pub groups: Map<String, Value>,
}

impl Envelope {
    /// The envelope of a call about `user` with `context`, then `options` over both.
    fn new(user: &Identity, mut context: Map<String, Value>, options: Option<&CallOptions>) -> Self {
        let (mut user_id, mut anonymous_id) = match user {
            Identity::User(id) => (Some(id.clone()), None),
            Identity::Anonymous(id) => (None, Some(id.clone())),
        };
        let Some(options) = options else {
            context.insert("trackplan".to_owned(), plan_identity());
            return Self { user_id, anonymous_id, context, ..Self::default() };
        };
        if options.user_id.is_some() {
            user_id.clone_from(&options.user_id);
        }
        if options.anonymous_id.is_some() {
            anonymous_id.clone_from(&options.anonymous_id);
        }
        context.extend(options.context.iter().map(|(k, v)| (k.clone(), v.clone())));
        context.insert("trackplan".to_owned(), plan_identity());
        Self {
            user_id,
            anonymous_id,
            context,
            timestamp: options.timestamp.as_ref().map(Timestamp::to_rfc3339),
            message_id: options.message_id.clone(),
            integrations: options.integrations.clone(),
            groups: options.groups.clone(),
        }
    }
}
