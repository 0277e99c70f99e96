//! concord.toml: discovery, extends, overrides, and mistakes reported with file, line and key.

use std::fs;
use std::path::Path;

use concord_config::{Config, nearest, show};
use concord_engine::{RuleSet, Severity};

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

fn ids(config: &Config, file: &Path, text: &str) -> Vec<(String, Severity)> {
    let rules = RuleSet::builtin();
    let policy = config.policy(file, &rules);
    rules
        .check_with(text, &policy)
        .iter()
        .map(|f| (f.rule.id.clone(), f.severity))
        .collect()
}

#[test]
fn the_nearest_file_wins() {
    let dir = tempfile::tempdir().unwrap();
    let root = write(dir.path(), "concord.toml", "");
    let inner = write(dir.path(), "site/news/.concord.toml", "");
    assert_eq!(nearest(&dir.path().join("site/news/2026")), Some(inner));
    assert_eq!(nearest(&dir.path().join("site")), Some(root));
}

#[test]
fn extends_chains_merge_with_the_nearer_file_winning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shared/base.toml",
        "packs = [\"cohesion\"]\n[rules]\n\"cohesion/daesh-naming\" = \"error\"\n\"cohesion/unqualified-extremism\" = \"off\"\n[allow]\nphrases = [\"Islamic State Studies Centre\"]\n",
    );
    let site = write(
        dir.path(),
        "site/concord.toml",
        "extends = \"../shared/base.toml\"\n[rules]\n\"cohesion/daesh-naming\" = \"info\"\n",
    );
    let config = Config::load(&site).unwrap();
    assert_eq!(config.files.len(), 2);
    let file = dir.path().join("site/page.md");
    let text = "ISIS and extremism at the Islamic State Studies Centre; the MASH met.";
    // clarity is not in `packs`, extremism is off, the Centre is allowed, ISIS is info.
    assert_eq!(
        ids(&config, &file, text),
        [("cohesion/daesh-naming".to_string(), Severity::Info)]
    );
    let shown = show(&config, &file);
    assert!(
        shown.contains("\"cohesion/daesh-naming\" = \"info\""),
        "{shown}"
    );
    assert!(shown.contains(&format!("{}:3", site.display())), "{shown}");
    assert!(
        shown.contains("base.toml:1"),
        "the packs setting names its origin:\n{shown}"
    );
}

#[test]
fn a_loop_of_extends_is_an_error_at_the_extends_key() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.toml", "extends = \"b.toml\"\n");
    write(dir.path(), "b.toml", "packs = []\nextends = \"a.toml\"\n");
    let err = Config::load(&a).unwrap_err().to_string();
    assert!(
        err.contains("b.toml:2:11: `extends` loops back to"),
        "{err}"
    );
}

#[test]
fn unknown_keys_and_bad_values_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let typo = write(
        dir.path(),
        "typo.toml",
        "packs = [\"cohesion\"]\n\n[alow]\nphrases = []\n",
    );
    let err = Config::load(&typo).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("{}:3:2: unknown field `alow`", typo.display())),
        "{err}"
    );

    let level = write(
        dir.path(),
        "level.toml",
        "[rules]\n\"cohesion/daesh-naming\" = \"loud\"\n",
    );
    let err = Config::load(&level).unwrap_err().to_string();
    assert!(
        err.contains("level.toml:2:27: rules.\"cohesion/daesh-naming\" = \"loud\": use \"off\""),
        "{err}"
    );

    let glob = write(dir.path(), "glob.toml", "exclude = [\"a{b\"]\n");
    assert!(
        Config::load(&glob)
            .unwrap_err()
            .to_string()
            .contains("glob.toml:1:12: `a{b` is not a valid glob")
    );

    let missing = write(dir.path(), "missing.toml", "extends = \"nowhere.toml\"\n");
    assert!(
        Config::load(&missing)
            .unwrap_err()
            .to_string()
            .contains("which does not exist")
    );

    let names = write(
        dir.path(),
        "names.toml",
        "packs = [\"cohesion\", \"kindness\"]\n[rules]\n\"cohesion/nope\" = \"off\"\n",
    );
    let errors: Vec<String> = Config::load(&names)
        .unwrap()
        .validate(&RuleSet::builtin())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("names.toml:1:9: `packs` names `kindness`"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("names.toml:3:1: `rules` names `cohesion/nope`"),
        "{errors:?}"
    );
}

#[test]
fn overrides_apply_to_matching_paths_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "concord.toml",
        "[[overrides]]\nfiles = [\"archive/**\"]\n[overrides.rules]\n\"cohesion/daesh-naming\" = \"off\"\n[overrides.allow]\nphrases = [\"Muslim extremists\"]\n",
    );
    let config = Config::load(&path).unwrap();
    let text = "Muslim extremists joined Islamic State.";
    assert_eq!(
        ids(&config, &dir.path().join("archive/2015/old.md"), text),
        []
    );
    assert_eq!(ids(&config, &dir.path().join("news/new.md"), text).len(), 2);
}

#[test]
fn include_and_exclude_choose_files_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "concord.toml",
        "include = [\"content/**\"]\nexclude = [\"content/drafts/**\"]\n",
    );
    let config = Config::load(&path).unwrap();
    assert!(config.accepts(&dir.path().join("content/news.md")));
    assert!(!config.accepts(&dir.path().join("content/drafts/x.md")));
    assert!(!config.accepts(&dir.path().join("README.md")));
}

#[test]
fn threads_asking_for_a_project_at_once_share_one_load_and_a_failed_load_is_tried_again() {
    use concord_config::{ConfigChoice, Projects};
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "concord.toml",
        "[rules]\n\"cohesion/daesh-naming\" = \"error\"\n",
    );
    let projects = Projects::new(ConfigChoice::Nearest, &[]);
    let loaded: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| projects.for_dir(dir.path()).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(
        loaded.iter().all(|p| Arc::ptr_eq(p, &loaded[0])),
        "one project, built once"
    );
    assert_eq!(projects.all().len(), 1);

    let broken = tempfile::tempdir().unwrap();
    let toml = write(
        broken.path(),
        "concord.toml",
        "[rules]\nnot-a-rule = \"error\"\n",
    );
    let projects = Projects::new(ConfigChoice::Nearest, &[]);
    assert!(projects.for_dir(broken.path()).is_err());
    assert!(projects.all().is_empty());
    fs::write(&toml, fs::read(&config).unwrap()).unwrap();
    assert!(
        projects.for_dir(broken.path()).is_ok(),
        "the corrected file is read again"
    );
}

/// The built-in packs compiled when concord was built are the packs in `rules/` compiled now:
/// `build.rs` runs again whenever they change.
#[test]
fn the_builtin_rule_set_read_from_the_build_is_the_one_the_packs_compile_to() {
    assert_eq!(
        concord_config::builtin().to_bytes(),
        RuleSet::builtin().to_bytes()
    );
    let extra: &[&Path] = &[];
    assert_eq!(
        concord_config::load_packs(extra).unwrap().to_bytes(),
        RuleSet::builtin().to_bytes()
    );
}
