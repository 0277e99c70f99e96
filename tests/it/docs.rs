//! `docs/rules/` is rendered from the rule data; this fails when a committed page is stale.
//! Regenerate with `UPDATE_DOCS=1 cargo test -p concord docs`.

use std::fs;

use crate::{concord, workspace};

#[test]
fn rule_docs_are_up_to_date() {
    let listing = concord().arg("rules").output().unwrap();
    let ids: Vec<String> = String::from_utf8(listing.stdout)
        .unwrap()
        .lines()
        // Rules are indented by two spaces; their concerns, under them, by four.
        .filter(|line| !line.starts_with("    "))
        .filter_map(|line| line.strip_prefix("  "))
        .filter_map(|line| line.split_whitespace().next().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), 13, "{ids:?}");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for id in &ids {
        let page = concord()
            .args(["explain", "--markdown", id])
            .output()
            .unwrap();
        assert!(page.status.success());
        let path = workspace().join("docs/rules").join(format!("{id}.md"));
        if update {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &page.stdout).unwrap();
        } else if fs::read(&path).ok().as_deref() != Some(&page.stdout[..]) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule docs (run UPDATE_DOCS=1 cargo test -p concord docs): {stale:?}"
    );
}
