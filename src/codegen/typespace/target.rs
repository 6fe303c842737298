//! What a language is to the code generators: a naming table, reserved words, which types it
//! declares under a name, which constraints its types state, and its printer.
//!
//! [`SdkTarget`] is implemented once per SDK language (in the language's emitter module), and
//! [`TARGETS`] lists them. The type space ([`super::Names`]) names types through it, and the
//! collision lints loop over [`TARGETS`], so a new language is one more implementation and one more
//! entry in the list: a naming table, a reserved-word list and a printer.

use super::constraints::Expressed;
use super::{Root, TypeEntry};
use crate::codegen::GeneratedFile;
use crate::ir::Plan;
use crate::ir::targets::Targets;

/// One SDK language.
pub(crate) trait SdkTarget: Sync {
    /// The language's name, as lint messages say it (`TypeScript`).
    fn language(&self) -> &'static str;

    /// The identifier of a type named after `words` (`UpperCamelCase` in every target so far).
    fn type_ident(&self, words: &str) -> String;

    /// The identifier of a method or function named after `words`.
    fn method_ident(&self, words: &str) -> String;

    /// The identifier of the field, argument or key for property `wire`; `None` when the
    /// language uses the wire name itself (a quoted key), so no two properties can collide.
    fn field_ident(&self, wire: &str) -> Option<String>;

    /// Type names the generated code declares itself; plan-derived types never take them.
    fn fixed_types(&self) -> Vec<&'static str>;

    /// What goes between a taken type name and its number (`_` gives `Plan_2`; `` gives `Plan2`).
    fn number_separator(&self) -> &'static str;

    /// The name of a root type.
    fn root_name(&self, root: Root) -> &'static str {
        match root {
            Root::Context => "Context",
            Root::MessageContext => "MessageContext",
            Root::Traits => "Traits",
            Root::GroupTraits => "GroupTraits",
        }
    }

    /// Whether the language declares `entry` under a name (rather than writing it inline).
    fn declares(&self, entry: &TypeEntry<'_>) -> bool;

    /// Which constraints the language's types state themselves.
    fn expressed(&self) -> Expressed;

    /// The printer: the target's files for `plan`, with its options from the `targets:` section.
    fn generate(&self, plan: &Plan, options: &Targets) -> Vec<GeneratedFile>;
}

pub(crate) use crate::codegen::python::Python;
pub(crate) use crate::codegen::rust::Rust;
pub(crate) use crate::codegen::typescript::TypeScript;

/// Every SDK language, in the order lint messages name them.
pub(crate) static TARGETS: &[&dyn SdkTarget] = &[&TypeScript, &Python, &Rust];
