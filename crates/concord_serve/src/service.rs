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
    /// What the page says documents are checked against: "the rule packs cohesion (2026.12),
    /// clarity (2026.12) and our-words".
    pub packs: String,
}

/// The packs that are on under `project`, named with their editions, as a phrase for the page.
pub(crate) fn packs_checked(project: &Project) -> String {
    let names: Vec<String> = project
        .config
        .packs_on(&project.rules)
        .iter()
        .map(|p| match p.version {
            Some(version) => format!("{} ({version})", p.name),
            None => p.name.to_string(),
        })
        .collect();
    match names.as_slice() {
        [] => "no rule pack".into(),
        [one] => format!("the rule pack {one}"),
        [first @ .., last] => format!("the rule packs {} and {last}", first.join(", ")),
    }
}
