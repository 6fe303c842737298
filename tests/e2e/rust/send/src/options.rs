//! Per-call options and the recording transport of the model plan's module:
//! - `options`: calls with every option through one shared tracker and its Segment transport,
//!   some through a per-request view (`as_user`), flushed to the host; a timestamp that is not
//!   RFC 3339 comes back as the transport's error.
//! - `recording`: a tracker around a [`RecordingTransport`] and assertions that pass (the
//!   recorded properties read back as the generated types too), then threads sharing the
//!   tracker, each calling as its own user.
//! - `recording-mismatch` and `recording-missing`: an assertion that fails, so the program
//!   panics with the assertion's message (the test reads it on standard error).

use std::error::Error;
use std::time::{Duration, SystemTime};

use serde_json::json;

use crate::model::adapters::segment::SegmentTransport;
use crate::model::*;

/// A `Form Submitted` event with the form id `id` and, when given, one field.
fn form(id: &str, field: Option<(&str, &str)>) -> FormSubmittedProperties {
    let form = FormSubmittedProperties::new(id);
    match field {
        Some((k, v)) => form.with_fields(std::iter::once((k.to_owned(), v.to_owned())).collect::<std::collections::BTreeMap<_, _>>()),
        None => form,
    }
}

/// The tracker every scenario uses: an anonymous visitor and a message context.
fn tracker<T: Transport>(transport: T) -> Tracker<T> {
    Tracker::new(transport, Identity::Anonymous("anon-o".to_owned()), Context::new("4.2.0"))
        .with_message_context(MessageContext::new().with_group_id("acme").with_ip("203.0.113.7"))
}

/// Runs the scenario `name`, or `None` when it is not one of this file's.
pub fn scenario(host: &str, name: &str) -> Option<Result<(), Box<dyn Error>>> {
    Some(match name {
        "options" => options(host),
        "recording" => recording(),
        "recording-mismatch" => mismatch(),
        "recording-missing" => missing(),
        _ => return None,
    })
}

fn options(host: &str) -> Result<(), Box<dyn Error>> {
    let transport = SegmentTransport::new(segment::HttpClient::new(reqwest::Client::new(), host.to_owned()), "e2e-write-key");
    let tracker = tracker(&transport);
    let every = CallOptions::new()
        .timestamp(SystemTime::UNIX_EPOCH + Duration::from_millis(1_800_000_000_250))
        .message_id("m-1")
        .user_id("u-7")
        .anonymous_id("anon-7")
        .ip("198.51.100.4")
        .user_agent("e2e/1.0")
        .locale("fr-FR")
        .context("campaign", json!({"name": "spring", "source": "newsletter"}))
        .integration("All", false)
        .integration("Amplitude", true)
        .group("company", "org_1");
    tracker.with_options(&every).form_submitted(form("f-1", None))?;
    // One request of a server: the view's user replaces the tracker's visitor.
    let request = tracker.as_user("u-req");
    request.page_home()?;
    let offset = CallOptions::new().timestamp("2026-11-27T10:00:00+01:00").message_id("m-2");
    request.with_options(&offset).identify("u-req", Traits::new("ada@example.com"))?;
    let routed = CallOptions::new().integration_options("Amplitude", json!({"session_id": 17}));
    tracker.with_options(&routed).group("acme", GroupTraits::new("Acme"))?;
    tracker.with_options(&CallOptions::new().anonymous_id("anon-o").message_id("m-3")).alias("u-new", "anon-o")?;
    match tracker.with_options(&CallOptions::new().timestamp("yesterday")).page_home() {
        Err(TrackingError::Transport(segment::Error::DeserializeError(_))) => println!("options: a bad timestamp is the transport's error"),
        other => return Err(format!("a bad timestamp was accepted: {other:?}").into()),
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(transport.flush())?;
    println!("options: sent");
    Ok(())
}

/// Properties of a `Form Submitted` event, as the app's test reads them back.
#[derive(serde::Deserialize)]
struct Form {
    form_id: String,
    app_version: String,
}

fn recording() -> Result<(), Box<dyn Error>> {
    let (tracker, recorded) = Tracker::recording(Identity::User("u-1".to_owned()), Context::new("4.2.0"));
    tracker.form_submitted(form("f-1", Some(("plan", "pro"))))?;
    let options = CallOptions::new().message_id("m-9").ip("198.51.100.4");
    tracker.with_options(&options).page_home()?;
    tracker.as_anonymous("anon-2").identify("u-2", Traits::new("ada@example.com"))?;

    recorded.assert_tracked("Form Submitted", &json!({"form_id": "f-1", "fields": {"plan": "pro"}, "app_version": "4.2.0"}));
    recorded.assert_page("Home", &json!({}));
    recorded.assert_identified(&json!({"email": "ada@example.com"}));
    let forms: Vec<Form> = recorded.tracked("Form Submitted");
    assert_eq!(forms.iter().map(|f| (f.form_id.as_str(), f.app_version.as_str())).collect::<Vec<_>>(), [("f-1", "4.2.0")]);
    let calls = recorded.calls();
    assert_eq!(calls.iter().map(|c| c.kind).collect::<Vec<_>>(), ["track", "page", "identify"]);
    assert_eq!(calls[1].message.message_id.as_deref(), Some("m-9"));
    assert_eq!(calls[1].message.context["ip"], "198.51.100.4");
    assert_eq!((calls[2].message.user_id.as_deref(), calls[2].message.anonymous_id.as_deref()), (Some("u-2"), Some("anon-2")));
    let at = |seconds: u64, nanos: u32| Timestamp::At(SystemTime::UNIX_EPOCH + Duration::new(seconds, nanos)).to_rfc3339();
    assert_eq!(at(951_782_400, 0), "2000-02-29T00:00:00Z");
    assert_eq!(at(4_102_444_799, 120_000_000), "2099-12-31T23:59:59.12Z");
    let before = Timestamp::At(SystemTime::UNIX_EPOCH - Duration::from_nanos(1)).to_rfc3339();
    assert_eq!(before, "1969-12-31T23:59:59.999999999Z");
    // Read back as the generated types, the recorded properties equal what was sent (the
    // standard properties merged in are ignored): a nullable set to `null`, a union, number and
    // boolean enums, maps.
    let order = OrderCompletedProperties::new("o-1", Money::new(42.5, "EUR"), vec![Product::new("p-1").with_quantity(2)])
        .with_price(40.0)
        .with_coupon(None);
    tracker.order_completed(order.clone())?;
    let paused = [PlaybackPlaybackRate::V1_5, PlaybackPlaybackRate::V2].map(|rate| VideoPlaybackPausedProperties::new("s-1", 30).with_playback_rate(rate));
    for p in &paused {
        tracker.video_playback_paused(p.clone())?;
    }
    let submitted = form("f-3", Some(("plan", "team")))
        .with_metadata(json!({"source": "footer", "step": 2}).as_object().cloned().unwrap_or_default())
        .with_answer(json!([1, "two"]))
        .with_consent(FormSubmittedConsent::True);
    tracker.form_submitted(submitted.clone())?;
    assert_eq!(recorded.tracked::<OrderCompletedProperties>("Order Completed"), vec![order]);
    assert_eq!(recorded.tracked::<VideoPlaybackPausedProperties>("Video Playback Paused"), paused);
    let forms = recorded.tracked::<FormSubmittedProperties>("Form Submitted");
    assert_eq!(forms.last(), Some(&submitted));
    let typed = 1 + paused.len() + usize::from(forms.len() == 2);
    let bad = serde_json::from_value::<PlaybackPlaybackRate>(json!(3)).map_err(|e| e.to_string());
    assert_eq!(bad, Err("expected one of 0.5, 1, 1.5, 2, got 3".to_owned()));
    // Under test a call that breaks the plan fails and is not recorded.
    let wrong = tracker.identify("u-3", Traits::new("not an email"));
    let rejected = matches!(wrong, Err(TrackingError::Violations(_)));
    recorded.clear();
    let cleared = recorded.calls().len();
    // A server: one tracker shared by the threads handling requests, each with its own user.
    std::thread::scope(|scope| {
        for user in ["u-a", "u-b", "u-c"] {
            let tracker = &tracker;
            scope.spawn(move || tracker.as_user(user).form_submitted(form(user, None)));
        }
    });
    let mut users: Vec<(String, Option<String>)> = recorded.calls().into_iter().map(|c| (c.payload["form_id"].to_string(), c.message.user_id)).collect();
    users.sort();
    assert_eq!(users, [("\"u-a\"".to_owned(), Some("u-a".to_owned())), ("\"u-b\"".to_owned(), Some("u-b".to_owned())), ("\"u-c\"".to_owned(), Some("u-c".to_owned()))]);
    println!("recording: passed, rejected={rejected}, after clear {cleared}, typed {typed}");
    Ok(())
}

fn mismatch() -> Result<(), Box<dyn Error>> {
    let (tracker, recorded) = Tracker::recording(Identity::User("u-1".to_owned()), Context::new("4.2.0"));
    tracker.form_submitted(form("f-1", Some(("plan", "pro"))))?;
    tracker.form_submitted(form("f-3", None))?;
    recorded.assert_tracked("Form Submitted", &json!({"form_id": "f-2", "fields": {"plan": "pro"}}));
    Ok(())
}

fn missing() -> Result<(), Box<dyn Error>> {
    let (tracker, recorded) = Tracker::recording(Identity::User("u-1".to_owned()), Context::new("4.2.0"));
    tracker.page_home()?;
    tracker.form_submitted(form("f-1", None))?;
    recorded.assert_tracked("Order Completed", &json!({"total": 42}));
    Ok(())
}
