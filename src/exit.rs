//! How a command ends: its exit status, and what could not be checked, told on standard error.

use concord_report::Problem;

/// Exit status when nothing at or above `--fail-on` was found.
pub const CLEAN: u8 = 0;
/// Exit status when something at or above `--fail-on` was found.
pub const FOUND: u8 = 1;
/// Exit status when an input, folder or rule pack could not be read.
pub const TROUBLE: u8 = 2;

/// Tells the person, on standard error, what could not be checked.
pub fn report_problems(problems: &[Problem]) {
    for problem in problems {
        eprintln!("error: {}: {}", problem.name(), problem.message());
    }
}
