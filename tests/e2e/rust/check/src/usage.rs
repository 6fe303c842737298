//! Code written against the generated modules the way an app uses them: a custom transport, a
//! tracker with a fixed context and one with a context provider, events with optional, nullable,
//! optional-and-nullable, nested, array and enum properties, deprecated events and properties,
//! `identify`, the hostile plan's keyword and colliding names, and the model plan's group, pages,
//! screens, alias, message context, unions, consts, number enums, maps and open objects through a
//! transport that implements every call.

use std::sync::Mutex;

use serde_json::{Map, Value};

/// One recorded message: kind (`track`, `identify`, `group`, `page`, `screen`, `alias`), event,
/// page or screen name, user id or group id, and payload.
pub type Message = (&'static str, String, Map<String, Value>);

/// A custom transport: keeps every message in memory (what a test double for tracking looks like).
#[derive(Debug, Default)]
pub struct Recorder {
    /// Every message, in order.
    pub messages: Mutex<Vec<Message>>,
}

impl Recorder {
    fn record(&self, kind: &'static str, name: &str, payload: Map<String, Value>) {
        let mut messages = self
            .messages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        messages.push((kind, name.to_owned(), payload));
    }
}

impl crate::vectra::Transport for Recorder {
    type Error = std::convert::Infallible;

    fn track(
        &self,
        event: &str,
        properties: Map<String, Value>,
        _message: &crate::vectra::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("track", event, properties);
        Ok(())
    }

    fn identify(
        &self,
        traits: Map<String, Value>,
        message: &crate::vectra::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("identify", message.user_id.as_deref().unwrap_or_default(), traits);
        Ok(())
    }
}

impl crate::features::Transport for Recorder {
    type Error = String;

    fn track(
        &self,
        event: &str,
        properties: Map<String, Value>,
        _message: &crate::features::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("track", event, properties);
        Ok(())
    }

    fn identify(
        &self,
        traits: Map<String, Value>,
        message: &crate::features::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("identify", message.user_id.as_deref().unwrap_or_default(), traits);
        Ok(())
    }
}

impl crate::hostile::Transport for Recorder {
    type Error = std::convert::Infallible;

    fn track(
        &self,
        event: &str,
        properties: Map<String, Value>,
        _message: &crate::hostile::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("track", event, properties);
        Ok(())
    }

    fn identify(
        &self,
        traits: Map<String, Value>,
        message: &crate::hostile::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("identify", message.user_id.as_deref().unwrap_or_default(), traits);
        Ok(())
    }
}

/// Tracks Vectra events with a fixed context and with a provider, through a shared transport.
pub fn vectra(recorder: &Recorder) {
    use crate::vectra::*;

    let context = Context {
        user_id: "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c".to_owned(),
        organization_id: "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b".to_owned(),
        plan: ContextPlan::Growth,
        subscription_status: ContextSubscriptionStatus::Active,
        timestamp: "2026-11-27T10:00:00Z".to_owned(),
        session_id: None,
        device_type: Some(ContextDeviceType::Desktop),
    };
    let tracker = Tracker::new(recorder, Identity::User("u_1".to_owned()), context.clone());
    let _ = tracker.campaign_created(CampaignCreatedProperties {
        campaign_id: "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b".to_owned(),
        name: "Q1 - Fintech VPs of Sales".to_owned(),
        target_criteria: CampaignCreatedTargetCriteria {
            industry: Some("Software".to_owned()),
            company_size: Some(CampaignCreatedTargetCriteriaCompanySize::_51_200),
            region: None,
            job_titles: vec!["VP Sales".to_owned()],
        },
        target_leads: None,
        channels: vec![ChannelsItem::Email, ChannelsItem::Linkedin],
        created_from: CampaignCreatedCreatedFrom::Template,
    });

    let provided = Tracker::with_context_provider(
        std::sync::Arc::new(Recorder::default()),
        Identity::Anonymous("anon-1".to_owned()),
        move || Context {
            session_id: Some("s_1".to_owned()),
            ..context.clone()
        },
    );
    let _ = provided.campaign_paused(CampaignPausedProperties {
        campaign_id: "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b".to_owned(),
        pause_reason: CampaignPausedPauseReason::HighBounceRate,
        emails_sent: 120,
        days_active: 4,
    });
    assert_eq!(provided.user(), &Identity::Anonymous("anon-1".to_owned()));
}

/// Uses every type feature of the features plan, and its deprecated parts.
pub fn features(recorder: &Recorder) -> Result<(), crate::features::TrackingError<String>> {
    use crate::features::*;

    let tracker = Tracker::new(
        recorder,
        Identity::User("0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b".to_owned()),
        Context {
            user_id: "0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b".to_owned(),
            app_version: "2.14.0".to_owned(),
            locale: None,
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
    tracker.profile_updated(ProfileUpdatedProperties {
        address: ProfileUpdatedAddress {
            city: "Lyon".to_owned(),
            geo: Some(ProfileUpdatedAddressGeo {
                lat: 45.76,
                lng: 4.84,
            }),
        },
        interests: vec!["shoes".to_owned()],
        saved_cards: vec![ProfileUpdatedSavedCardsItem {
            last4: "4242".to_owned(),
            expiry_year: 2030,
        }],
        channels: vec![
            ProfileUpdatedChannelsItem::Email,
            ProfileUpdatedChannelsItem::Push,
        ],
        nicknames: Some(vec![Some("Ada".to_owned()), None]),
    })?;
    #[allow(deprecated)]
    tracker.form_submitted(FormSubmittedProperties {
        subject: "Hello".to_owned(),
        phone: None,
        company: None,
        referral_code: Some(None),
        fax: None,
    })?;
    #[allow(deprecated)]
    tracker.cart_opened(CartOpenedProperties { item_count: 1 })?;
    tracker.cart_viewed(CartViewedProperties { item_count: 1 })?;
    tracker.account_signed_out()?;
    assert_eq!(OrderCompletedPriority::V3.value(), 3);
    Ok(())
}

/// Calls the hostile plan's events: keyword fields, colliding names, quoted wire names.
pub fn hostile(recorder: &Recorder) {
    use crate::hostile::*;

    let tracker = Tracker::new(
        recorder,
        Identity::User("u".to_owned()),
        Context {
            this: "this".to_owned(),
            super_: None,
            provider: ContextProvider::B,
        },
    );
    let _ = tracker.identify(
        "u",
        Traits {
            none: "none".to_owned(),
            async_: Some(true),
            _3d_secure: None,
        },
    );
    #[allow(deprecated)]
    let _ = tracker.class_created(ClassCreatedProperties {
        class: "c".to_owned(),
        type_: ClassCreatedType::PastDue2,
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
        user_name: "a".to_owned(),
        user_name_2: "b".to_owned(),
        import: None,
    });
    let _ = tracker.class_created_2(ClassCreatedProperties2 {
        constructor: "c".to_owned(),
    });
    let _ = tracker.identify_2();
    #[allow(deprecated)]
    let _ = tracker.order_completed(OrderCompletedProperties {
        value: Some(String::new()),
    });
    let _ = tracker.constructor(ConstructorProperties {
        proto: None,
        to_string: "s".to_owned(),
    });
    let variants = [
        ClassCreatedType::Empty,
        ClassCreatedType::_1st,
        ClassCreatedType::Value3,
    ];
    assert_eq!(variants.len(), 3);
}

impl crate::model::Transport for Recorder {
    type Error = std::convert::Infallible;

    fn track(
        &self,
        event: &str,
        mut properties: Map<String, Value>,
        message: &crate::model::Envelope,
    ) -> Result<(), Self::Error> {
        properties.insert("context".to_owned(), Value::Object(message.context.clone()));
        self.record("track", event, properties);
        Ok(())
    }

    fn identify(
        &self,
        traits: Map<String, Value>,
        message: &crate::model::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("identify", message.user_id.as_deref().unwrap_or_default(), traits);
        Ok(())
    }

    fn group(
        &self,
        group_id: &str,
        traits: Map<String, Value>,
        _message: &crate::model::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("group", group_id, traits);
        Ok(())
    }

    fn page(
        &self,
        name: &str,
        properties: Map<String, Value>,
        _message: &crate::model::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("page", name, properties);
        Ok(())
    }

    fn screen(
        &self,
        name: &str,
        properties: Map<String, Value>,
        _message: &crate::model::Envelope,
    ) -> Result<(), Self::Error> {
        self.record("screen", name, properties);
        Ok(())
    }

    fn alias(
        &self,
        previous_id: &str,
        message: &crate::model::Envelope,
    ) -> Result<(), Self::Error> {
        let mut payload = Map::new();
        payload.insert("previousId".to_owned(), Value::from(previous_id));
        self.record("alias", message.user_id.as_deref().unwrap_or_default(), payload);
        Ok(())
    }
}

/// Every call of the model plan: identify, group, alias, pages, a screen and events with unions,
/// consts, a number enum, a map, an open object and a JSON value, with a message context from a
/// provider.
pub fn model(recorder: &Recorder) -> Result<(), crate::model::TrackingError<std::convert::Infallible>> {
    use crate::model::*;

    let tracker = Tracker::new(
        recorder,
        Identity::Anonymous("anon-1".to_owned()),
        Context {
            app_version: "4.2.0".to_owned(),
        },
    )
    .with_message_context_provider(|| MessageContext {
        group_id: Some("acme".to_owned()),
        ip: None,
        page: Some(MessageContextPage {
            path: Some("/pricing".to_owned()),
            url: None,
            referrer: None,
        }),
    });
    tracker.identify(
        "u-1",
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
    tracker.alias("u-1", "anon-1")?;
    tracker.page_pricing(PricingPageProperties {
        plan: Some(Plan::Free),
    })?;
    tracker.page_home()?;
    tracker.screen_settings(SettingsScreenProperties {
        section: Some(SettingsSection::Billing),
    })?;
    tracker.order_completed(OrderCompletedProperties {
        order_id: "o-1".to_owned(),
        total: Money {
            amount: 42.5,
            currency: "EUR".to_owned(),
        },
        products: vec![Product {
            product_id: "p-1".to_owned(),
            price: Some(Money {
                amount: 21.25,
                currency: "EUR".to_owned(),
            }),
            quantity: Some(2),
        }],
        price: Some(OrderCompletedPrice::from("42,50 €".to_owned())),
        coupon: Some(None),
    })?;
    tracker.video_ad_started(VideoAdStartedProperties {
        session_id: "s-1".to_owned(),
        position: None,
        playback_rate: Some(PlaybackPlaybackRate::V1_5),
        sound: Some(80),
        ad_asset_id: vec!["a-1".to_owned(), "a-2".to_owned()].into(),
        type_: VideoAdStartedType::default(),
    })?;
    tracker.video_playback_paused(VideoPlaybackPausedProperties {
        session_id: "s-1".to_owned(),
        position: 12,
        playback_rate: Some(PlaybackPlaybackRate::V1),
        sound: None,
    })?;
    let mut fields = std::collections::BTreeMap::new();
    fields.insert("email".to_owned(), "ada@example.com".to_owned());
    tracker.form_submitted(FormSubmittedProperties {
        form_id: "signup".to_owned(),
        fields: Some(fields),
        metadata: Some(Map::new()),
        answer: Some(Value::from(3)),
        consent: Some(FormSubmittedConsent::True),
    })?;
    assert!((PlaybackPlaybackRate::V0_5.value() - 0.5).abs() < f64::EPSILON);
    assert!(FormSubmittedConsent::default().value());
    assert_eq!(OrderCompletedPrice::from(9.5), OrderCompletedPrice::Number(9.5));
    Ok(())
}
