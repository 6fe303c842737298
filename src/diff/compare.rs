//! The comparison itself: two plans walked side by side into a list of [`Change`]s.
//!
//! Events, pages and screens are matched by name and properties by wire name; objects, maps, array
//! items and union members are compared recursively, with paths such as `target_criteria.industry`,
//! `channels[]` and `fields{}` (the values of a map). Each difference is reported once, at the most
//! specific level (an added event does not also list its properties).

use std::collections::HashMap;
use std::fmt::Display;

use super::{Change, ChangeKind, Scope, Side, kind};
use crate::ir::{
    Additional, ArrayType, Bundle, CallKind, Deprecation, Event, Literal, NumberType, Plan,
    Property, StringType, Type,
};
use crate::source::{Span, Spanned};

/// Whose properties are being compared, for messages and grouping.
#[derive(Clone, Copy)]
struct Owner<'a> {
    scope: Scope,
    event: Option<&'a str>,
    category: Option<&'a str>,
}

impl Owner<'_> {
    /// An owner with no event or category.
    fn of(scope: Scope) -> Self {
        Owner {
            scope,
            event: None,
            category: None,
        }
    }

    /// How a property at `path` is named in a sentence.
    fn subject(&self, path: &str) -> String {
        match (self.scope, self.event) {
            (Scope::Event, Some(event)) => format!("property `{path}` of event `{event}`"),
            (Scope::Page, Some(page)) => format!("property `{path}` of page `{page}`"),
            (Scope::Screen, Some(screen)) => format!("property `{path}` of screen `{screen}`"),
            (Scope::Traits, _) => format!("trait `{path}`"),
            (Scope::GroupTraits, _) => format!("group trait `{path}`"),
            (Scope::Context, _) => format!("context property `{path}`"),
            (Scope::MessageContext, _) => format!("message context field `{path}`"),
            _ => format!("`{path}`"),
        }
    }
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
}

impl Differ {
    fn push(
        &mut self,
        kind: &'static ChangeKind,
        owner: Owner<'_>,
        path: Option<&str>,
        message: String,
        location: (Side, Span),
    ) {
        let mut change = Change::new(kind, owner.scope, message);
        change.event = owner.event.map(str::to_owned);
        change.category = owner.category.map(str::to_owned);
        change.path = path.map(str::to_owned);
        change.location = Some(location);
        self.changes.push(change);
    }
}

fn text(s: Option<&Spanned<String>>) -> Option<&str> {
    s.map(|s| s.value.trim()).filter(|s| !s.is_empty())
}

fn child(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Compares two whole plans.
pub(super) fn plans(old: &Plan, new: &Plan) -> Vec<Change> {
    let mut d = Differ::default();
    categories(&mut d, old, new);
    strict(&mut d, Scope::Context, &old.context, &new.context, &CONTEXT);
    strict(
        &mut d,
        Scope::MessageContext,
        &old.message_context,
        &new.message_context,
        &MESSAGE_CONTEXT,
    );
    strict(&mut d, Scope::Traits, &old.traits, &new.traits, &TRAITS);
    strict(
        &mut d,
        Scope::GroupTraits,
        &old.group_traits,
        &new.group_traits,
        &GROUP_TRAITS,
    );
    bundles(&mut d, &old.bundles, &new.bundles);
    calls(&mut d, &old.events, &new.events, &EVENT_KINDS);
    calls(&mut d, &old.pages, &new.pages, &PAGE_KINDS);
    calls(&mut d, &old.screens, &new.screens, &SCREEN_KINDS);
    d.changes
}

fn categories(d: &mut Differ, old: &Plan, new: &Plan) {
    let owner = Owner {
        scope: Scope::Plan,
        event: None,
        category: None,
    };
    for c in &old.categories {
        match new.category(&c.name.value) {
            None => d.push(
                &kind::CATEGORY_REMOVED,
                Owner {
                    category: Some(&c.name.value),
                    ..owner
                },
                None,
                format!("category `{}` was removed", c.name.value),
                (Side::Old, c.name.span),
            ),
            Some(n) if text(c.description.as_ref()) != text(n.description.as_ref()) => d.push(
                &kind::CATEGORY_DESCRIPTION_CHANGED,
                Owner {
                    category: Some(&c.name.value),
                    ..owner
                },
                None,
                format!("the description of category `{}` changed", c.name.value),
                (
                    Side::New,
                    n.description.as_ref().map_or(n.name.span, |s| s.span),
                ),
            ),
            Some(_) => {}
        }
    }
    for n in &new.categories {
        if old.category(&n.name.value).is_none() {
            d.push(
                &kind::CATEGORY_ADDED,
                Owner {
                    category: Some(&n.name.value),
                    ..owner
                },
                None,
                format!("category `{}` was added", n.name.value),
                (Side::New, n.name.span),
            );
        }
    }
}

/// The change kinds of a list of properties that is not an event's: what its top-level removals and
/// additions become, and what every other schema change becomes (`None`: the property kinds stay).
struct Strict {
    removed: &'static ChangeKind,
    required_added: &'static ChangeKind,
    optional_added: &'static ChangeKind,
    changed: Option<&'static ChangeKind>,
}

/// Standard properties: set by every SDK and read by every dashboard, so any schema change breaks.
const CONTEXT: Strict = Strict {
    removed: &kind::CONTEXT_PROPERTY_REMOVED,
    required_added: &kind::REQUIRED_CONTEXT_PROPERTY_ADDED,
    optional_added: &kind::OPTIONAL_CONTEXT_PROPERTY_ADDED,
    changed: Some(&kind::CONTEXT_PROPERTY_CHANGED),
};

/// The message context: like the standard properties, every SDK sets it on every call.
const MESSAGE_CONTEXT: Strict = Strict {
    removed: &kind::MESSAGE_CONTEXT_FIELD_REMOVED,
    required_added: &kind::REQUIRED_MESSAGE_CONTEXT_FIELD_ADDED,
    optional_added: &kind::OPTIONAL_MESSAGE_CONTEXT_FIELD_ADDED,
    changed: Some(&kind::MESSAGE_CONTEXT_FIELD_CHANGED),
};

/// User traits: their own codes for removals and additions, type changes as for properties.
const TRAITS: Strict = Strict {
    removed: &kind::TRAIT_REMOVED,
    required_added: &kind::REQUIRED_TRAIT_ADDED,
    optional_added: &kind::OPTIONAL_TRAIT_ADDED,
    changed: None,
};

/// Group traits, like user traits.
const GROUP_TRAITS: Strict = Strict {
    removed: &kind::GROUP_TRAIT_REMOVED,
    required_added: &kind::REQUIRED_GROUP_TRAIT_ADDED,
    optional_added: &kind::OPTIONAL_GROUP_TRAIT_ADDED,
    changed: None,
};

/// Compares a list of properties that no event owns (standard properties, message context, traits)
/// like event properties, then gives its changes the kinds of `kinds`.
fn strict(d: &mut Differ, scope: Scope, old: &[Property], new: &[Property], kinds: &Strict) {
    let mut inner = Differ::default();
    properties(&mut inner, Owner::of(scope), old, new, "");
    for mut change in inner.changes {
        let top_level = change
            .path
            .as_deref()
            .is_some_and(|p| !p.contains(['.', '[', '{']));
        let remapped: Option<&'static ChangeKind> = match change.kind.code {
            "D201" if top_level => Some(kinds.removed),
            "D204" if top_level => Some(kinds.required_added),
            "D203" if top_level => Some(kinds.optional_added),
            // Deprecations, documented renames, documentation and metadata keep their own kinds.
            "D202" | "D214" | "D215" | "D216" | "D217" | "D805" => None,
            _ => kinds.changed,
        };
        if let Some(k) = remapped {
            change.kind = k;
            change.impact = k.impact;
        }
        d.changes.push(change);
    }
}

fn bundles(d: &mut Differ, old: &[Bundle], new: &[Bundle]) {
    let owner = Owner::of(Scope::Bundle);
    let find = |list: &[Bundle], name: &str| list.iter().position(|b| b.name.value == name);
    for b in old {
        let name = &b.name.value;
        match find(new, name).map(|i| &new[i]) {
            None => d.push(
                &kind::BUNDLE_REMOVED,
                owner,
                None,
                format!("bundle `{name}` was removed"),
                (Side::Old, b.name.span),
            ),
            Some(n) if text(b.description.as_ref()) != text(n.description.as_ref()) => d.push(
                &kind::BUNDLE_DESCRIPTION_CHANGED,
                owner,
                None,
                format!("the description of bundle `{name}` changed"),
                (
                    Side::New,
                    n.description.as_ref().map_or(n.name.span, |s| s.span),
                ),
            ),
            Some(_) => {}
        }
    }
    for n in new {
        if find(old, &n.name.value).is_none() {
            d.push(
                &kind::BUNDLE_ADDED,
                owner,
                None,
                format!("bundle `{}` was added", n.name.value),
                (Side::New, n.name.span),
            );
        }
    }
}

/// The change kinds of removing, renaming and adding one kind of call definition.
struct CallKinds {
    scope: Scope,
    removed: &'static ChangeKind,
    renamed: &'static ChangeKind,
    added: &'static ChangeKind,
}

const EVENT_KINDS: CallKinds = CallKinds {
    scope: Scope::Event,
    removed: &kind::EVENT_REMOVED,
    renamed: &kind::EVENT_RENAMED,
    added: &kind::EVENT_ADDED,
};

const PAGE_KINDS: CallKinds = CallKinds {
    scope: Scope::Page,
    removed: &kind::PAGE_REMOVED,
    renamed: &kind::PAGE_RENAMED,
    added: &kind::PAGE_ADDED,
};

const SCREEN_KINDS: CallKinds = CallKinds {
    scope: Scope::Screen,
    removed: &kind::SCREEN_REMOVED,
    renamed: &kind::SCREEN_RENAMED,
    added: &kind::SCREEN_ADDED,
};

fn noun(scope: Scope) -> &'static str {
    match scope {
        Scope::Page => CallKind::Page.noun(),
        Scope::Screen => CallKind::Screen.noun(),
        _ => CallKind::Track.noun(),
    }
}

/// Compares the events (or the pages, or the screens) of two plans.
fn calls(d: &mut Differ, old: &[Event], new: &[Event], kinds: &CallKinds) {
    let index = |list: &[Event]| -> HashMap<String, usize> {
        let mut map = HashMap::with_capacity(list.len());
        for (i, e) in list.iter().enumerate() {
            map.entry(e.name.value.clone()).or_insert(i);
        }
        map
    };
    let (old_index, new_index) = (index(old), index(new));
    let noun = noun(kinds.scope);
    let added: Vec<&Event> = new
        .iter()
        .filter(|n| !old_index.contains_key(&n.name.value))
        .collect();
    // Added definitions by their sorted property names; the first added in plan order wins.
    let mut added_by_properties: HashMap<Vec<&str>, &Event> = HashMap::new();
    for n in &added {
        if !n.properties.is_empty() {
            added_by_properties.entry(property_names(n)).or_insert(n);
        }
    }
    for e in old {
        let name = &e.name.value;
        let owner = Owner {
            scope: kinds.scope,
            event: Some(name),
            category: e.category.as_ref().map(|c| c.value.as_str()),
        };
        if let Some(&i) = new_index.get(name) {
            event(d, kinds.scope, e, &new[i]);
            continue;
        }
        let renamed_to = e
            .deprecated
            .as_ref()
            .and_then(|dep| dep.renamed_to.as_deref())
            .filter(|to| new_index.contains_key(*to));
        if let Some(to) = renamed_to {
            d.push(
                kinds.renamed,
                owner,
                None,
                format!(
                    "{noun} `{name}` was removed after being deprecated in favour of `{to}`; senders use `{to}` instead"
                ),
                (Side::Old, e.name.span),
            );
            continue;
        }
        let mut message = format!("{noun} `{name}` was removed");
        if let Some(dep) = &e.deprecated {
            message.push_str(&format!(" (it was deprecated: {})", dep.note()));
        }
        let twin = (!e.properties.is_empty())
            .then(|| added_by_properties.get(&property_names(e)))
            .flatten();
        if let Some(twin) = twin {
            message.push_str(&format!(
                "; `{}` was added with the same properties: for a rename, keep `{name}` with `deprecated: {{renamed_to: {}}}` for a release first",
                twin.name.value, twin.name.value
            ));
        }
        d.push(
            kinds.removed,
            owner,
            None,
            message,
            (Side::Old, e.name.span),
        );
    }
    for n in added {
        let owner = Owner {
            scope: kinds.scope,
            event: Some(&n.name.value),
            category: n.category.as_ref().map(|c| c.value.as_str()),
        };
        d.push(
            kinds.added,
            owner,
            None,
            format!("{noun} `{}` was added", n.name.value),
            (Side::New, n.name.span),
        );
    }
}

/// The names of `e`'s properties, sorted: two events with the same list look like a rename.
fn property_names(e: &Event) -> Vec<&str> {
    let mut v: Vec<&str> = e.properties.iter().map(|p| p.name.value.as_str()).collect();
    v.sort_unstable();
    v
}

fn event(d: &mut Differ, scope: Scope, e: &Event, n: &Event) {
    let name = &n.name.value;
    let noun = noun(scope);
    let owner = Owner {
        scope,
        event: Some(name),
        category: n.category.as_ref().map(|c| c.value.as_str()),
    };
    deprecation(
        d,
        owner,
        None,
        e.deprecated.as_ref(),
        n.deprecated.as_ref(),
        &format!("{noun} `{name}`"),
        n.name.span,
        (&kind::EVENT_DEPRECATED, &kind::EVENT_UNDEPRECATED),
    );
    let (oc, nc) = (
        e.category.as_ref().map(|c| c.value.as_str()),
        n.category.as_ref().map(|c| c.value.as_str()),
    );
    if oc != nc {
        let show = |c: Option<&str>| c.map_or("(none)".to_owned(), |c| format!("`{c}`"));
        d.push(
            &kind::EVENT_CATEGORY_CHANGED,
            owner,
            None,
            format!(
                "{noun} `{name}` moved from category {} to {}",
                show(oc),
                show(nc)
            ),
            (
                Side::New,
                n.category.as_ref().map_or(n.name.span, |c| c.span),
            ),
        );
    }
    if text(e.description.as_ref()) != text(n.description.as_ref()) {
        d.push(
            &kind::EVENT_DESCRIPTION_CHANGED,
            owner,
            None,
            format!("the description of {noun} `{name}` changed"),
            (
                Side::New,
                n.description.as_ref().map_or(n.name.span, |s| s.span),
            ),
        );
    }
    if text(e.trigger.as_ref()) != text(n.trigger.as_ref()) {
        let now = text(n.trigger.as_ref())
            .map_or_else(|| "no trigger".to_owned(), |t| format!("\"{t}\""));
        d.push(
            &kind::EVENT_TRIGGER_CHANGED,
            owner,
            None,
            format!("the trigger of {noun} `{name}` changed; it is now {now}"),
            (
                Side::New,
                n.trigger.as_ref().map_or(n.name.span, |s| s.span),
            ),
        );
    }
    metadata(d, owner, &format!("{noun} `{name}`"), e, n);
    let start = d.changes.len();
    properties(d, owner, &e.properties, &n.properties, "");
    for change in &mut d.changes[start..] {
        let Some(path) = change.path.as_deref() else {
            continue;
        };
        let from = [&n.properties, &e.properties]
            .into_iter()
            .flatten()
            .find(|p| top_level_of(path, &p.name.value))
            .and_then(|p| p.bundle.as_deref());
        if let Some(bundle) = from {
            change
                .message
                .push_str(&format!(" (from bundle `{bundle}`)"));
        }
    }
}

/// Whether `path` is the property `name` or lies inside it (`name.x`, `name[]`, `name{}`).
fn top_level_of(path: &str, name: &str) -> bool {
    path.strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[', '{']))
}

/// Owners, tags, status and sources of an event, page or screen: documentation, so info.
fn metadata(d: &mut Differ, owner: Owner<'_>, subject: &str, e: &Event, n: &Event) {
    let at = n.name.span;
    let lists = [
        (&kind::OWNERS_CHANGED, "owners", &e.owners, &n.owners),
        (&kind::TAGS_CHANGED, "tags", &e.tags, &n.tags),
        (&kind::SOURCES_CHANGED, "sources", &e.sources, &n.sources),
    ];
    for (k, what, old, new) in lists {
        let set = |list: &[Spanned<String>]| {
            let mut v: Vec<String> = list.iter().map(|s| s.value.clone()).collect();
            v.sort();
            v.dedup();
            v
        };
        let (a, b) = (set(old), set(new));
        if a == b {
            continue;
        }
        let show = |v: &[String]| {
            if v.is_empty() {
                if what == "sources" {
                    "every source".to_owned()
                } else {
                    "none".to_owned()
                }
            } else {
                v.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let span = new.first().map_or(at, |s| s.span);
        d.push(
            k,
            owner,
            None,
            format!(
                "the {what} of {subject} changed from {} to {}",
                show(&a),
                show(&b)
            ),
            (Side::New, span),
        );
    }
    let status = |s: &Option<Spanned<crate::ir::Status>>| s.as_ref().map(|s| s.value);
    if status(&e.status) != status(&n.status) {
        let show = |s: Option<crate::ir::Status>| {
            s.map_or("no status".to_owned(), |s| format!("`{}`", s.as_str()))
        };
        d.push(
            &kind::STATUS_CHANGED,
            owner,
            None,
            format!(
                "the status of {subject} changed from {} to {}",
                show(status(&e.status)),
                show(status(&n.status))
            ),
            (Side::New, n.status.as_ref().map_or(at, |s| s.span)),
        );
    }
}

/// A deprecation added or withdrawn; `kinds` are the change kinds for (added, withdrawn).
#[allow(
    clippy::too_many_arguments,
    reason = "events and properties differ in path, subject, span and kinds; a struct would only rename the arguments"
)]
fn deprecation(
    d: &mut Differ,
    owner: Owner<'_>,
    path: Option<&str>,
    old: Option<&Deprecation>,
    new: Option<&Deprecation>,
    subject: &str,
    at: Span,
    kinds: (&'static ChangeKind, &'static ChangeKind),
) {
    match (old, new) {
        (None, Some(dep)) => d.push(
            kinds.0,
            owner,
            path,
            format!("{subject} was deprecated: {}", dep.note()),
            (Side::New, dep.span),
        ),
        (Some(_), None) => d.push(
            kinds.1,
            owner,
            path,
            format!("{subject} is no longer deprecated"),
            (Side::New, at),
        ),
        _ => {}
    }
}

/// Compares two lists of sibling properties (of an event, the context, the traits or an object).
fn properties(d: &mut Differ, owner: Owner<'_>, old: &[Property], new: &[Property], prefix: &str) {
    // Hash indexes by name (the first of a name wins), so wide objects are not compared pairwise.
    let index = |list: &'_ [Property]| -> HashMap<String, usize> {
        let mut map = HashMap::with_capacity(list.len());
        for (i, p) in list.iter().enumerate() {
            map.entry(p.name.value.clone()).or_insert(i);
        }
        map
    };
    let (old_index, new_index) = (index(old), index(new));
    let find = |map: &HashMap<String, usize>, name: &str| map.get(name).copied();
    for p in old {
        let path = child(prefix, &p.name.value);
        if let Some(i) = find(&new_index, &p.name.value) {
            property(d, owner, p, &new[i], &path);
            continue;
        }
        let subject = owner.subject(&path);
        let renamed_to = p
            .deprecated
            .as_ref()
            .and_then(|dep| dep.renamed_to.as_deref())
            .filter(|to| find(&new_index, to).is_some());
        if let Some(to) = renamed_to {
            d.push(
                &kind::PROPERTY_RENAMED,
                owner,
                Some(&path),
                format!(
                    "{subject} was removed after being deprecated in favour of `{}`; senders use `{}` instead",
                    child(prefix, to),
                    child(prefix, to)
                ),
                (Side::Old, p.name.span),
            );
            continue;
        }
        let mut message = format!("{subject} was removed");
        if let Some(dep) = &p.deprecated {
            message.push_str(&format!(" (it was deprecated: {})", dep.note()));
        }
        d.push(
            &kind::PROPERTY_REMOVED,
            owner,
            Some(&path),
            message,
            (Side::Old, p.name.span),
        );
    }
    for q in new {
        if find(&old_index, &q.name.value).is_some() {
            continue;
        }
        let path = child(prefix, &q.name.value);
        let subject = owner.subject(&path);
        let (k, message) = if q.required {
            (
                &kind::REQUIRED_PROPERTY_ADDED,
                format!("{subject} was added as required; senders must now send it"),
            )
        } else {
            (
                &kind::OPTIONAL_PROPERTY_ADDED,
                format!("{subject} was added (optional)"),
            )
        };
        d.push(k, owner, Some(&path), message, (Side::New, q.name.span));
    }
}

/// Compares one property present in both plans.
fn property(d: &mut Differ, owner: Owner<'_>, p: &Property, q: &Property, path: &str) {
    let subject = owner.subject(path);
    let at = (Side::New, q.name.span);
    deprecation(
        d,
        owner,
        Some(path),
        p.deprecated.as_ref(),
        q.deprecated.as_ref(),
        &subject,
        q.name.span,
        (&kind::PROPERTY_DEPRECATED, &kind::PROPERTY_UNDEPRECATED),
    );
    if text(p.description.as_ref()) != text(q.description.as_ref()) {
        d.push(
            &kind::PROPERTY_DESCRIPTION_CHANGED,
            owner,
            Some(path),
            format!("the description of {subject} changed"),
            (
                Side::New,
                q.description.as_ref().map_or(q.name.span, |s| s.span),
            ),
        );
    }
    if p.pii != q.pii {
        let now = if q.pii {
            "is now marked as personal data (pii)"
        } else {
            "is no longer marked as personal data (pii)"
        };
        d.push(
            &kind::PII_CHANGED,
            owner,
            Some(path),
            format!("{subject} {now}"),
            at,
        );
    }
    if p.examples != q.examples {
        d.push(
            &kind::PROPERTY_EXAMPLES_CHANGED,
            owner,
            Some(path),
            format!("the examples of {subject} changed"),
            at,
        );
    }
    match (p.required, q.required) {
        (false, true) => d.push(
            &kind::PROPERTY_MADE_REQUIRED,
            owner,
            Some(path),
            format!("{subject} is now required; senders must always send it"),
            at,
        ),
        (true, false) => d.push(
            &kind::PROPERTY_MADE_OPTIONAL,
            owner,
            Some(path),
            format!("{subject} is now optional; readers must handle it missing"),
            at,
        ),
        _ => {}
    }
    match (p.nullable, q.nullable) {
        (true, false) => d.push(
            &kind::PROPERTY_MADE_NON_NULLABLE,
            owner,
            Some(path),
            format!("{subject} can no longer be null"),
            at,
        ),
        (false, true) => d.push(
            &kind::PROPERTY_MADE_NULLABLE,
            owner,
            Some(path),
            format!("{subject} may now be null; readers must handle null"),
            at,
        ),
        _ => {}
    }
    ty(d, owner, &p.ty, &q.ty, path, q.name.span);
}

/// Compares two types of the property at `path`; `at` is the new property's name.
fn ty(d: &mut Differ, owner: Owner<'_>, old: &Type, new: &Type, path: &str, at: Span) {
    let subject = owner.subject(path);
    match (old, new) {
        // A missing or unresolved type is the linter's business; there is nothing to compare.
        (Type::Unknown, _) | (_, Type::Unknown) | (Type::Boolean, Type::Boolean) => {}
        (Type::String(a), Type::String(b)) => string(d, owner, a, b, path, at),
        (Type::Integer(a), Type::Integer(b)) | (Type::Number(a), Type::Number(b)) => {
            number(d, owner, a, b, path, at);
        }
        (Type::Integer(a), Type::Number(b)) => {
            d.push(
                &kind::CONSTRAINT_LOOSENED,
                owner,
                Some(path),
                format!("{subject} was widened from integer to number"),
                (Side::New, at),
            );
            number(d, owner, a, b, path, at);
        }
        (Type::Object(a), Type::Object(b)) => {
            properties(d, owner, &a.properties, &b.properties, path);
            additional(d, owner, &a.additional, &b.additional, path, at);
        }
        (Type::Array(a), Type::Array(b)) => array(d, owner, a, b, path, at),
        (Type::Const(a), Type::Const(b)) if a.value == b.value => {}
        (Type::Const(a), Type::Const(b)) => d.push(
            &kind::PROPERTY_TYPE_CHANGED,
            owner,
            Some(path),
            format!(
                "{subject} is now always `{}` instead of `{}`",
                b.value.to_json(),
                a.value.to_json()
            ),
            (Side::New, b.span),
        ),
        (Type::Const(c), b) if !matches!(b, Type::Any) && literal_fits(&c.value, b) => d.push(
            &kind::CONSTRAINT_LOOSENED,
            owner,
            Some(path),
            format!(
                "{subject} is no longer fixed to `{}`; it takes any {}",
                c.value.to_json(),
                b.shape()
            ),
            (Side::New, at),
        ),
        (a, Type::Const(c)) if literal_fits(&c.value, a) => d.push(
            &kind::CONSTRAINT_TIGHTENED,
            owner,
            Some(path),
            format!("{subject} is now always `{}`", c.value.to_json()),
            (Side::New, c.span),
        ),
        (Type::Any, Type::Any) => {}
        (_, Type::Any) => d.push(
            &kind::CONSTRAINT_LOOSENED,
            owner,
            Some(path),
            format!("{subject} now takes any JSON value"),
            (Side::New, at),
        ),
        (Type::Union(a), Type::Union(b)) => union(d, owner, a, b, path, at),
        (Type::Union(a), b) if a.iter().any(|m| m.shape() == b.shape()) => {
            d.push(
                &kind::CONSTRAINT_TIGHTENED,
                owner,
                Some(path),
                format!("{subject} now takes only {} of its union", b.shape()),
                (Side::New, at),
            );
            if let Some(m) = a.iter().find(|m| m.shape() == b.shape()) {
                ty(d, owner, m, b, path, at);
            }
        }
        (a, Type::Union(b)) if b.iter().any(|m| m.shape() == a.shape()) => {
            d.push(
                &kind::CONSTRAINT_LOOSENED,
                owner,
                Some(path),
                format!(
                    "{subject} was widened from {} to {}",
                    a.shape(),
                    new.shape()
                ),
                (Side::New, at),
            );
            if let Some(m) = b.iter().find(|m| m.shape() == a.shape()) {
                ty(d, owner, a, m, path, at);
            }
        }
        (a, b) => d.push(
            &kind::PROPERTY_TYPE_CHANGED,
            owner,
            Some(path),
            format!("{subject} changed type from {} to {}", a.shape(), b.shape()),
            (Side::New, at),
        ),
    }
}

/// Compares what two objects accept besides their named properties.
fn additional(
    d: &mut Differ,
    owner: Owner<'_>,
    old: &Additional,
    new: &Additional,
    path: &str,
    at: Span,
) {
    let subject = owner.subject(path);
    let (kind, what) = match (old, new) {
        (Additional::Closed, Additional::Closed) | (Additional::Any, Additional::Any) => return,
        (Additional::Values(a), Additional::Values(b)) => {
            return ty(d, owner, a, b, &format!("{path}{{}}"), at);
        }
        (Additional::Closed, _) | (Additional::Values(_), Additional::Any) => (
            &kind::CONSTRAINT_LOOSENED,
            "now accepts keys besides its named properties",
        ),
        (_, Additional::Closed) => (
            &kind::CONSTRAINT_TIGHTENED,
            "no longer accepts keys besides its named properties",
        ),
        (Additional::Any, Additional::Values(_)) => (
            &kind::CONSTRAINT_TIGHTENED,
            "now types the values of its other keys",
        ),
    };
    d.push(
        kind,
        owner,
        Some(path),
        format!("{subject} {what}"),
        (Side::New, at),
    );
}

/// Compares two unions member by member (by shape): a member added loosens, one removed tightens.
fn union(d: &mut Differ, owner: Owner<'_>, a: &[Type], b: &[Type], path: &str, at: Span) {
    let subject = owner.subject(path);
    let shapes = |list: &[Type]| list.iter().map(Type::shape).collect::<Vec<_>>();
    let (old, new) = (shapes(a), shapes(b));
    for gone in old.iter().filter(|s| !new.contains(s)) {
        d.push(
            &kind::CONSTRAINT_TIGHTENED,
            owner,
            Some(path),
            format!("{subject} no longer takes {gone}"),
            (Side::New, at),
        );
    }
    for added in new.iter().filter(|s| !old.contains(s)) {
        d.push(
            &kind::CONSTRAINT_LOOSENED,
            owner,
            Some(path),
            format!("{subject} now also takes {added}"),
            (Side::New, at),
        );
    }
    // Members are matched by shape, not position: reordering a union changes nothing.
    for x in a {
        if let Some(y) = b.iter().find(|y| y.shape() == x.shape()) {
            ty(d, owner, x, y, path, at);
        }
    }
}

/// Whether the value `lit` is valid for `ty` (checked against enum, range and length; a string
/// pattern is not evaluated, so a pattern counts as fitting).
fn literal_fits(lit: &Literal, ty: &Type) -> bool {
    let in_range = |v: f64, n: &NumberType| {
        n.minimum.as_ref().is_none_or(|m| v >= m.value)
            && n.maximum.as_ref().is_none_or(|m| v <= m.value)
            && n.enum_values
                .as_ref()
                .is_none_or(|e| e.value.iter().any(|x| x.value == v))
    };
    match (lit, ty) {
        (Literal::String(v), Type::String(s)) => {
            let len = v.chars().count() as u64;
            s.enum_values
                .as_ref()
                .is_none_or(|e| e.value.iter().any(|x| x.value == *v))
                && s.min_length.as_ref().is_none_or(|m| len >= m.value)
                && s.max_length.as_ref().is_none_or(|m| len <= m.value)
        }
        (Literal::Integer(v), Type::Integer(n) | Type::Number(n)) => in_range(*v as f64, n),
        (Literal::Number(v), Type::Number(n)) => in_range(*v, n),
        (Literal::Boolean(_), Type::Boolean) | (_, Type::Any) => true,
        (lit, Type::Union(members)) => members.iter().any(|m| literal_fits(lit, m)),
        _ => false,
    }
}

fn array(d: &mut Differ, owner: Owner<'_>, a: &ArrayType, b: &ArrayType, path: &str, at: Span) {
    let subject = owner.subject(path);
    match (a.items_nullable, b.items_nullable) {
        (false, true) => d.push(
            &kind::CONSTRAINT_LOOSENED,
            owner,
            Some(path),
            format!("items of {subject} may now be null"),
            (Side::New, at),
        ),
        (true, false) => d.push(
            &kind::CONSTRAINT_TIGHTENED,
            owner,
            Some(path),
            format!("items of {subject} can no longer be null"),
            (Side::New, at),
        ),
        _ => {}
    }
    let site = Site { owner, path, at };
    bound(
        d,
        site,
        "min_items",
        Bound::Lower,
        size(&a.min_items),
        size(&b.min_items),
    );
    bound(
        d,
        site,
        "max_items",
        Bound::Upper,
        size(&a.max_items),
        size(&b.max_items),
    );
    ty(d, owner, &a.items, &b.items, &format!("{path}[]"), at);
}

fn string(d: &mut Differ, owner: Owner<'_>, a: &StringType, b: &StringType, path: &str, at: Span) {
    let site = Site { owner, path, at };
    bound(
        d,
        site,
        "min_length",
        Bound::Lower,
        size(&a.min_length),
        size(&b.min_length),
    );
    bound(
        d,
        site,
        "max_length",
        Bound::Upper,
        size(&a.max_length),
        size(&b.max_length),
    );
    exact(
        d,
        site,
        "pattern",
        a.pattern.as_ref().map(|p| p.value.as_str()),
        b.pattern.as_ref().map(|p| (p.value.as_str(), p.span)),
    );
    exact(
        d,
        site,
        "format",
        a.format.as_ref().map(|f| f.value.as_str()),
        b.format.as_ref().map(|f| (f.value.as_str(), f.span)),
    );
    enums(d, site, a.enum_values.as_ref(), b.enum_values.as_ref());
}

fn number(d: &mut Differ, owner: Owner<'_>, a: &NumberType, b: &NumberType, path: &str, at: Span) {
    let site = Site { owner, path, at };
    let num = |v: &Option<Spanned<f64>>| v.as_ref().map(|s| (s.value, s.span));
    bound(
        d,
        site,
        "minimum",
        Bound::Lower,
        num(&a.minimum),
        num(&b.minimum),
    );
    bound(
        d,
        site,
        "maximum",
        Bound::Upper,
        num(&a.maximum),
        num(&b.maximum),
    );
    enums(d, site, a.enum_values.as_ref(), b.enum_values.as_ref());
}

/// Where a constraint is compared: whose property, its path, and the span to point at when the
/// new plan no longer has the constraint (the new property's name).
#[derive(Clone, Copy)]
struct Site<'a> {
    owner: Owner<'a>,
    path: &'a str,
    at: Span,
}

/// A length or item count as a limit for [`bound`].
fn size(v: &Option<Spanned<u64>>) -> Option<(f64, Span)> {
    v.as_ref().map(|s| (s.value as f64, s.span))
}

#[derive(Clone, Copy, PartialEq)]
enum Bound {
    Lower,
    Upper,
}

/// A numeric limit: adding one, raising a lower one or lowering an upper one tightens.
fn bound(
    d: &mut Differ,
    site: Site<'_>,
    key: &str,
    which: Bound,
    old: Option<(f64, Span)>,
    new: Option<(f64, Span)>,
) {
    let Site { owner, path, at } = site;
    let old = old.map(|(v, _)| v);
    let subject = owner.subject(path);
    let (kind, message, span): (&'static ChangeKind, String, Span) = match (old, new) {
        (None, None) => return,
        (None, Some((v, span))) => (
            &kind::CONSTRAINT_TIGHTENED,
            format!("{subject} now has {key} {v}"),
            span,
        ),
        (Some(v), None) => (
            &kind::CONSTRAINT_LOOSENED,
            format!("{subject} no longer has a {key} (was {v})"),
            at,
        ),
        (Some(a), Some((b, span))) => {
            if a == b {
                return;
            }
            let raised = b > a;
            let tightened = raised == (which == Bound::Lower);
            let verb = if raised { "raised" } else { "lowered" };
            (
                if tightened {
                    &kind::CONSTRAINT_TIGHTENED
                } else {
                    &kind::CONSTRAINT_LOOSENED
                },
                format!("{subject}: {key} {verb} from {a} to {b}"),
                span,
            )
        }
    };
    d.push(kind, owner, Some(path), message, (Side::New, span));
}

/// A constraint that is either equal or not (pattern, format): any new or changed value tightens.
fn exact(d: &mut Differ, site: Site<'_>, key: &str, old: Option<&str>, new: Option<(&str, Span)>) {
    let Site { owner, path, at } = site;
    let subject = owner.subject(path);
    let (kind, message, span): (&'static ChangeKind, String, Span) = match (old, new) {
        (None, None) => return,
        (Some(a), Some((b, _))) if a == b => return,
        (None, Some((b, span))) => (
            &kind::CONSTRAINT_TIGHTENED,
            format!("{subject} now has {key} `{b}`"),
            span,
        ),
        (Some(a), None) => (
            &kind::CONSTRAINT_LOOSENED,
            format!("{subject} no longer has a {key} (was `{a}`)"),
            at,
        ),
        (Some(a), Some((b, span))) => (
            &kind::CONSTRAINT_TIGHTENED,
            format!("{subject}: {key} changed from `{a}` to `{b}`"),
            span,
        ),
    };
    d.push(kind, owner, Some(path), message, (Side::New, span));
}

type EnumList<T> = Spanned<Vec<Spanned<T>>>;

fn enums<T: PartialEq + Display>(
    d: &mut Differ,
    site: Site<'_>,
    old: Option<&EnumList<T>>,
    new: Option<&EnumList<T>>,
) {
    let Site { owner, path, at } = site;
    let subject = owner.subject(path);
    match (old, new) {
        (None, None) => {}
        (None, Some(b)) => {
            let values: Vec<String> = b.value.iter().map(|v| format!("`{}`", v.value)).collect();
            d.push(
                &kind::CONSTRAINT_TIGHTENED,
                owner,
                Some(path),
                format!("{subject} is now limited to {}", values.join(", ")),
                (Side::New, b.span),
            );
        }
        (Some(_), None) => d.push(
            &kind::CONSTRAINT_LOOSENED,
            owner,
            Some(path),
            format!("{subject} is no longer limited to a list of values"),
            (Side::New, at),
        ),
        (Some(a), Some(b)) => {
            let has = |list: &EnumList<T>, v: &T| list.value.iter().any(|x| x.value == *v);
            for v in &a.value {
                if !has(b, &v.value) {
                    d.push(
                        &kind::ENUM_VALUE_REMOVED,
                        owner,
                        Some(path),
                        format!("value `{}` was removed from {subject}", v.value),
                        (Side::Old, v.span),
                    );
                }
            }
            for v in &b.value {
                if !has(a, &v.value) {
                    d.push(
                        &kind::ENUM_VALUE_ADDED,
                        owner,
                        Some(path),
                        format!("value `{}` was added to {subject}", v.value),
                        (Side::New, v.span),
                    );
                }
            }
        }
    }
}
