//! Profile text through the same parser and validation as `ftzroute check`: any input may be
//! refused, none may panic.

#![no_main]

use ftzroute::core::profile::Profile;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // Profiles are read as UTF-8 text; other bytes never reach the parser.
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    match Profile::parse(Path::new("fuzz.toml"), source) {
        // What the host does next with every accepted profile: build the request and encode it.
        Ok(profile) => {
            let request = profile.request();
            serde_json::to_vec(&request).expect("a request always serializes");
        }
        // Messages point at a line and column; rendering them walks the source again.
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
