//! Golden-case text through the reader `pack test`, `pack diff` and `pack check` share: any input
//! may be refused, none may panic.

#![no_main]

use ftzroute::cases::parse_case;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    match parse_case(Path::new("fuzz.toml"), source) {
        Ok(case) => {
            let request = case.profile.request();
            serde_json::to_vec(&request).expect("a request always serializes");
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
