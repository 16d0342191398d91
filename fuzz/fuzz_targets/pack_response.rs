//! A pack's answer bytes through the host's reading and validation, against the national pack's
//! real description and the requests of the example profiles: any answer may be refused as a bad
//! document, none may panic the host.

#![no_main]

use ftzroute::host::{parse_response, validate_description};
use ftzroute::core::profile::Profile;
use ftzroute_plugin_api::{Description, EvaluateRequest, Pack};
use libfuzzer_sys::fuzz_target;
use national_cbdf_2024::NationalCbdf2024;
use std::path::Path;
use std::sync::OnceLock;

const EXAMPLES: [(&str, &str); 3] = [
    (
        "jiangsu-cro.toml",
        include_str!("../../examples/jiangsu-cro.toml"),
    ),
    (
        "nanjing-devices.toml",
        include_str!("../../examples/nanjing-devices.toml"),
    ),
    (
        "suzhou-biologics.toml",
        include_str!("../../examples/suzhou-biologics.toml"),
    ),
];

struct Fixture {
    description: Description,
    requests: Vec<EvaluateRequest>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let description = NationalCbdf2024::describe();
        validate_description(&description).expect("the national pack describes itself validly");
        // The empty request too: an answer with outcomes for no exports must be refused cleanly.
        let mut requests: Vec<EvaluateRequest> = EXAMPLES
            .iter()
            .map(|(name, text)| {
                Profile::parse(Path::new(name), text)
                    .expect("the example profiles parse")
                    .request()
            })
            .collect();
        let mut empty = requests[0].clone();
        empty.exports.clear();
        requests.push(empty);
        Fixture {
            description,
            requests,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let fixture = fixture();
    // The same bytes against every request: a real answer to one example is a near miss for the
    // others, which reaches the order, count and rule checks.
    for request in &fixture.requests {
        if let Ok(response) = parse_response(&fixture.description, request, data) {
            assert_eq!(response.exports.len(), request.exports.len());
        }
    }
});
