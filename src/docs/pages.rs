//! The pages: askama templates (in `templates/docs/`) and the values they lay out.
//!
//! The Markdown templates get text that is already escaped Markdown (built here from the
//! [`model`](super::model) with [`markdown`](super::markdown)), because askama has no Markdown
//! escaper. The HTML template reads the model directly and askama's HTML escaping handles every
//! piece of plan text. Templates hold no decisions: loops, "is there one?" checks and layout only.

use askama::Template;

use super::markdown::{self, Context};
use super::model::{
    Catalogue, CategoryDoc, EventDoc, EventLink, PAGES_KEY, PropertyRow, SCREENS_KEY,
};
use super::rich::Rich;

/// `index.md`: the plan, its categories, context properties and shared definitions.
#[derive(Template)]
#[template(path = "docs/index.md")]
pub struct IndexMd {
    title: String,
    description: Option<String>,
    summary: String,
    categories: Vec<CategoryRowMd>,
    total_events: usize,
    total_properties: usize,
    context: Vec<RowMd>,
    traits: Vec<RowMd>,
    group_traits: Vec<RowMd>,
    message_context: Vec<RowMd>,
    views: Vec<ViewRowMd>,
    bundles: Vec<BundleRowMd>,
    sources: Vec<SourceRowMd>,
    shared: Vec<SharedRowMd>,
    events: Vec<EventRowMd>,
}

struct ViewRowMd {
    link: String,
    call: &'static str,
    description: String,
}

struct BundleRowMd {
    name: String,
    description: String,
    properties: String,
    used_by: String,
}

struct SourceRowMd {
    name: String,
    description: String,
}

struct CategoryRowMd {
    link: String,
    events: usize,
    properties: usize,
    description: String,
}

struct RowMd {
    name: String,
    ty: String,
    presence: &'static str,
    description: String,
    examples: String,
}

struct SharedRowMd {
    name: String,
    ty: String,
    description: String,
    used_by: String,
}

struct EventRowMd {
    link: String,
    category: String,
    description: String,
}

/// `<category>.md`: every event of one category.
#[derive(Template)]
#[template(path = "docs/category.md")]
pub struct CategoryMd {
    title: String,
    plan_title: String,
    description: Option<String>,
    contents_label: &'static str,
    contents: String,
    events: Vec<EventMd>,
}

struct EventMd {
    heading: String,
    deprecated: Option<String>,
    description: Option<String>,
    trigger: Option<String>,
    facts: String,
    rows: Vec<RowMd>,
    shared_uses: Vec<String>,
}

/// `index.html`: the whole plan on one self-contained page.
#[derive(Template)]
#[template(path = "docs/catalogue.html")]
pub struct CatalogueHtml<'a> {
    c: &'a Catalogue,
}

impl<'a> CatalogueHtml<'a> {
    /// The page for `catalogue`.
    pub fn new(c: &'a Catalogue) -> Self {
        Self { c }
    }
}

fn block(r: &Rich) -> String {
    markdown::rich(r, Context::Block)
}

fn cell(r: &Rich) -> String {
    markdown::rich(r, Context::Cell)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A Markdown link to `link` from the page `from`.
fn event_link(link: &EventLink, from: &str) -> String {
    let text = markdown::text(&link.name, false);
    let anchor = url_fragment(&link.anchor);
    if link.page == from {
        format!("[{text}](#{anchor})")
    } else {
        format!("[{text}]({}#{anchor})", link.page)
    }
}

/// Percent-encodes everything in an anchor but ASCII letters, digits, `-` and `_`.
fn url_fragment(anchor: &str) -> String {
    let mut out = String::new();
    for b in anchor.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn row_md(r: &PropertyRow) -> RowMd {
    let mut name = markdown::code(&r.path, Context::Cell);
    if r.pii {
        name.push_str(" *(PII)*");
    }
    if let Some(b) = &r.bundle {
        name.push_str(&format!(
            " *(from bundle {})*",
            markdown::code(b, Context::Cell)
        ));
    }
    let mut description = String::new();
    if let Some(d) = &r.deprecated {
        name.push_str(" *(deprecated)*");
        description.push_str("**Deprecated:** ");
        description.push_str(&cell(d));
        if r.description.is_some() {
            description.push_str("<br>");
        }
    }
    if let Some(d) = &r.description {
        description.push_str(&cell(d));
    }
    RowMd {
        name,
        ty: cell(&r.ty),
        presence: r.presence,
        description,
        examples: r
            .examples
            .iter()
            .map(|e| markdown::code(e, Context::Cell))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn rows_md(rows: &[PropertyRow]) -> Vec<RowMd> {
    rows.iter().map(row_md).collect()
}

fn links(links: &[EventLink], from: &str) -> String {
    links
        .iter()
        .map(|l| event_link(l, from))
        .collect::<Vec<_>>()
        .join(", ")
}

impl IndexMd {
    /// The index page of `c`.
    pub fn new(c: &Catalogue) -> Self {
        let categories = c
            .categories
            .iter()
            .map(|cat| CategoryRowMd {
                link: format!("[{}]({})", markdown::text(&cat.title, false), cat.file),
                events: cat.events.len(),
                properties: cat.property_count,
                description: cat.description.as_ref().map(cell).unwrap_or_default(),
            })
            .collect();
        let summary = format!(
            "{} in {}, with {} and {} sent with every event.",
            plural(c.event_count, "event", "events"),
            plural(c.categories.len(), "category", "categories"),
            plural(
                c.property_count,
                "distinct event property",
                "distinct event properties"
            ),
            plural(
                c.context.iter().filter(|r| r.depth == 0).count(),
                "context property",
                "context properties"
            ),
        );
        let shared = c
            .shared
            .iter()
            .map(|s| SharedRowMd {
                name: markdown::code(&s.name, Context::Cell),
                ty: cell(&s.ty),
                description: s.description.as_ref().map(cell).unwrap_or_default(),
                used_by: if s.used_by.is_empty() {
                    "no event".to_owned()
                } else {
                    links(&s.used_by, "index.md")
                },
            })
            .collect();
        let events = c
            .categories
            .iter()
            .flat_map(|cat| {
                cat.events.iter().map(move |e| EventRowMd {
                    link: event_link(&e.link, "index.md"),
                    category: format!("[{}]({})", markdown::text(&cat.title, false), cat.file),
                    description: event_summary(e),
                })
            })
            .collect();
        let views = [&c.pages, &c.screens]
            .into_iter()
            .flatten()
            .flat_map(|group| {
                group.events.iter().map(|e| ViewRowMd {
                    link: event_link(&e.link, "index.md"),
                    call: e.call,
                    description: event_summary(e),
                })
            })
            .collect();
        let bundles = c
            .bundles
            .iter()
            .map(|b| BundleRowMd {
                name: markdown::code(&b.name, Context::Cell),
                description: b.description.as_ref().map(cell).unwrap_or_default(),
                properties: b
                    .rows
                    .iter()
                    .filter(|r| r.depth == 0)
                    .map(|r| markdown::code(&r.path, Context::Cell))
                    .collect::<Vec<_>>()
                    .join(", "),
                used_by: if b.used_by.is_empty() {
                    "no event".to_owned()
                } else {
                    links(&b.used_by, "index.md")
                },
            })
            .collect();
        let sources = c
            .sources
            .iter()
            .map(|s| SourceRowMd {
                name: markdown::code(&s.name, Context::Cell),
                description: s.description.as_ref().map(cell).unwrap_or_default(),
            })
            .collect();
        IndexMd {
            group_traits: rows_md(&c.group_traits),
            message_context: rows_md(&c.message_context),
            views,
            bundles,
            sources,
            title: markdown::text(&c.title, true),
            description: c.description.as_ref().map(block),
            summary,
            categories,
            total_events: c.event_count,
            total_properties: c.property_count,
            context: rows_md(&c.context),
            traits: rows_md(&c.traits),
            shared,
            events,
        }
    }
}

/// The description cell of an event in the index: deprecation first, then the description.
fn event_summary(e: &EventDoc) -> String {
    let mut out = String::new();
    if e.deprecated.is_some() {
        out.push_str("**Deprecated.** ");
    }
    if let Some(s) = e.status {
        out.push_str(&format!("*({s})* "));
    }
    if let Some(d) = &e.description {
        out.push_str(&cell(d));
    }
    out
}

impl CategoryMd {
    /// The page of category `cat` in `c`.
    pub fn new(c: &Catalogue, cat: &CategoryDoc) -> Self {
        let contents = cat
            .events
            .iter()
            .map(|e| event_link(&e.link, &cat.file))
            .collect::<Vec<_>>()
            .join(" · ");
        let events = cat
            .events
            .iter()
            .map(|e| EventMd {
                heading: markdown::text(&e.link.name, true),
                deprecated: e.deprecated.as_ref().map(block),
                description: e.description.as_ref().map(block),
                trigger: e.trigger.as_ref().map(block),
                facts: facts_md(e),
                rows: rows_md(&e.rows),
                shared_uses: e
                    .shared_uses
                    .iter()
                    .map(|u| {
                        let def = markdown::code(&u.definition, Context::Block);
                        let used_as = if u.same_name {
                            def
                        } else {
                            let props = u
                                .properties
                                .iter()
                                .map(|p| markdown::code(p, Context::Block))
                                .collect::<Vec<_>>()
                                .join(", ");
                            format!("{props} (shared {def})")
                        };
                        let others = if u.others.is_empty() {
                            "no other event".to_owned()
                        } else if u.more > 0 {
                            format!(
                                "{} and {} more (see [Shared properties](index.md#shared-properties))",
                                links(&u.others, &cat.file),
                                u.more
                            )
                        } else {
                            links(&u.others, &cat.file)
                        };
                        format!("{used_as}: also in {others}")
                    })
                    .collect(),
            })
            .collect();
        CategoryMd {
            contents_label: match cat.key.as_str() {
                PAGES_KEY => "Pages",
                SCREENS_KEY => "Screens",
                _ => "Events",
            },
            title: markdown::text(&cat.title, true),
            plan_title: markdown::text(&c.title, false),
            description: cat.description.as_ref().map(block),
            contents,
            events,
        }
    }
}

/// The facts line of an event, page or screen: category (events only), call, status, owners,
/// tags, sources and bundles, joined with ` · `.
fn facts_md(e: &EventDoc) -> String {
    let codes = |list: &[String]| {
        list.iter()
            .map(|s| markdown::code(s, Context::Block))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut facts = Vec::new();
    if e.noun == "event" {
        facts.push(format!(
            "**Category:** {}",
            match &e.category {
                Some(name) => markdown::code(name, Context::Block),
                None => "none".to_owned(),
            }
        ));
    } else {
        facts.push(format!(
            "**Call:** {}",
            markdown::code(e.call, Context::Block)
        ));
    }
    if let Some(s) = e.status {
        facts.push(format!("**Status:** {s}"));
    }
    if !e.owners.is_empty() {
        facts.push(format!("**Owners:** {}", codes(&e.owners)));
    }
    if !e.tags.is_empty() {
        facts.push(format!("**Tags:** {}", codes(&e.tags)));
    }
    if !e.sources.is_empty() {
        facts.push(format!("**Sources:** {}", codes(&e.sources)));
    }
    if !e.bundles.is_empty() {
        facts.push(format!(
            "**Bundles:** {} (see [Bundles](index.md#bundles))",
            codes(&e.bundles)
        ));
    }
    facts.join(" · ")
}

impl EventDoc {
    /// "6 properties", "1 property", "no properties".
    pub fn count_label(&self) -> String {
        match self.property_count {
            0 => "no properties".to_owned(),
            n => plural(n, "property", "properties"),
        }
    }
}

/// A headline number and what it counts.
pub struct Stat {
    /// The number.
    pub count: usize,
    /// What it counts, singular or plural to match.
    pub label: &'static str,
}

impl Catalogue {
    /// The number of top-level context properties.
    pub fn context_count(&self) -> usize {
        self.context.iter().filter(|r| r.depth == 0).count()
    }

    /// The headline numbers of the catalogue.
    pub fn stats(&self) -> Vec<Stat> {
        let stat = |count: usize, one, many| Stat {
            count,
            label: if count == 1 { one } else { many },
        };
        vec![
            stat(self.event_count, "event", "events"),
            stat(self.categories.len(), "category", "categories"),
            stat(self.property_count, "event property", "event properties"),
            stat(
                self.context_count(),
                "context property",
                "context properties",
            ),
        ]
    }

    /// "7 context properties".
    pub fn context_label(&self) -> String {
        plural(
            self.context_count(),
            "context property",
            "context properties",
        )
    }

    /// "38 events".
    pub fn events_label(&self) -> String {
        plural(self.event_count, "event", "events")
    }

    /// "38 events", or "38 events · 4 pages · 1 screen" when the plan has pages or screens.
    pub fn total_label(&self) -> String {
        let mut parts = vec![self.events_label()];
        if let Some(p) = &self.pages {
            parts.push(plural(p.events.len(), "page", "pages"));
        }
        if let Some(s) = &self.screens {
            parts.push(plural(s.events.len(), "screen", "screens"));
        }
        parts.join(" · ")
    }

    /// The sections of the catalogue in order: the categories, then the pages and screens.
    pub fn groups(&self) -> Vec<&CategoryDoc> {
        self.categories
            .iter()
            .chain(&self.pages)
            .chain(&self.screens)
            .collect()
    }

    /// Whether the catalogue has any source, status or tag filter.
    pub fn has_more_filters(&self) -> bool {
        !(self.source_filters.is_empty()
            && self.status_filters.is_empty()
            && self.tag_filters.is_empty())
    }
}

impl EventDoc {
    /// Whether this is a `track` event (pages and screens have no category).
    pub fn is_event(&self) -> bool {
        self.noun == "event"
    }
}

impl CategoryDoc {
    /// "5 events", "1 event".
    pub fn count_label(&self) -> String {
        plural(self.events.len(), "event", "events")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_are_percent_encoded() {
        assert_eq!(url_fragment("campaign_created"), "campaign_created");
        assert_eq!(url_fragment("größe"), "gr%C3%B6%C3%9Fe");
    }

    #[test]
    fn links_are_relative_to_the_page() {
        let l = EventLink {
            name: "a_b".into(),
            page: "x.md".into(),
            anchor: "a_b".into(),
            html_id: "a_b".into(),
        };
        assert_eq!(event_link(&l, "x.md"), "[a_b](#a_b)");
        assert_eq!(event_link(&l, "index.md"), "[a_b](x.md#a_b)");
    }
}
