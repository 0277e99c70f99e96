//! The language server, over the real protocol: `concord lsp` spawned as an editor would, spoken
//! to over stdio.

use std::io::Write;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub(crate) use crate::lsp_client::Client;

fn range(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    (
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    )
}

#[test]
fn diagnostics_land_under_the_right_characters_in_utf16_and_utf8() {
    let text = "😀 café 日本 ISIS here\nThe Muslim community met.";
    let mut client = Client::start(json!({}), json!(null));
    client.open("file:///tmp/concord-lsp/a.md", "markdown", text);
    let diagnostics = client.diagnostics("file:///tmp/concord-lsp/a.md", Some(1));
    let isis = &diagnostics[0];
    // UTF-16: 😀 is two code units; "😀 café 日本 " is 11 units.
    assert_eq!(range(isis), (0, 11, 0, 15));
    assert_eq!(isis["code"], "cohesion/daesh-naming");
    assert_eq!(isis["source"], "concord");
    assert_eq!(isis["severity"], 2);
    assert!(
        isis["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules/cohesion/daesh-naming.md")
    );
    assert_eq!(
        diagnostics[1]["severity"], 3,
        "the Muslim community is info"
    );

    let mut utf8 = Client::start(
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
        json!(null),
    );
    utf8.open("file:///tmp/concord-lsp/b.md", "markdown", text);
    let diagnostics = utf8.diagnostics("file:///tmp/concord-lsp/b.md", Some(1));
    assert_eq!(
        range(&diagnostics[0]),
        (0, 18, 0, 22),
        "UTF-8: counted in bytes"
    );
}

#[test]
fn a_burst_of_edits_ends_with_diagnostics_for_the_final_text() {
    let uri = "file:///tmp/concord-lsp/burst.md";
    let mut client = Client::start(json!({}), json!(null));
    client.open(uri, "markdown", "");
    // 300 single-character insertions, each its own didChange, typed as fast as possible.
    let typed =
        "Officers warned that ISIS recruiters target pupils; online radicalisation is rising. "
            .repeat(3);
    for (version, (i, c)) in typed.char_indices().enumerate() {
        let at = json!({ "line": 0, "character": i });
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version + 2 },
                "contentChanges": [{ "range": { "start": at, "end": at }, "text": c.to_string() }],
            }),
        );
    }
    let last = typed.chars().count() as i64 + 1;
    let diagnostics = client.diagnostics(uri, Some(last));
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["cohesion/daesh-naming", "cohesion/vague-radicalisation"].repeat(3)
    );
    let third = typed.match_indices("ISIS").nth(2).unwrap().0 as u64;
    assert_eq!(
        range(&diagnostics[4]),
        (0, third, 0, third + 4),
        "the third ISIS, in the final text"
    );
}

#[test]
fn code_actions_quick_fix_fix_all_and_ignore_without_diagnostic_data() {
    let uri = "file:///tmp/concord-lsp/actions.md";
    let mut client = Client::start(json!({}), json!(null));
    client.open(uri, "markdown", "Intro.\n\n  Videos by ISIS and ISIL.\n");
    client.diagnostics(uri, Some(1));
    // The client sends no diagnostics (as clients that drop Diagnostic.data may): the server
    // works from the document and the range.
    let response = client.request("textDocument/codeAction", json!({
        "textDocument": { "uri": uri },
        "range": { "start": { "line": 2, "character": 12 }, "end": { "line": 2, "character": 12 } },
        "context": { "diagnostics": [] },
    }));
    let actions = response["result"].as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace “ISIS” with “Daesh”",
            "Ignore cohesion/daesh-naming on this line",
            "Fix all safe concord issues in this document"
        ]
    );
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["edit"]["changes"][uri][0]["newText"], "Daesh");
    let ignore = &actions[1]["edit"]["changes"][uri][0];
    assert_eq!(
        ignore["newText"],
        "  <!-- concord-disable-next-line cohesion/daesh-naming -->\n"
    );
    assert_eq!(
        ignore["range"]["start"],
        json!({ "line": 2, "character": 0 })
    );
    assert_eq!(actions[2]["kind"], "source.fixAll.concord");
    assert_eq!(
        actions[2]["edit"]["changes"][uri].as_array().unwrap().len(),
        2
    );

    let only_fix_all = client.request("textDocument/codeAction", json!({
        "textDocument": { "uri": uri },
        "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
        "context": { "diagnostics": [], "only": ["source.fixAll"] },
    }));
    assert_eq!(only_fix_all["result"].as_array().unwrap().len(), 1);
}

#[test]
fn hover_explains_the_rule() {
    let uri = "file:///tmp/concord-lsp/hover.md";
    let mut client = Client::start(json!({}), json!(null));
    client.open(uri, "markdown", "Tackling radicalisation in schools.");
    client.diagnostics(uri, Some(1));
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 12 } }),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("**cohesion/vague-radicalisation** (warning)"),
        "{value}"
    );
    assert!(
        value.contains("**Write instead:** “people being drawn into terrorism"),
        "{value}"
    );
    assert!(
        value.contains("*Source: Recommendation 9; paragraphs 5.14–5.19*"),
        "{value}"
    );
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 1 } }),
    );
    assert!(nothing["result"].is_null());
}

#[test]
fn pull_diagnostics_when_the_client_asks_for_them() {
    let uri = "file:///tmp/concord-lsp/pull.html";
    let mut client = Client::start(
        json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }),
        json!(null),
    );
    client.open(uri, "html", "<p>Join <b>ISIS</b></p>");
    let report = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(report["result"]["kind"], "full");
    assert_eq!(
        report["result"]["items"][0]["code"],
        "cohesion/daesh-naming"
    );
    let unknown = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": "file:///tmp/never-opened.md" } }),
    );
    assert!(
        unknown["error"].is_object(),
        "a proper error for a document that is not open: {unknown}"
    );
}

#[test]
fn settings_and_concord_toml_change_what_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/page.md", dir.path().display());
    let text = "ISIS and the Tower Hamlets Prevent Board and extremism.";
    let mut client = Client::start(
        json!({}),
        json!({ "rules": { "cohesion/daesh-naming": "off" }, "allow": ["Tower Hamlets Prevent Board"] }),
    );
    client.open(&uri, "markdown", text);
    let codes = |d: Vec<Value>| -> Vec<String> {
        d.iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        codes(client.diagnostics(&uri, Some(1))),
        [
            "clarity/unexplained-acronym",
            "cohesion/unqualified-extremism"
        ]
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "concord": { "packs": ["cohesion"] } } }),
    );
    assert_eq!(
        codes(client.diagnostics(&uri, Some(1))),
        ["cohesion/daesh-naming", "cohesion/unqualified-extremism"]
    );

    std::fs::write(
        dir.path().join("concord.toml"),
        "[rules]\n\"cohesion/unqualified-extremism\" = \"off\"\n",
    )
    .unwrap();
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": format!("file://{}/concord.toml", dir.path().display()), "type": 1 }] }));
    assert_eq!(
        codes(client.diagnostics(&uri, Some(1))),
        ["cohesion/daesh-naming"]
    );
}

#[test]
fn the_server_survives_bad_input_and_keeps_serving() {
    let uri = "file:///tmp/concord-lsp/robust.md";
    let mut client = Client::start(json!({}), json!(null));
    // Malformed JSON, a change to a document never opened, out-of-range positions.
    let garbage = "{not json";
    write!(
        client.stdin.as_mut().unwrap(),
        "Content-Length: {}\r\n\r\n{garbage}",
        garbage.len()
    )
    .unwrap();
    client.notify("textDocument/didChange", json!({ "textDocument": { "uri": "file:///tmp/nope.md", "version": 2 }, "contentChanges": [{ "text": "ISIS" }] }));
    client.open(uri, "markdown", "Join ISIS.");
    client.diagnostics(uri, Some(1));
    let far = json!({ "line": 999, "character": 999 });
    client.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": { "start": far, "end": far }, "text": " ISIL" }] }));
    assert_eq!(
        client.diagnostics(uri, Some(2)).len(),
        2,
        "the out-of-range insert lands at the end"
    );
    let actions = client.request("textDocument/codeAction", json!({ "textDocument": { "uri": uri }, "range": { "start": far, "end": far }, "context": { "diagnostics": [] } }));
    assert!(actions["result"].is_array());
    // A 5 MB document.
    let big = "The council reviewed its parks budget. ".repeat(130_000) + "Join ISIS.";
    client.open("file:///tmp/concord-lsp/big.md", "markdown", &big);
    assert_eq!(
        client
            .diagnostics("file:///tmp/concord-lsp/big.md", Some(1))
            .len(),
        1
    );
    // Closing clears the diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(client.diagnostics(uri, None).is_empty());
    let shutdown = client.request("shutdown", json!(null));
    assert!(shutdown["result"].is_null(), "{shutdown}");
}

/// Applies LSP text edits (UTF-16 positions) to `text`, as an editor does.
pub(crate) fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, character) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        let mut units = 0;
        let within = text[start..]
            .char_indices()
            .find(|(_, c)| {
                units += c.len_utf16() as u64;
                units > character
            })
            .map_or(text.len() - start, |(i, _)| i);
        start + within
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut text = text.to_string();
    for (start, end, new_text) in edits {
        text.replace_range(start..end, new_text);
    }
    text
}

#[test]
fn quick_fixes_and_fix_all_keep_the_markup_that_splits_the_words() {
    for (uri, language, text, fixed) in [
        (
            "file:///tmp/concord-lsp/split.html",
            "html",
            "<p>Families of people who joined <b>Islamic</b> State can call us.</p>",
            "<p>Families of people who joined <b>Daesh</b> can call us.</p>",
        ),
        (
            "file:///tmp/concord-lsp/split.md",
            "markdown",
            "Families of people who joined **Islamic** State can call us.\n",
            "Families of people who joined **Daesh** can call us.\n",
        ),
    ] {
        let mut client = Client::start(json!({}), json!(null));
        client.open(uri, language, text);
        assert_eq!(client.diagnostics(uri, Some(1)).len(), 1, "{uri}");
        let response = client.request("textDocument/codeAction", json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 36 }, "end": { "line": 0, "character": 36 } },
            "context": { "diagnostics": [] },
        }));
        let actions = response["result"].as_array().unwrap();
        let quick = &actions[0];
        assert_eq!(
            quick["title"], "Replace “Islamic State” with “Daesh”",
            "{uri}"
        );
        let fix_all = actions
            .iter()
            .find(|a| a["kind"] == "source.fixAll.concord")
            .unwrap();
        for action in [quick, fix_all] {
            let edits = action["edit"]["changes"][uri].as_array().unwrap();
            assert_eq!(
                apply_edits(text, edits),
                fixed,
                "{uri}: {}",
                action["title"]
            );
        }
    }
}

#[test]
fn a_concord_toml_mistake_is_shown_in_concord_toml_and_excluded_files_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("concord.toml");
    std::fs::write(
        &config,
        "exclude = [\"drafts/**\"]\n\n[rules]\n\"cohesion/daesh-naming\" = \"loud\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    let page = format!("file://{}/page.md", dir.path().display());
    let draft = format!("file://{}/drafts/draft.md", dir.path().display());
    let config_uri = format!("file://{}", config.display());
    let mut client = Client::start(json!({}), json!(null));
    client.open(&page, "markdown", "Join ISIS.");
    assert!(
        client.diagnostics(&page, Some(1)).is_empty(),
        "nothing at line 1 of the page"
    );
    let on_config = client.diagnostics(&config_uri, None);
    assert_eq!(on_config.len(), 1, "{on_config:?}");
    assert_eq!(range(&on_config[0]).0, 3, "on the line of the mistake");
    assert_eq!(range(&on_config[0]).1, 26, "at the bad value");
    assert!(
        on_config[0]["message"]
            .as_str()
            .unwrap()
            .contains("\"loud\"")
    );
    let shown = client.wait(|m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("concord.toml:4:27"),
        "{shown}"
    );

    // Fixed and saved: the mistake is cleared and the page is checked; the draft is excluded.
    std::fs::write(&config, "exclude = [\"drafts/**\"]\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config_uri } }),
    );
    assert!(client.diagnostics(&config_uri, None).is_empty());
    assert_eq!(client.diagnostics(&page, Some(1)).len(), 1);
    client.open(&draft, "markdown", "Join ISIS.");
    assert!(
        client.diagnostics(&draft, Some(1)).is_empty(),
        "drafts/** is excluded"
    );
}

#[test]
fn a_wrong_severity_in_editor_settings_is_an_error_not_silence() {
    let mut client = Client::start(
        json!({}),
        json!({ "rules": { "cohesion/daesh-naming": "loud" } }),
    );
    let shown = client.wait(|m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 1, "an error");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("\"loud\""),
        "{shown}"
    );
    // An unknown rule id in the settings is named, as in concord.toml.
    let uri = "file:///tmp/concord-lsp/settings.md";
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "concord": { "rules": { "cohesion/nope": "off" } } } }),
    );
    client.open(uri, "markdown", "Join ISIS.");
    let shown = client.wait(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("editor settings") && message.contains("cohesion/nope"),
        "{message}"
    );
}

#[test]
fn a_client_that_never_answers_still_ends_the_server_on_exit_and_on_closed_input() {
    // The exit status: 0 after `shutdown` then `exit`, 1 for `exit` alone, as the protocol asks.
    for (ending, code) in [("exit", 0), ("exit-alone", 1), ("close", 1)] {
        let capabilities =
            json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
        let mut client = Client::start_answering(capabilities, json!(null), false);
        let uri = "file:///tmp/concord-lsp/ale.md";
        client.open(uri, "markdown", "Join ISIS.");
        assert_eq!(client.diagnostics(uri, Some(1)).len(), 1);
        let registration = client.wait(|m| m["method"] == "client/registerCapability");
        assert!(registration["id"].is_number(), "asked, and never answered");
        if ending == "exit" {
            let shutdown = client.request("shutdown", json!(null));
            assert!(shutdown["result"].is_null(), "{shutdown}");
            client.notify("exit", json!(null));
        } else if ending == "exit-alone" {
            client.notify("exit", json!(null));
        } else {
            // The editor is killed: its end of the pipe closes.
            client.stdin = None;
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = client.child.try_wait().unwrap() {
                assert_eq!(status.code(), Some(code), "{ending}: exited by itself");
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{ending}: the server is still running"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn a_client_that_cannot_watch_files_is_not_asked_to() {
    let mut client = Client::start(json!({}), json!(null));
    let uri = "file:///tmp/concord-lsp/watch.md";
    client.open(uri, "markdown", "Join ISIS.");
    client.diagnostics(uri, Some(1));
    client.request("shutdown", json!(null));
    assert!(
        !client
            .backlog
            .iter()
            .any(|m| m["method"] == "client/registerCapability"),
        "{:?}",
        client.backlog
    );
}

/// An editor restoring twenty tabs opens twenty documents at once, before any check has
/// finished: the rules are built once for all of them (they used to be built once per
/// document, 1 GB at peak), and every document gets its diagnostics.
#[cfg(target_os = "linux")]
#[test]
fn twenty_documents_opened_at_once_share_one_rule_build() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(json!({}), json!(null));
    let uris: Vec<String> = (0..20)
        .map(|i| format!("file://{}/page-{i}.md", dir.path().display()))
        .collect();
    let started = std::time::Instant::now();
    for uri in &uris {
        client.open(uri, "markdown", "Young people were drawn to ISIS online.");
    }
    for uri in &uris {
        let diagnostics = client.diagnostics(uri, Some(1));
        assert_eq!(diagnostics.len(), 1, "{uri}: {diagnostics:?}");
    }
    // A generous bound for an unoptimised build on a busy machine; the release build's time is
    // measured in the closing note.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    let peak_kb = crate::peak_kb(client.child.id());
    assert!(peak_kb < 150 * 1024, "the server peaked at {peak_kb} KB");
}

/// An editor that watches no files (Neovim 0.11 on Linux) never says `concord.toml` changed: the
/// server notices the file's new modification time on the next check, clears the mistake it
/// showed, and checks with the corrected rules.
#[test]
fn a_corrected_concord_toml_is_seen_without_file_watching() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("concord.toml");
    std::fs::write(&config, "[rules]\n\"cohesion/daesh-naming\" = \"loud\"\n").unwrap();
    let page = format!("file://{}/page.md", dir.path().display());
    let config_uri = format!("file://{}", config.display());
    let mut client = Client::start(json!({}), json!(null));
    client.open(&page, "markdown", "Join ISIS.");
    assert!(client.diagnostics(&page, Some(1)).is_empty());
    assert_eq!(client.diagnostics(&config_uri, None).len(), 1);

    std::fs::write(&config, "[rules]\n\"cohesion/daesh-naming\" = \"error\"\n").unwrap();
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": page, "version": 2 },
            "contentChanges": [{ "text": "Join ISIS now." }]
        }),
    );
    assert!(
        client.diagnostics(&config_uri, None).is_empty(),
        "the mistake is cleared"
    );
    let diagnostics = client.diagnostics(&page, Some(2));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 1, "the corrected level: error");

    // A change to a valid file is seen too.
    std::fs::write(&config, "[rules]\n\"cohesion/daesh-naming\" = \"off\"\n").unwrap();
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": page, "version": 3 },
            "contentChanges": [{ "text": "They left to join Islamic State." }]
        }),
    );
    let diagnostics = client.diagnostics(&page, Some(3));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}
