//! Name disambiguation shared by the emitters: one [`Scope`] per namespace of the generated code
//! (types, methods, fields, enum variants, output files) hands out each name at most once, and
//! [`path_safe`] keeps a file stem inside its folder.
//!
//! Deriving the base identifier from plan text (case, keywords, leading digits) is not done here
//! but in [`crate::naming`]; a scope only makes derived names distinct.

use std::collections::BTreeSet;

/// The names taken in one scope; claiming a taken name yields the first free numbered variant,
/// so two plan names that derive to one identifier never overwrite each other.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `names` (fixed names of the generated code) are already taken.
    pub(crate) fn with(names: &[&str]) -> Self {
        Self {
            taken: names.iter().map(|n| (*n).to_owned()).collect(),
        }
    }

    /// Marks `name` as taken (a fixed name), whether or not it already was.
    pub(crate) fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// `base`, or `base_2`, `base_3`, ... whichever is free first.
    pub(crate) fn claim(&mut self, base: String) -> String {
        self.claim_joined(base, "_")
    }

    /// `base`, or `base<sep>2`, `base<sep>3`, ... whichever is free first. With no separator
    /// (`UpperCamelCase` names) a trailing `_` of `base` is dropped before the number, so `Self_`
    /// repeats as `Self2`, not `Self_2` (which Rust's `non_camel_case_types` rejects).
    pub(crate) fn claim_joined(&mut self, base: String, sep: &str) -> String {
        let name = if self.taken.contains(&base) {
            let trimmed = base.trim_end_matches('_');
            let stem = if sep.is_empty() && !trimmed.is_empty() {
                trimmed
            } else {
                base.as_str()
            };
            (2u64..)
                .map(|n| format!("{stem}{sep}{n}"))
                .find(|c| !self.taken.contains(c))
                .expect("a scope holds finitely many names, so some suffix is free")
        } else {
            base
        };
        self.taken.insert(name.clone());
        name
    }
}

/// `s` with every character outside `[A-Za-z0-9_-]` replaced by `_`, so that as a file stem it
/// can neither leave the output folder nor hide as a dot file. Empty when `s` is empty.
pub(crate) fn path_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_camel_case_name_drops_its_trailing_underscore() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim_joined("Self_".to_owned(), ""), "Self_");
        assert_eq!(scope.claim_joined("Self_".to_owned(), ""), "Self2");
        assert_eq!(scope.claim_joined("_".to_owned(), ""), "_");
        assert_eq!(scope.claim_joined("_".to_owned(), ""), "_2");
        assert_eq!(scope.claim("then_".to_owned()), "then_");
        assert_eq!(scope.claim("then_".to_owned()), "then__2");
    }

    #[test]
    fn claims_number_taken_names_from_two() {
        let mut scope = Scope::with(&["x"]);
        assert_eq!(scope.claim("x".into()), "x_2");
        assert_eq!(scope.claim("x".into()), "x_3");
        assert_eq!(scope.claim("y".into()), "y");
        assert_eq!(scope.claim("x_2".into()), "x_2_2");

        let mut scope = Scope::with(&["Context"]);
        assert_eq!(scope.claim("Context".to_owned()), "Context_2");
        assert_eq!(scope.claim("A".to_owned()), "A");
        assert_eq!(scope.claim("A".to_owned()), "A_2");
        assert_eq!(scope.claim("A".to_owned()), "A_3");

        let mut fields = Scope::default();
        assert_eq!(fields.claim("user_name".to_owned()), "user_name");
        assert_eq!(fields.claim("user_name".to_owned()), "user_name_2");
        assert_eq!(fields.claim("user_name".to_owned()), "user_name_3");
    }

    #[test]
    fn joined_claims_put_the_separator_before_the_number() {
        let mut types = Scope::with(&["Context"]);
        assert_eq!(types.claim_joined("Context".to_owned(), ""), "Context2");
        assert_eq!(types.claim_joined("Plan".to_owned(), ""), "Plan");
        assert_eq!(types.claim_joined("Plan".to_owned(), ""), "Plan2");
        assert_eq!(types.claim_joined("Plan2".to_owned(), ""), "Plan22");
        assert_eq!(types.claim("Plan".to_owned()), "Plan_2");
    }

    #[test]
    fn path_safe_stems_stay_in_the_folder() {
        assert_eq!(path_safe("../a b/c.d"), "___a_b_c_d");
        assert_eq!(path_safe("ok_name-1"), "ok_name-1");
        assert_eq!(path_safe(""), "");
    }
}
