//! concord.toml and inline suppressions, through the real binary.

use std::fs;

use crate::{concord, found, json, stderr};

#[test]
fn the_nearest_config_applies_and_no_config_ignores_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("concord.toml"), "[rules]\n\"cohesion/daesh-naming\" = \"off\"\n[allow]\nphrases = [\"Tower Hamlets Prevent Board\"]\n").unwrap();
    fs::create_dir(dir.path().join("news")).unwrap();
    fs::write(
        dir.path().join("news/a.md"),
        "Islamic State videos. The Tower Hamlets Prevent Board met about online radicalisation.\n",
    )
    .unwrap();
    let with = concord()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        found(&with),
        [(
            "cohesion/vague-radicalisation".to_string(),
            "online radicalisation".to_string()
        )]
    );
    let without = concord()
        .args(["check", "--format", "json", "--no-config"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(found(&without).len(), 2);
}

#[test]
fn a_bad_config_stops_the_run_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("concord.toml");
    fs::write(&config, "packs = [\"cohesion\"]\nseverity = \"high\"\n").unwrap();
    fs::write(dir.path().join("a.md"), "ISIS").unwrap();
    let output = concord().args(["check"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!(
            "{}:2:1: unknown field `severity`",
            config.display()
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn config_show_names_where_each_value_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("concord.toml");
    fs::write(&config, "packs = [\"cohesion\"]\n[[overrides]]\nfiles = [\"press/**\"]\n[overrides.rules]\n\"cohesion/unqualified-extremism\" = \"off\"\n").unwrap();
    let output = concord()
        .args(["config", "--show"])
        .arg(dir.path().join("press/release.md"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(&format!(
            "packs = [\"cohesion\"]                             # {}:1",
            config.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"cohesion/unqualified-extremism\" = \"off\""),
        "{stdout}"
    );
    assert!(stdout.contains("(override for [\"press/**\"])"), "{stdout}");
}

#[test]
fn walked_files_obey_config_include_and_exclude() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("concord.toml"),
        "exclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    fs::create_dir(dir.path().join("drafts")).unwrap();
    fs::write(dir.path().join("drafts/x.md"), "ISIS").unwrap();
    fs::write(dir.path().join("live.md"), "ISIL").unwrap();
    let walked = concord()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(json(&walked)["summary"]["files"], 1);
    let named = concord()
        .args(["check", "--format", "json"])
        .arg(dir.path().join("drafts/x.md"))
        .output()
        .unwrap();
    assert_eq!(
        json(&named)["summary"]["files"],
        1,
        "a file named on the command line is always checked"
    );
}

#[test]
fn inline_suppressions_in_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("page.md");
    fs::write(&md, concat!(
        "<!-- concord-disable-next-line cohesion/daesh-naming -->\n",
        "ISIS is quoted here on purpose.\n\n",
        "But ISIL here is not.\n\n",
        "<!-- concord-disable -->\nThe Trojan Horse affair and radicalisation.\n<!-- concord-enable -->\n\n",
        "<!-- concord-disable-next-line cohesion/stigmatising-place -->\nNothing to suppress on this line.\n",
    )).unwrap();
    let html = dir.path().join("page.html");
    fs::write(&html, "<!-- concord-disable-file clarity/unexplained-acronym --><p>The MASH and the LSCB met about ISIS.</p>").unwrap();
    let output = concord()
        .args(["check", "--format", "json"])
        .arg(&md)
        .arg(&html)
        .output()
        .unwrap();
    let rules: Vec<(String, String)> = found(&output);
    assert_eq!(
        rules,
        [
            ("cohesion/daesh-naming".to_string(), "ISIS".to_string()),
            ("cohesion/daesh-naming".to_string(), "ISIL".to_string()),
            (
                "concord/unused-suppression".to_string(),
                "<!-- concord-disable-next-line cohesion/stigmatising-place -->".to_string()
            ),
        ]
    );
    let unused = &json(&output)["files"][1]["diagnostics"][1];
    assert_eq!(
        (
            unused["severity"].as_str(),
            unused["start"]["line"].as_u64()
        ),
        (Some("hint"), Some(10))
    );
}

#[test]
fn each_concern_of_group_objectification_is_configured_on_its_own_and_the_rule_id_selects_all() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    fs::write(
        &page,
        "Residents spoke to the Muslim community about the library.\n\nCCTV showed two males leaving.\n\n<!-- concord-disable-next-line cohesion/group-objectification/distancing-label -->\nWe must reach those communities first.\n\nWe must reach those communities soon.\n",
    )
    .unwrap();
    let run = |config: &str| {
        fs::write(dir.path().join("concord.toml"), config).unwrap();
        let output = concord()
            .args(["check", "--format", "json"])
            .arg(&page)
            .output()
            .unwrap();
        let report = json(&output);
        let concerns: Vec<(String, String)> = report["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] != "concord/unused-suppression")
            .map(|d| {
                assert_eq!(
                    d["rule"], "cohesion/group-objectification",
                    "findings keep the rule's id"
                );
                (
                    d["concern"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        concerns
    };
    let concern = |name: &str| format!("cohesion/group-objectification/{name}");
    assert_eq!(
        run(""),
        [
            (concern("monolithic-community"), "info".to_string()),
            (concern("gendered-nouns"), "hint".to_string()),
            (concern("distancing-label"), "warning".to_string()),
        ],
        "the suppression names one concern and silences only its line"
    );
    assert_eq!(
        run(
            "[rules]\n\"cohesion/group-objectification/gendered-nouns\" = \"off\"\n\"cohesion/group-objectification/monolithic-community\" = \"error\"\n"
        ),
        [
            (concern("monolithic-community"), "error".to_string()),
            (concern("distancing-label"), "warning".to_string()),
        ]
    );
    assert!(
        run("[rules]\n\"cohesion/group-objectification\" = \"off\"\n").is_empty(),
        "the rule's id selects every concern"
    );

    fs::write(
        dir.path().join("concord.toml"),
        "[rules]\n\"cohesion/group-objectification/no-such-part\" = \"off\"\n",
    )
    .unwrap();
    let bad = concord().args(["check"]).arg(&page).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("`cohesion/group-objectification/no-such-part`, which is not a rule"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn the_plain_pack_is_off_until_packs_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    fs::write(
        &page,
        "In order to apply, utilise the form. Three students left to join ISIS.\n\n\
         # A heading that runs on for well over twenty-five words is not a sentence, so it is never \
         counted however long it is\n\n\
         You can pay your council tax by direct debit, online with a debit or credit card, by \
         phone using our automated line, or in person at any post office in the borough.\n",
    )
    .unwrap();
    let check = || {
        concord()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "page.md"])
            .output()
            .unwrap()
    };
    assert_eq!(
        found(&check()),
        [("cohesion/daesh-naming".to_string(), "ISIS".to_string())]
    );
    fs::write(
        dir.path().join("concord.toml"),
        "packs = [\"cohesion\", \"clarity\", \"plain\"]\n",
    )
    .unwrap();
    let output = check();
    let long = "You can pay your council tax by direct debit, online with a debit or credit card, \
                by phone using our automated line, or in person at any post office in the borough.";
    assert_eq!(
        found(&output),
        [
            ("plain/wordy-phrase".to_string(), "In order to".to_string()),
            ("plain/formal-word".to_string(), "utilise".to_string()),
            ("cohesion/daesh-naming".to_string(), "ISIS".to_string()),
            ("plain/long-sentence".to_string(), long.to_string()),
        ]
    );
    let messages: Vec<String> = json(&output)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        messages[3],
        "This sentence has 32 words; sentences of 25 words or fewer are easier to follow."
    );
}
