//! `concord check URL --crawl` and `concord crawl` against a test site on 127.0.0.1: what was
//! fetched (robots, scope, no repeats), how politely, the findings on every page and document,
//! and every kind of trouble reported per URL while the crawl goes on.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;
use std::time::Duration;

use axum::http::StatusCode;
use serde_json::Value;

use crate::site::{Page, Site, fixture, gzip, html};
use crate::{concord, json};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A council site with pages, documents and every kind of trouble; links point at `external`.
fn council_site(external: &Site) -> Site {
    let external = external.url("/external");
    let elsewhere: &'static str = external.clone().leak();
    // 8 MB of spaces in about 8 KB.
    let bomb = gzip(&vec![b' '; 8 * 1024 * 1024]);
    Site::serve(move |base| {
        let home = format!(
            r#"<h1>Council news</h1><p>Welcome to the council.</p>
            <a href="/news/">News</a> <a href="/about#team">About</a> <a href="/about">About again</a>
            <a href="/docs/report.pdf">Report</a> <a href="/docs/plan.docx">Plan</a>
            <a href="{external}">Elsewhere</a> <a href="mailto:press@council.example">Email</a>
            <a href="tel:+441234567890">Phone</a> <a href="javascript:void(0)">Menu</a>
            <a href="/old">Old address</a> <a href="/loop-a">Loop</a> <a href="/missing">Gone</a>
            <a href="/flaky">Flaky</a> <a href="/busy">Busy</a> <a href="/slow">Slow</a>
            <a href="/huge">Huge</a> <a href="/bomb">Bomb</a> <a href="/base-page">Base</a>
            <a href="/private/hidden">Staff only</a> <a rel="nofollow" href="/secret-nofollow">Not this</a>
            <a href="/logo.png">Logo</a> <a href="/cms-a">A</a> <a href="/cms-b">B</a>
            <a href="/away">Away</a> <a href="/to-about">About, moved</a> <a href="/nul">Nul</a>
            <a href="/bad-location">Bad redirect</a>"#
        );
        let sitemap_pages = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>{base}/</loc></url><url><loc>{base}/news/</loc></url><url><loc>{base}/private/secret</loc></url></urlset>"#
        );
        let sitemap_more = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>{base}/windows-1252</loc></url><url><loc>{base}/only-in-sitemap</loc></url></urlset>"#
        );
        let index = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap><sitemap><loc>{base}/sitemap-more.xml.gz</loc></sitemap></sitemapindex>"#
        );
        let robots = format!(
            "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.2\n\nSitemap: {base}/sitemap-index.xml\n"
        );
        // Header says Windows-1252, the page (wrongly) says UTF-8: the header wins, as in browsers.
        let cp1252 = b"<html><head><meta charset=\"utf-8\"></head><body><p>The council\x92s report says they left to join ISIS; it cost \xa3100.</p></body></html>".to_vec();
        vec![
            ("/robots.txt", Page::Body("text/plain", robots.into_bytes())),
            (
                "/sitemap-index.xml",
                Page::Body("application/xml", index.into_bytes()),
            ),
            (
                "/sitemap-pages.xml",
                Page::Body("application/xml", sitemap_pages.into_bytes()),
            ),
            (
                "/sitemap-more.xml.gz",
                Page::Body("application/gzip", gzip(sitemap_more.as_bytes())),
            ),
            ("/", html(&home)),
            ("/news/", html("<p>Three students left to join ISIS.</p>")),
            (
                "/about",
                html(
                    r#"<p>The council is tackling radicalisation in schools.</p><a href="/copy">Printable</a>"#,
                ),
            ),
            // A true copy of /about, naming it as canonical: checked once, under /about.
            (
                "/copy",
                html(
                    r#"<link rel="canonical" href="/about"><p>The council is tackling radicalisation in schools.</p><a href="/copy">Printable</a>"#,
                ),
            ),
            // The template bug: pages naming the home page as canonical keep their own findings.
            (
                "/cms-a",
                html(r#"<link rel="canonical" href="/"><p>Two men left to join ISIS.</p>"#),
            ),
            (
                "/cms-b",
                html(
                    r#"<link rel="canonical" href="/"><p>The council is tackling radicalisation.</p>"#,
                ),
            ),
            ("/away", Page::Redirect(elsewhere)),
            ("/to-about", Page::Redirect("/about")),
            (
                "/nul",
                Page::Body("text/html", b"<p>Nul\0bytes\0here.</p>".to_vec()),
            ),
            ("/bad-location", Page::Redirect("http://[::1")),
            (
                "/docs/report.pdf",
                Page::Body(
                    "application/pdf",
                    fixture("press-release/press-release.pdf"),
                ),
            ),
            (
                "/docs/plan.docx",
                Page::Body(DOCX, fixture("press-release/press-release.docx")),
            ),
            ("/old", Page::Redirect("/older")),
            ("/older", Page::Redirect("/moved")),
            ("/moved", html("<p>He left to join ISIS last year.</p>")),
            ("/loop-a", Page::Redirect("/loop-b")),
            ("/loop-b", Page::Redirect("/loop-a")),
            (
                "/flaky",
                Page::FailsFirst(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    None,
                    Box::new(html("<p>Work on tackling radicalisation continues.</p>")),
                ),
            ),
            (
                "/busy",
                Page::FailsFirst(
                    StatusCode::TOO_MANY_REQUESTS,
                    Some("1"),
                    Box::new(html("<p>Opening times for the library.</p>")),
                ),
            ),
            (
                "/slow",
                Page::Slow(Duration::from_secs(3), Box::new(html("<p>Too late.</p>"))),
            ),
            (
                "/huge",
                Page::Body(
                    "text/html",
                    "<p>Bins are collected weekly.</p>"
                        .repeat(70_000)
                        .into_bytes(),
                ),
            ),
            ("/bomb", Page::Gzipped("text/html", bomb.clone())),
            (
                "/windows-1252",
                Page::Body("text/html; charset=windows-1252", cp1252),
            ),
            (
                "/only-in-sitemap",
                html("<p>Found through the sitemap: tackling radicalisation.</p>"),
            ),
            (
                "/base-page",
                html(r#"<base href="/based/"><a href="target">Target</a>"#),
            ),
            (
                "/based/target",
                html("<p>Based: they left to join ISIS.</p>"),
            ),
            (
                "/logo.png",
                Page::Body("image/png", vec![0x89, b'P', b'N', b'G']),
            ),
            ("/private/hidden", html("<p>Join ISIS.</p>")),
            ("/private/secret", html("<p>Join ISIS.</p>")),
            ("/secret-nofollow", html("<p>Join ISIS.</p>")),
        ]
    })
}

/// `concord check --no-config` with `args` (options and URLs), run to the end.
fn check(args: &[&str]) -> Output {
    concord()
        .args(["check", "--no-config"])
        .args(args)
        .output()
        .unwrap()
}

/// The findings of each report as (path, rules), and the errors as (path, message).
fn findings(
    report: &Value,
    base: &str,
) -> (BTreeMap<String, Vec<String>>, BTreeMap<String, String>) {
    let strip = |p: &str| p.strip_prefix(base).unwrap_or(p).to_string();
    let files = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(
                f["url"], f["path"],
                "pages read from the web carry their URL"
            );
            let rules = f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap().to_string())
                .collect();
            (strip(f["path"].as_str().unwrap()), rules)
        })
        .collect();
    let errors = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                strip(e["path"].as_str().unwrap()),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (files, errors)
}

#[test]
fn a_crawl_reads_the_whole_site_politely_and_reports_each_pages_trouble() {
    let external = Site::serve(|_| vec![("/external", html("<p>Join ISIS.</p>"))]);
    let site = council_site(&external);
    let output = check(&[
        "--crawl",
        "--format",
        "json",
        "--crawl-delay",
        "0",
        "--timeout",
        "1",
        "--max-file-size",
        "1",
        &site.url("/"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "per-URL errors are trouble: {stderr}"
    );
    let (files, errors) = findings(&json(&output), &site.base);

    // What was fetched: robots.txt first, nothing disallowed, external or nofollow, nothing
    // twice but the two answers that asked to be tried again.
    let paths = site.paths();
    assert_eq!(paths[0], "/robots.txt");
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for path in &paths {
        *counts.entry(path).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = [
        "/robots.txt",
        "/sitemap-index.xml",
        "/sitemap-pages.xml",
        "/sitemap-more.xml.gz",
        "/",
        "/news/",
        "/about",
        "/copy",
        "/docs/report.pdf",
        "/docs/plan.docx",
        "/old",
        "/older",
        "/moved",
        "/loop-a",
        "/loop-b",
        "/missing",
        "/slow",
        "/huge",
        "/bomb",
        "/windows-1252",
        "/only-in-sitemap",
        "/base-page",
        "/based/target",
        "/logo.png",
        "/cms-a",
        "/cms-b",
        "/away",
        "/to-about",
        "/nul",
        "/bad-location",
    ]
    .into_iter()
    .map(|p| (p, 1))
    .chain([("/flaky", 2), ("/busy", 2)])
    .collect();
    assert_eq!(counts, expected, "fetched: {paths:?}");
    assert!(external.paths().is_empty(), "another site was fetched");
    assert!(
        site.hits()
            .iter()
            .all(|h| h.agent.starts_with("concord/") && h.agent.contains("(+")),
        "concord says who it is"
    );

    // Politeness: never more than two requests at once, and robots.txt's Crawl-delay (0.2 s)
    // between starts; Retry-After (1 s) honoured. concord stops waiting for /slow after its
    // 1 s timeout, though the server goes on making the answer.
    let hits = site.hits();
    let end = |h: &crate::site::Hit| match h.path.as_str() {
        "/slow" => h.start + Duration::from_secs(1),
        _ => h
            .end
            .unwrap_or_else(|| panic!("{} was never answered", h.path)),
    };
    for hit in &hits {
        let open = hits
            .iter()
            .filter(|h| h.start <= hit.start && hit.start < end(h))
            .count();
        assert!(open <= 2, "{open} requests open when {} started", hit.path);
    }
    for pair in hits[1..].windows(2) {
        let gap = pair[1].start - pair[0].start;
        assert!(
            gap >= Duration::from_millis(180),
            "{} then {} only {gap:?} apart",
            pair[0].path,
            pair[1].path
        );
    }
    let busy: Vec<_> = hits.iter().filter(|h| h.path == "/busy").collect();
    assert!(busy[1].start - busy[0].start >= Duration::from_secs(1));

    // The findings on each page and document, under its (final, canonical) URL.
    let rules = |rules: &[&str]| {
        rules
            .iter()
            .map(|r| format!("cohesion/{r}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(files["/"], rules(&[]));
    assert_eq!(files["/news/"], rules(&["daesh-naming"]));
    assert_eq!(
        files["/about"],
        rules(&["vague-radicalisation"]),
        "the copy is not reported twice"
    );
    assert_eq!(files["/cms-a"], rules(&["daesh-naming"]));
    assert_eq!(files["/cms-b"], rules(&["vague-radicalisation"]));
    assert_eq!(files["/moved"], rules(&["daesh-naming"]));
    assert_eq!(files["/flaky"], rules(&["vague-radicalisation"]));
    assert_eq!(files["/busy"], rules(&[]));
    assert_eq!(files["/windows-1252"], rules(&["daesh-naming"]));
    assert_eq!(files["/only-in-sitemap"], rules(&["vague-radicalisation"]));
    assert_eq!(files["/based/target"], rules(&["daesh-naming"]));
    assert_eq!(files["/docs/report.pdf"].len(), 8);
    assert_eq!(files["/docs/plan.docx"].len(), 8);
    assert_eq!(
        files.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "/",
            "/news/",
            "/about",
            "/moved",
            "/flaky",
            "/busy",
            "/windows-1252",
            "/only-in-sitemap",
            "/base-page",
            "/based/target",
            "/docs/report.pdf",
            "/docs/plan.docx",
            "/cms-a",
            "/cms-b",
        ])
    );

    // Each page's trouble, in words.
    let error = |path: &str| errors.get(path).map(String::as_str).unwrap_or_default();
    assert_eq!(errors.len(), 7, "{errors:?}");
    assert!(error("/nul").contains("binary"), "{errors:?}");
    assert!(
        error("/bad-location").contains("to \"http://[::1\", which is not a web address"),
        "{errors:?}"
    );
    assert!(
        error("/loop-a").contains("redirects in a loop"),
        "{errors:?}"
    );
    assert!(error("/missing").contains("404 Not Found"), "{errors:?}");
    assert!(
        error("/slow").contains("did not answer within 1 seconds"),
        "{errors:?}"
    );
    assert!(
        error("/huge").contains("larger than the 1 MB"),
        "{errors:?}"
    );
    assert!(
        error("/bomb").contains("larger than the 1 MB"),
        "{errors:?}"
    );

    // Every URL fetched is exactly one of checked, an error or skipped, and the note says so.
    let fetched = paths
        .iter()
        .filter(|p| !p.starts_with("/robots") && !p.starts_with("/sitemap"))
        .filter(|p| !["/older", "/moved", "/loop-b"].contains(&p.as_str()))
        .collect::<BTreeSet<_>>()
        .len();
    let skipped = 4;
    assert_eq!(fetched, files.len() + errors.len() + skipped);
    assert!(
        stderr.contains(&format!(
            "fetched {fetched} URL(s) from the web: {} checked, {} could not be read or checked, {skipped} skipped",
            files.len(),
            errors.len()
        )),
        "{stderr}"
    );
    for reason in [
        "1 URL(s) were neither a page nor a document",
        "1 URL(s) redirect off the site being crawled",
        "1 URL(s) redirect to a page this crawl reads anyway",
        "1 URL(s) had the same words as the page they name as canonical",
    ] {
        assert!(stderr.contains(reason), "{reason}: {stderr}");
    }
    assert!(
        stderr.contains(&format!(
            "2 page(s) name {}/ as their canonical address (rel=canonical) but do not have its words",
            site.base
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 link(s) were left alone because the site's robots.txt"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("not UTF-8"),
        "the header's charset was used: {stderr}"
    );
}

/// A small site: a home page, a page with a finding, a document, and a broken link.
fn small_site() -> Site {
    Site::serve(|_| {
        vec![
            (
                "/",
                html(
                    r#"<p>Welcome.</p><a href="/a">A</a> <a href="/gone">Gone</a> <a href="/b">B</a> <a href="/plan.docx">Plan</a>"#,
                ),
            ),
            ("/a", html("<p>Three students left to join ISIS.</p>")),
            ("/b", html("<p>The council is tackling radicalisation.</p>")),
            (
                "/plan.docx",
                Page::Body(DOCX, fixture("press-release/press-release.docx")),
            ),
        ]
    })
}

#[test]
fn every_output_format_names_the_urls_and_their_errors() {
    let site = small_site();
    let page = site.url("/a");
    let gone = site.url("/gone");
    for format in crate::FORMATS {
        let output = check(&[
            "--crawl",
            "--crawl-delay",
            "0",
            "--format",
            format,
            &site.url("/"),
        ]);
        assert_eq!(output.status.code(), Some(2), "{format}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        // GitHub's annotation properties escape ':' as %3A.
        let named = |url: &str| {
            if format == "github" {
                url.replace(':', "%3A")
            } else {
                url.to_string()
            }
        };
        assert!(
            stdout.contains(&named(&page)),
            "{format} names the page:\n{stdout}"
        );
        let gone_shown = if format == "human" { &stderr } else { &stdout };
        assert!(
            gone_shown.contains(&named(&gone)),
            "{format} names the broken link:\n{stdout}\n{stderr}"
        );
        match format {
            "sarif" => {
                let sarif: Value = serde_json::from_str(&stdout).unwrap();
                let run = &sarif["runs"][0];
                let uris: BTreeSet<&str> = run["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                            .as_str()
                            .unwrap()
                    })
                    .collect();
                assert!(uris.contains(page.as_str()), "{uris:?}");
                let notification = &run["invocations"][0]["toolExecutionNotifications"][0];
                assert!(
                    notification["message"]["text"]
                        .as_str()
                        .unwrap()
                        .contains("404")
                );
                assert_eq!(
                    notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                    gone.as_str()
                );
            }
            "junit" => {
                assert!(
                    stdout.contains(&format!("<testcase name=\"{gone}\"")),
                    "{stdout}"
                );
                assert!(
                    stdout.contains("<error message=\"the server answered 404 Not Found\""),
                    "{stdout}"
                );
            }
            "github" => assert!(stdout.contains("::error file=http%3A//"), "{stdout}"),
            "human" => assert!(
                stdout.contains("in 4 documents from the web."),
                "pages are counted as pages:\n{stdout}"
            ),
            "html" => assert!(
                stdout.contains(&format!("<a href=\"{page}\">")),
                "the report links to the page"
            ),
            _ => {}
        }
    }
}

#[test]
fn baselines_match_findings_by_url() {
    let site = small_site();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let run = |extra: &[&str]| {
        let (a, b) = (site.url("/a"), site.url("/b"));
        check(
            &[
                &["--crawl-delay", "0", "--format", "json"],
                extra,
                &[&a, &b],
            ]
            .concat(),
        )
    };
    let recorded = run(&["--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(recorded.status.code(), Some(0));
    let text = std::fs::read_to_string(&baseline).unwrap();
    assert!(
        text.contains(&format!("\"path\": \"{}\"", site.url("/a"))),
        "{text}"
    );
    let again = run(&["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "nothing new");
    assert_eq!(json(&again)["summary"]["diagnostics"], 0);
    // Without --crawl only the pages named are read: no robots.txt, no links followed.
    assert!(
        site.paths().iter().all(|p| p == "/a" || p == "/b"),
        "{:?}",
        site.paths()
    );
}

#[test]
fn two_shards_of_a_crawl_list_check_the_whole_site_exactly_once() {
    let site = small_site();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    let listed = concord()
        .args([
            "crawl",
            "--crawl-delay",
            "0",
            "-o",
            list.to_str().unwrap(),
            &site.url("/"),
        ])
        .output()
        .unwrap();
    assert_eq!(
        listed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let urls: BTreeSet<String> = std::fs::read_to_string(&list)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let expected: BTreeSet<String> = ["/", "/a", "/b", "/gone", "/plan.docx"]
        .iter()
        .map(|p| site.url(p))
        .collect();
    assert_eq!(urls, expected);
    assert!(
        !site.paths().contains(&"/plan.docx".to_string()),
        "listing does not download documents"
    );
    let before = site.paths().len();

    let mut checked: Vec<String> = Vec::new();
    for shard in ["1/2", "2/2"] {
        let list = list.to_str().unwrap();
        let output = check(&[
            "--crawl-delay",
            "0",
            "--format",
            "json",
            "--urls",
            list,
            "--shard",
            shard,
        ]);
        let report = json(&output);
        checked.extend(
            report["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["path"].as_str().unwrap().to_string()),
        );
        checked.extend(
            report["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["path"].as_str().unwrap().to_string()),
        );
    }
    checked.sort();
    assert_eq!(
        checked,
        expected.iter().cloned().collect::<Vec<_>>(),
        "each URL once, none left out"
    );
    let mut fetched = site.paths().split_off(before);
    fetched.sort();
    assert_eq!(
        fetched,
        ["/", "/a", "/b", "/gone", "/plan.docx"],
        "each URL fetched once by one shard"
    );
}

#[test]
fn limits_stop_a_crawl_with_a_note() {
    let site = small_site();
    let start = site.url("/");
    let output = check(&[
        "--crawl",
        "--crawl-delay",
        "0",
        "--max-pages",
        "2",
        "--format",
        "json",
        &start,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the crawl was cut short: it stopped after 2 pages (--max-pages)"),
        "{stderr}"
    );
    let pages: Vec<String> = site
        .paths()
        .into_iter()
        .filter(|p| !p.ends_with(".txt") && !p.ends_with(".xml"))
        .collect();
    assert_eq!(pages, ["/", "/a"]);

    let depth = check(&[
        "--crawl",
        "--crawl-delay",
        "0",
        "--max-depth",
        "0",
        "--format",
        "json",
        &start,
    ]);
    assert_eq!(
        json(&depth)["files"].as_array().unwrap().len(),
        1,
        "depth 0 is the start page only"
    );

    let budget = check(&[
        "--crawl",
        "--crawl-delay",
        "1",
        "--time-budget",
        "1500ms",
        &start,
    ]);
    let stderr = String::from_utf8_lossy(&budget.stderr);
    assert!(
        stderr.contains("it ran out of time (--time-budget)"),
        "{stderr}"
    );
}

#[test]
fn a_site_that_cannot_be_reached_is_an_error_not_a_crash() {
    // A port nothing listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = check(&[
        "--crawl",
        "--format",
        "json",
        &format!("http://127.0.0.1:{port}/"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    let messages: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("robots.txt could not be read")),
        "{messages:?}"
    );

    // TLS spoken to a server that does not speak it.
    let site = small_site();
    let tls = check(&[
        "--format",
        "json",
        &site.url("/a").replacen("http://", "https://", 1),
    ]);
    assert_eq!(tls.status.code(), Some(2));
    let message = json(&tls)["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.starts_with("cannot connect to the server"),
        "{message}"
    );

    let bad = concord()
        .args(["check", "--shard", "3/2", "https://x.example/"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("K must be from 1 to N"));
}

#[test]
fn a_start_url_that_moves_to_another_site_takes_the_crawl_with_it() {
    let www = Site::serve(|_| {
        vec![
            (
                "/home/",
                html(r#"<p>Welcome.</p><a href="/home/news">News</a>"#),
            ),
            (
                "/home/news",
                html("<p>Three students left to join ISIS.</p>"),
            ),
        ]
    });
    let moved_to: &'static str = www.url("/home/").leak();
    let apex = Site::serve(move |_| vec![("/", Page::Redirect(moved_to))]);
    let output = check(&[
        "--crawl",
        "--crawl-delay",
        "0",
        "--format",
        "json",
        &apex.url("/"),
    ]);
    let stderr = crate::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let (files, errors) = findings(&json(&output), &www.base);
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        ["/home/", "/home/news"]
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        stderr.contains(&format!(
            "{} redirects to {moved_to}, so the crawl reads {moved_to} instead",
            apex.url("/")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "fetched 2 URL(s) from the web: 2 checked, 0 could not be read or checked, 0 skipped"
        ),
        "{stderr}"
    );
}

/// [`check`], which must end within 15 seconds whatever the server asks for.
fn check_within_15_s(args: &[&str]) -> Output {
    let started = std::time::Instant::now();
    let output = check(args);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{args:?} took {:?}",
        started.elapsed()
    );
    output
}

#[test]
fn waits_a_server_asks_for_end_with_the_time_budget_and_robots_trouble_is_an_error() {
    let site = Site::serve(|_| {
        vec![
            (
                "/robots.txt",
                Page::Body(
                    "text/plain",
                    b"User-agent: *\nCrawl-delay: 100000\n".to_vec(),
                ),
            ),
            ("/", html(r#"<a href="/a">A</a> <a href="/b">B</a>"#)),
            ("/a", html("<p>A.</p>")),
            ("/b", html("<p>B.</p>")),
            (
                "/busy",
                Page::Fails(StatusCode::TOO_MANY_REQUESTS, Some("100000")),
            ),
        ]
    });
    let delayed = check_within_15_s(&[
        "--crawl",
        "--crawl-delay",
        "0",
        "--time-budget",
        "3s",
        &site.url("/"),
    ]);
    let stderr = crate::stderr(&delayed);
    assert!(
        // robots.txt and /sitemap.xml take the turns before the site's 60 s (the most concord
        // waits) between requests; the start page's turn would come after the budget.
        stderr.contains("it ran out of time (--time-budget); 1 more URL(s) were not read"),
        "{stderr}"
    );

    let busy = check_within_15_s(&[
        "--format",
        "json",
        "--time-budget",
        "3s",
        &site.url("/busy"),
    ]);
    assert_eq!(busy.status.code(), Some(2));
    let message = json(&busy)["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        message,
        "the server answered 429 Too Many Requests and asked concord to wait 100000 s before trying again, which would go past the crawl's --time-budget"
    );

    let limited = Site::serve(|_| {
        vec![
            (
                "/robots.txt",
                Page::Fails(StatusCode::TOO_MANY_REQUESTS, Some("0")),
            ),
            ("/", html("<p>Join ISIS.</p>")),
        ]
    });
    let output = check(&[
        "--crawl",
        "--crawl-delay",
        "0",
        "--format",
        "json",
        &limited.url("/"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    assert_eq!(report["files"].as_array().unwrap().len(), 0);
    assert_eq!(
        report["errors"][0]["message"],
        "robots.txt could not be read (the server answered 429 Too Many Requests), so concord did not crawl this site"
    );
}

/// A site whose pages `/1`…`/8` are each `bomb` (gzipped), sent a little at a time, so that the
/// crawler reads all of them at once as a slow network would make it; `/` links to them.
fn dribbling_site(bomb: Vec<u8>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let bomb = std::sync::Arc::new(bomb);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let bomb = bomb.clone();
            std::thread::spawn(move || {
                let mut request = String::new();
                BufReader::new(&stream).read_line(&mut request).unwrap();
                let path = request.split(' ').nth(1).unwrap_or("/").to_string();
                let mut stream = stream;
                let head = |kind: &str| {
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{kind}Connection: close\r\n\r\n"
                    )
                };
                let _ = match path.as_str() {
                    "/" => {
                        let links: String = (1..=8)
                            .map(|i| format!("<a href=\"/{i}\">{i}</a> "))
                            .collect();
                        stream.write_all(format!("{}{links}", head("")).as_bytes())
                    }
                    "/robots.txt" | "/sitemap.xml" => stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                    _ => {
                        let _ = stream.write_all(head("Content-Encoding: gzip\r\n").as_bytes());
                        bomb.chunks(2048).try_for_each(|piece| {
                            std::thread::sleep(Duration::from_millis(10));
                            stream.write_all(piece)
                        })
                    }
                };
            });
        }
    });
    base
}

#[test]
fn decompression_bombs_read_at_once_hold_one_large_response_at_a_time() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &vec![b' '; 60 << 20]).unwrap();
    let bomb = gz.finish().unwrap();
    let site = dribbling_site(bomb);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["check", "--no-config", "--crawl", "--crawl-delay", "0"])
        .args([
            "--crawl-concurrency",
            "8",
            "--max-file-size",
            "50",
            "--format",
            "json",
        ])
        .arg(format!("{site}/"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (output, peak_kb) = crate::run_watching_memory(child);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 8, "{errors:?}");
    assert!(errors.iter().all(|e| {
        e["message"]
            .as_str()
            .unwrap()
            .contains("larger than the 50 MB")
    }));
    assert!(peak_kb < 250 * 1024, "concord peaked at {peak_kb} KB");
}
