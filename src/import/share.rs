//! Shared definitions for properties that repeat: a property that two or more events (pages,
//! screens)
//! define identically becomes one entry under the plan's `properties:`, and each use a `ref` to it.
//!
//! "Identically" means the same type and everything that defines it (constraints, enum, nested
//! properties, items, nullability, unmapped source keys): what a `ref` cannot override. What a use
//! may say for itself stays with the use: `required`, `deprecated`, `examples`, and its `description` where it
//! differs from the definition's. The definition takes the description most uses have (the first
//! of equals), but only when every use has one, so no use gains a description it did not have. A name whose uses differ in type is left as it is, and so is a name that an
//! existing shared definition (from a source `$ref`) already holds with another type. The pass
//! keeps the first-seen order of names and is linear in the number of properties.

use indexmap::IndexMap;

use super::Collected;
use super::mirror::Property;

/// What a `ref` cannot override: the property without its use-site keys.
fn type_part(prop: &Property) -> Property {
    Property {
        description: None,
        required: None,
        examples: None,
        deprecated: None,
        ..prop.clone()
    }
}

/// Whether `prop` defines a type of its own (not already a `ref`).
fn defines_type(prop: &Property) -> bool {
    prop.reference.is_none() && (prop.ty.is_some() || prop.any_of.is_some())
}

/// One name's uses across the plan.
struct Uses {
    /// The type part of the first use.
    ty: Property,
    /// Whether every use so far has the same type part.
    same: bool,
    /// How many events and pages use it.
    count: usize,
    /// Each description the uses have, with how many have it, in first-seen order.
    descriptions: IndexMap<String, usize>,
    /// Whether some use has no description.
    undescribed: bool,
}

impl Uses {
    fn add_description(&mut self, description: Option<&String>) {
        match description {
            Some(d) => *self.descriptions.entry(d.clone()).or_default() += 1,
            None => self.undescribed = true,
        }
    }

    /// The definition's description: the most common one, when every use has one.
    fn description(&self) -> Option<String> {
        if self.undescribed {
            return None;
        }
        let mut best: Option<(&String, usize)> = None;
        for (d, &n) in &self.descriptions {
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((d, n));
            }
        }
        best.map(|(d, _)| d.clone())
    }
}

impl Collected {
    /// Turns properties that repeat identically across events and pages into shared definitions.
    pub fn share_repeated(&mut self) {
        let mut uses: IndexMap<String, Uses> = IndexMap::new();
        let all = self
            .events
            .values()
            .map(|(e, _)| &e.properties)
            .chain(self.pages.values().map(|p| &p.properties))
            .chain(self.screens.values().map(|p| &p.properties));
        for props in all {
            for (name, prop) in props.iter().filter(|(_, p)| defines_type(p)) {
                let ty = type_part(prop);
                let u = uses.entry(name.clone()).or_insert_with(|| Uses {
                    ty: ty.clone(),
                    same: true,
                    count: 0,
                    descriptions: IndexMap::new(),
                    undescribed: false,
                });
                u.count += 1;
                u.same &= u.ty == ty;
                u.add_description(prop.description.as_ref());
            }
        }
        // Name -> the definition's description.
        let mut shared: IndexMap<String, Option<String>> = IndexMap::new();
        for (name, u) in uses {
            if u.count < 2 || !u.same {
                continue;
            }
            let description = u.description();
            let def = Property {
                description: description.clone(),
                ..u.ty
            };
            match self.defs.map.get(&name) {
                Some(existing) if *existing != def => continue,
                Some(_) => {}
                None => {
                    self.defs.map.insert(name.clone(), def);
                }
            }
            shared.insert(name, description);
        }
        if shared.is_empty() {
            return;
        }
        let all = self
            .events
            .values_mut()
            .map(|(e, _)| &mut e.properties)
            .chain(self.pages.values_mut().map(|p| &mut p.properties))
            .chain(self.screens.values_mut().map(|p| &mut p.properties));
        for props in all {
            for (name, prop) in props.iter_mut() {
                let Some(def_description) = shared.get(name) else {
                    continue;
                };
                if !defines_type(prop) {
                    continue;
                }
                *prop = Property {
                    reference: Some(name.clone()),
                    description: prop
                        .description
                        .take()
                        .filter(|d| Some(d) != def_description.as_ref()),
                    required: prop.required,
                    deprecated: prop.deprecated,
                    examples: prop.examples.take(),
                    ..Property::default()
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mirror::Event;

    fn string(description: Option<&str>, required: bool) -> Property {
        Property {
            ty: Some("string"),
            description: description.map(str::to_owned),
            required: required.then_some(true),
            ..Property::default()
        }
    }

    fn event(props: &[(&str, Property)]) -> Event {
        Event {
            properties: props
                .iter()
                .map(|(n, p)| ((*n).to_owned(), p.clone()))
                .collect(),
            ..Event::default()
        }
    }

    fn collected(events: &[(&str, Event)]) -> Collected {
        let mut c = Collected::default();
        for (name, e) in events {
            c.events.insert(
                (*name).to_owned(),
                (
                    Event {
                        properties: e.properties.clone(),
                        ..Event::default()
                    },
                    "f.json".into(),
                ),
            );
        }
        c
    }

    #[test]
    fn identical_uses_become_one_definition_and_refs_keep_required() {
        let mut c = collected(&[
            ("a", event(&[("sku", string(Some("The SKU."), true))])),
            ("b", event(&[("sku", string(Some("The SKU."), false))])),
        ]);
        c.share_repeated();
        assert_eq!(c.defs.map["sku"], string(Some("The SKU."), false));
        let a = &c.events["a"].0.properties["sku"];
        assert_eq!(a.reference.as_deref(), Some("sku"));
        assert_eq!(a.required, Some(true));
        assert_eq!(a.description, None);
        assert_eq!(c.events["b"].0.properties["sku"].required, None);
    }

    #[test]
    fn the_most_common_description_goes_to_the_definition_when_every_use_has_one() {
        let mut c = collected(&[
            ("a", event(&[("sku", string(Some("One."), false))])),
            ("b", event(&[("sku", string(Some("Two."), false))])),
            ("c", event(&[("sku", string(Some("Two."), false))])),
        ]);
        c.share_repeated();
        assert_eq!(c.defs.map["sku"].description.as_deref(), Some("Two."));
        let d = |e: &str| c.events[e].0.properties["sku"].description.clone();
        assert_eq!(d("a").as_deref(), Some("One."));
        assert_eq!(d("b"), None);
        assert_eq!(d("c"), None);
    }

    #[test]
    fn differing_descriptions_stay_with_each_use() {
        let mut c = collected(&[
            ("a", event(&[("sku", string(Some("One."), false))])),
            ("b", event(&[("sku", string(None, false))])),
        ]);
        c.share_repeated();
        assert_eq!(c.defs.map["sku"].description, None);
        assert_eq!(
            c.events["a"].0.properties["sku"].description.as_deref(),
            Some("One.")
        );
        assert_eq!(c.events["b"].0.properties["sku"].description, None);
    }

    #[test]
    fn different_types_single_uses_and_taken_names_are_left_alone() {
        let int = Property {
            ty: Some("integer"),
            ..Property::default()
        };
        let mut c = collected(&[
            ("a", event(&[("n", int.clone()), ("once", int.clone())])),
            (
                "b",
                event(&[("n", string(None, false)), ("taken", int.clone())]),
            ),
            ("c", event(&[("taken", int.clone())])),
        ]);
        c.defs.map.insert("taken".into(), string(None, false));
        c.share_repeated();
        assert!(c.defs.map.get("n").is_none());
        assert!(c.defs.map.get("once").is_none());
        assert_eq!(c.defs.map["taken"], string(None, false));
        assert_eq!(c.events["c"].0.properties["taken"], int);
    }
}
