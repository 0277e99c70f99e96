//! Every output a user sees, pinned byte for byte with insta snapshots: `concord check` in every
//! format (and `--statistics`) on a folder of files, pages read from the web, the review copy's
//! comments, the web checker's JSON and pages, and the language server's diagnostics and code
//! actions. A refactor that moves renderers or channels around proves here that nothing changed.
//!
//! The fixture folder `tests/fixtures/outputs/` holds a Markdown file, an HTML file, a Word file
//! (a copy of `office/features.docx`), a `.docx` that is only text (an error), and a
//! `concord.toml` that sets severities so that errors, warnings, info and hints all appear.
//!
//! Only what varies between runs or machines is redacted, each by its own pattern: JUnit's
//! timestamp, the tool version in SARIF, the review copy's comment dates, the test site's port,
//! and the workspace's absolute path (file URIs in the language server).

use std::io::Read;
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

use regex::Regex;
use reqwest::blocking::multipart;
use serde_json::{Value, json};

use crate::lsp_client::Client;
use crate::serve::Server;
use crate::site::{Page, Site};
use crate::{FORMATS, concord, workspace};

/// The fixture folder every output here is made from.
fn fixtures() -> PathBuf {
    workspace().join("tests/fixtures/outputs")
}

/// `text` with what varies between runs or machines replaced by a placeholder.
fn redact(text: &str) -> String {
    let text = text.replace(&workspace().display().to_string(), "[WORKSPACE]");
    // JUnit: the time of the run.
    let text = Regex::new(r#"timestamp="[^"]*""#)
        .unwrap()
        .replace_all(&text, r#"timestamp="[TIMESTAMP]""#);
    // SARIF: the tool's version (the format's own "2.1.0" is kept).
    let text = Regex::new(r#"("name": "concord",\s*"version": )"[^"]*""#)
        .unwrap()
        .replace_all(&text, r#"$1"[VERSION]""#);
    // The test site's ephemeral port, as written and percent-encoded.
    let text = Regex::new(r"127\.0\.0\.1(:|%3A|%3a)\d+")
        .unwrap()
        .replace_all(&text, "127.0.0.1$1[PORT]");
    text.into_owned()
}

/// What a run shows: its exit status, standard output and standard error, redacted. The
/// markers keep leading and trailing blank lines part of what is compared.
fn shown(output: &Output) -> String {
    format!(
        "exit status: {:?}\n--- stdout ---\n{}--- stderr ---\n{}--- end ---\n",
        output.status.code(),
        redact(&String::from_utf8_lossy(&output.stdout)),
        redact(&String::from_utf8_lossy(&output.stderr)),
    )
}

/// `concord check` in the fixture folder, with `args`.
fn check_fixtures(args: &[&str]) -> Output {
    concord()
        .current_dir(fixtures())
        .args(["check", "--fail-on", "never"])
        .args(args)
        .output()
        .unwrap()
}

/// `run` for each of `cases`, all at once (each run of the unoptimised binary spends seconds
/// compiling the rules), in the order given.
fn all_at_once<'a, T: Sync>(cases: &'a [T], run: impl Fn(&'a T) -> Output + Sync) -> Vec<Output> {
    std::thread::scope(|scope| {
        let runs: Vec<_> = cases.iter().map(|case| scope.spawn(|| run(case))).collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    })
}

#[test]
fn check_in_every_format_and_statistics() {
    let mut runs: Vec<Vec<&str>> = FORMATS.iter().map(|f| vec!["--format", f]).collect();
    runs.push(vec!["--statistics"]);
    let outputs = all_at_once(&runs, |args| check_fixtures(args));

    // What the snapshots must hold, asserted on the JSON report first.
    let report = crate::json(&outputs[FORMATS.iter().position(|f| *f == "json").unwrap()]);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["./features.docx", "./leisure.html", "./notice.md"],
        "relative paths, sorted"
    );
    let mut severities: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    severities.sort_unstable();
    severities.dedup();
    assert_eq!(
        severities,
        ["error", "hint", "info", "warning"],
        "concord.toml makes every severity appear"
    );
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["path"], "./broken.docx");

    for (format, output) in FORMATS.iter().zip(&outputs) {
        // The unreadable file is trouble whatever --fail-on says.
        assert_eq!(output.status.code(), Some(2), "{format}");
        let text = shown(output);
        for name in ["notice.md", "leisure.html", "features.docx", "broken.docx"] {
            assert!(text.contains(name), "{format}: {name} missing");
        }
        assert!(!text.contains("[WORKSPACE]"), "{format}: an absolute path");
        insta::assert_snapshot!(format!("check_{format}"), text);
    }

    let output = &outputs[FORMATS.len()];
    assert_eq!(output.status.code(), Some(2));
    let text = shown(output);
    assert!(text.contains("16  in total"), "{text}");
    insta::assert_snapshot!("check_statistics", text);
}

#[test]
fn check_pages_read_from_the_web() {
    let news = "<!doctype html>\n<html lang=\"en\">\n<head><title>Council news</title></head>\n<body>\n\
                <h1>Council news</h1>\n\
                <p>Some teenagers were drawn towards <b>ISIS</b> propaganda online.</p>\n\
                <p>The council will tackle radicalisation in schools.</p>\n</body>\n</html>\n";
    let site = Site::serve(|_| {
        vec![(
            "/news",
            Page::Body("text/html; charset=utf-8", news.as_bytes().to_vec()),
        )]
    });
    let (page, missing) = (site.url("/news"), site.url("/missing"));
    let formats = ["json", "sarif", "human"];
    let outputs = all_at_once(&formats, |format| {
        concord()
            .args([
                "check",
                "--no-config",
                "--crawl-delay",
                "0",
                "--format",
                *format,
            ])
            .args([&page, &missing])
            .output()
            .unwrap()
    });
    for (format, output) in formats.iter().zip(outputs) {
        assert_eq!(
            output.status.code(),
            Some(2),
            "{format}: a URL that fails is trouble"
        );
        let text = shown(&output);
        if *format == "json" {
            let report = crate::json(&output);
            assert_eq!(report["files"][0]["url"], page.as_str());
            let rules: Vec<&str> = report["files"][0]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap())
                .collect();
            assert_eq!(
                rules,
                ["cohesion/daesh-naming", "cohesion/vague-radicalisation"]
            );
            assert_eq!(report["errors"][0]["path"], missing.as_str());
        }
        assert!(text.contains("127.0.0.1:[PORT]/news"), "{format}: {text}");
        assert!(text.contains("/missing"), "{format}: {text}");
        insta::assert_snapshot!(format!("web_{format}"), text);
    }
    assert!(site.paths().contains(&"/missing".to_string()));
}

#[test]
fn annotate_writes_these_comments() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["features.docx", "concord.toml"] {
        std::fs::copy(fixtures().join(name), dir.path().join(name)).unwrap();
    }
    let output = concord()
        .current_dir(dir.path())
        .args(["annotate", "features.docx"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", shown(&output));
    let copy = dir.path().join("features.reviewed.docx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&copy).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/comments.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert_eq!(xml.matches(r#"w:initials="concord""#).count(), 4, "{xml}");
    assert!(xml.contains("Please remove the reference to jihadi brides."));
    // concord's comments are dated now; the document's own comment keeps its date.
    let xml = Regex::new(r#"w:date="[^"]*"( w:initials="concord")"#)
        .unwrap()
        .replace_all(&xml, r#"w:date="[DATE]"$1"#);
    assert!(xml.contains(r#"w:date="2026-11-02T09:00:00Z""#));
    // A line break after each paragraph and comment makes the snapshot readable; the part has
    // none there of its own, so removing them gives back its bytes.
    assert!(!xml.contains("</w:p>\n") && !xml.contains("</w:comment>\n"));
    let xml = xml
        .replace("</w:p>", "</w:p>\n")
        .replace("</w:comment>", "</w:comment>\n");
    insta::assert_snapshot!(
        "annotate_comments_xml",
        format!("{}--- word/comments.xml ---\n{xml}", shown(&output))
    );
}

/// `form` posted to `route` of `server`: the status and the body as text.
fn post_form(server: &Server, route: &str, form: multipart::Form) -> (u16, String) {
    let response = crate::http()
        .post(server.url(route))
        .multipart(form)
        .send()
        .unwrap();
    (response.status().as_u16(), response.text().unwrap())
}

#[test]
fn the_web_checker_answers_these_pages_and_reports() {
    // The server runs with the fixture folder's `concord.toml`.
    let config = fixtures().join("concord.toml");
    let server = Server::start(&["--config", config.to_str().unwrap()]);
    let notice = fixtures().join("notice.md");
    let upload = || multipart::Form::new().file("file", &notice).unwrap();

    let (status, body) = post_form(&server, "/api/check", upload());
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["files"][0]["path"], "notice.md");
    assert_eq!(
        report["files"][0]["diagnostics"][1]["severity"], "error",
        "the server's --config applies"
    );
    insta::assert_snapshot!("serve_api_check_upload", redact(&body));

    let (status, body) = post_form(&server, "/check", upload());
    assert_eq!(status, 200);
    assert!(
        body.contains("<mark><span class=\"visually-hidden\">Problem 1: </span>ISIS</mark>"),
        "{body}"
    );
    insta::assert_snapshot!("serve_check_page_upload", redact(&body));

    let pasted = "Residents called it a no-go area. Officers warned about ISIS.";
    let (status, body) = post_form(
        &server,
        "/check",
        multipart::Form::new().text("text", pasted),
    );
    assert_eq!(status, 200);
    assert!(body.contains("pasted-text.txt"), "{body}");
    assert!(body.contains("Write instead:"), "{body}");
    insta::assert_snapshot!("serve_check_page_pasted", redact(&body));

    let response = crate::http()
        .post(server.url("/api/check"))
        .json(&json!({ "text": pasted, "filename": "note.md" }))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().unwrap();
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["files"][0]["format"], "markdown");
    insta::assert_snapshot!("serve_api_check_pasted", redact(&body));

    // Four checks, logged without names or words.
    std::thread::sleep(Duration::from_millis(100));
    let log: Vec<String> = server.log.try_iter().collect();
    assert_eq!(
        log.iter().filter(|l| l.starts_with("checked ")).count(),
        4,
        "{log:?}"
    );
}

#[test]
fn the_language_server_publishes_these_diagnostics_and_code_actions() {
    let path = fixtures().join("notice.md");
    let uri = format!("file://{}", path.display());
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(json!({}), json!(null));
    client.open(&uri, "markdown", &text);
    let published = client.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["version"] == 1
    });
    let params = &published["params"];
    let diagnostics = params["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 6, "{params}");
    // The folder's concord.toml applies in the editor too: "radicalisation" is an error.
    assert_eq!(diagnostics[1]["code"], "cohesion/vague-radicalisation");
    assert_eq!(diagnostics[1]["severity"], 1);
    let lsp_json = |value: &Value| {
        redact(
            &serde_json::to_string_pretty(value)
                .unwrap()
                .replace(&uri, "[URI]"),
        )
    };
    insta::assert_snapshot!("lsp_diagnostics", lsp_json(params));

    let first = &diagnostics[0];
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": first["range"],
            "context": { "diagnostics": [first] },
        }),
    );
    let result = &actions["result"];
    assert_eq!(
        result[0]["edit"]["changes"][&uri][0]["newText"], "Daesh",
        "{result}"
    );
    insta::assert_snapshot!("lsp_code_actions", lsp_json(result));
}

#[test]
fn every_format_gives_the_reading_age_while_the_plain_pack_is_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        workspace().join("examples/press-release.md"),
        dir.path().join("news.md"),
    )
    .unwrap();
    let config = dir.path().join("plain.toml");
    std::fs::write(&config, "packs = [\"cohesion\", \"clarity\", \"plain\"]\n").unwrap();
    let run = |format: &str, with_plain: bool| {
        let mut cmd = concord();
        cmd.current_dir(dir.path())
            .args(["check", "--format", format]);
        if with_plain {
            cmd.arg("--config").arg(&config);
        } else {
            cmd.arg("--no-config");
        }
        String::from_utf8(cmd.arg("news.md").output().unwrap().stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json", true)).unwrap();
    let age = &json["files"][0]["reading_age"];
    let years = age["years"].as_f64().unwrap();
    assert!((12.0..25.0).contains(&years), "{age}");
    assert_eq!(age["target"], 9.0);
    let hardest: Vec<f64> = age["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["years"].as_f64().unwrap())
        .collect();
    assert!(!hardest.is_empty() && hardest.windows(2).all(|w| w[0] >= w[1]));
    let first_line = age["paragraphs"][0]["start"]["line"].as_u64().unwrap();
    for format in FORMATS {
        let on = run(format, true);
        let shown = match format {
            "json" => format!("\"years\": {years}"),
            "html" => format!("Reading age: about {}", years.round()),
            _ => format!("reading age about {}", years.round()),
        };
        assert!(on.contains(&shown), "{format} with plain:\n{on}");
        if !matches!(format, "junit") {
            assert!(
                on.contains(&format!("line {first_line}")),
                "{format}:\n{on}"
            );
        }
        let off = run(format, false);
        assert!(
            !off.to_lowercase().contains("reading age") && !off.contains("reading_age"),
            "{format} without plain:\n{off}"
        );
    }
}
