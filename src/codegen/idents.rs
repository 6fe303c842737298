//! Name disambiguation shared by the emitters: one [`Scope`] per namespace of the generated code
//! (types, methods, fields, enum variants, output files) hands out each name at most once, and
//! [`path_safe`] keeps a file stem inside its folder and usable on every file system.
//!
//! File names come out safe on case-insensitive and Windows file systems by deterministic
//! renaming, not by a lint finding: a [`Scope::files`] scope treats names that differ only in
//! letter case as one (`Signup` and `signup` become `Signup` and `signup_2`), and [`path_safe`]
//! appends `_` to a Windows device name (`con` becomes `con_`, see [`is_windows_reserved`]).
//!
//! Deriving the base identifier from plan text (case, keywords, leading digits) is not done here
//! but in [`crate::naming`]; a scope only makes derived names distinct.

use std::borrow::Cow;

use crate::hash::FastSet;

/// The names taken in one scope; claiming a taken name yields the first free numbered variant,
/// so two plan names that derive to one identifier never overwrite each other.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    taken: FastSet<String>,
    /// Whether names that differ only in letter case count as the same name (file names).
    fold_case: bool,
}

impl Scope {
    /// A scope in which `names` (fixed names of the generated code) are already taken.
    pub(crate) fn with(names: &[&str]) -> Self {
        Self {
            taken: names.iter().map(|n| (*n).to_owned()).collect(),
            fold_case: false,
        }
    }

    /// A scope of file stems, in which `names` are taken and names that differ only in letter
    /// case collide, as they do on macOS and Windows file systems.
    pub(crate) fn files(names: &[&str]) -> Self {
        Self {
            taken: names.iter().map(|n| n.to_lowercase()).collect(),
            fold_case: true,
        }
    }

    fn key<'a>(&self, name: &'a str) -> Cow<'a, str> {
        if self.fold_case {
            Cow::Owned(name.to_lowercase())
        } else {
            Cow::Borrowed(name)
        }
    }

    fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(self.key(name).as_ref())
    }

    /// Marks `name` as taken (a fixed name), whether or not it already was.
    pub(crate) fn reserve(&mut self, name: &str) {
        let key = self.key(name).into_owned();
        self.taken.insert(key);
    }

    /// `base`, or `base_2`, `base_3`, ... whichever is free first.
    pub(crate) fn claim(&mut self, base: String) -> String {
        self.claim_joined(base, "_")
    }

    /// `base`, or `base<sep>2`, `base<sep>3`, ... whichever is free first. With no separator
    /// (`UpperCamelCase` names) a trailing `_` of `base` is dropped before the number, so `Self_`
    /// repeats as `Self2`, not `Self_2` (which Rust's `non_camel_case_types` rejects).
    pub(crate) fn claim_joined(&mut self, base: String, sep: &str) -> String {
        let name = if self.is_taken(&base) {
            let trimmed = base.trim_end_matches('_');
            let stem = if sep.is_empty() && !trimmed.is_empty() {
                trimmed
            } else {
                base.as_str()
            };
            (2u64..)
                .map(|n| format!("{stem}{sep}{n}"))
                .find(|c| !self.is_taken(c))
                .expect("a scope holds finitely many names, so some suffix is free")
        } else {
            base
        };
        let key = self.key(&name).into_owned();
        self.taken.insert(key);
        name
    }
}

pub(crate) use crate::generated::is_windows_reserved;

/// `stem`, with `_` appended when it is a Windows device name.
pub(crate) fn not_reserved(stem: String) -> String {
    if is_windows_reserved(&stem) {
        format!("{stem}_")
    } else {
        stem
    }
}

/// `s` with every character outside `[A-Za-z0-9_-]` replaced by `_`, so that as a file stem it
/// can neither leave the output folder nor hide as a dot file, and with `_` appended when it is a
/// Windows device name. Empty when `s` is empty.
pub(crate) fn path_safe(s: &str) -> String {
    not_reserved(
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect(),
    )
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

    // Regression: `con.json` and `Signup.json` next to `signup.json` came out of lint-clean plans.
    #[test]
    fn file_names_are_safe_on_windows_and_case_insensitive_file_systems() {
        for name in [
            "con",
            "CON",
            "Aux",
            "nul",
            "com1",
            "LPT9",
            "con.json",
            "aux.tar.gz",
        ] {
            assert!(is_windows_reserved(name), "{name}");
        }
        for name in ["console", "com10", "auxiliary", "nul_", "con_"] {
            assert!(!is_windows_reserved(name), "{name}");
        }
        assert_eq!(path_safe("con"), "con_");
        assert_eq!(path_safe("Com1"), "Com1_");
        assert_eq!(path_safe("con.json"), "con_json");
        assert_eq!(not_reserved("aux".to_owned()), "aux_");
        let mut files = Scope::files(&["context"]);
        assert_eq!(files.claim("Context".to_owned()), "Context_2");
        assert_eq!(files.claim("Signup".to_owned()), "Signup");
        assert_eq!(files.claim("signup".to_owned()), "signup_2");
        assert_eq!(files.claim("SIGNUP_2".to_owned()), "SIGNUP_2_2");
    }
}
