//! Writes the seed answers of the `pack_response` target: the national pack's real answers to the
//! example profiles, taken from its C entry point byte for byte, and broken variants of them that
//! the host must refuse.
//!
//! `cargo run --example pack_response_seeds -- corpus/pack_response`

use ftzroute::host::parse_response;
use ftzroute::core::profile::Profile;
use ftzroute_plugin_api::abi::{status, Sink};
use ftzroute_plugin_api::{EvaluateRequest, EvaluateResponse, Pack};
use national_cbdf_2024::NationalCbdf2024;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The pack's answer through its exported function table, exactly as the host receives it.
fn answer(request: &EvaluateRequest) -> Vec<u8> {
    let json = serde_json::to_vec(request).unwrap();
    // SAFETY: the table is the pack's static one; `json` and `out` outlive the call.
    let table = unsafe { &*national_cbdf_2024::ftzroute_pack_api_v1() };
    let mut out = Vec::new();
    let code = unsafe { (table.evaluate)(json.as_ptr(), json.len(), Sink::for_vec(&mut out)) };
    assert_eq!(code, status::OK, "{}", String::from_utf8_lossy(&out));
    out
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: pack_response_seeds DIR"),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let description = NationalCbdf2024::describe();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    for path in names {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let profile = Profile::load(&path).unwrap();
        let request = profile.request();
        let real = answer(&request);
        parse_response(&description, &request, &real).expect("the pack's own answer is valid");
        write(&format!("{stem}.json"), &real);
        let mut brief = request.clone();
        brief.routes_only = true;
        write(&format!("{stem}-routes-only.json"), &answer(&brief));

        let response: EvaluateResponse = serde_json::from_slice(&real).unwrap();
        let value: Value = serde_json::from_slice(&real).unwrap();
        let mut broken: Vec<(&str, Vec<u8>)> = Vec::new();
        broken.push(("truncated", real[..real.len() / 2].to_vec()));
        let mut reordered = response.clone();
        reordered.exports.reverse();
        broken.push(("reordered", serde_json::to_vec(&reordered).unwrap()));
        let mut short = response.clone();
        short.exports.pop();
        broken.push(("one-short", serde_json::to_vec(&short).unwrap()));
        let mut unknown_rule = response.clone();
        unknown_rule.exports[0].rule = "no-such-rule".into();
        broken.push(("unknown-rule", serde_json::to_vec(&unknown_rule).unwrap()));
        let mut contradicts = response.clone();
        contradicts.exports[0].route = ftzroute_plugin_api::Route::Undetermined;
        broken.push((
            "route-contradicts-rule",
            serde_json::to_vec(&contradicts).unwrap(),
        ));
        if let Some(outcome) = response.exports.iter().position(|o| o.ladder.len() > 1) {
            let mut descending = response.clone();
            descending.exports[outcome].ladder.reverse();
            broken.push(("ladder-descends", serde_json::to_vec(&descending).unwrap()));
        }
        let mut extra_field = value.clone();
        extra_field["surprise"] = Value::from(1);
        broken.push(("unknown-field", serde_json::to_vec(&extra_field).unwrap()));
        let mut negative = value.clone();
        if let Some(count) = negative["exports"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|o| o["count"].is_object())
        {
            count["count"]["total"] = Value::from(-1);
            broken.push(("negative-total", serde_json::to_vec(&negative).unwrap()));
        }
        for (what, bytes) in broken {
            assert!(
                parse_response(&description, &request, &bytes).is_err(),
                "{stem}-{what}"
            );
            write(&format!("{stem}-{what}.json"), &bytes);
        }
    }
    // Shapes no real answer has: nothing, not JSON, not UTF-8, deep nesting, wrong types.
    write("empty.json", b"");
    write("not-json.json", b"route = \"exempt\"\n");
    write("not-utf8.json", b"{\"exports\":[{\"id\":\"\xff\xfe\"}]}");
    write(
        "deep.json",
        format!("{}{}", "[".repeat(200), "]".repeat(200)).as_bytes(),
    );
    write("exports-null.json", b"{\"exports\":null}");
    write("exports-empty.json", b"{\"exports\":[]}");
    write(
        "huge-numbers.json",
        b"{\"exports\":[{\"id\":\"a\",\"route\":\"exempt\",\"rule\":\"art-3-general\",\"ladder\":[{\"from\":18446744073709551615,\"route\":\"exempt\",\"rule\":\"art-3-general\"},{\"from\":18446744073709551616,\"route\":\"exempt\",\"rule\":\"art-3-general\"}]}]}",
    );
}
