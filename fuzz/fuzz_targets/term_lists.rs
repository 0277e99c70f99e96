//! Hostile term lists for `concord rules import`: arbitrary bytes as a CSV file, a spreadsheet
//! (.xlsx, .ods) or a Word document. Reading ends in a pack or a clear error, never a panic or
//! an allocation the size of a sheet's corners; and a pack the import makes always loads beside
//! the built-in packs with every example it wrote passing.
#![no_main]

use concord_engine::{RuleSet, builtin_sources};
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
    sources.push(imported.pack.source());
    let rules = RuleSet::compile(&sources).expect("an imported pack loads");
    for (id, _) in &imported.pack.rules {
        let rule = rules.rule(id).expect("every imported rule is in the pack");
        assert_eq!(rules.verify_examples(rule), [], "{id}");
    }
});
