//! The `docs` target: the plan as documentation for people who never read YAML or code.
//!
//! [`generate`] turns a resolved plan into Markdown pages (an index and one page per category,
//! readable on GitHub, plus `pages.md` and `screens.md` for named pages and screens) and one self-contained HTML catalogue (`index.html`: inline CSS and script,
//! no network, search, category filters, deep links, print layout). It is a pure function of the
//! plan: same plan, same bytes. It does not lint, and it does not write files; the caller decides
//! where the files go.
//!
//! Inside: [`model`] arranges the plan for readers, [`words`] puts types in plain words, [`rich`]
//! keeps the backtick code spans of plan text, [`markdown`] escapes for Markdown, and [`pages`]
//! binds it all to the askama templates in `templates/docs/`.

pub mod markdown;
pub mod model;
pub mod pages;
pub mod rich;
pub mod words;

use std::path::PathBuf;

use askama::Template;

use crate::ir::Plan;

/// One documentation file, with its path relative to the docs folder (`index.md`, `campaign.md`,
/// `index.html`).
pub type DocFile = crate::generated::GeneratedFile;

/// The documentation of `plan`: `index.md`, one `<category>.md` per category (plus
/// `uncategorized.md` when some events have no known category) and `index.html`, sorted by path.
pub fn generate(plan: &Plan) -> Vec<DocFile> {
    let catalogue = model::build(plan);
    let mut files = vec![DocFile {
        path: PathBuf::from("index.md"),
        contents: render(&pages::IndexMd::new(&catalogue)),
    }];
    for category in catalogue
        .categories
        .iter()
        .chain(&catalogue.pages)
        .chain(&catalogue.screens)
    {
        files.push(DocFile {
            path: PathBuf::from(&category.file),
            contents: render(&pages::CategoryMd::new(&catalogue, category)),
        });
    }
    files.push(DocFile {
        path: PathBuf::from("index.html"),
        contents: render(&pages::CatalogueHtml::new(&catalogue)),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Renders a template. Rendering only fails when a value's `Display` fails, and ours are strings
/// and numbers.
fn render(template: &impl Template) -> String {
    let mut text = template
        .render()
        .expect("docs templates only display strings and numbers");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
