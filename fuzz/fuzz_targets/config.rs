//! concord.toml files, with `extends`: an arbitrary file extending another arbitrary file loads
//! or is refused with located errors.
#![no_main]

use concord_config::{ConfigChoice, Projects};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    // Pack folders would make the fuzzer read the machine's files; they are tested elsewhere.
    if input.contains("pack") {
        return;
    }
    let (top, base) = input.split_once("\n---\n").unwrap_or((input, ""));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("concord.toml"), top).unwrap();
    std::fs::write(dir.path().join("base.toml"), base).unwrap();
    let projects = Projects::new(ConfigChoice::File(dir.path().join("concord.toml")), &[]);
    match projects.for_dir(dir.path()) {
        Ok(project) => {
            let _ = concord_config::show(&project.config, &dir.path().join("page.md"));
        }
        Err(err) => assert!(!err.to_string().is_empty()),
    }
});
