//! Profiles the size of a group's data inventory: every zone judged in bounded work, headroom
//! that holds when the persons are actually added, and the documented limit on exports.

use ftzroute_e2e::*;
use serde_json::Value;
use std::path::Path;

const SUBJECTS: [&str; 5] = [
    "patient",
    "trial-subject",
    "professional",
    "business-contact",
    "other",
];

/// A profile of `n` exports of every shape; `persons` overrides the persons of some exports.
fn inventory(n: usize, persons: &[(usize, u64)]) -> String {
    let mut toml = String::from(
        "as_of = 2026-03-01\n[handler]\nname = \"Example Group\"\nsector = \"biological-drug-manufacturing\"\n",
    );
    for index in 0..n {
        toml.push_str(&format!("\n[[export]]\nid = \"flow-{index:05}\"\n"));
        match index % 10 {
            8 => toml.push_str("kind = \"important\"\nnotified = false\n"),
            9 => toml.push_str("kind = \"general\"\n"),
            shape => {
                let own = persons
                    .iter()
                    .find(|(i, _)| *i == index)
                    .map(|(_, p)| *p)
                    .unwrap_or(1 + (index as u64 * 7919) % 900);
                toml.push_str(&format!(
                    "kind = \"personal\"\nsubject = \"{}\"\nsensitive = {}\npersons = {own}\n",
                    SUBJECTS[index % SUBJECTS.len()],
                    shape == 1 || shape == 4
                ));
            }
        }
    }
    toml
}

fn eval(dir: &Path, toml: &str, zones: &[&str]) -> Value {
    let file = dir.join("inventory.toml");
    std::fs::write(&file, toml).unwrap();
    let mut args = vec!["eval", file.to_str().unwrap(), "--format", "json"];
    for zone in zones {
        args.extend(["--zone", zone]);
    }
    let output = run(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn a_large_inventory_is_judged_in_every_zone_and_its_headroom_holds() {
    let dir = tempfile::tempdir().unwrap();
    let n = 300;
    let report = eval(dir.path(), &inventory(n, &[]), &[]);
    let zones = report["zones"].as_array().unwrap();
    assert_eq!(zones.len(), bundled_zone_ids().len());
    for zone in zones {
        assert!(zone.get("error").is_none(), "{zone}");
        assert_eq!(zone["exports"].as_array().unwrap().len(), n);
    }
    // Each zone lists a note's others by a few names and a count, never all of them.
    let text = report.to_string();
    assert!(
        text.contains("other exports"),
        "names are counted past five"
    );
    assert!(
        !text.contains("flow-00001, flow-00002, flow-00003, flow-00004, flow-00005, flow-00006")
    );

    // The count at which an export's route gets stricter is where adding those persons to it
    // makes it so, and one person fewer does not.
    for zone in ["jiangsu", "national"] {
        for index in [0usize, 1, 2, 5] {
            let id = format!("flow-{index:05}");
            let export = zone_export(&report, zone, &id);
            let Some(at) = export["next"]["at_persons"].as_u64() else {
                continue;
            };
            let counted = export["counted_persons"].as_u64().unwrap();
            let own = 1 + (index as u64 * 7919) % 900;
            let stricter = export["next"]["route"].as_str().unwrap();
            for (added, expected) in [
                (at - counted - 1, export["route"].as_str().unwrap()),
                (at - counted, stricter),
            ] {
                let probed = eval(dir.path(), &inventory(n, &[(index, own + added)]), &[zone]);
                let route = zone_export(&probed, zone, &id)["route"]
                    .as_str()
                    .unwrap()
                    .to_string();
                assert_eq!(route, expected, "{zone} {id} with {added} more persons");
            }
        }
    }
}

#[test]
fn a_profile_over_the_export_limit_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inventory.toml");
    std::fs::write(&file, inventory(10_001, &[])).unwrap();
    let output = run(&["eval", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("inventory.toml:"), "{message}");
    assert!(message.contains("export[10000]"), "{message}");
    assert!(
        message.contains("10,001 exports, over the limit of 10,000 per profile"),
        "{message}"
    );
    assert!(message.contains("split the inventory"), "{message}");
    assert!(stdout(&output).is_empty());
}

/// A profile of `n` exports, export `long_id` with an id of 129 characters, each with a
/// scenario of `scenario_length` characters.
fn long_fields(n: usize, long_id: Option<usize>, scenario_length: usize) -> String {
    let mut toml = String::from(
        "as_of = 2026-03-01\n[handler]\nname = \"Example Group\"\nsector = \"biological-drug-manufacturing\"\n",
    );
    for index in 0..n {
        let id = if long_id == Some(index) {
            format!("{index:05}-{}", "x".repeat(123))
        } else {
            format!("flow-{index:05}")
        };
        toml.push_str(&format!(
            "\n[[export]]\nid = \"{id}\"\nkind = \"personal\"\nsubject = \"patient\"\npersons = 10\n"
        ));
        if scenario_length > 0 {
            toml.push_str(&format!("scenario = \"{}\"\n", "s".repeat(scenario_length)));
        }
    }
    toml
}

/// Runs `eval` on `text` expecting a profile error; returns stderr.
fn refused(dir: &Path, text: &str) -> String {
    let file = dir.join("inventory.toml");
    std::fs::write(&file, text).unwrap();
    let output = run(&["eval", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    stderr(&output)
}

/// The line of `text` that starts with `prefix`, counted from 1.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

#[test]
fn fields_too_long_for_a_pack_answer_or_a_runner_frame_are_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    // An id past 128 characters, where it stands.
    let text = long_fields(5, Some(3), 0);
    let message = refused(dir.path(), &text);
    assert!(
        message.contains("the export id is 129 characters, over the limit of 128")
            && message.contains("put a description in `label`")
            && message.contains("export[3].id")
            && message.contains(&format!(
                "inventory.toml:{}:",
                line_of(&text, "id = \"00003-")
            )),
        "{message}"
    );
    assert!(
        eval(dir.path(), &long_fields(5, None, 0), &["national"])["zones"][0]["exports"]
            .as_array()
            .is_some_and(|exports| exports.len() == 5)
    );

    // Exports that take more than 8 MiB as a pack receives them: refused at the first export
    // past the limit, before any pack is asked.
    let text = long_fields(1_000, None, 9_000);
    let message = refused(dir.path(), &text);
    assert!(
        message.contains("over the limit of 8,388,608 bytes per profile")
            && message.contains("split the inventory"),
        "{message}"
    );
    let index: usize = message
        .split("export[")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a field export[N].id: {message}"));
    assert!((800..1_000).contains(&index), "{message}");
    assert!(
        message.contains(&format!("export[{index}].id"))
            && message.contains(&format!(
                "inventory.toml:{}:",
                line_of(&text, &format!("id = \"flow-{index:05}\""))
            )),
        "{message}"
    );
}
