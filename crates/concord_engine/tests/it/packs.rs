//! Custom packs: what the schema can express, and how mistakes are reported.

use concord_engine::{PackError, PackSource, RuleFileSource, RuleSet};

fn pack(files: &[(&str, &str)]) -> Vec<PackSource> {
    let files = files
        .iter()
        .map(|&(origin, text)| RuleFileSource {
            origin: origin.into(),
            text: text.into(),
        })
        .collect();
    vec![PackSource { files }]
}

fn errors(files: &[(&str, &str)]) -> Vec<PackError> {
    match RuleSet::compile(&pack(files)) {
        Ok(_) => panic!("the pack should not compile"),
        Err(errors) => errors,
    }
}

const HEADER: &str =
    "[pack]\nname = \"t\"\nsummary = \"Test pack.\"\n[pack.vocab]\nfood = [\"apple\", \"pear\"]\n";

fn rule(id: &str, severity: &str, matchers: &str) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\nseverity = \"{severity}\"\nsummary = \"s\"\nmessage = \"m\"\nrationale = \"r\"\nsource = \"s\"\n{matchers}\n[rule.examples]\nflag = []\npass = []\n"
    )
}

#[test]
fn unknown_keys_are_located() {
    let text = format!("{HEADER}\n[[rule]]\nid = \"t/a\"\ncolour = \"red\"\n");
    let errs = errors(&[("t.toml", &text)]);
    assert_eq!(errs.len(), 1);
    assert_eq!(
        (errs[0].origin.as_str(), errs[0].line, errs[0].column),
        ("t.toml", Some(9), Some(1))
    );
    assert!(
        errs[0].message.contains("unknown field `colour`"),
        "{}",
        errs[0].message
    );
}

#[test]
fn semantic_mistakes_are_all_reported_with_places() {
    let bad = rule(
        "other/x",
        "warning",
        "[[rule.match]]\nterms = [\"{fruit} pie\"]\npatterns = [\"(unclosed\"]\n",
    );
    let text = format!("{HEADER}{bad}");
    let errs = errors(&[("t.toml", &text)]);
    let messages: Vec<String> = errs.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].starts_with("t.toml:7:6: rule id `other/x` must be `t/<name>`"),
        "{messages:#?}"
    );
    assert!(
        messages[1].starts_with("t.toml:14:10: `{fruit}` names no word list"),
        "{messages:#?}"
    );
    assert!(
        messages[2].starts_with("t.toml:15:13: invalid pattern: unclosed group"),
        "{messages:#?}"
    );
}

#[test]
fn a_pack_needs_exactly_one_header_and_unique_ids() {
    let a = rule("t/a", "hint", "[[rule.match]]\nterms = [\"apple\"]\n");
    let no_header = errors(&[("a.toml", &a)]);
    assert!(no_header[0].message.contains("no `[pack]` table"));
    let twice = errors(&[("p.toml", HEADER), ("a.toml", &a), ("b.toml", &a)]);
    assert!(
        twice[0]
            .to_string()
            .contains("rule `t/a` is already defined in a.toml"),
        "{:?}",
        twice
    );
}

#[test]
fn vocab_and_alternatives_expand_into_terms() {
    let r = rule(
        "t/fruit",
        "warning",
        "[[rule.match]]\nterms = [\"{food} (pie|tart)\"]\n",
    );
    let rules = RuleSet::compile(&pack(&[("p.toml", HEADER), ("r.toml", &r)])).unwrap();
    let text = "An apple tart and a pear\npie, but not a plum pie.";
    let found: Vec<&str> = rules
        .check(text)
        .iter()
        .map(|f| &text[f.span.clone()])
        .collect();
    assert_eq!(found, ["apple tart", "pear\npie"]);
}

#[test]
fn longest_match_wins_then_more_context_then_severity() {
    let rules_text = [
        rule("t/short", "error", "[[rule.match]]\nterms = [\"apple\"]\n"),
        rule(
            "t/long",
            "hint",
            "[[rule.match]]\nterms = [\"apple pie\"]\n",
        ),
        rule("t/plain", "error", "[[rule.match]]\nterms = [\"pear\"]\n"),
        rule(
            "t/context",
            "hint",
            "[[rule.match]]\nterms = [\"pear\"]\nrequires = [{ any = [\"ripe\"] }]\n",
        ),
    ]
    .concat();
    let rules = RuleSet::compile(&pack(&[("p.toml", HEADER), ("r.toml", &rules_text)])).unwrap();
    let ids = |text: &str| -> Vec<String> {
        rules
            .check(text)
            .iter()
            .map(|f| f.rule.id.clone())
            .collect()
    };
    assert_eq!(
        ids("apple pie"),
        ["t/long"],
        "the longer span wins whatever the severity"
    );
    assert_eq!(ids("an apple"), ["t/short"]);
    assert_eq!(
        ids("a ripe pear"),
        ["t/context"],
        "at the same span, the match with more context wins"
    );
    assert_eq!(ids("a pear"), ["t/plain"]);
    for _ in 0..5 {
        assert_eq!(
            ids("ripe pear, apple pie, apple"),
            ["t/context", "t/long", "t/short"]
        );
    }
}

#[test]
fn ignore_phrases_and_names_shield_what_is_inside() {
    let header = HEADER.replacen(
        "[pack.vocab]",
        "names = [\"Apple Pie Society\"]\n[pack.vocab]",
        1,
    );
    let r = rule("t/a", "warning", "[[rule.match]]\nterms = [\"apple\"]\n").replace(
        "source = \"s\"\n",
        "source = \"s\"\nignore = [\"apple sauce\"]\n",
    );
    let rules = RuleSet::compile(&pack(&[("p.toml", &header), ("r.toml", &r)])).unwrap();
    assert!(
        rules
            .check("apple sauce and the Apple Pie Society")
            .is_empty()
    );
    assert_eq!(rules.check("an apple").len(), 1);
}

#[test]
fn a_policy_turns_rules_off_overrides_severity_and_allows_phrases() {
    use concord_engine::{Policy, Severity};
    let rules = RuleSet::builtin();
    let text = "Muslim extremists joined ISIS. Staff studied Islamic State propaganda.";
    let ids = |policy: &Policy| -> Vec<(String, Severity)> {
        rules
            .check_with(text, policy)
            .iter()
            .map(|f| (f.rule.id.clone(), f.severity))
            .collect()
    };
    let plain = ids(&Policy::new());
    let plain_ids: Vec<&str> = plain.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        plain_ids,
        [
            "cohesion/faith-as-ideology",
            "cohesion/daesh-naming",
            "cohesion/daesh-naming"
        ]
    );

    let mut policy = Policy::new();
    policy.set_severity("cohesion/faith-as-ideology", None);
    policy.set_severity("cohesion/daesh-naming", Some(Severity::Error));
    policy.allow(["islamic state propaganda"]);
    assert_eq!(
        ids(&policy),
        [
            // With faith-as-ideology off, the shorter match inside its phrase is found instead.
            ("cohesion/unqualified-extremism".to_string(), Severity::Hint),
            ("cohesion/daesh-naming".to_string(), Severity::Error),
        ]
    );
}

#[test]
fn a_rules_ignore_phrases_shield_only_that_rule() {
    let a = rule(
        "t/a",
        "warning",
        "ignore = [\"apple pie recipe\"]\n[[rule.match]]\nterms = [\"apple pie\"]\n",
    );
    let b = rule("t/b", "warning", "[[rule.match]]\nterms = [\"recipe\"]\n");
    let text = format!("{HEADER}{a}{b}");
    let rules = RuleSet::compile(&pack(&[("t.toml", &text)])).unwrap();
    let found: Vec<&str> = rules
        .check("An apple pie recipe.")
        .iter()
        .map(|f| f.rule.id.as_str())
        .collect();
    assert_eq!(found, ["t/b"], "t/a's ignore phrase does not hide t/b");
    // Turned off, t/a's phrase still hides nothing of t/b.
    let mut policy = concord_engine::Policy::new();
    policy.set_severity("t/a", None);
    let found = rules.check_with("An apple pie recipe.", &policy);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule.id, "t/b");
}

#[test]
fn a_condition_with_no_words_or_an_empty_pattern_is_an_error_not_a_rule_that_fires_everywhere() {
    for condition in [
        "requires = [{ any = [] }]",
        "requires = [{ pattern = 'x*' }]",
    ] {
        let message = one_located_error(condition).message;
        assert!(
            message.contains("no words") || message.contains("matches empty text"),
            "{condition}: {message}"
        );
    }
}

/// The one error, with its place, of a rule matching "apple" under `condition`.
fn one_located_error(condition: &str) -> PackError {
    let bad = rule(
        "t/a",
        "warning",
        &format!("[[rule.match]]\nterms = [\"apple\"]\n{condition}\n"),
    );
    let mut errs = errors(&[("t.toml", &format!("{HEADER}{bad}"))]);
    assert_eq!(errs.len(), 1, "{condition}: {errs:?}");
    assert!(errs[0].line.is_some(), "{condition}: located");
    errs.remove(0)
}

#[test]
fn a_word_list_that_expands_past_the_cap_is_a_located_error() {
    let words: Vec<String> = (0..200).map(|i| format!("\"w{i}\"")).collect();
    let header = format!(
        "[pack]\nname = \"t\"\nsummary = \"s\"\n[pack.vocab]\nmany = [{}]\n",
        words.join(", ")
    );
    let bad = rule(
        "t/a",
        "warning",
        "[[rule.match]]\nterms = [\"{many} {many} {many}\"]\n",
    );
    let errs = errors(&[("t.toml", &format!("{header}{bad}"))]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("more than 10000"), "{}", errs[0]);
    assert!(errs[0].line.is_some());
}

#[test]
fn patterns_follow_the_word_boundary_and_case_rules_of_terms() {
    let text = format!(
        "{HEADER}{}{}",
        rule(
            "t/any",
            "warning",
            "[[rule.match]]\npatterns = ['pear[sz]?']\n"
        ),
        rule(
            "t/caps",
            "warning",
            "[[rule.match]]\npatterns = ['[A-Z]{3}']\ncase = \"match-capitals\"\n"
        ),
    );
    let rules = RuleSet::compile(&pack(&[("t.toml", &text)])).unwrap();
    let found: Vec<(String, String)> = rules
        .check("Pears, spears and ABC but not abc or ABCD.")
        .iter()
        .map(|f| (f.rule.id.clone(), f.message.to_string()))
        .collect();
    let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["t/any", "t/caps"],
        "Pears (any case), not spears; ABC, not abc or ABCD"
    );
}

/// What `rules` flags in each of `texts`, one list of matched words per text.
fn flagged<'t>(rules: &RuleSet, texts: &[&'t str]) -> Vec<Vec<&'t str>> {
    texts
        .iter()
        .map(|text| {
            rules
                .check(text)
                .iter()
                .map(|f| &text[f.span.clone()])
                .collect()
        })
        .collect()
}

#[test]
fn a_condition_can_keep_to_the_clause_or_reach_the_whole_block() {
    let clause = rule(
        "t/clause",
        "warning",
        "[[rule.match]]\nterms = [\"prayer\"]\nrequires = [{ any = [\"risk\"], scope = \"clause\" }]\n",
    );
    let block = rule(
        "t/block",
        "warning",
        "[[rule.match]]\nterms = [\"apple\"]\nrequires = [{ any = [\"orchard\"], scope = \"block\" }]\n",
    );
    let rules = RuleSet::compile(&pack(&[
        ("p.toml", HEADER),
        ("c.toml", &clause),
        ("b.toml", &block),
    ]))
    .unwrap();
    let found = flagged(
        &rules,
        &[
            "Daily prayer was listed as a risk.",
            "The prayer room is open; the risk assessment is on the wall.",
            "The prayer room is open, but the risk assessment is overdue.",
            "An apple fell. The orchard is old.",
        ],
    );
    assert_eq!(
        found,
        [vec!["prayer"], vec![], vec![], vec!["apple"]],
        "the clause ends at ';' and ', but'; the block reaches past the sentence"
    );
    let text = "An apple fell.\n\nThe orchard is old.";
    let blocks = [
        concord_engine::Block::paragraph(0..14),
        concord_engine::Block::paragraph(16..text.len()),
    ];
    let policy = concord_engine::Policy::new();
    assert!(
        rules.check_blocks(text, &blocks, &policy).is_empty(),
        "the block is the paragraph, not the next one"
    );
}

#[test]
fn a_condition_can_ask_for_a_link_between_the_match_and_its_word() {
    let linked = rule(
        "t/linked",
        "warning",
        "[[rule.match]]\nterms = [\"prayer\"]\nrequires = [{ any = [\"risk\", \"red flag*\"], linked_by = [\"(is|was|as) a\", \"sign of\"] }]\n",
    );
    let rules = RuleSet::compile(&pack(&[("p.toml", HEADER), ("l.toml", &linked)])).unwrap();
    let found = flagged(
        &rules,
        &[
            "Prayer is a red flag, the leaflet said.",
            "They treated prayer as a risk.",
            "A risk assessment covers the prayer room.",
            "Prayer times change; a risk is a risk.",
            "Prayer, and the risk of slipping on wet floors, were discussed.",
        ],
    );
    assert_eq!(
        found,
        [vec!["Prayer"], vec!["prayer"], vec![], vec![], vec![]],
        "the nearest word must be linked to the match by one of the phrases standing between them"
    );
}

#[test]
fn a_concern_is_turned_off_or_given_its_own_level_without_its_rule() {
    use concord_engine::{Policy, Severity};
    let r = rule(
        "t/food",
        "warning",
        "[[rule.match]]\nconcern = \"fruit\"\nterms = [\"apple\"]\n[[rule.match]]\nterms = [\"bread\"]\n",
    );
    let rules = RuleSet::compile(&pack(&[("p.toml", HEADER), ("r.toml", &r)])).unwrap();
    assert_eq!(rules.rule("t/food").unwrap().concerns, ["t/food/fruit"]);
    assert_eq!(rules.rule_or_concern("t/food/fruit").unwrap().id, "t/food");
    let found = |policy: &Policy| -> Vec<(String, Option<String>, Severity)> {
        rules
            .check_with("An apple and bread.", policy)
            .iter()
            .map(|f| (f.rule.id.clone(), f.concern.map(String::from), f.severity))
            .collect()
    };
    let fruit = || Some("t/food/fruit".to_string());
    let mut policy = Policy::new();
    policy.set_severity("t/food/fruit", Some(Severity::Error));
    assert_eq!(
        found(&policy),
        [
            ("t/food".to_string(), fruit(), Severity::Error),
            ("t/food".to_string(), None, Severity::Warning),
        ]
    );
    policy.set_severity("t/food/fruit", None);
    assert_eq!(
        found(&policy),
        [("t/food".to_string(), None, Severity::Warning)]
    );

    let bad = rule(
        "t/x",
        "warning",
        "[[rule.match]]\nconcern = \"Fruit Salad\"\nterms = [\"apple\"]\n",
    );
    let errs = errors(&[("p.toml", HEADER), ("x.toml", &bad)]);
    assert!(
        errs[0]
            .message
            .contains("must be lowercase words joined by hyphens"),
        "{errs:?}"
    );
}

#[test]
fn a_document_before_condition_reads_everything_earlier_and_can_name_the_match() {
    // The rule's own `unless` applies to both matchers: spelt out earlier, or by this use
    // ("Full Name (ABBR)", "ABBR (Full Name)").
    let spelt_out = "[[rule]]\nid = \"t/abbr\"\nseverity = \"info\"\nsummary = \"s\"\nmessage = \"m\"\nrationale = \"r\"\nsource = \"s\"\nunless = [{ pattern = '(\\($0\\))|\\b$0 \\(\\p{Lu}', scope = \"document-before\" }, { pattern = '\\w \\($', side = \"before\", within = 1 }, { pattern = '^ \\(\\p{Lu}', side = \"after\", within = 1 }]\n[[rule.match]]\nterms = [\"MASH\"]\ncase = \"match-capitals\"\n[[rule.match]]\npatterns = ['\\b[A-Z]{3}\\b']\ncase = \"match-capitals\"\n[rule.examples]\nflag = []\npass = []\n";
    let after_intro = rule(
        "t/intro",
        "warning",
        "[[rule.match]]\nterms = [\"pear\"]\nunless = [{ any = [\"apple\"], scope = \"document-before\" }]\n",
    );
    let rules = RuleSet::compile(&pack(&[
        ("p.toml", HEADER),
        ("a.toml", spelt_out),
        ("i.toml", &after_intro),
    ]))
    .unwrap();
    let found = flagged(
        &rules,
        &[
            "Call the MASH. The Multi-Agency Safeguarding Hub (MASH) replies. Call the MASH.",
            "The MASH (Multi-Agency Safeguarding Hub) replies. Call the MASH.",
            "The PVE (Preventing Violent Extremism) team and the CVE team. The PVE team.",
            "A pear, then an apple.\n\nA pear.",
        ],
    );
    assert_eq!(
        found,
        [vec!["MASH"], vec![], vec!["CVE"], vec!["pear"],],
        "spelt out here or earlier, for each matched text on its own; a fixed pattern counts from where it first stands"
    );
}

#[test]
fn a_singular_match_stands_for_its_plural() {
    let abbr = rule(
        "t/abbr",
        "info",
        "[[rule.match]]\npatterns = ['\\b([A-Z]{3})s?\\b']\ncase = \"match-capitals\"\nunless = [{ pattern = '\\($0s?\\)', scope = \"document-before\", singular = true }, { pattern = '\\($', side = \"before\", within = 1 }]\n",
    );
    let rules = RuleSet::compile(&pack(&[("p.toml", HEADER), ("a.toml", &abbr)])).unwrap();
    let found = flagged(
        &rules,
        &[
            "A Designated Safeguarding Lead (DSL) in each school. The DSLs meet.",
            "Designated Safeguarding Leads (DSLs) meet. Each DSL reports.",
            "The DSLs meet. A Designated Safeguarding Lead (DSL) in each school.",
        ],
    );
    assert_eq!(found, [vec![], vec![], vec!["DSLs"]]);
}

#[test]
fn document_before_conditions_are_checked_on_loading() {
    for (condition, message) in [
        (
            "{ pattern = '$0 \\(', scope = \"sentence\" }",
            "`$0` (the matched text) can only be used with scope = \"document-before\"",
        ),
        (
            "{ any = [\"apple\"], scope = \"document-before\", within = 3 }",
            "it takes no `within`, `linked_by` or `side = \"after\"`",
        ),
        (
            "{ pattern = '($0)?', scope = \"document-before\" }",
            "keep `$0` outside groups",
        ),
        (
            "{ pattern = '$0 and $0', scope = \"document-before\" }",
            "`$0` can stand only once in each alternative",
        ),
        (
            "{ pattern = '$0', scope = \"document-before\" }",
            "the pattern is only `$0`, so it always holds",
        ),
        (
            "{ pattern = 'apple', scope = \"document-before\", singular = true }",
            "`singular` says what `$0` stands for: it needs a `pattern` with `$0`",
        ),
    ] {
        let bad = rule(
            "t/bad",
            "warning",
            &format!("[[rule.match]]\nterms = [\"pear\"]\nunless = [{condition}]\n"),
        );
        let errs = errors(&[("p.toml", HEADER), ("b.toml", &bad)]);
        assert_eq!(errs.len(), 1, "{condition}: {errs:?}");
        assert!(
            errs[0].message.contains(message) && errs[0].line.is_some(),
            "{condition}: {}",
            errs[0].message
        );
    }
}

#[test]
fn a_repeat_of_a_first_use_only_match_leaves_the_words_to_other_rules() {
    let once = rule(
        "t/once",
        "warning",
        "[[rule.match]]\nterms = [\"apple\"]\nfirst_only = true\n",
    );
    let always = rule("t/always", "info", "[[rule.match]]\nterms = [\"apple\"]\n");
    let rules = RuleSet::compile(&pack(&[
        ("p.toml", HEADER),
        ("o.toml", &once),
        ("a.toml", &always),
    ]))
    .unwrap();
    let text = "An apple. An apple.";
    let found: Vec<(&str, usize)> = rules
        .check(text)
        .iter()
        .map(|f| (f.rule.id.as_str(), f.span.start))
        .collect();
    assert_eq!(
        found,
        [("t/once", 3), ("t/always", 13)],
        "the more serious rule wins the first apple; the second is the other rule's"
    );
}

#[test]
fn the_builtin_packs_pass_every_check_a_pack_loaded_at_run_time_gets() {
    // Built-in patterns are compiled when a document first needs them, not at start-up; loaded
    // under another name, the same files get every check (each pattern compiled, none matching
    // empty text) that a council's own pack gets.
    let sources: Vec<PackSource> = concord_engine::builtin_sources()
        .into_iter()
        .map(|pack| PackSource {
            files: pack
                .files
                .into_iter()
                .map(|file| RuleFileSource {
                    origin: file.origin.replace("builtin:", "checked:"),
                    text: file.text,
                })
                .collect(),
        })
        .collect();
    assert!(sources[0].files[0].origin.starts_with("checked:"));
    if let Err(errors) = RuleSet::compile(&sources) {
        panic!("{errors:#?}");
    }
}

#[test]
fn a_conditions_except_phrases_hide_the_words_inside_them() {
    let text = format!(
        "{HEADER}{}",
        rule(
            "t/a",
            "warning",
            "[[rule.match]]\nterms = [\"apple\"]\nunless = [{ any = [\"not\", \"never\"], except = [\"not only\", \"who had never\"] }]\n",
        )
    );
    let rules = RuleSet::compile(&pack(&[("t.toml", &text)])).expect("the pack compiles");
    let flagged = |sentence: &str| !rules.check(sentence).is_empty();
    assert!(!flagged("An apple is not a pear."));
    assert!(flagged("An apple is not only red."));
    assert!(flagged("A boy who had never seen one ate an apple."));
    assert!(!flagged(
        "A boy who had never seen one would never eat an apple."
    ));

    for (condition, says) in [
        (
            "unless = [{ pattern = 'not', except = [\"not only\"] }]",
            "not both",
        ),
        (
            "unless = [{ any = [], except = [\"not only\"] }]",
            "no words",
        ),
    ] {
        let message = one_located_error(condition).message;
        assert!(message.contains(says), "{condition}: {message}");
    }
}
