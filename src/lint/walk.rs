//! Walking every property definition of a plan once, with where it sits.

use crate::ir::{Allow, Event, Plan, Property, Type};

/// Where a property definition sits.
#[derive(Debug, Clone, Copy)]
pub enum PropertySite<'a> {
    /// Under `context:`.
    Context,
    /// Under `traits:`.
    Trait,
    /// A shared definition under `properties:`.
    Shared,
    /// On an event.
    Event(&'a Event),
}

impl<'a> PropertySite<'a> {
    /// The suppressions of the event the property is on; none for context, traits and shared
    /// definitions.
    pub fn event_allow(self) -> &'a [Allow] {
        match self {
            PropertySite::Event(e) => &e.allow,
            PropertySite::Context | PropertySite::Trait | PropertySite::Shared => &[],
        }
    }
}

/// Calls `f(site, property, depth)` for every property definition: context, traits, shared
/// definitions, event properties, and properties nested in objects and array items (depth > 0).
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
            Type::Object(props) => {
                for p in props {
                    f(site, p, depth);
                    if p.shared.is_none() {
                        nested(site, &p.ty, depth + 1, f);
                    }
                }
            }
            Type::Array(a) => nested(site, &a.items, depth, f),
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
    for p in &plan.traits {
        visit(PropertySite::Trait, p, &mut f);
    }
    for s in &plan.shared {
        visit(PropertySite::Shared, &s.property, &mut f);
    }
    for e in &plan.events {
        for p in &e.properties {
            visit(PropertySite::Event(e), p, &mut f);
        }
    }
}
