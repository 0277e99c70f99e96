//! One test per built-in rule, generated from `rules/`: `cargo test daesh_naming` runs one.

use std::sync::LazyLock;

use concord_engine::RuleSet;

static BUILTIN: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);

/// Fewest examples of each kind a built-in rule must carry.
const MIN_EXAMPLES: usize = 15;

macro_rules! rule_examples {
    ($test:ident, $id:literal) => {
        #[test]
        fn $test() {
            let rule = BUILTIN
                .rule($id)
                .expect(concat!("rule ", $id, " is loaded"));
            assert!(
                rule.flag_examples.len() >= MIN_EXAMPLES,
                "{} has too few flag examples",
                $id
            );
            assert!(
                rule.pass_examples.len() >= MIN_EXAMPLES,
                "{} has too few pass examples",
                $id
            );
            let failures = BUILTIN.verify_examples(rule);
            assert!(
                failures.is_empty(),
                "{} example(s) of {} fail:\n{}",
                failures.len(),
                $id,
                failures
                    .iter()
                    .map(|f| format!("  {f}\n"))
                    .collect::<String>()
            );
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/rule_tests.rs"));

/// A rule set read back from its bytes (as concord reads the built-in packs it compiled when it
/// was built) passes every example, and writes the same bytes again.
#[test]
fn a_rule_set_read_back_from_its_bytes_checks_as_the_one_compiled() {
    let bytes = BUILTIN.to_bytes();
    let read = RuleSet::from_bytes(&bytes).expect("the bytes it wrote read back");
    assert_eq!(read.to_bytes(), bytes);
    for rule in read.rules() {
        let failures = read.verify_examples(rule);
        assert!(failures.is_empty(), "{}: {failures:?}", rule.id);
    }
    assert_eq!(
        RuleSet::builtin().to_bytes(),
        bytes,
        "compiling is deterministic"
    );
}

#[test]
fn bytes_that_are_not_a_rule_set_are_an_error() {
    let bytes = BUILTIN.to_bytes();
    for broken in [&bytes[..bytes.len() / 2], &b"not a rule set"[..], &[]] {
        let error = RuleSet::from_bytes(broken)
            .err()
            .expect("an error, not a rule set");
        assert!(error.to_string().contains("could not be read"), "{error}");
    }
}
