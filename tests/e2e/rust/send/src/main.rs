//! Sends events of the Vectra, features and hostile plans, and every call of the model plan, through the generated modules and their
//! Segment transport (the real `segment` crate) to the host given as the first argument, flushing
//! each transport once. Included the way an app includes the module: `mod tracking;`.
//!
//! With a scenario as the second argument it exercises the transport's queue instead (see
//! [`scenario`]): `burst`, `down`, `background` or `shutdown`; or per-call options and the
//! recording transport (see [`options`]).

mod features;
mod hostile;
mod model;
mod options;
mod tracking;

use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use tracking::adapters::segment::SegmentTransport;
use tracking::*;

/// The write key the test expects in the `Authorization` header.
const WRITE_KEY: &str = "e2e-write-key";

fn main() -> Result<(), Box<dyn Error>> {
    let host = std::env::args()
        .nth(1)
        .ok_or("usage: trackplan-rust-e2e <host> [scenario]")?;
    if let Some(name) = std::env::args().nth(2) {
        if let Some(result) = options::scenario(&host, &name) {
            return result;
        }
        return scenario(&host, &name);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = || segment::HttpClient::new(reqwest::Client::new(), host.clone());

    let transport = SegmentTransport::new(client(), WRITE_KEY);
    vectra(&transport)?;
    runtime.block_on(transport.flush())?;

    let transport = features::adapters::segment::SegmentTransport::new(client(), WRITE_KEY);
    features(&transport)?;
    runtime.block_on(transport.flush())?;

    let transport = hostile::adapters::segment::SegmentTransport::new(client(), WRITE_KEY);
    hostile(&transport)?;
    runtime.block_on(transport.flush())?;

    let transport = model::adapters::segment::SegmentTransport::new(client(), WRITE_KEY);
    model(&transport)?;
    runtime.block_on(transport.flush())?;

    down()?;
    Ok(())
}

/// The error of [`Down`].
#[derive(Debug, PartialEq, Eq)]
struct Unavailable;

/// A transport whose client is down: every method returns its error.
struct Down;

impl model::Transport for Down {
    type Error = Unavailable;

    fn track(&self, _: &str, _: serde_json::Map<String, serde_json::Value>, _: &model::Envelope) -> Result<(), Unavailable> {
        Err(Unavailable)
    }

    fn identify(&self, _: serde_json::Map<String, serde_json::Value>, _: &model::Envelope) -> Result<(), Unavailable> {
        Err(Unavailable)
    }

    fn group(&self, _: &str, _: serde_json::Map<String, serde_json::Value>, _: &model::Envelope) -> Result<(), Unavailable> {
        Err(Unavailable)
    }

    fn page(&self, _: &str, _: serde_json::Map<String, serde_json::Value>, _: &model::Envelope) -> Result<(), Unavailable> {
        Err(Unavailable)
    }

    fn screen(&self, _: &str, _: serde_json::Map<String, serde_json::Value>, _: &model::Envelope) -> Result<(), Unavailable> {
        Err(Unavailable)
    }

    fn alias(&self, _: &str, _: &model::Envelope) -> Result<(), Unavailable> {
        Err(Unavailable)
    }
}

/// Every call through a transport that fails returns the transport's error to the caller, and
/// nothing panics; the program goes on.
fn down() -> Result<(), Box<dyn Error>> {
    use model::*;
    let tracker = Tracker::with_context_provider(Down, Identity::User("u-1".to_owned()), || Context::new("4.2.0"));
    let results = [
        tracker.identify("u-1", Traits::new("ada@example.com")),
        tracker.group("acme", GroupTraits::new("Acme")),
        tracker.page_home(),
        tracker.screen_settings(SettingsScreenProperties::new()),
        tracker.form_submitted(FormSubmittedProperties::new("f-1")),
        tracker.alias("u-1", "anon-1"),
    ];
    if results.iter().all(|r| r == &Err(TrackingError::Transport(Unavailable))) {
        println!("down: {} calls returned the transport's error", results.len());
        Ok(())
    } else {
        Err(format!("a call through a failing transport did not return its error: {results:?}").into())
    }
}

/// Five Vectra events: a nested object with optional properties left out, an array of enums, a
/// nullable property sent as null, numbers, and the context from a provider.
fn vectra(transport: &SegmentTransport) -> Result<(), TrackingError<segment::Error>> {
    let tracker = Tracker::with_context_provider(
        transport,
        Identity::User("2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c".to_owned()),
        || {
            Context::new(
                "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
                "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                ContextPlan::Growth,
                ContextSubscriptionStatus::Active,
                "2026-11-27T10:00:00Z",
                "s_8f3k2m1q9x".to_owned(),
                None,
            )
        },
    );
    tracker.campaign_created(CampaignCreatedProperties::new(
        "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        "Q1 - Fintech VPs of Sales",
        CampaignCreatedTargetCriteria::new(vec![
            "VP Sales".to_owned(),
            "Head of Sales Development".to_owned(),
        ])
        .with_industry("Software")
        .with_company_size(CampaignCreatedTargetCriteriaCompanySize::_51_200),
        vec![ChannelsItem::Email, ChannelsItem::Linkedin],
        CampaignCreatedCreatedFrom::Template,
    ))?;
    tracker.campaign_launched(CampaignLaunchedProperties::new(
        "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        250,
        vec![ChannelsItem::Email],
        3,
        50,
        None,
    ))?;
    tracker.checkout_started(CheckoutStartedProperties::new(
        "cs_live_a1B2c3D4e5F6g7H8",
        PaidPlan::Scale,
        BillingInterval::Annual,
        5,
        4704.5,
        "EUR",
        CheckoutStartedEntryPoint::PricingPage,
    ))?;
    tracker.email_approved(
        EmailApprovedProperties::new(
            "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
            EmailApprovedApprovalMode::Manual,
            true,
            42,
        ),
    )?;
    tracker.lead_exported(LeadExportedProperties::new(120, LeadExportedDestination::Hubspot, false))
}

/// The features plan: identify with traits, an optional-and-nullable property sent as null, two
/// levels of nested objects, an array of objects, nullable array items, an integer enum and a
/// deprecated event.
fn features(
    transport: &features::adapters::segment::SegmentTransport,
) -> Result<(), features::TrackingError<segment::Error>> {
    use features::*;
    let tracker = Tracker::new(
        transport,
        Identity::Anonymous("anon-7".to_owned()),
        Context::new("0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b", "2.14.0", ContextLocale::Fr),
    );
    tracker.identify(
        "0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b",
        Traits::new("ada@example.com", TraitsLoyaltyTier::V2),
    )?;
    tracker.form_submitted(FormSubmittedProperties::new("Hello", None).with_referral_code(None))?;
    tracker.profile_updated(
        ProfileUpdatedProperties::new(
            ProfileUpdatedAddress::new("Lyon").with_geo(ProfileUpdatedAddressGeo::new(45.76, 4.84)),
            vec!["shoes".to_owned(), "hats".to_owned()],
            vec![ProfileUpdatedSavedCardsItem::new("4242", 2030)],
            vec![ProfileUpdatedChannelsItem::Push],
        )
        .with_nicknames(vec![Some("Ada".to_owned()), None]),
    )?;
    tracker.order_completed(
        OrderCompletedProperties::new(
            "5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9",
            "2026-11-27T10:00:00Z",
            "2026-12-01",
            "ada@example.com",
            "https://carrier.example/t/1",
            3,
            42.5,
            OrderCompletedPriority::V3,
            OrderCompletedPaymentMethod::BankTransfer,
            false,
        )
        .with_coupon_code("SPRING25"),
    )?;
    #[allow(deprecated)]
    tracker.cart_opened(CartOpenedProperties::new(2))
}

/// The hostile plan: keyword, quoted, non-ASCII and empty wire names, colliding identifiers.
fn hostile(transport: &hostile::adapters::segment::SegmentTransport) -> Result<(), hostile::TrackingError<segment::Error>> {
    use hostile::*;
    let tracker = Tracker::new(
        transport,
        Identity::User("u-1".to_owned()),
        Context::new("this", None, ContextProvider::B),
    );
    tracker.class_created(
        ClassCreatedProperties::new(
            "*/ x",
            ClassCreatedType::PastDue,
            ClassCreatedFrom::VMinus1,
            ClassCreatedSelf::new("m", vec![ClassCreatedSelfFnItem::new(true)]),
            1.5,
            true,
            "q",
            9.99,
            "dash",
            "underscore",
        )
        .with_none(None),
    )?;
    tracker.class_created_2(ClassCreatedProperties2::new("c"))?;
    tracker.identify_2()?;
    #[allow(deprecated)]
    tracker.order_completed(OrderCompletedProperties::new().with_value("empty name"))
}

/// The model plan: identify, group, alias, two pages (one without properties), a screen and an
/// event with a union, a number enum and a const, each with the message context.
fn model(transport: &model::adapters::segment::SegmentTransport) -> Result<(), model::TrackingError<segment::Error>> {
    use model::*;
    let tracker = Tracker::new(
        transport,
        Identity::Anonymous("anon-9".to_owned()),
        Context::new("4.2.0"),
    )
    .with_message_context(
        MessageContext::new().with_group_id("acme").with_ip("203.0.113.7").with_page(
            MessageContextPage::new()
                .with_path("/pricing")
                .with_url("https://example.com/pricing"),
        ),
    );
    tracker.identify(
        "u-9",
        Traits::new("ada@example.com").with_plan(Plan::Pro),
    )?;
    tracker.group(
        "acme",
        GroupTraits::new("Acme").with_employees(40).with_plan(Plan::Enterprise),
    )?;
    tracker.page_pricing(PricingPageProperties::new().with_plan(Plan::Free))?;
    tracker.page_home()?;
    tracker.screen_settings(SettingsScreenProperties::new().with_section(SettingsSection::Billing))?;
    tracker.video_ad_started(
        VideoAdStartedProperties::new("s-1", vec!["a-1".to_owned(), "a-2".to_owned()], VideoAdStartedType::default())
            .with_playback_rate(PlaybackPlaybackRate::V1_5)
            .with_sound(80),
    )?;
    tracker.alias("u-9", "anon-9")
}

/// `count` `Form Submitted` events of the model plan through `transport`, with form ids
/// `{first}` to `{first + count - 1}`.
fn burst<T: model::Transport>(transport: T, first: usize, count: usize) -> Result<(), model::TrackingError<T::Error>> {
    use model::*;
    let tracker = Tracker::new(transport, Identity::User("u-q".to_owned()), Context::new("4.2.0"));
    for i in first..first + count {
        tracker.form_submitted(FormSubmittedProperties::new(i.to_string()))?;
    }
    Ok(())
}

/// The queue scenarios, each printing one line of counts for the test:
/// - `burst`: 50 events through a transport of capacity 8 with a background flush that only the
///   full queue wakes, then a shutdown: nothing is lost.
/// - `down`: 12 events to a host that is down, capacity 5, no background flush: the oldest 7
///   are dropped; a flush fails and keeps the 5; then 12 more with a background flush, each
///   dropping the oldest; the shutdown fails. A transport dropped with 2 messages reports them
///   lost on standard error. The program then waits for a line on standard
///   input (the test brings the host up) and flushes the 5 newest.
/// - `background`: 3 events with a background flush every 50 ms, then the process exits
///   without flushing, shutting down or dropping anything.
/// - `shutdown`: 4 events with a background flush every hour, then a shutdown; then 2 events
///   through a transport without one, dropped.
fn scenario(host: &str, name: &str) -> Result<(), Box<dyn Error>> {
    use model::adapters::segment::{BackgroundFlush, SegmentTransport};
    let make = |capacity| {
        Arc::new(SegmentTransport::new(segment::HttpClient::new(reqwest::Client::new(), host.to_owned()), WRITE_KEY).with_capacity(capacity).with_timeout(Duration::from_secs(5)))
    };
    match name {
        "burst" => {
            let transport = make(8);
            let flush = BackgroundFlush::start(Arc::clone(&transport), Duration::from_secs(3600))?;
            burst(Arc::clone(&transport), 0, 50)?;
            flush.shutdown()?;
            println!("burst: queued={} dropped={}", transport.queued(), transport.dropped());
        }
        "down" => {
            let transport = make(5);
            burst(Arc::clone(&transport), 0, 12)?;
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let flush = runtime.block_on(transport.flush()).is_ok();
            println!("down: queued={} dropped={} flush_ok={flush}", transport.queued(), transport.dropped());
            let background = BackgroundFlush::start(Arc::clone(&transport), Duration::from_millis(20))?;
            burst(Arc::clone(&transport), 12, 12)?;
            let shutdown = background.shutdown();
            println!("down: queued={} dropped={} shutdown_ok={}", transport.queued(), transport.dropped(), shutdown.is_ok());
            // Dropped with 2 messages that its last flush cannot send: reported on stderr.
            let lost = SegmentTransport::new(segment::HttpClient::new(reqwest::Client::new(), host.to_owned()), WRITE_KEY);
            burst(&lost, 100, 2)?;
            drop(lost);
            println!("down: waiting");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            runtime.block_on(transport.flush())?;
            println!("up: queued={} dropped={}", transport.queued(), transport.dropped());
        }
        "background" => {
            let transport = make(100);
            let _flush = BackgroundFlush::start(Arc::clone(&transport), Duration::from_millis(50))?;
            burst(Arc::clone(&transport), 0, 3)?;
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            while transport.queued() > 0 && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            // Let the request finish, then exit without any destructor running.
            std::thread::sleep(Duration::from_millis(300));
            println!("background: queued={}", transport.queued());
            std::process::exit(0);
        }
        "shutdown" => {
            let transport = make(100);
            let flush = BackgroundFlush::start(Arc::clone(&transport), Duration::from_secs(3600))?;
            burst(Arc::clone(&transport), 0, 4)?;
            println!("shutdown: queued={}", transport.queued());
            flush.shutdown()?;
            println!("shutdown: queued={}", transport.queued());
            let dropped = make(100);
            burst(Arc::clone(&dropped), 4, 2)?;
            drop(dropped);
        }
        other => return Err(format!("unknown scenario {other:?}").into()),
    }
    Ok(())
}
