//! Everything one run found, as every renderer takes it.

use concord_config::registry::Registry;

use crate::problem::Problem;
use crate::report::FileReport;

/// Everything one run found.
pub struct Run<'a> {
    /// Reports of the documents checked, in the order they are shown.
    pub reports: &'a [FileReport],
    /// Documents that could not be checked, and why.
    pub problems: &'a [Problem],
    /// Every rule the run could report.
    pub registry: &'a Registry,
}
