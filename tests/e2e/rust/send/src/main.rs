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
    let tracker = Tracker::with_context_provider(Down, Identity::User("u-1".to_owned()), || Context {
        app_version: "4.2.0".to_owned(),
    });
    let results = [
        tracker.identify("u-1", Traits { email: "ada@example.com".to_owned(), plan: None }),
        tracker.group("acme", GroupTraits { name: "Acme".to_owned(), employees: None, plan: None }),
        tracker.page_home(),
        tracker.screen_settings(SettingsScreenProperties { section: None }),
        tracker.form_submitted(FormSubmittedProperties {
            form_id: "f-1".to_owned(),
            fields: None,
            metadata: None,
            answer: None,
            consent: None,
        }),
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
        || Context {
            user_id: "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c".to_owned(),
            organization_id: "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b".to_owned(),
            plan: ContextPlan::Growth,
            subscription_status: ContextSubscriptionStatus::Active,
            timestamp: "2026-11-27T10:00:00Z".to_owned(),
            session_id: Some("s_8f3k2m1q9x".to_owned()),
            device_type: None,
        },
    );
    tracker.campaign_created(CampaignCreatedProperties {
        campaign_id: "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b".to_owned(),
        name: "Q1 - Fintech VPs of Sales".to_owned(),
        target_criteria: CampaignCreatedTargetCriteria {
            industry: Some("Software".to_owned()),
            company_size: Some(CampaignCreatedTargetCriteriaCompanySize::_51_200),
            region: None,
            job_titles: vec![
                "VP Sales".to_owned(),
                "Head of Sales Development".to_owned(),
            ],
        },
        target_leads: None,
        channels: vec![ChannelsItem::Email, ChannelsItem::Linkedin],
        created_from: CampaignCreatedCreatedFrom::Template,
    })?;
    tracker.campaign_launched(CampaignLaunchedProperties {
        campaign_id: "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b".to_owned(),
        lead_count: 250,
        channels: vec![ChannelsItem::Email],
        sequence_length: 3,
        daily_send_limit: 50,
        scheduled_start: None,
    })?;
    tracker.checkout_started(CheckoutStartedProperties {
        checkout_id: "cs_live_a1B2c3D4e5F6g7H8".to_owned(),
        paid_plan: PaidPlan::Scale,
        billing_interval: BillingInterval::Annual,
        seats: 5,
        amount: 4704.5,
        currency: "EUR".to_owned(),
        entry_point: CheckoutStartedEntryPoint::PricingPage,
        coupon_code: None,
    })?;
    tracker.email_approved(EmailApprovedProperties {
        email_id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d".to_owned(),
        lead_id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d".to_owned(),
        campaign_id: "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b".to_owned(),
        approval_mode: EmailApprovedApprovalMode::Manual,
        edited: true,
        seconds_to_review: Some(42),
    })?;
    tracker.lead_exported(LeadExportedProperties {
        lead_count: 120,
        destination: LeadExportedDestination::Hubspot,
        campaign_id: None,
        qualified_only: false,
    })
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
        Context {
            user_id: "0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b".to_owned(),
            app_version: "2.14.0".to_owned(),
            locale: Some(ContextLocale::Fr),
        },
    );
    tracker.identify(
        "0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b",
        Traits {
            email: "ada@example.com".to_owned(),
            display_name: None,
            loyalty_tier: Some(TraitsLoyaltyTier::V2),
        },
    )?;
    tracker.form_submitted(FormSubmittedProperties {
        subject: "Hello".to_owned(),
        phone: None,
        company: None,
        referral_code: Some(None),
        #[allow(deprecated)]
        fax: None,
    })?;
    tracker.profile_updated(ProfileUpdatedProperties {
        address: ProfileUpdatedAddress {
            city: "Lyon".to_owned(),
            geo: Some(ProfileUpdatedAddressGeo {
                lat: 45.76,
                lng: 4.84,
            }),
        },
        interests: vec!["shoes".to_owned(), "hats".to_owned()],
        saved_cards: vec![ProfileUpdatedSavedCardsItem {
            last4: "4242".to_owned(),
            expiry_year: 2030,
        }],
        channels: vec![ProfileUpdatedChannelsItem::Push],
        nicknames: Some(vec![Some("Ada".to_owned()), None]),
    })?;
    tracker.order_completed(OrderCompletedProperties {
        order_id: "5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9".to_owned(),
        placed_at: "2026-11-27T10:00:00Z".to_owned(),
        delivery_date: "2026-12-01".to_owned(),
        receipt_email: "ada@example.com".to_owned(),
        tracking_url: "https://carrier.example/t/1".to_owned(),
        coupon_code: Some("SPRING25".to_owned()),
        item_count: 3,
        total: 42.5,
        priority: OrderCompletedPriority::V3,
        payment_method: OrderCompletedPaymentMethod::BankTransfer,
        gift: false,
    })?;
    #[allow(deprecated)]
    tracker.cart_opened(CartOpenedProperties { item_count: 2 })
}

/// The hostile plan: keyword, quoted, non-ASCII and empty wire names, colliding identifiers.
fn hostile(transport: &hostile::adapters::segment::SegmentTransport) -> Result<(), hostile::TrackingError<segment::Error>> {
    use hostile::*;
    let tracker = Tracker::new(
        transport,
        Identity::User("u-1".to_owned()),
        Context {
            this: "this".to_owned(),
            super_: None,
            provider: ContextProvider::B,
        },
    );
    tracker.class_created(ClassCreatedProperties {
        class: "*/ x".to_owned(),
        type_: ClassCreatedType::PastDue,
        from: ClassCreatedFrom::VMinus1,
        self_: ClassCreatedSelf {
            match_: "m".to_owned(),
            fn_: vec![ClassCreatedSelfFnItem { import: true }],
        },
        async_: None,
        default_: Some(1.5),
        none: Some(None),
        _3d_secure: true,
        it_s_quoted: "q".to_owned(),
        prix: 9.99,
        user_name: "dash".to_owned(),
        user_name_2: "underscore".to_owned(),
        #[allow(deprecated)]
        import: None,
    })?;
    tracker.class_created_2(ClassCreatedProperties2 {
        constructor: "c".to_owned(),
    })?;
    tracker.identify_2()?;
    #[allow(deprecated)]
    tracker.order_completed(OrderCompletedProperties {
        value: Some("empty name".to_owned()),
    })
}

/// The model plan: identify, group, alias, two pages (one without properties), a screen and an
/// event with a union, a number enum and a const, each with the message context.
fn model(transport: &model::adapters::segment::SegmentTransport) -> Result<(), model::TrackingError<segment::Error>> {
    use model::*;
    let tracker = Tracker::new(
        transport,
        Identity::Anonymous("anon-9".to_owned()),
        Context {
            app_version: "4.2.0".to_owned(),
        },
    )
    .with_message_context(MessageContext {
        group_id: Some("acme".to_owned()),
        ip: Some("203.0.113.7".to_owned()),
        page: Some(MessageContextPage {
            path: Some("/pricing".to_owned()),
            url: Some("https://example.com/pricing".to_owned()),
            referrer: None,
        }),
    });
    tracker.identify(
        "u-9",
        Traits {
            email: "ada@example.com".to_owned(),
            plan: Some(Plan::Pro),
        },
    )?;
    tracker.group(
        "acme",
        GroupTraits {
            name: "Acme".to_owned(),
            employees: Some(40),
            plan: Some(Plan::Enterprise),
        },
    )?;
    tracker.page_pricing(PricingPageProperties {
        plan: Some(Plan::Free),
    })?;
    tracker.page_home()?;
    tracker.screen_settings(SettingsScreenProperties {
        section: Some(SettingsSection::Billing),
    })?;
    tracker.video_ad_started(VideoAdStartedProperties {
        session_id: "s-1".to_owned(),
        position: None,
        playback_rate: Some(PlaybackPlaybackRate::V1_5),
        sound: Some(80),
        ad_asset_id: vec!["a-1".to_owned(), "a-2".to_owned()].into(),
        type_: VideoAdStartedType::default(),
    })?;
    tracker.alias("u-9", "anon-9")
}

/// `count` `Form Submitted` events of the model plan through `transport`, with form ids
/// `{first}` to `{first + count - 1}`.
fn burst<T: model::Transport>(transport: T, first: usize, count: usize) -> Result<(), model::TrackingError<T::Error>> {
    use model::*;
    let tracker = Tracker::new(transport, Identity::User("u-q".to_owned()), Context { app_version: "4.2.0".to_owned() });
    for i in first..first + count {
        tracker.form_submitted(FormSubmittedProperties { form_id: i.to_string(), fields: None, metadata: None, answer: None, consent: None })?;
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
