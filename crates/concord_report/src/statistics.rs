//! `--statistics`: how many findings each rule made, most first, as ruff prints them.

use std::io::{self, Write};

use crate::counts;
use crate::report::FileReport;

/// Writes how many findings each rule made, most first, and the total.
pub fn statistics(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let counts = counts::by_rule(reports);
    for (rule, severity, n) in &counts {
        writeln!(out, "{n:>6}  {rule:<34} {severity}")?;
    }
    let total: usize = counts.iter().map(|c| c.2).sum();
    writeln!(out, "{total:>6}  in total")
}
