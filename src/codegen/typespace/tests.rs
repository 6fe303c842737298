//! The type space on the model fixture and the Vectra plan: one entry per shared definition,
//! nested types named after their parent, the same names however often a plan uses a type.

use super::target::TARGETS;
use super::*;
use crate::codegen::test_plan;

fn load(path: &str) -> Plan {
    let fs = crate::parse::DiskFs;
    crate::load(&fs, std::path::Path::new(path))
        .plan
        .expect("the plan loads")
}

fn manifest(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// The names `target` gives, by entry words.
fn names_by_words(space: &TypeSpace<'_>, target: &dyn SdkTarget) -> Vec<(String, String)> {
    let names = Names::new(space, target);
    space
        .entries()
        .iter()
        .filter_map(|e| names.get(e.id).map(|n| (e.words.clone(), n.to_owned())))
        .collect()
}

#[test]
fn a_shared_definition_is_one_entry_wherever_it_is_used() {
    let plan = load(&manifest("plan/trackplan.yaml"));
    let space = TypeSpace::new(&plan);
    let paid_plan: Vec<&TypeEntry<'_>> = space
        .entries()
        .iter()
        .filter(|e| e.is_shared() && e.words == "paid_plan")
        .collect();
    assert_eq!(paid_plan.len(), 1);
    let uses = plan
        .calls()
        .flat_map(|c| &c.properties)
        .filter(|p| p.shared.as_ref().is_some_and(|r| r.value == "paid_plan"))
        .inspect(|p| {
            assert_eq!(
                space.entry_of(&p.ty).map(|e| e.id),
                Some(paid_plan[0].id),
                "{}",
                p.name.value
            );
        })
        .count();
    assert!(uses >= 2, "paid_plan is used {uses} times");
    for target in TARGETS {
        let names = Names::new(&space, *target);
        assert_eq!(
            names.get(paid_plan[0].id),
            Some("PaidPlan"),
            "{}",
            target.language()
        );
    }
}

#[test]
fn refs_at_any_depth_reach_the_definition_entry() {
    let plan = load(&manifest("tests/fixtures/codegen/model.yaml"));
    let space = TypeSpace::new(&plan);
    let money = space
        .entries()
        .iter()
        .find(|e| e.is_shared() && e.words == "money")
        .expect("money is an entry");
    let order = plan.event("Order Completed").expect("the fixture's event");
    let total = order
        .properties
        .iter()
        .find(|p| p.name.value == "total")
        .expect("total");
    assert_eq!(space.entry_of(&total.ty).map(|e| e.id), Some(money.id));
    // `products` is an array of `product`, whose `price` is a `money`.
    let products = order
        .properties
        .iter()
        .find(|p| p.name.value == "products")
        .expect("products");
    let Type::Array(a) = &products.ty else {
        panic!("products is an array")
    };
    let Type::Object(product) = &a.items else {
        panic!("product is an object")
    };
    let price = &product.properties[1];
    assert_eq!(space.entry_of(&price.ty).map(|e| e.id), Some(money.id));
    let product = space.entry_of(&a.items).expect("product is an entry");
    assert!(product.is_shared() && product.words == "product");
}

#[test]
fn nested_types_are_named_after_their_parent_and_path() {
    let plan = test_plan(
        "trackplan: 1\nname: t\nevents:\n  checkout_started:\n    properties:\n      billing:\n        type: object\n        properties:\n          interval: {type: string, enum: [monthly, annual]}\n      tags: {type: array, items: {type: string, enum: [a]}}\n",
    );
    let space = TypeSpace::new(&plan);
    let ts = names_by_words(&space, &crate::codegen::typescript::TypeScript);
    let words: Vec<(&str, &str)> = ts.iter().map(|(w, n)| (w.as_str(), n.as_str())).collect();
    assert_eq!(
        words,
        [
            ("context", "Context"),
            ("message context", "MessageContext"),
            ("traits", "Traits"),
            ("group traits", "GroupTraits"),
            ("checkout_started properties", "CheckoutStartedProperties"),
            ("checkout_started billing", "CheckoutStartedBilling"),
            (
                "checkout_started billing interval",
                "CheckoutStartedBillingInterval"
            ),
            ("checkout_started tags item", "CheckoutStartedTagsItem"),
        ]
    );
}

#[test]
fn identical_types_under_one_definition_are_one_entry() {
    let plan = test_plan(
        "trackplan: 1\nname: t\nproperties:\n  period:\n    type: object\n    properties:\n      start: {type: string, enum: [monthly, annual]}\n      end: {type: string, enum: [monthly, annual]}\nevents:\n  a:\n    properties:\n      p: {ref: period}\n  b:\n    properties:\n      q: {ref: period}\n      r: {type: string, enum: [monthly, annual]}\n",
    );
    let space = TypeSpace::new(&plan);
    let enums = space
        .entries()
        .iter()
        .filter(|e| matches!(e.shape, Shape::StringEnum(_)))
        .count();
    // One under the definition (start and end share it), one for `r` of `b`.
    assert_eq!(enums, 2);
    let Type::Object(o) = &plan.events[1].properties[0].ty else {
        panic!("q is an object")
    };
    assert_eq!(
        space.entry_of(&o.properties[0].ty).map(|e| e.id),
        space.entry_of(&o.properties[1].ty).map(|e| e.id)
    );
}

#[test]
fn names_are_distinct_and_numbered_per_target() {
    let plan = test_plan(
        "trackplan: 1\nname: t\nevents:\n  a_b:\n    properties:\n      k: {type: string, enum: [x]}\n  a-b:\n    properties:\n      k: {type: string, enum: [y]}\n",
    );
    let space = TypeSpace::new(&plan);
    let rust: Vec<String> = names_by_words(&space, &crate::codegen::rust::Rust)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert!(rust.contains(&"ABK2".to_owned()), "{rust:?}");
    let ts: Vec<String> = names_by_words(&space, &crate::codegen::typescript::TypeScript)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert!(ts.contains(&"ABProperties_2".to_owned()), "{ts:?}");
    assert!(ts.contains(&"ABK_2".to_owned()), "{ts:?}");
}

#[test]
fn every_entry_of_the_vectra_plan_has_a_name_in_a_target_that_declares_it() {
    let plan = load(&manifest("plan/trackplan.yaml"));
    let space = TypeSpace::new(&plan);
    for target in TARGETS {
        let names = Names::new(&space, *target);
        let mut seen = std::collections::HashSet::new();
        for e in space.entries() {
            if let Some(n) = names.get(e.id) {
                assert!(
                    seen.insert(n.to_owned()),
                    "{} names {n} twice",
                    target.language()
                );
            }
        }
    }
}
