//! Any bytes through what `itsmlint check` does to a file (parse, every rule,
//! every reporter, the fixes, the completeness report). A panic, a span off a
//! char boundary or outside the file, a JSON report that is not JSON, or a
//! machine format that renders differently from positions alone is a crash. The checks are `itsmlint::robustness`, the same tests/properties.rs runs.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = itsmlint::robustness::text_of(bytes);
    if let Err(e) = itsmlint::robustness::exercise(Path::new("fuzz.md"), text) {
        panic!("{e}");
    }
});
