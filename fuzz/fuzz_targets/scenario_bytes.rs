//! `drillsim check` and `drillsim run` on arbitrary bytes in a file: invalid UTF-8, byte-order
//! marks, NULs and includes that point anywhere are read or refused with a diagnostic, never a
//! panic. The file sits beside links to the shipped `county/` and `plans/` folders, so the
//! shipped roots' includes resolve and mutated roots reach the county's parts.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use drillsim::scenario;
use libfuzzer_sys::fuzz_target;

/// This process's file (fork mode runs several processes at once); `scripts/fuzz` removes the
/// folders when the run is over.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("drillsim-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a scratch folder");
        let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
        for folder in ["county", "plans"] {
            let link = dir.join(folder);
            if !link.exists() {
                std::os::unix::fs::symlink(shipped.join(folder), link).expect("link a folder");
            }
        }
        dir.join("input.ron")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let path = scratch();
    std::fs::write(path, bytes).expect("write the scratch file");
    let diagnostics = scenario::check_file(path);
    let _ = diagnostics.to_string();
    match scenario::load(path, None) {
        Ok(loaded) => assert!(!loaded.scenario.region.places.is_empty()),
        Err(diagnostics) => {
            assert!(diagnostics.has_errors(), "an invalid file must say why");
            let _ = diagnostics.to_string();
        }
    }
    // The same bytes as text, as a test or a front end would hand them over.
    let text = String::from_utf8_lossy(bytes);
    if let Err(diagnostics) = scenario::load_str(&text, "fuzz.ron") {
        assert!(diagnostics.has_errors(), "an invalid file must say why");
        let _ = diagnostics.to_string();
    }
});
