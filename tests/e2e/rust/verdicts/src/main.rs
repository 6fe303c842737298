//! Drives the generated modules' runtime validation (see Cargo.toml): `verdicts <vectra|model|open>
//! <cases.ndjson>`, `modes`, `bench <calls>`.

mod model;
mod open;
mod vectra;

use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let code = match args.get(1).map(String::as_str) {
        Some("verdicts") if args.len() == 4 => verdicts(&args[2], &args[3]),
        Some("modes") => modes(),
        Some("payload") => payload(),
        Some("bench") => bench(args.get(2).and_then(|n| n.parse().ok()).unwrap_or(200_000)),
        _ => {
            eprintln!("usage: trackplan-rust-verdicts verdicts <vectra|model|open> <cases.ndjson> | modes | payload | bench [calls]");
            2
        }
    };
    std::process::exit(code);
}

/// One line per case: `valid`, or `invalid` and the rules of its violations.
fn verdicts(plan: &str, file: &str) -> i32 {
    let Ok(text) = std::fs::read_to_string(file) else {
        eprintln!("cannot read {file}");
        return 2;
    };
    let mut out = String::new();
    for line in text.lines() {
        let Ok(case) = serde_json::from_str::<Value>(line) else {
            eprintln!("not JSON: {line}");
            return 2;
        };
        let kind = case["kind"].as_str().unwrap_or_default();
        let name = case["name"].as_str().unwrap_or_default();
        let payload = &case["payload"];
        let rules: Vec<&str> = match plan {
            "vectra" => vectra::validate_payload(kind, name, payload).iter().map(|v| v.rule).collect(),
            "open" => open::validate_payload(kind, name, payload).iter().map(|v| v.rule).collect(),
            _ => model::validate_payload(kind, name, payload).iter().map(|v| v.rule).collect(),
        };
        if rules.is_empty() {
            out.push_str("valid\n");
        } else {
            out.push_str("invalid ");
            out.push_str(&rules.join(","));
            out.push('\n');
        }
    }
    print!("{out}");
    0
}

/// Every call the transport got: event name and properties.
#[derive(Default, Clone)]
struct Recorder(Arc<Mutex<Vec<(String, Map<String, Value>)>>>);

impl Recorder {
    fn count(&self) -> usize {
        self.0.lock().map_or(0, |calls| calls.len())
    }
}

impl vectra::Transport for Recorder {
    type Error = std::convert::Infallible;

    fn track(&self, event: &str, properties: Map<String, Value>, _: &vectra::Envelope) -> Result<(), Self::Error> {
        if let Ok(mut calls) = self.0.lock() {
            calls.push((event.to_owned(), properties));
        }
        Ok(())
    }

    fn identify(&self, _: Map<String, Value>, _: &vectra::Envelope) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl model::Transport for Recorder {
    type Error = std::convert::Infallible;

    fn track(&self, event: &str, properties: Map<String, Value>, _: &model::Envelope) -> Result<(), Self::Error> {
        if let Ok(mut calls) = self.0.lock() {
            calls.push((event.to_owned(), properties));
        }
        Ok(())
    }

    fn identify(&self, _: Map<String, Value>, _: &model::Envelope) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Numbers JSON cannot hold (serde_json would send `null`) make the call fail with
/// `TrackingError::Payload`, in every validation mode, and nothing is sent. One line per call:
/// its name, and the error or `sent`.
fn payload() -> i32 {
    let recorder = Recorder::default();
    let checkout = |amount: f64| {
        vectra::CheckoutStartedProperties::new(
            "cs_live_a1B2c3D4e5F6g7H8",
            vectra::PaidPlan::Scale,
            vectra::BillingInterval::Annual,
            5,
            amount,
            "EUR",
            vectra::CheckoutStartedEntryPoint::PricingPage,
        )
    };
    let report = |name: &str, result: Result<(), String>| match result {
        Ok(()) => println!("{name}: sent"),
        Err(e) => println!("{name}: {e}"),
    };
    let off = tracker(&recorder, vectra::Validation::Off);
    report("nan", off.checkout_started(checkout(f64::NAN)).map_err(|e| e.to_string()));
    let is_payload = matches!(off.checkout_started(checkout(f64::INFINITY)), Err(vectra::TrackingError::Payload(_)));
    println!("infinity is a payload error: {is_payload}");
    report("finite", off.checkout_started(checkout(4704.5)).map_err(|e| e.to_string()));
    let model = model::Tracker::new(recorder.clone(), model::Identity::User("u-1".to_owned()), model::Context::new("4.2.0"))
        .with_validation(model::Validation::Off);
    let order = model::OrderCompletedProperties::new(
        "o-1",
        model::Money::new(42.5, "EUR"),
        vec![model::Product::new("p-1").with_price(model::Money::new(f64::NEG_INFINITY, "EUR"))],
    );
    report("nested", model.order_completed(order).map_err(|e| e.to_string()));
    // A message shows the start of a huge value, without writing all of it out.
    let huge = serde_json::json!({ "name": vec![0u8; 1_000_000] });
    let violations = vectra::validate_payload("track", "campaign_created", &huge);
    let name = violations.iter().find(|v| v.path == "name").map(|v| v.message.as_str());
    println!("huge: {}", name.unwrap_or("no violation"));
    println!("sent: {}", recorder.count());
    0
}

fn context() -> vectra::Context {
    vectra::Context::new(
        "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
        "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
        vectra::ContextPlan::Growth,
        vectra::ContextSubscriptionStatus::Active,
        "2026-11-27T10:00:00Z",
        "s_8f3k2m1q9x".to_owned(),
        None,
    )
}

/// A `campaign_created` call; `campaign_id` not a UUID and `job_titles` empty when `broken`.
fn campaign(broken: bool) -> vectra::CampaignCreatedProperties {
    use vectra::*;
    CampaignCreatedProperties::new(
        if broken { "not-a-uuid" } else { "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b" },
        "Q1 - Fintech VPs of Sales",
        CampaignCreatedTargetCriteria::new(if broken { Vec::new() } else { vec!["VP Sales".to_owned(), "Head of Sales Development".to_owned()] })
            .with_industry("Software")
            .with_company_size(CampaignCreatedTargetCriteriaCompanySize::_51_200),
        vec![ChannelsItem::Email, ChannelsItem::Linkedin],
        CampaignCreatedCreatedFrom::Template,
    )
}

fn tracker(recorder: &Recorder, mode: vectra::Validation) -> vectra::Tracker<Recorder> {
    vectra::Tracker::new(recorder.clone(), vectra::Identity::User("u-1".to_owned()), context()).with_validation(mode)
}

/// Off sends unchecked, warn hands every violation to the handler and sends, throw returns the
/// violations and sends nothing; a panicking handler is caught; the default handler reports each
/// violation once. One `name: result` line each.
fn modes() -> i32 {
    use vectra::Validation;
    let recorder = Recorder::default();
    let off = tracker(&recorder, Validation::Off).campaign_created(campaign(true));
    println!("off: {:?} sent={}", off.is_ok(), recorder.count());

    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = Arc::clone(&seen);
    let recorder = Recorder::default();
    let warn = tracker(&recorder, Validation::Warn)
        .on_violation(move |v| {
            if let Ok(mut log) = log.lock() {
                log.push(format!("{} {} {} {}", v.rule, v.path, v.location.unwrap_or("-"), v.message));
            }
        })
        .campaign_created(campaign(true));
    println!("warn: {:?} sent={}", warn.is_ok(), recorder.count());
    for line in seen.lock().map(|l| l.clone()).unwrap_or_default() {
        println!("warn violation: {line}");
    }

    let recorder = Recorder::default();
    let panicking = tracker(&recorder, Validation::Warn)
        .on_violation(|_| panic!("a handler that panics"))
        .campaign_created(campaign(true));
    println!("panicking handler: {:?} sent={}", panicking.is_ok(), recorder.count());

    let recorder = Recorder::default();
    match tracker(&recorder, Validation::Throw).campaign_created(campaign(true)) {
        Err(vectra::TrackingError::Violations(violations)) => {
            println!("throw: {} violations sent={}", violations.len(), recorder.count());
            println!("throw error: {}", vectra::TrackingError::<std::convert::Infallible>::Violations(violations));
        }
        other => println!("throw: unexpected {other:?} sent={}", recorder.count()),
    }
    let ok = tracker(&recorder, Validation::Throw).campaign_created(campaign(false));
    println!("throw valid: {:?} sent={}", ok.is_ok(), recorder.count());
    println!("default: {:?}", vectra::Validation::from_env());

    // The default handler prints each violation to standard error once per call, path and rule.
    let recorder = Recorder::default();
    let quiet = tracker(&recorder, Validation::Warn);
    let twice = [quiet.campaign_created(campaign(true)), quiet.campaign_created(campaign(true))];
    println!("default handler: {:?} sent={}", twice.iter().all(Result::is_ok), recorder.count());
    0
}

/// Nanoseconds per `campaign_created` call through a transport that drops it, validation off
/// and on, and per `validate_payload` of the same payload.
fn bench(calls: u32) -> i32 {
    struct Drop;
    impl vectra::Transport for Drop {
        type Error = std::convert::Infallible;
        fn track(&self, _: &str, p: Map<String, Value>, _: &vectra::Envelope) -> Result<(), Self::Error> {
            std::hint::black_box(p);
            Ok(())
        }
        fn identify(&self, _: Map<String, Value>, _: &vectra::Envelope) -> Result<(), Self::Error> {
            Ok(())
        }
    }
    let payload = {
        let mut p = serde_json::to_value(campaign(false)).unwrap_or_default();
        if let (Some(p), Ok(Value::Object(c))) = (p.as_object_mut(), serde_json::to_value(context())) {
            p.extend(c);
        }
        p
    };
    let time = |f: &dyn Fn()| {
        for _ in 0..calls / 10 {
            f();
        }
        let start = std::time::Instant::now();
        for _ in 0..calls {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(calls)
    };
    for mode in [vectra::Validation::Off, vectra::Validation::Throw] {
        let t = vectra::Tracker::new(Drop, vectra::Identity::User("u-1".to_owned()), context()).with_validation(mode);
        let ns = time(&|| {
            let _ = std::hint::black_box(t.campaign_created(campaign(false)));
        });
        println!("campaign_created call, validation {mode:?}: {ns:.0} ns/call");
        let ns = time(&|| {
            let _ = std::hint::black_box(t.lead_exported(vectra::LeadExportedProperties::new(
                120,
                vectra::LeadExportedDestination::Hubspot,
                false,
            )));
        });
        println!("lead_exported call, validation {mode:?}: {ns:.0} ns/call");
    }
    let ns = time(&|| {
        std::hint::black_box(vectra::validate_payload("track", "campaign_created", std::hint::black_box(&payload)));
    });
    println!("validate_payload campaign_created alone: {ns:.0} ns/call");
    0
}
