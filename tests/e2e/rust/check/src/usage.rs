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

    let context = Context::new(
        "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
        "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
        ContextPlan::Growth,
        ContextSubscriptionStatus::Active,
        "2026-11-27T10:00:00Z",
        None,
        ContextDeviceType::Desktop,
    );
    let tracker = Tracker::new(recorder, Identity::User("u_1".to_owned()), context);
    let _ = tracker.campaign_created(CampaignCreatedProperties::new(
        "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        "Q1 - Fintech VPs of Sales",
        CampaignCreatedTargetCriteria::new(vec!["VP Sales".to_owned()])
            .with_industry("Software")
            .with_company_size(CampaignCreatedTargetCriteriaCompanySize::_51_200),
        vec![ChannelsItem::Email, ChannelsItem::Linkedin],
        CampaignCreatedCreatedFrom::Template,
    ));

    let provided = Tracker::with_context_provider(
        std::sync::Arc::new(Recorder::default()),
        Identity::Anonymous("anon-1".to_owned()),
        || {
            Context::new(
                "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
                "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                ContextPlan::Growth,
                ContextSubscriptionStatus::Active,
                "2026-11-27T10:00:00Z",
                "s_1".to_owned(),
                None,
            )
        },
    );
    let _ = provided.campaign_paused(CampaignPausedProperties::new(
        "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        CampaignPausedPauseReason::HighBounceRate,
        120,
        4,
    ));
    assert_eq!(provided.user(), &Identity::Anonymous("anon-1".to_owned()));
}

/// Uses every type feature of the features plan, and its deprecated parts.
pub fn features(recorder: &Recorder) -> Result<(), crate::features::TrackingError<String>> {
    use crate::features::*;

    let tracker = Tracker::new(
        recorder,
        Identity::User("0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b".to_owned()),
        Context::new("0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b", "2.14.0", None),
    );
    tracker.identify(
        "0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b",
        Traits::new("ada@example.com", TraitsLoyaltyTier::V2),
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
    tracker.profile_updated(
        ProfileUpdatedProperties::new(
            ProfileUpdatedAddress::new("Lyon").with_geo(ProfileUpdatedAddressGeo::new(45.76, 4.84)),
            vec!["shoes".to_owned()],
            vec![ProfileUpdatedSavedCardsItem::new("4242", 2030)],
            vec![
                ProfileUpdatedChannelsItem::Email,
                ProfileUpdatedChannelsItem::Push,
            ],
        )
        .with_nicknames(vec![Some("Ada".to_owned()), None]),
    )?;
    // Not setting the deprecated `fax` warns nothing; setting it warns at the setter.
    tracker.form_submitted(FormSubmittedProperties::new("Hello", None).with_referral_code(None))?;
    #[allow(deprecated)]
    tracker.form_submitted(FormSubmittedProperties::new("Hello", None).with_fax("+33 1 23 45 67 89"))?;
    #[allow(deprecated)]
    tracker.cart_opened(CartOpenedProperties::new(1))?;
    tracker.cart_viewed(CartViewedProperties::new(1))?;
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
        Context::new("this", None, ContextProvider::B),
    );
    let _ = tracker.identify(
        "u",
        Traits::new("none", None).with_async(true),
    );
    #[allow(deprecated)]
    let _ = tracker.class_created(
        ClassCreatedProperties::new(
            "c",
            ClassCreatedType::PastDue2,
            ClassCreatedFrom::VMinus1,
            ClassCreatedSelf::new("m", vec![ClassCreatedSelfFnItem::new(true)]),
            1.5,
            true,
            "q",
            9.99,
            "a",
            "b",
        )
        .with_none(None),
    );
    let _ = tracker.class_created_2(ClassCreatedProperties2::new("c"));
    let _ = tracker.identify_2();
    #[allow(deprecated)]
    let _ = tracker.order_completed(OrderCompletedProperties::new().with_value(String::new()));
    let _ = tracker.constructor(ConstructorProperties::new("s"));
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
        Context::new("4.2.0"),
    )
    .with_message_context_provider(|| {
        MessageContext::new()
            .with_group_id("acme")
            .with_page(MessageContextPage::new().with_path("/pricing"))
    });
    tracker.identify(
        "u-1",
        Traits::new("ada@example.com").with_plan(Plan::Pro),
    )?;
    tracker.group(
        "acme",
        GroupTraits::new("Acme")
            .with_employees(40)
            .with_plan(Plan::Enterprise),
    )?;
    tracker.alias("u-1", "anon-1")?;
    tracker.page_pricing(PricingPageProperties::new().with_plan(Plan::Free))?;
    tracker.page_home()?;
    tracker.screen_settings(SettingsScreenProperties::new().with_section(SettingsSection::Billing))?;
    tracker.order_completed(
        OrderCompletedProperties::new(
            "o-1",
            Money::new(42.5, "EUR"),
            vec![Product::new("p-1")
                .with_price(Money::new(21.25, "EUR"))
                .with_quantity(2)],
        )
        .with_price("42,50 €".to_owned())
        .with_coupon(None),
    )?;
    tracker.video_ad_started(
        VideoAdStartedProperties::new(
            "s-1",
            vec!["a-1".to_owned(), "a-2".to_owned()],
            VideoAdStartedType::default(),
        )
        .with_playback_rate(PlaybackPlaybackRate::V1_5)
        .with_sound(80),
    )?;
    tracker.video_playback_paused(
        VideoPlaybackPausedProperties::new("s-1", 12).with_playback_rate(PlaybackPlaybackRate::V1),
    )?;
    let mut fields = std::collections::BTreeMap::new();
    fields.insert("email".to_owned(), "ada@example.com".to_owned());
    tracker.form_submitted(
        FormSubmittedProperties::new("signup")
            .with_fields(fields)
            .with_metadata(Map::new())
            .with_answer(3)
            .with_consent(FormSubmittedConsent::True),
    )?;
    assert!((PlaybackPlaybackRate::V0_5.value() - 0.5).abs() < f64::EPSILON);
    assert!(FormSubmittedConsent::default().value());
    assert_eq!(OrderCompletedPrice::from(9.5), OrderCompletedPrice::Number(9.5));
    Ok(())
}
