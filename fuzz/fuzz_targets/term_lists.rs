//! Hostile term lists for `concord rules import`: arbitrary bytes as a CSV file, a spreadsheet
//! (.xlsx, .ods) or a Word document. Reading ends in a pack or a clear error, never a panic or
//! an allocation the size of a sheet's corners; and a pack the import makes always loads beside
//! the built-in packs with every example it wrote passing.
#![no_main]

use concord_engine::{PackSource, RuleFileSource, RuleSet, builtin_sources};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else { return };
    let name = match which % 4 {
        0 => "words.csv",
        1 => "words.xlsx",
        2 => "words.ods",
        _ => "words.docx",
    };
    let Ok(imported) = concord_import::import(name, bytes, "fuzz") else { return };
    let mut sources = builtin_sources();
    sources.push(PackSource {
        files: imported
            .pack
            .files
            .iter()
            .filter(|(file, _)| file.ends_with(".toml"))
            .map(|(file, text)| RuleFileSource {
                origin: format!("fuzz/{file}"),
                text: text.clone(),
            })
            .collect(),
    });
    // `pack.toml` first, as a pack folder is read.
    let pack = sources.last_mut().unwrap();
    pack.files.sort_by_key(|f| f.origin != "fuzz/pack.toml");
    let rules = RuleSet::compile(&sources).expect("an imported pack loads");
    for (id, _) in &imported.pack.rules {
        let rule = rules.rule(id).expect("every imported rule is in the pack");
        assert_eq!(rules.verify_examples(rule), [], "{id}");
    }
});
