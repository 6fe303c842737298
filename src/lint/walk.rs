//! Walking every property definition of a plan once, with where it sits.

use crate::ir::{Additional, Allow, Event, Plan, Property, Type};

/// Where a property definition sits.
#[derive(Debug, Clone, Copy)]
pub enum PropertySite<'a> {
    /// Under `standard_properties:`.
    Context,
    /// Under `message_context:`.
    MessageContext,
    /// Under `traits:` or `group_traits:`.
    Trait,
    /// A shared definition under `properties:`.
    Shared,
    /// In a bundle.
    Bundle,
    /// On an event, page or screen.
    Event(&'a Event),
}

impl<'a> PropertySite<'a> {
    /// The suppressions of the event the property is on; none for context, traits and shared
    /// definitions.
    pub fn event_allow(self) -> &'a [Allow] {
        match self {
            PropertySite::Event(e) => &e.allow,
            PropertySite::Context
            | PropertySite::MessageContext
            | PropertySite::Trait
            | PropertySite::Shared
            | PropertySite::Bundle => &[],
        }
    }
}

/// Calls `f(site, property, depth)` for every property definition: standard properties, message
/// context, traits, shared definitions, bundles, the properties of events, pages and screens, and
/// properties nested in objects, array items, union members and map values (depth > 0).
/// A property that reuses a shared definition is visited, but the definition's nested properties are
/// visited only once, with the definition.
pub fn walk_properties<'a>(
    plan: &'a Plan,
    mut f: impl FnMut(PropertySite<'a>, &'a Property, usize),
) {
    fn nested<'a>(
        site: PropertySite<'a>,
        ty: &'a Type,
        depth: usize,
        f: &mut dyn FnMut(PropertySite<'a>, &'a Property, usize),
    ) {
        match ty {
            Type::Object(o) => {
                for p in &o.properties {
                    f(site, p, depth);
                    if p.shared.is_none() {
                        nested(site, &p.ty, depth + 1, f);
                    }
                }
                if let Additional::Values(v) = &o.additional {
                    nested(site, v, depth + 1, f);
                }
            }
            Type::Array(a) => nested(site, &a.items, depth, f),
            Type::Union(members) => {
                for m in members {
                    nested(site, m, depth, f);
                }
            }
            _ => {}
        }
    }
    let visit = |site: PropertySite<'a>,
                 p: &'a Property,
                 f: &mut dyn FnMut(PropertySite<'a>, &'a Property, usize)| {
        f(site, p, 0);
        if p.shared.is_none() {
            nested(site, &p.ty, 1, f);
        }
    };
    for p in &plan.context {
        visit(PropertySite::Context, p, &mut f);
    }
    for p in &plan.message_context {
        visit(PropertySite::MessageContext, p, &mut f);
    }
    for p in plan.traits.iter().chain(&plan.group_traits) {
        visit(PropertySite::Trait, p, &mut f);
    }
    for s in &plan.shared {
        visit(PropertySite::Shared, &s.property, &mut f);
    }
    for b in &plan.bundles {
        for p in &b.properties {
            visit(PropertySite::Bundle, p, &mut f);
        }
    }
    // A property an event takes from a bundle is visited once, with the bundle.
    for e in plan.calls() {
        for p in e.properties.iter().filter(|p| p.bundle.is_none()) {
            visit(PropertySite::Event(e), p, &mut f);
        }
    }
}
