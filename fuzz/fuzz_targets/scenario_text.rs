//! The scenario loader and validator on arbitrary UTF-8 text: a scenario or diagnostics that say
//! why, never a panic, a hang or a blow-up.
#![no_main]

use drillsim::scenario::{self, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = load::opening_word(text);
    // Any single part (what `drillsim check part.ron` reads) parses or says why.
    if let Err(diagnostic) = load::parse_document(text, "fuzz.ron") {
        let _ = diagnostic.to_string();
    }
    match scenario::load_str(text, "fuzz.ron") {
        Ok(loaded) => {
            assert!(!loaded.scenario.region.places.is_empty());
            let _ = loaded.warnings.to_string();
        }
        Err(diagnostics) => {
            assert!(diagnostics.has_errors(), "an invalid file must say why");
            // Rendering quotes the offending line with a caret: must not slice inside a char.
            let _ = diagnostics.to_string();
        }
    }
});
