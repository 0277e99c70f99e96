//! Baselines: adopt concord on an existing site by recording today's findings, then fail only
//! on new ones. A finding is recognised by its rule, file and matched words with the words around
//! them, not by line number, so edits elsewhere in the file do not break the match.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use concord_report::{FileReport, Fingerprint};

/// A baseline file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// The findings recorded, one entry per finding (repeats are repeated).
    pub findings: Vec<Fingerprint>,
}

/// Records every finding of `reports` in a new baseline file at `path`.
pub fn write(path: &Path, reports: &[FileReport]) -> Result<usize> {
    let findings: Vec<Fingerprint> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| Fingerprint::of(r, d)))
        .collect();
    let count = findings.len();
    let text = serde_json::to_string_pretty(&Baseline {
        version: 1,
        findings,
    })?;
    std::fs::write(path, text + "\n")
        .with_context(|| format!("cannot write the baseline {}", path.display()))?;
    Ok(count)
}

/// Reads a baseline file.
pub fn read(path: &Path) -> Result<Baseline> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the baseline {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a concord baseline", path.display()))
}

/// Removes from `reports` every finding the baseline records (each entry matches once) and
/// returns how many were removed.
pub fn subtract(baseline: &Baseline, reports: &mut [FileReport]) -> usize {
    let mut remaining: HashMap<&Fingerprint, usize> = HashMap::new();
    for fingerprint in &baseline.findings {
        *remaining.entry(fingerprint).or_default() += 1;
    }
    let mut removed = 0;
    for report in reports {
        let fingerprints: Vec<Fingerprint> = report
            .diagnostics
            .iter()
            .map(|d| Fingerprint::of(report, d))
            .collect();
        let mut fingerprints = fingerprints.into_iter();
        report.diagnostics.retain(|_| {
            let fingerprint = fingerprints.next().expect("one fingerprint per diagnostic");
            match remaining.get_mut(&fingerprint) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    removed += 1;
                    false
                }
                _ => true,
            }
        });
    }
    removed
}
