//! The HTML catalogue in a real browser: headless Chromium (driven by `tests/browser/docs.mjs`
//! through playwright-core) opens the generated pages from disk and the test checks what it saw:
//! every Vectra event listed, search as you type, category filter, deep links, a phone-sized
//! screen, print layout, no network, a hostile plan whose text runs nothing, Vectra's pages
//! section, and the source, status and tag filters on the `model` fixture.
//!
//! Needs TRACKPLAN_NODE_MODULES and TRACKPLAN_CHROMIUM (from `tests/toolchains/env.sh`); without
//! them it fails when TRACKPLAN_REQUIRE_TOOLCHAINS=1 and is skipped otherwise. Screenshots go to
//! `target/test-output/docs/`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::{repo, toolchain};
use trackplan::parse::DiskFs;

/// Generates the docs of the plan at `plan` into `dir` and returns the path of `index.html`.
fn write_docs(plan: &Path, dir: &Path) -> PathBuf {
    let workspace = trackplan::load(&DiskFs, plan);
    let plan = workspace.plan.expect("the plan loads");
    std::fs::create_dir_all(dir).expect("create the output folder");
    for f in trackplan::docs::generate(&plan) {
        std::fs::write(dir.join(&f.path), f.contents).expect("write a docs file");
    }
    dir.join("index.html")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_quiet(seen: &Value, what: &str) {
    for key in ["dialogs", "errors", "console", "requests"] {
        assert_eq!(
            strings(&seen[key]),
            Vec::<String>::new(),
            "{what}: unexpected {key}"
        );
    }
}

#[test]
fn the_catalogue_works_in_chromium() {
    let Some(modules) = toolchain("TRACKPLAN_NODE_MODULES") else {
        return;
    };
    let Some(chromium) = toolchain("TRACKPLAN_CHROMIUM") else {
        return;
    };
    let node = std::env::var_os("TRACKPLAN_NODE").unwrap_or_else(|| "node".into());

    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("test-output/docs");
    let vectra = write_docs(&repo().join("plan"), &target.join("vectra"));
    let hostile = write_docs(
        &repo().join("tests/fixtures/docs/hostile.yaml"),
        &target.join("hostile"),
    );
    let model = write_docs(
        &repo().join("tests/fixtures/codegen/model.yaml"),
        &target.join("model"),
    );
    let shots = target.join("screenshots");
    std::fs::create_dir_all(&shots).expect("create the screenshot folder");

    let output = Command::new(node)
        .arg(repo().join("tests/browser/docs.mjs"))
        .args([&vectra, &hostile, &shots, &model])
        .env("TRACKPLAN_NODE_MODULES", modules)
        .env("TRACKPLAN_CHROMIUM", chromium)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "the browser driver failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let r: Value = serde_json::from_slice(&output.stdout).expect("the driver prints JSON");

    // Every Vectra event is listed, in plan order, and shown at first.
    let workspace = trackplan::load(&DiskFs, &repo().join("plan"));
    let plan = workspace.plan.expect("the Vectra plan loads");
    let mut names: Vec<String> = plan.events.iter().map(|e| e.name.value.clone()).collect();
    assert_eq!(names.len(), 38);
    let mut listed = strings(&r["listed"]);
    assert_eq!(strings(&r["visibleAtStart"]), listed);
    listed.sort();
    names.sort();
    assert_eq!(listed, names, "every Vectra event is in the page");

    // Typing `email_` leaves exactly the email events.
    let email: Vec<String> = plan
        .events
        .iter()
        .filter(|e| e.name.value.starts_with("email_"))
        .map(|e| e.name.value.clone())
        .collect();
    assert_eq!(email.len(), 8);
    assert_eq!(strings(&r["visibleAfterSearch"]), email);
    let status = r["statusAfterSearch"].as_str().unwrap_or_default();
    // Vectra lists its 4 pages too, so the count is of entries.
    assert!(status.starts_with("8 of 42 entries · "), "{status}");
    // The property index filters too: properties named or described with `email_`.
    let props = strings(&r["indexRowsAfterSearch"]);
    assert!(
        props.contains(&"email_id".to_owned()) && props.contains(&"email_status".to_owned()),
        "{props:?}"
    );

    // The category filter (Billing is the seventh category) and back to all.
    let billing: Vec<String> = plan
        .events
        .iter()
        .filter(|e| e.category.as_ref().is_some_and(|c| c.value == "billing"))
        .map(|e| e.name.value.clone())
        .collect();
    assert_eq!(strings(&r["visibleAfterFilter"]), billing);
    assert_eq!(r["visibleAfterAll"], 42);

    // The pages section lists Vectra's named pages, and its chip shows only them.
    let pages: Vec<String> = plan.pages.iter().map(|p| p.name.value.clone()).collect();
    assert_eq!(pages, ["Landing Page", "Dashboard", "Campaigns", "Leads"]);
    assert_eq!(strings(&r["pagesListed"]), pages);
    assert_eq!(r["visibleAfterPagesFilter"], 4);

    // The model plan's filters: by source (a call that names no source is sent by every source),
    // by status, by tag, and a source together with the pages chip.
    let m = &r["model"];
    let all = strings(&m["all"]);
    assert_eq!(all.len(), 7, "4 events, 2 pages, 1 screen: {all:?}");
    assert_eq!(
        strings(&m["server"]),
        [
            "Order Completed",
            "Form Submitted",
            "Pricing",
            "Home",
            "Settings"
        ]
    );
    assert_eq!(strings(&m["draft"]), ["Form Submitted"]);
    let status = m["statusText"].as_str().unwrap_or_default();
    assert!(status.starts_with("1 of 7 entries"), "{status}");
    assert_eq!(strings(&m["revenue"]), ["Order Completed"]);
    assert_eq!(strings(&m["webPages"]), ["Pricing", "Home"]);
    assert_eq!(m["back"], 7);
    assert_eq!(strings(&m["badges"]), ["live", "draft"]);
    assert!(
        m["pii"].as_u64().unwrap_or(0) >= 2,
        "PII badges: {}",
        m["pii"]
    );

    // Deep links open the event and bring it into view, from inside the page (clearing a filter
    // that hid it) and when the page is opened with the fragment.
    for key in ["deepLinkInPage", "deepLinkOnLoad"] {
        let d = &r[key];
        assert_eq!(d["open"], true, "{key}: {d}");
        assert_eq!(d["shown"], true, "{key}: {d}");
        assert_eq!(d["inView"], true, "{key}: {d}");
    }
    assert_eq!(strings(&r["openOnLoad"]), ["campaign_created"]);

    // Phone-sized screen: nothing wider than the screen. Paper: no toolbar.
    assert_eq!(
        r["phone"]["scrollWidth"], r["phone"]["clientWidth"],
        "horizontal overflow at 375px"
    );
    assert_eq!(r["printToolbarDisplay"], "none");

    // The hostile plan: its text is on the page, and none of it ran.
    let h = &r["hostile"];
    let mut summary = h.clone();
    if let Some(o) = summary.as_object_mut() {
        o.remove("text");
    }
    assert_eq!(
        h["xss"],
        Value::Null,
        "a hostile description ran: {summary}"
    );
    assert_eq!(h["scripts"], 1, "only the page's own script");
    assert_eq!(h["images"], 0);
    assert_eq!(h["iframes"], 0);
    assert_eq!(strings(&h["onAttributes"]), Vec::<String>::new());
    let text = h["text"].as_str().unwrap_or_default();
    for shown in [
        "<script>window.__xss = 1; alert(1)</script> A widget was created.",
        "<img src=x onerror=\"window.__xss = 2; alert(2)\"> When the server says so | really.",
        "\"><svg onload=\"window.__xss = 4\"> breaks out of attributes?",
        "Größe 日本語 🎉 עברית",
    ] {
        assert!(text.contains(shown), "shown as text: {shown}");
    }
    assert_eq!(
        strings(&h["events"]),
        ["widget_created", "widget_removed", "widget_deleted"]
    );
    assert_eq!(
        strings(&r["hostileSearch"]),
        ["widget_created"],
        "searching for `<script>` finds its text"
    );

    for key in [
        "seen",
        "seenDeepLink",
        "seenPhone",
        "seenHostile",
        "seenModel",
    ] {
        assert_quiet(&r[key], key);
    }
    for shot in [
        "catalogue.png",
        "catalogue-top.png",
        "search-email.png",
        "phone.png",
        "hostile.png",
        "model.png",
    ] {
        assert!(shots.join(shot).is_file(), "screenshot {shot} saved");
    }
}
