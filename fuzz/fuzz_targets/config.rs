//! concord.toml files, with `extends`: an arbitrary file extending another arbitrary file loads
//! (and shows) or is refused with an error that names the file.
#![no_main]

use concord_config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (top, base) = input.split_once("\n---\n").unwrap_or((input, ""));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("concord.toml");
    std::fs::write(&path, top).unwrap();
    std::fs::write(dir.path().join("base.toml"), base).unwrap();
    // Rule ids are checked against the rules when a project loads; that is tested elsewhere and
    // costs a rule compilation per input, so this target stops at the configuration itself.
    match Config::load(&path) {
        Ok(config) => {
            let shown = concord_config::show(&config, &dir.path().join("page.md"));
            assert!(!shown.is_empty());
        }
        Err(err) => assert!(err.to_string().contains("toml"), "{err}"),
    }
});
