//! What every request shares: the project every document is checked under, and the limits.

use std::sync::Arc;
use std::time::Duration;

use concord_config::Project;
use tokio::sync::Semaphore;

/// What every check needs, shared by all requests.
pub(crate) struct Service {
    /// The configuration and rules every document is checked under.
    pub project: Arc<Project>,
    /// The largest document accepted, in bytes.
    pub max_upload: usize,
    /// The longest one check may take.
    pub time_limit: Duration,
    /// The places for checks, shared by every route that checks: a check takes one once its
    /// upload has arrived and holds it until its work has stopped.
    pub slots: Arc<Semaphore>,
}
