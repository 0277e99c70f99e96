//! `concord rules`, `concord explain` and packs loaded with `--rules`.

use std::fs;

use crate::{concord, json, stderr, workspace};

const RULE_IDS: [&str; 9] = [
    "cohesion/vague-radicalisation",
    "cohesion/faith-as-ideology",
    "cohesion/daesh-naming",
    "cohesion/group-objectification",
    "cohesion/religiosity-as-risk",
    "cohesion/stigmatising-place",
    "cohesion/trojan-horse-label",
    "cohesion/unqualified-extremism",
    "clarity/unexplained-acronym",
];

#[test]
fn rules_lists_every_rule_with_its_severity() {
    let output = concord().arg("rules").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for id in RULE_IDS {
        assert!(stdout.contains(id), "{id} missing from:\n{stdout}");
    }
    assert!(
        stdout.contains("cohesion/unqualified-extremism     hint"),
        "{stdout}"
    );
}

#[test]
fn explain_shows_rationale_source_suggestions_and_examples() {
    let output = concord()
        .args(["explain", "cohesion/daesh-naming"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for part in [
        "Why it matters:",
        "Source: Recommendation 9; paragraph 1.8 and footnote 2",
        "Automatic fix: replace with “Daesh”",
        "✗ Three students left to join [ISIS]",
        "✓ The River Isis",
    ] {
        assert!(stdout.contains(part), "{part:?} missing from:\n{stdout}");
    }
    let unknown = concord()
        .args(["explain", "cohesion/nope"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("there is no rule `cohesion/nope`"));
}

#[test]
fn a_council_pack_loads_from_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pack.toml"),
        "[pack]\nname = \"local\"\nsummary = \"Our own words.\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("estate-names.toml"),
        r#"
[[rule]]
id = "local/estate-nickname"
severity = "error"
summary = "Uses a nickname for the Ocean Estate."
message = "Residents find this nickname hurtful; use the estate's name."
rationale = "Residents asked us to stop."
source = "Residents' forum, 2026"
suggestions = ["the Ocean Estate"]
fix = "the Ocean Estate"

[[rule.match]]
terms = ["the Sink Estate"]

[rule.examples]
flag = ["We visited [the Sink Estate] today."]
pass = ["We visited the Ocean Estate today."]
"#,
    )
    .unwrap();
    let output = concord()
        .args(["check", "-", "--format", "json", "--rules"])
        .arg(dir.path())
        .write_stdin("Police patrolled the sink estate and ISIS graffiti was removed.")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let value = json(&output);
    let rules: Vec<&str> = value["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["local/estate-nickname", "cohesion/daesh-naming"]);
    assert_eq!(
        value["summary"]["by_severity"],
        serde_json::json!({"error": 1, "warning": 1})
    );
}

#[test]
fn a_malformed_rule_file_is_reported_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("broken.toml");
    fs::write(
        &pack,
        "[pack]\nname = \"x\"\nsummary = \"s\"\n\n[[rule]]\nid = \"x/a\"\nseverty = \"warning\"\n",
    )
    .unwrap();
    let output = concord()
        .args(["check", "-", "--rules"])
        .arg(&pack)
        .write_stdin("text")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains(&format!("{}:7:1: unknown field `severty`", pack.display())),
        "{err}"
    );

    let bad_term = dir.path().join("bad-term.toml");
    fs::write(&bad_term, concat!(
        "[pack]\nname = \"x\"\nsummary = \"s\"\n\n[[rule]]\nid = \"x/a\"\nseverity = \"warning\"\nsummary = \"s\"\n",
        "message = \"m\"\nrationale = \"r\"\nsource = \"s\"\n[[rule.match]]\nterms = [\"{nowhere} words\"]\n",
        "[rule.examples]\nflag = []\npass = []\n",
    )).unwrap();
    let output = concord()
        .args(["rules", "--rules"])
        .arg(&bad_term)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "{}:13:10: `{{nowhere}}` names no word list of this pack",
            bad_term.display()
        )),
        "{err}"
    );
}

#[test]
fn the_builtin_packs_load_from_their_folders_too() {
    // Loading rules/cohesion again as an extra pack duplicates every id: each is reported.
    let output = concord()
        .args(["rules", "--rules"])
        .arg(workspace().join("rules/cohesion"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(
        "rule `cohesion/daesh-naming` is already defined in builtin:cohesion/daesh-naming.toml"
    ));
}

/// A council's own rule ids may hold any characters the pack format allows; every output
/// format reports them without failing.
#[test]
fn odd_rule_ids_from_a_council_pack_work_in_every_output_format() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pack.toml"),
        "[pack]\nname = \"local\"\nsummary = \"Our own words.\"\n",
    )
    .unwrap();
    let rule = |id: &str, term: &str| {
        format!(
            r#"
[[rule]]
id = "{id}"
severity = "warning"
summary = "Uses {term}."
message = "Residents asked us not to use this word; use the estate's name."
rationale = "Residents asked us to stop."
source = "Residents' forum, 2026"
suggestions = ["the Ocean Estate"]
fix = "the Ocean Estate"

[[rule.match]]
terms = ["{term}"]

[rule.examples]
flag = ["We visited [{term}] today."]
pass = ["We visited the Ocean Estate today."]
"#
        )
    };
    let rules = [
        rule("local/a--b", "the Sink Estate"),
        rule("local/état", "the Dump Estate"),
        rule("local/-", "the Ghetto Estate"),
    ]
    .concat();
    fs::write(dir.path().join("estates.toml"), rules).unwrap();
    let page = dir.path().join("page.md");
    fs::write(
        &page,
        "We visited the Sink Estate, the Dump Estate and the Ghetto Estate.\n",
    )
    .unwrap();
    for format in crate::FORMATS {
        let output = concord()
            .args(["check", "--no-config", "--format", format, "--rules"])
            .arg(dir.path())
            .arg(&page)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            stderr(&output)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        for id in ["local/a--b", "local/état", "local/-"] {
            let shown = match format {
                "checkstyle" => format!("concord.{}", id.replace('/', ".")),
                _ => id.to_string(),
            };
            assert!(stdout.contains(&shown), "{format}: {id} missing:\n{stdout}");
        }
        if format == "sarif" {
            let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            let rules = &sarif["runs"][0]["tool"]["driver"]["rules"];
            let local = rules
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == "local/état")
                .unwrap();
            assert_eq!(local["name"], "État");
            assert!(
                local.get("helpUri").is_none(),
                "a council pack has no page of ours"
            );
        }
    }
}

#[test]
fn version_names_the_commit_and_every_builtin_pack_edition() {
    let output = concord().arg("--version").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let first = stdout.lines().next().unwrap();
    let release = format!("concord {} (", env!("CARGO_PKG_VERSION"));
    assert!(first.starts_with(&release), "{stdout}");
    // Built from this checkout, the commit is git's: a 10-digit hash and its date.
    if std::path::Path::new(".git").is_dir() {
        let commit = regex::Regex::new(r"\([0-9a-f]{10} \d{4}-\d\d-\d\d\)$").unwrap();
        assert!(commit.is_match(first), "{first}");
    }
    let stated = regex::Regex::new(r#"(?m)^version = "([^"]+)""#).unwrap();
    for pack in ["cohesion", "clarity"] {
        let toml = fs::read_to_string(format!("rules/{pack}/pack.toml")).unwrap();
        let version = stated
            .captures(&toml)
            .unwrap_or_else(|| panic!("rules/{pack}/pack.toml states no version"))[1]
            .to_string();
        assert!(
            stdout.contains(&format!("{pack} {version}")),
            "{pack} {version} missing from:\n{stdout}"
        );
    }
}

#[test]
fn generated_completions_load_in_bash_and_the_man_page_names_every_command() {
    let output = concord().args(["generate", "bash"]).output().unwrap();
    assert!(output.status.success());
    let script = tempfile::tempdir().unwrap();
    fs::write(script.path().join("concord.bash"), &output.stdout).unwrap();
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg("source concord.bash && complete -p concord")
        .current_dir(script.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&loaded.stdout).contains("-F _concord concord"),
        "{}",
        stderr(&loaded)
    );
    let man = concord().args(["generate", "man"]).output().unwrap();
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(man.contains(".TH concord 1"), "{man}");
    // The main page refers to a page per command; `--dir` writes them all.
    let pages = tempfile::tempdir().unwrap();
    let written = concord()
        .args(["generate", "man", "--dir"])
        .arg(pages.path())
        .output()
        .unwrap();
    assert!(written.status.success(), "{}", stderr(&written));
    for command in ["check", "crawl", "annotate", "serve", "lsp", "explain"] {
        assert!(
            man.contains(&format!("concord\\-{command}(1)")),
            "{command}: {man}"
        );
        let page = fs::read_to_string(pages.path().join(format!("concord-{command}.1"))).unwrap();
        assert!(page.contains(&format!(".TH concord-{command} 1")), "{page}");
    }
}
