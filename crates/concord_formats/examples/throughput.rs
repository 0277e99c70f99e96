//! Measures how fast the engine checks one large text on one core, all rules enabled. The text
//! is read as concord reads a plain-text file (into paragraphs and list items) before the clock
//! starts; what is timed is the engine's check of its blocks.
//!
//! Usage: `throughput FILE [RUNS] [--literals OUT]`. Prints the best of RUNS timings in MB/s,
//! and with `--literals` writes every literal term the automaton scans for (one per line), so
//! `bench/throughput` can time ripgrep searching the same terms as a reference.

use std::time::Instant;

use concord_engine::{Policy, RuleSet};
use concord_formats::{Format, read_text};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .expect("usage: throughput FILE [RUNS] [--literals OUT]");
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(path).expect("FILE is readable UTF-8 text");
    let rules = RuleSet::builtin();
    if let Some(i) = args.iter().position(|a| a == "--literals") {
        let out = args.get(i + 1).expect("--literals needs a path");
        std::fs::write(out, rules.literals().join("\n") + "\n").expect("literals file is writable");
    }
    let document = read_text(Format::Text, &text);
    let mut best = f64::INFINITY;
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        findings = rules
            .check_blocks(&document.prose, document.blocks(), &Policy::new())
            .len();
        best = best.min(start.elapsed().as_secs_f64());
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "concord_engine: {mb:.1} MB, {findings} findings, best of {runs}: {best:.3} s = {:.0} MB/s",
        mb / best
    );
}
