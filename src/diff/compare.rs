//! The comparison itself: two plans walked side by side into a list of [`Change`]s.
//!
//! Events are matched by name and properties by wire name; objects and array items are compared
//! recursively, with paths such as `target_criteria.industry` and `channels[]`. Each difference is
//! reported once, at the most specific level (an added event does not also list its properties).

use std::collections::{HashMap, HashSet};
use std::fmt::Display;

use super::{Change, ChangeKind, Scope, Side, kind};
use crate::ir::{
    Additional, ArrayType, Deprecation, Event, NumberType, Plan, Property, StringType, Type,
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
    /// How a property at `path` is named in a sentence.
    fn subject(&self, path: &str) -> String {
        match (self.scope, self.event) {
            (Scope::Event, Some(event)) => format!("property `{path}` of event `{event}`"),
            (Scope::Traits, _) => format!("trait `{path}`"),
            (Scope::Context, _) => format!("context property `{path}`"),
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
    context(&mut d, old, new);
    let traits = Owner {
        scope: Scope::Traits,
        event: None,
        category: None,
    };
    properties(&mut d, traits, &old.traits, &new.traits, "");
    events(&mut d, old, new);
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

/// Context properties: compared like event properties, then every schema change is made breaking.
fn context(d: &mut Differ, old: &Plan, new: &Plan) {
    let owner = Owner {
        scope: Scope::Context,
        event: None,
        category: None,
    };
    let mut inner = Differ::default();
    properties(&mut inner, owner, &old.context, &new.context, "");
    for mut change in inner.changes {
        let top_level = change
            .path
            .as_deref()
            .is_some_and(|p| !p.contains(['.', '[']));
        let remapped: Option<&'static ChangeKind> = match change.kind.code {
            "D201" if top_level => Some(&kind::CONTEXT_PROPERTY_REMOVED),
            "D204" if top_level => Some(&kind::REQUIRED_CONTEXT_PROPERTY_ADDED),
            "D203" if top_level => Some(&kind::OPTIONAL_CONTEXT_PROPERTY_ADDED),
            // Deprecations, documented renames and documentation keep their own kinds.
            "D202" | "D214" | "D215" | "D216" | "D217" => None,
            _ => Some(&kind::CONTEXT_PROPERTY_CHANGED),
        };
        if let Some(k) = remapped {
            change.kind = k;
            change.impact = k.impact;
        }
        d.changes.push(change);
    }
}

/// Compares the events. Events are found by name through hash indexes and added events by their
/// property names, so the cost is linear in the events however many are renamed.
fn events(d: &mut Differ, old: &Plan, new: &Plan) {
    let old_names: HashSet<&str> = old.events.iter().map(|e| e.name.value.as_str()).collect();
    let new_by_name: HashMap<&str, &Event> = new
        .events
        .iter()
        .map(|e| (e.name.value.as_str(), e))
        .rev() // the first event of a name wins, as `Plan::event` finds it
        .collect();
    let added: Vec<&Event> = new
        .events
        .iter()
        .filter(|n| !old_names.contains(n.name.value.as_str()))
        .collect();
    // Added events by their sorted property names; the first added in plan order wins.
    let mut added_by_properties: HashMap<Vec<&str>, &Event> = HashMap::new();
    for n in &added {
        if !n.properties.is_empty() {
            added_by_properties.entry(property_names(n)).or_insert(n);
        }
    }
    for e in &old.events {
        let name = &e.name.value;
        let owner = Owner {
            scope: Scope::Event,
            event: Some(name),
            category: e.category.as_ref().map(|c| c.value.as_str()),
        };
        if let Some(n) = new_by_name.get(name.as_str()) {
            event(d, e, n);
            continue;
        }
        let renamed_to = e
            .deprecated
            .as_ref()
            .and_then(|dep| dep.renamed_to.as_deref())
            .filter(|to| new_by_name.contains_key(to));
        if let Some(to) = renamed_to {
            d.push(
                &kind::EVENT_RENAMED,
                owner,
                None,
                format!(
                    "event `{name}` was removed after being deprecated in favour of `{to}`; senders use `{to}` instead"
                ),
                (Side::Old, e.name.span),
            );
            continue;
        }
        let mut message = format!("event `{name}` was removed");
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
            &kind::EVENT_REMOVED,
            owner,
            None,
            message,
            (Side::Old, e.name.span),
        );
    }
    for n in added {
        let owner = Owner {
            scope: Scope::Event,
            event: Some(&n.name.value),
            category: n.category.as_ref().map(|c| c.value.as_str()),
        };
        d.push(
            &kind::EVENT_ADDED,
            owner,
            None,
            format!("event `{}` was added", n.name.value),
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

fn event(d: &mut Differ, e: &Event, n: &Event) {
    let name = &n.name.value;
    let owner = Owner {
        scope: Scope::Event,
        event: Some(name),
        category: n.category.as_ref().map(|c| c.value.as_str()),
    };
    deprecation(
        d,
        owner,
        None,
        e.deprecated.as_ref(),
        n.deprecated.as_ref(),
        &format!("event `{name}`"),
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
                "event `{name}` moved from category {} to {}",
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
            format!("the description of event `{name}` changed"),
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
            format!("the trigger of event `{name}` changed; it is now {now}"),
            (
                Side::New,
                n.trigger.as_ref().map_or(n.name.span, |s| s.span),
            ),
        );
    }
    properties(d, owner, &e.properties, &n.properties, "");
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
        (Type::Any, Type::Any) => {}
        (_, Type::Any) => d.push(
            &kind::CONSTRAINT_LOOSENED,
            owner,
            Some(path),
            format!("{subject} now takes any JSON value"),
            (Side::New, at),
        ),
        (Type::Union(a), Type::Union(b)) => union(d, owner, a, b, path, at),
        (Type::Union(a), b) if a.iter().any(|m| m.shape() == b.shape()) => d.push(
            &kind::CONSTRAINT_TIGHTENED,
            owner,
            Some(path),
            format!("{subject} now takes only {} of its union", b.shape()),
            (Side::New, at),
        ),
        (a, Type::Union(b)) if b.iter().any(|m| m.shape() == a.shape()) => d.push(
            &kind::CONSTRAINT_LOOSENED,
            owner,
            Some(path),
            format!(
                "{subject} was widened from {} to {}",
                a.shape(),
                new.shape()
            ),
            (Side::New, at),
        ),
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
    for (x, y) in a.iter().zip(b) {
        if x.shape() == y.shape() {
            ty(d, owner, x, y, path, at);
        }
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
