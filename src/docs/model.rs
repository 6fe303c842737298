//! The view model of the docs: the plan arranged the way readers look at it, with every text
//! already in plain words and every link and anchor worked out.
//!
//! Both the Markdown pages and the HTML catalogue are laid out from this one model, so they always
//! say the same thing. It decides grouping (events by category, nested properties as dotted rows),
//! file names, anchors and search text; it does no escaping and no layout.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use crate::ir::{CallKind, Event, Plan, Property, Status, Type};

use super::markdown::Slugger;
use super::rich::Rich;
use super::words;

/// The page of events without a (known) category.
pub const UNCATEGORIZED: &str = "uncategorized";

/// The filter key of the named pages (category keys are `c0`, `c1`, …).
pub const PAGES_KEY: &str = "pages";

/// The filter key of the named screens.
pub const SCREENS_KEY: &str = "screens";

/// The whole catalogue.
#[derive(Debug)]
pub struct Catalogue {
    /// The plan's machine name.
    pub name: String,
    /// The plan's title.
    pub title: String,
    /// What the plan covers.
    pub description: Option<Rich>,
    /// Categories in plan order, then the uncategorized events if any.
    pub categories: Vec<CategoryDoc>,
    /// Properties sent with every event, as rows.
    pub context: Vec<PropertyRow>,
    /// User traits, as rows.
    pub traits: Vec<PropertyRow>,
    /// Group traits, as rows.
    pub group_traits: Vec<PropertyRow>,
    /// Fields of the message-level `context` object, as rows.
    pub message_context: Vec<PropertyRow>,
    /// The named pages (`page` calls), when the plan has any.
    pub pages: Option<CategoryDoc>,
    /// The named screens (`screen` calls), when the plan has any.
    pub screens: Option<CategoryDoc>,
    /// Property bundles and the calls that take them.
    pub bundles: Vec<BundleDoc>,
    /// The sources (platforms) of the plan.
    pub sources: Vec<SourceDoc>,
    /// The source filter's choices (empty when the plan lists no sources).
    pub source_filters: Vec<FilterOption>,
    /// The status filter's choices (empty when no call has a status).
    pub status_filters: Vec<FilterOption>,
    /// The tag filter's choices (empty when no call has tags).
    pub tag_filters: Vec<FilterOption>,
    /// Shared property definitions and where they are used.
    pub shared: Vec<SharedDoc>,
    /// Every event property by name, with the events that send it.
    pub index: Vec<IndexEntry>,
    /// Number of events.
    pub event_count: usize,
    /// Number of distinct top-level event property names.
    pub property_count: usize,
}

/// A property bundle.
#[derive(Debug)]
pub struct BundleDoc {
    /// Its name.
    pub name: String,
    /// What the properties describe together.
    pub description: Option<Rich>,
    /// Its properties, as rows.
    pub rows: Vec<PropertyRow>,
    /// The events, pages and screens that take it.
    pub used_by: Vec<EventLink>,
}

/// A source (platform) that sends calls.
#[derive(Debug)]
pub struct SourceDoc {
    /// Its name.
    pub name: String,
    /// What it is.
    pub description: Option<Rich>,
}

/// One choice of a filter in the HTML catalogue.
#[derive(Debug)]
pub struct FilterOption {
    /// The key in the calls' data attributes (`s0`, `t1`, `live`), free of plan text.
    pub key: String,
    /// What the reader sees.
    pub label: String,
    /// How many calls it keeps.
    pub count: usize,
}

/// A category and its events (or the named pages, or the named screens).
#[derive(Debug)]
pub struct CategoryDoc {
    /// A short key for filters (`c0`, `c1`, …), free of plan text.
    pub key: String,
    /// The category name as in the plan; `None` for the uncategorized events.
    pub name: Option<String>,
    /// Display title ("Account", "Uncategorized").
    pub title: String,
    /// What the category covers.
    pub description: Option<Rich>,
    /// The Markdown page file name (`account.md`).
    pub file: String,
    /// The category's events, in plan order.
    pub events: Vec<EventDoc>,
    /// Number of distinct top-level property names across its events.
    pub property_count: usize,
}

/// A link to an event, usable from any page.
#[derive(Debug, Clone)]
pub struct EventLink {
    /// The event name.
    pub name: String,
    /// The Markdown page holding it.
    pub page: String,
    /// Its heading anchor on that page.
    pub anchor: String,
    /// Its element id in the HTML catalogue.
    pub html_id: String,
}

/// An event, or a named page or screen.
#[derive(Debug)]
pub struct EventDoc {
    /// Name, page and anchors.
    pub link: EventLink,
    /// What it is: `event`, `page` or `screen`.
    pub noun: &'static str,
    /// The call that sends it: `track`, `page` or `screen`.
    pub call: &'static str,
    /// Lifecycle status (`draft`, `live`, `deprecated`), when the plan says.
    pub status: Option<&'static str>,
    /// Owners.
    pub owners: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The sources that send it; empty means every source.
    pub sources: Vec<String>,
    /// The bundles it takes in.
    pub bundles: Vec<String>,
    /// Space-separated source filter keys it matches (every source when it names none).
    pub source_keys: String,
    /// Space-separated tag filter keys.
    pub tag_keys: String,
    /// The status filter key (`none` without a status).
    pub status_key: &'static str,
    /// The category as written in the plan, if any.
    pub category: Option<String>,
    /// The filter key of the category it is listed under.
    pub category_key: String,
    /// What happened.
    pub description: Option<Rich>,
    /// When it fires.
    pub trigger: Option<Rich>,
    /// Deprecation note.
    pub deprecated: Option<Rich>,
    /// Its properties, nested ones as dotted rows after their parent.
    pub rows: Vec<PropertyRow>,
    /// Number of top-level properties.
    pub property_count: usize,
    /// The shared definitions it uses, and which other events use them.
    pub shared_uses: Vec<SharedUse>,
    /// Lower-case text the HTML search matches against: name, category, description, trigger.
    pub search: String,
}

/// One property row of a table.
#[derive(Debug, Clone)]
pub struct PropertyRow {
    /// The dotted path (`target_criteria.industry`, `items[].sku`).
    pub path: String,
    /// The path up to the last name, with its separator (`target_criteria.`); empty at top level.
    pub parent: String,
    /// The last name in the path.
    pub leaf: String,
    /// Nesting depth, 0 at top level.
    pub depth: usize,
    /// The type in plain words.
    pub ty: Rich,
    /// "required", "optional, can be empty (null)", …
    pub presence: &'static str,
    /// May be absent.
    pub optional: bool,
    /// What it holds.
    pub description: Option<Rich>,
    /// Deprecation note.
    pub deprecated: Option<Rich>,
    /// Examples as JSON text.
    pub examples: Vec<String>,
    /// The shared definition it reuses.
    pub shared: Option<String>,
    /// The bundle it comes from.
    pub bundle: Option<String>,
    /// Holds personal data.
    pub pii: bool,
}

/// A shared definition used by an event.
#[derive(Debug)]
pub struct SharedUse {
    /// The shared definition name.
    pub definition: String,
    /// The event's properties that use it.
    pub properties: Vec<String>,
    /// The only such property has the definition's name (`campaign_id: {ref: campaign_id}`).
    pub same_name: bool,
    /// Other events using it, the first [`MAX_ALSO_IN`] in reading order.
    pub others: Vec<EventLink>,
    /// How many more events use it (listed once, with the shared definition in the index).
    pub more: usize,
}

/// How many other events an event's page lists for each shared definition it uses. The full list
/// stands once, with the definition in the index: repeating it on every event would make the docs
/// grow with the square of the plan.
pub const MAX_ALSO_IN: usize = 8;

/// A shared property definition.
#[derive(Debug)]
pub struct SharedDoc {
    /// Its name.
    pub name: String,
    /// The type in plain words.
    pub ty: Rich,
    /// What it holds.
    pub description: Option<Rich>,
    /// The events using it.
    pub used_by: Vec<EventLink>,
}

/// A property name in the property index.
#[derive(Debug)]
pub struct IndexEntry {
    /// The property name.
    pub name: String,
    /// The distinct types it has, in plain words.
    pub types: Vec<Rich>,
    /// The description (of the shared definition, else the first use).
    pub description: Option<Rich>,
    /// Sent with every event (a context property).
    pub context: bool,
    /// The events sending it; empty for context properties.
    pub used_in: Vec<EventLink>,
    /// Space-separated filter keys of the categories it appears in.
    pub category_keys: String,
    /// Lower-case text the HTML search matches against: name and descriptions.
    pub search: String,
}

/// Arranges `plan` for the docs.
pub fn build(plan: &Plan) -> Catalogue {
    let layout = Layout::of(plan);
    let filters = Filters::of(plan);
    let mut groups: Vec<CategoryDoc> = layout
        .pages
        .iter()
        .map(|page| CategoryDoc {
            key: page.key.clone(),
            name: page.name.clone(),
            title: page.title.clone(),
            description: page.description.clone(),
            file: page.file.clone(),
            events: Vec::new(),
            property_count: 0,
        })
        .collect();
    for (i, event) in layout.calls.iter().enumerate() {
        let page = layout.event_page[i];
        let doc = event_doc(event, &layout, &filters, i);
        groups[page].events.push(doc);
    }
    for c in &mut groups {
        c.property_count = distinct_names(c.events.iter().flat_map(|e| {
            e.rows
                .iter()
                .filter(|r| r.depth == 0)
                .map(|r| r.path.as_str())
        }));
    }
    let screens = layout.screens.map(|_| groups.remove(groups.len() - 1));
    let pages = layout.views.map(|_| groups.remove(groups.len() - 1));
    let categories = groups;
    let property_count = distinct_names(
        plan.events
            .iter()
            .flat_map(|e| e.properties.iter().map(|p| p.name.value.as_str())),
    );
    let shared = plan
        .shared
        .iter()
        .map(|s| SharedDoc {
            name: s.property.name.value.clone(),
            ty: words::type_words(&s.property.ty),
            description: s.property.description.as_ref().map(|d| Rich::parse(d)),
            used_by: layout.links_to(s.used_by.iter()),
        })
        .collect();
    let bundles = plan
        .bundles
        .iter()
        .map(|b| BundleDoc {
            name: b.name.value.clone(),
            description: b.description.as_ref().map(|d| Rich::parse(d)),
            rows: rows(&b.properties),
            used_by: layout.links_to(b.used_by.iter()),
        })
        .collect();
    let sources = plan
        .sources
        .iter()
        .map(|s| SourceDoc {
            name: s.name.value.clone(),
            description: s.description.as_ref().map(|d| Rich::parse(d)),
        })
        .collect();
    Catalogue {
        name: plan.name.value.clone(),
        title: plan.title.clone(),
        description: plan.description.as_ref().map(|d| Rich::parse(d)),
        context: rows(&plan.context),
        traits: rows(&plan.traits),
        group_traits: rows(&plan.group_traits),
        message_context: rows(&plan.message_context),
        pages,
        screens,
        bundles,
        sources,
        source_filters: filters
            .options(&filters.sources, &layout.calls, |e| filters.source_keys(e)),
        status_filters: filters.status_options(&layout.calls),
        tag_filters: filters.options(&filters.tags, &layout.calls, |e| filters.tag_keys(e)),
        shared,
        index: property_index(plan, &layout),
        event_count: plan.events.len(),
        property_count,
        categories,
    }
}

fn distinct_names<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.collect::<BTreeSet<_>>().len()
}

/// The filter keys of sources and tags: a short key per name, in plan (or first-use) order, so
/// data attributes carry no plan text.
struct Filters {
    /// Source names and their keys (`s0`, `s1`, …).
    sources: Vec<(String, String)>,
    /// Tag names and their keys (`t0`, `t1`, …).
    tags: Vec<(String, String)>,
}

/// The statuses in filter order, with their labels.
const STATUSES: [(Status, &str); 3] = [
    (Status::Draft, "Draft"),
    (Status::Live, "Live"),
    (Status::Deprecated, "Deprecated"),
];

impl Filters {
    fn of(plan: &Plan) -> Self {
        let sources = plan
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.value.clone(), format!("s{i}")))
            .collect();
        let mut seen: IndexMap<String, ()> = IndexMap::new();
        for e in plan.calls() {
            for t in &e.tags {
                seen.entry(t.value.clone()).or_insert(());
            }
        }
        let tags = seen
            .into_keys()
            .enumerate()
            .map(|(i, t)| (t, format!("t{i}")))
            .collect();
        Filters { sources, tags }
    }

    /// The source keys `e` matches: those it names, or every source when it names none.
    fn source_keys(&self, e: &Event) -> Vec<String> {
        self.sources
            .iter()
            .filter(|(name, _)| e.sources.is_empty() || e.sources.iter().any(|s| &s.value == name))
            .map(|(_, key)| key.clone())
            .collect()
    }

    fn tag_keys(&self, e: &Event) -> Vec<String> {
        self.tags
            .iter()
            .filter(|(name, _)| e.tags.iter().any(|t| &t.value == name))
            .map(|(_, key)| key.clone())
            .collect()
    }

    fn options(
        &self,
        names: &[(String, String)],
        calls: &[&Event],
        keys: impl Fn(&Event) -> Vec<String>,
    ) -> Vec<FilterOption> {
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for e in calls {
            for k in keys(e) {
                *counts.entry(k).or_default() += 1;
            }
        }
        names
            .iter()
            .map(|(name, key)| FilterOption {
                key: key.clone(),
                label: name.clone(),
                count: counts.get(key).copied().unwrap_or(0),
            })
            .collect()
    }

    fn status_options(&self, calls: &[&Event]) -> Vec<FilterOption> {
        if calls.iter().all(|e| e.status.is_none()) {
            return Vec::new();
        }
        let mut out: Vec<FilterOption> = STATUSES
            .iter()
            .map(|(status, label)| FilterOption {
                key: status.as_str().to_owned(),
                label: (*label).to_owned(),
                count: calls
                    .iter()
                    .filter(|e| e.status.as_ref().map(|s| s.value) == Some(*status))
                    .count(),
            })
            .collect();
        out.push(FilterOption {
            key: "none".to_owned(),
            label: "No status".to_owned(),
            count: calls.iter().filter(|e| e.status.is_none()).count(),
        });
        out
    }
}

/// Where every call (event, page, screen) goes: its page, anchor and id.
struct Layout<'p> {
    pages: Vec<Page>,
    /// Events, pages and screens, in that order ([`Plan::calls`]): "call positions" index them.
    calls: Vec<&'p Event>,
    /// The Markdown page of the named pages, when the plan has pages.
    views: Option<usize>,
    /// The Markdown page of the named screens, when the plan has screens.
    screens: Option<usize>,
    /// Page index of each call, by call position.
    event_page: Vec<usize>,
    /// Link of each call, by call position.
    links: Vec<EventLink>,
    /// Position of each call in reading order (by page, then plan order), by call position.
    rank: Vec<usize>,
    /// Call position by name (the first call of that name).
    by_name: std::collections::HashMap<String, usize>,
    /// The calls using each shared definition, as call positions in reading order.
    shared_users: std::collections::HashMap<String, Vec<usize>>,
}

struct Page {
    key: String,
    name: Option<String>,
    title: String,
    description: Option<Rich>,
    file: String,
}

impl<'p> Layout<'p> {
    fn of(plan: &'p Plan) -> Self {
        let mut files = FileNames::default();
        let mut pages: Vec<Page> = plan
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| Page {
                key: format!("c{i}"),
                name: Some(c.name.value.clone()),
                title: title_case(&c.name.value),
                description: c.description.as_ref().map(|d| Rich::parse(d)),
                file: files.claim(&c.name.value),
            })
            .collect();
        let known = |event: &Event| {
            event
                .category
                .as_ref()
                .and_then(|c| plan.categories.iter().position(|k| k.name.value == c.value))
        };
        let uncategorized = if plan.events.iter().any(|e| known(e).is_none()) {
            pages.push(Page {
                key: format!("c{}", pages.len()),
                name: None,
                title: "Uncategorized".to_owned(),
                description: Some(Rich::text(
                    "Events without a category, or with a category the plan does not define.",
                )),
                file: files.claim(UNCATEGORIZED),
            });
            pages.len() - 1
        } else {
            usize::MAX
        };
        let mut view_page = |list: &[Event], key: &str, title: &str, what: &str| {
            (!list.is_empty()).then(|| {
                pages.push(Page {
                    key: key.to_owned(),
                    name: None,
                    title: title.to_owned(),
                    description: Some(Rich::text(what)),
                    file: files.claim(key),
                });
                pages.len() - 1
            })
        };
        let views = view_page(
            &plan.pages,
            PAGES_KEY,
            "Pages",
            "Named page views, each sent as a page call with the page name and these properties (and the standard properties).",
        );
        let screens = view_page(
            &plan.screens,
            SCREENS_KEY,
            "Screens",
            "Named screen views of the mobile apps, each sent as a screen call with the screen name and these properties (and the standard properties).",
        );
        let calls: Vec<&Event> = plan.calls().collect();
        let event_page: Vec<usize> = calls
            .iter()
            .map(|e| match e.kind {
                CallKind::Track => known(e).unwrap_or(uncategorized),
                CallKind::Page => views.unwrap_or(usize::MAX),
                CallKind::Screen => screens.unwrap_or(usize::MAX),
            })
            .collect();
        // Anchors follow each page's headings in order: the page title, then one per event.
        let mut sluggers: Vec<Slugger> = pages
            .iter()
            .map(|p| {
                let mut s = Slugger::default();
                s.slug(&p.title);
                s
            })
            .collect();
        let mut ids = HtmlIds::default();
        let links = calls
            .iter()
            .zip(&event_page)
            .map(|(e, &page)| EventLink {
                name: e.name.value.clone(),
                page: pages[page].file.clone(),
                anchor: sluggers[page].slug(&e.name.value),
                html_id: ids.claim(&e.name.value),
            })
            .collect();
        let mut order: Vec<usize> = (0..calls.len()).collect();
        order.sort_by_key(|&i| (event_page[i], i));
        let mut rank = vec![0; order.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let mut by_name = std::collections::HashMap::with_capacity(calls.len());
        for (i, e) in calls.iter().enumerate() {
            by_name.entry(e.name.value.clone()).or_insert(i);
        }
        let mut shared_users = std::collections::HashMap::with_capacity(plan.shared.len());
        for shared in &plan.shared {
            let mut users: Vec<usize> = shared
                .used_by
                .iter()
                .filter_map(|name| by_name.get(name).copied())
                .collect();
            users.sort_by_key(|&i| rank[i]);
            users.dedup();
            shared_users.insert(shared.property.name.value.clone(), users);
        }
        Layout {
            pages,
            calls,
            views,
            screens,
            event_page,
            links,
            rank,
            by_name,
            shared_users,
        }
    }

    /// Up to `max` links to the events other than `event` that use the shared definition `name`,
    /// in reading order, and how many more there are. Constant work per call after [`Layout::of`],
    /// so listing them on every event stays linear in the plan.
    fn other_users(&self, name: &str, event: &str, max: usize) -> (Vec<EventLink>, usize) {
        let Some(users) = self.shared_users.get(name) else {
            return (Vec::new(), 0);
        };
        let own = self.by_name.get(event).copied();
        let includes_own = own.is_some_and(|o| {
            users
                .binary_search_by_key(&self.rank[o], |&i| self.rank[i])
                .is_ok()
        });
        let total = users.len() - usize::from(includes_own);
        let shown: Vec<EventLink> = users
            .iter()
            .filter(|&&i| Some(i) != own)
            .take(max)
            .map(|&i| self.links[i].clone())
            .collect();
        let more = total - shown.len();
        (shown, more)
    }

    /// Links to the events named `names`, in reading order; unknown names are skipped.
    fn links_to<'a>(&self, names: impl Iterator<Item = &'a String>) -> Vec<EventLink> {
        let mut found: Vec<usize> = names
            .filter_map(|name| self.by_name.get(name).copied())
            .collect();
        found.sort_by_key(|&i| self.rank[i]);
        found.dedup();
        found.into_iter().map(|i| self.links[i].clone()).collect()
    }
}

/// Hands out Markdown file names: the category name reduced to safe characters, never `index`, never
/// a Windows device name (`con`, `aux`), never twice.
#[derive(Default)]
struct FileNames {
    taken: BTreeSet<String>,
}

impl FileNames {
    fn claim(&mut self, name: &str) -> String {
        let mut stem: String = name
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        stem = stem.trim_matches('-').to_owned();
        if stem.is_empty() {
            stem = "category".to_owned();
        }
        let mut candidate = stem.clone();
        let mut n = 2;
        while candidate == "index"
            || self.taken.contains(&candidate)
            || crate::generated::is_windows_reserved(&candidate)
        {
            candidate = format!("{stem}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        format!("{candidate}.md")
    }
}

/// Hands out HTML element ids: the event name itself (so `#campaign_created` works), with
/// whitespace replaced, never one of the page's own `tp-` ids, never twice.
#[derive(Default)]
struct HtmlIds {
    taken: BTreeSet<String>,
}

impl HtmlIds {
    fn claim(&mut self, name: &str) -> String {
        let mut base: String = name
            .chars()
            .map(|c| if c.is_whitespace() { '-' } else { c })
            .collect();
        if base.is_empty() || base.starts_with("tp-") {
            base = format!("event-{base}");
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// "account" → "Account", "lead_scoring" → "Lead scoring".
pub fn title_case(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_owned(),
    }
}

fn event_doc(event: &Event, layout: &Layout<'_>, filters: &Filters, i: usize) -> EventDoc {
    let link = layout.links[i].clone();
    let page = &layout.pages[layout.event_page[i]];
    let description = event.description.as_ref().map(|d| Rich::parse(d));
    let trigger = event.trigger.as_ref().map(|t| Rich::parse(t));
    let category = event.category.as_ref().map(|c| c.value.clone());
    let names = |list: &[crate::source::Spanned<String>]| -> Vec<String> {
        list.iter().map(|s| s.value.clone()).collect()
    };
    let (owners, tags, sources, bundles) = (
        names(&event.owners),
        names(&event.tags),
        names(&event.sources),
        names(&event.bundles),
    );
    let status = event.status.as_ref().map(|s| s.value.as_str());
    let search = [
        Some(event.name.value.clone()),
        category.clone(),
        description.as_ref().map(Rich::plain),
        trigger.as_ref().map(Rich::plain),
        Some(owners.join(" ")),
        Some(tags.join(" ")),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase();
    EventDoc {
        noun: event.kind.noun(),
        call: event.kind.as_str(),
        status,
        source_keys: filters.source_keys(event).join(" "),
        tag_keys: filters.tag_keys(event).join(" "),
        status_key: status.unwrap_or("none"),
        owners,
        tags,
        sources,
        bundles,
        category,
        category_key: page.key.clone(),
        description,
        trigger,
        deprecated: event.deprecated.as_ref().map(words::deprecation),
        rows: rows(&event.properties),
        property_count: event.properties.len(),
        shared_uses: shared_uses(event, layout),
        search,
        link,
    }
}

fn shared_uses(event: &Event, layout: &Layout<'_>) -> Vec<SharedUse> {
    let mut uses: IndexMap<String, Vec<String>> = IndexMap::new();
    for p in &event.properties {
        if let Some(def) = &p.shared {
            uses.entry(def.value.clone())
                .or_default()
                .push(p.name.value.clone());
        }
    }
    uses.into_iter()
        .map(|(definition, properties)| {
            let (others, more) = layout.other_users(&definition, &event.name.value, MAX_ALSO_IN);
            SharedUse {
                same_name: properties.len() == 1 && properties[0] == definition,
                definition,
                properties,
                others,
                more,
            }
        })
        .collect()
}

/// The rows of `props`: each property, then its nested properties (object members as `a.b`, members
/// of objects in lists as `a[].b`).
pub fn rows(props: &[Property]) -> Vec<PropertyRow> {
    let mut out = Vec::new();
    push_rows(props, "", 0, &mut out);
    out
}

fn push_rows(props: &[Property], parent: &str, depth: usize, out: &mut Vec<PropertyRow>) {
    for p in props {
        let path = format!("{parent}{}", p.name.value);
        out.push(PropertyRow {
            path: path.clone(),
            parent: parent.to_owned(),
            leaf: p.name.value.clone(),
            depth,
            ty: words::type_words(&p.ty),
            presence: words::presence(p),
            optional: !p.required,
            description: p.description.as_ref().map(|d| Rich::parse(d)),
            deprecated: p.deprecated.as_ref().map(words::deprecation),
            examples: words::examples(&p.examples),
            shared: p.shared.as_ref().map(|s| s.value.clone()),
            bundle: p.bundle.clone(),
            pii: p.pii,
        });
        // Lists of lists of objects still document their members: `a[][].b`.
        let mut ty = &p.ty;
        let mut prefix = path;
        while let Type::Array(a) = ty {
            prefix.push_str("[]");
            ty = &a.items;
        }
        if let Type::Object(children) = ty {
            prefix.push('.');
            push_rows(&children.properties, &prefix, depth + 1, out);
        }
    }
}

fn property_index(plan: &Plan, layout: &Layout<'_>) -> Vec<IndexEntry> {
    struct Acc {
        types: Vec<Rich>,
        description: Option<Rich>,
        descriptions: Vec<String>,
        context: bool,
        used_in: Vec<EventLink>,
        keys: BTreeSet<String>,
    }
    let all_keys: BTreeSet<String> = layout.pages.iter().map(|p| p.key.clone()).collect();
    let mut acc: IndexMap<String, Acc> = IndexMap::new();
    let mut add = |p: &Property, event: Option<usize>| {
        let entry = acc.entry(p.name.value.clone()).or_insert_with(|| Acc {
            types: Vec::new(),
            description: None,
            descriptions: Vec::new(),
            context: false,
            used_in: Vec::new(),
            keys: BTreeSet::new(),
        });
        let ty = words::type_words(&p.ty);
        if !entry.types.contains(&ty) {
            entry.types.push(ty);
        }
        if let Some(d) = &p.description
            && !entry.descriptions.contains(&d.value)
        {
            entry.descriptions.push(d.value.clone());
        }
        let shared_description = p
            .shared
            .as_ref()
            .and_then(|s| {
                plan.shared
                    .iter()
                    .find(|d| d.property.name.value == s.value)
            })
            .and_then(|d| d.property.description.as_ref());
        if entry.description.is_none() {
            entry.description = shared_description
                .or(p.description.as_ref())
                .map(|d| Rich::parse(d));
        }
        match event {
            Some(i) => {
                entry.used_in.push(layout.links[i].clone());
                entry
                    .keys
                    .insert(layout.pages[layout.event_page[i]].key.clone());
            }
            None => {
                entry.context = true;
                entry.keys.extend(all_keys.iter().cloned());
            }
        }
    };
    for p in &plan.context {
        add(p, None);
    }
    for (i, e) in layout.calls.iter().enumerate() {
        for p in &e.properties {
            add(p, Some(i));
        }
    }
    acc.into_iter()
        .map(|(name, a)| {
            let search = std::iter::once(name.as_str())
                .chain(a.descriptions.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            IndexEntry {
                types: a.types,
                description: a.description,
                context: a.context,
                used_in: a.used_in,
                category_keys: a.keys.into_iter().collect::<Vec<_>>().join(" "),
                search,
                name,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_read_as_words() {
        assert_eq!(title_case("account"), "Account");
        assert_eq!(title_case("lead_scoring"), "Lead scoring");
        assert_eq!(title_case("ärger"), "Ärger");
    }

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut f = FileNames::default();
        assert_eq!(f.claim("account"), "account.md");
        assert_eq!(f.claim("index"), "index-2.md");
        assert_eq!(f.claim("Account"), "account-2.md");
        assert_eq!(f.claim("../etc/passwd"), "etc-passwd.md");
        assert_eq!(f.claim("日本"), "category.md");
        assert_eq!(f.claim("con"), "con-2.md", "a Windows device name");
    }

    #[test]
    fn html_ids_keep_event_names() {
        let mut ids = HtmlIds::default();
        assert_eq!(ids.claim("campaign_created"), "campaign_created");
        assert_eq!(ids.claim("Campaign Created"), "Campaign-Created");
        assert_eq!(ids.claim("Campaign-Created"), "Campaign-Created-2");
        assert_eq!(ids.claim("tp-search"), "event-tp-search");
    }
}
