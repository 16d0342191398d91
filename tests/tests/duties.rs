//! Duties, spreadsheets, memos and calendars, through the built binary: `eval --format json|csv`,
//! `memo --format markdown|html|ics`, and `packs --format json` for the libraries' hashes.

use ftzroute_e2e::{packs_dir, run, stderr, stdout, workspace_root, zone_export};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const EXAMPLES: [&str; 3] = [
    "examples/suzhou-biologics.toml",
    "examples/nanjing-devices.toml",
    "examples/jiangsu-cro.toml",
];

const STATUSES: [&str; 7] = [
    "overdue",
    "due-soon",
    "pending",
    "done",
    "no-date",
    "on-event",
    "no-deadline",
];

fn example(path: &str) -> String {
    workspace_root().join(path).display().to_string()
}

fn packs() -> String {
    packs_dir().display().to_string()
}

/// Runs ftzroute with the workspace's packs; asserts success; returns stdout.
fn ok(args: &[&str]) -> String {
    let dir = packs();
    let mut all = args.to_vec();
    all.extend_from_slice(&["--packs", dir.as_str()]);
    let output = run(&all);
    assert!(
        output.status.success(),
        "ftzroute {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

fn eval_json(profile: &str) -> Value {
    serde_json::from_str(&ok(&["eval", profile, "--format", "json"])).unwrap()
}

fn duty<'a>(export: &'a Value, id: &str) -> &'a Value {
    export["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no duty {id} in {}", export["obligations"]))
}

#[test]
fn eval_json_gives_every_export_its_duties_with_dates_and_statuses() {
    let report = eval_json(&example("examples/suzhou-biologics.toml"));
    // The contract took effect on Monday 22 September 2025: 10 working days count the adjusted
    // Sunday 28 September and Saturday 11 October, and skip the 1-8 October holiday.
    let trial = zone_export(&report, "jiangsu", "trial-subjects");
    let filing = duty(trial, "scc-filing");
    assert_eq!(filing["due"], "2025-10-11");
    assert_eq!(filing["status"], "due-soon");
    assert_eq!(filing["pack"], "national-cbdf-2024");
    assert_eq!(filing["confidence"], "secondary");
    assert!(filing["basis_zh"]
        .as_str()
        .unwrap()
        .contains("个人信息出境标准合同办法"));
    let report_duty = duty(trial, "jiangsu-art-12-report");
    assert_eq!(report_duty["due"], Value::Null);
    assert_eq!(report_duty["status"], "no-deadline");
    assert_eq!(
        duty(trial, "jiangsu-art-12-incident-24h")["status"],
        "on-event"
    );
    let certificate = duty(
        zone_export(&report, "jiangsu", "pv-cases"),
        "certificate-validity",
    );
    assert_eq!(certificate["due"], "2028-06-20");
    assert_eq!(certificate["status"], "pending");
    // Outside the zone the list's duties do not apply; the assessment's do.
    let national = zone_export(&report, "national", "trial-subjects");
    assert_eq!(national["route"], "security-assessment");
    assert!(national["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| !d["id"].as_str().unwrap().starts_with("jiangsu-")));
    assert_eq!(duty(national, "sa-validity")["status"], "no-date");
    // General data carries no personal-information duty.
    let general = zone_export(&report, "jiangsu", "process-data");
    assert!(general["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| !d["id"].as_str().unwrap().starts_with("pipl-")));
    // Every duty of every example has the documented fields.
    for profile in EXAMPLES {
        let report = eval_json(&example(profile));
        for zone in report["zones"].as_array().unwrap() {
            for export in zone["exports"].as_array().unwrap() {
                for duty in export["obligations"].as_array().unwrap() {
                    for field in ["id", "duty", "duty_zh", "basis", "basis_zh", "timing"] {
                        assert!(duty[field].is_string(), "{field} of {duty}");
                    }
                    assert!(duty["due"].is_string() || duty["due"].is_null(), "{duty}");
                    let status = duty["status"].as_str().unwrap();
                    assert!(STATUSES.contains(&status), "{status}");
                    assert_eq!(
                        duty["due"].is_null(),
                        matches!(status, "no-date" | "on-event" | "no-deadline"),
                        "{duty}"
                    );
                }
            }
        }
    }
}

#[test]
fn overdue_and_done_follow_the_profile_dates() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        "as_of = 2025-12-01\n[handler]\nname = \"H\"\nsector = \"retail\"\n\
         [[export]]\nid = \"members\"\nkind = \"personal\"\npersons = 150000\n\
         [export.dates]\ncontract_effective = 2025-11-03\n\
         [[export]]\nid = \"owners\"\nkind = \"personal\"\nsensitive = true\npersons = 20000\n\
         [export.dates]\nself_assessment_done = 2025-06-30\nassessment_approved = 2025-09-10\n",
    )
    .unwrap();
    let report = eval_json(profile.to_str().unwrap());
    let filing = duty(zone_export(&report, "national", "members"), "scc-filing");
    assert_eq!(filing["due"], "2025-11-17");
    assert_eq!(filing["status"], "overdue");
    let owners = zone_export(&report, "national", "owners");
    assert_eq!(
        duty(owners, "sa-filing-after-self-assessment")["status"],
        "done"
    );
    assert_eq!(duty(owners, "sa-validity")["due"], "2028-09-10");
    assert_eq!(duty(owners, "sa-extension")["opens"], "2028-06-19");
    assert!(duty(owners, "sa-extension")["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n
            .as_str()
            .unwrap()
            .contains("No working-day calendar is published for 2028")));
    assert_eq!(duty(owners, "incident-report-4h")["status"], "on-event");
}

#[test]
fn an_approval_before_the_self_assessment_leaves_the_filing_overdue_in_eval_and_memo() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        "as_of = 2026-03-01\n[handler]\nname = \"H\"\nsector = \"retail\"\n\
         [[export]]\nid = \"owners\"\nkind = \"personal\"\nsensitive = true\npersons = 20000\n\
         [export.dates]\nassessment_approved = 2024-02-29\nself_assessment_done = 2025-11-30\n",
    )
    .unwrap();
    let path = profile.to_str().unwrap();
    let report = eval_json(path);
    let owners = zone_export(&report, "national", "owners");
    assert_eq!(owners["route"], "security-assessment");
    let filing = duty(owners, "sa-filing-after-self-assessment");
    // 3 months after 30 November 2025: Saturday 28 February 2026, a working day in the 2026
    // calendar (made up for the Spring Festival), so the day before as_of.
    assert_eq!(filing["due"], "2026-02-28");
    assert_eq!(filing["status"], "overdue", "{filing}");
    let notes: Vec<&str> = filing["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("Not done")
            && n.contains("assessment_approved (2024-02-29)")
            && n.contains("self_assessment_done (2025-11-30)")),
        "{notes:?}"
    );
    assert!(!notes.iter().any(|n| n.starts_with("Done")), "{notes:?}");

    let memo = ok(&["memo", path, "--zone", "national"]);
    let row = memo
        .lines()
        .find(|l| l.starts_with("| sa-filing-after-self-assessment |"))
        .unwrap_or_else(|| panic!("no filing row in the memo:\n{memo}"));
    assert!(
        row.contains("2026-02-28") && row.contains("overdue"),
        "{row}"
    );
    assert!(!row.contains("| done |"), "{row}");
    // Markdown escapes the underscore.
    assert!(
        row.contains("Not done: the profile gives assessment\\_approved (2024-02-29)"),
        "{row}"
    );
}

#[test]
fn bad_export_dates_are_refused_with_file_line_column_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("bad.toml");
    let base = "as_of = 2025-12-01\n[handler]\nname = \"H\"\nsector = \"retail\"\n\
                [[export]]\nid = \"members\"\nkind = \"personal\"\npersons = 150000\n\
                [export.dates]\n";
    for (line, expected) in [
        ("contract_signed = 2025-11-03\n", "contract_signed"),
        (
            "contract_effective = 2025-11-31\n",
            "bad.toml:10:22: field `export[0].dates.contract_effective`: `2025-11-31` is not a \
             date: November 2025 has no day 31",
        ),
        (
            "contract_effective = 2025-11-03T10:00:00\n",
            "export[0].dates.contract_effective",
        ),
        (
            "contract_effective = \"3 November\"\n",
            "expected a date such as 2025-10-01",
        ),
    ] {
        std::fs::write(&profile, format!("{base}{line}")).unwrap();
        let output = run(&["eval", profile.to_str().unwrap(), "--packs", &packs()]);
        assert_eq!(output.status.code(), Some(2), "{line}");
        let message = stderr(&output);
        assert!(message.contains("bad.toml:10:"), "{message}");
        assert!(message.contains(expected), "{message}");
        assert!(stdout(&output).is_empty());
    }
}

#[test]
fn eval_csv_parses_back_with_one_row_per_zone_and_export() {
    for profile in EXAMPLES {
        let path = example(profile);
        let text = ok(&["eval", &path, "--format", "csv"]);
        let report = eval_json(&path);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            [
                "zone",
                "export",
                "route",
                "item",
                "citation_zh",
                "citation_en",
                "counted_persons",
                "counted_from",
                "counted_to",
                "next_route",
                "next_at_persons",
                "headroom_persons",
                "next_duty",
                "next_duty_due",
                "next_duty_status",
                "trial_ended",
                "profile_notes",
                "error"
            ]
        );
        let rows: Vec<BTreeMap<String, String>> =
            reader.deserialize().map(|r| r.unwrap()).collect();
        let expected: Vec<(&str, &str)> = report["zones"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|z| {
                z["exports"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |e| (z["zone"].as_str().unwrap(), e["id"].as_str().unwrap()))
            })
            .collect();
        assert_eq!(rows.len(), expected.len(), "{profile}");
        for (row, (zone, id)) in rows.iter().zip(expected) {
            let json = zone_export(&report, zone, id);
            assert_eq!((row["zone"].as_str(), row["export"].as_str()), (zone, id));
            assert_eq!(row["route"], json["route"].as_str().unwrap());
            let item = json["list_item"]
                .as_u64()
                .map(|n| n.to_string())
                .unwrap_or_default();
            assert_eq!(row["item"], item);
            assert_eq!(
                row["trial_ended"],
                json["trial_ended"].as_str().unwrap_or_default()
            );
            assert_eq!(row["profile_notes"], "", "the examples declare nothing");
            let counted = json["counted_persons"].as_u64();
            assert_eq!(
                row["counted_persons"],
                counted.map(|n| n.to_string()).unwrap_or_default()
            );
            match json["next"].as_object() {
                Some(next) => {
                    let at = next["at_persons"].as_u64().unwrap();
                    assert_eq!(row["next_at_persons"], at.to_string());
                    assert_eq!(
                        row["headroom_persons"],
                        (at - counted.unwrap_or(0)).to_string()
                    );
                }
                None => assert_eq!(row["next_route"], ""),
            }
            // The next duty is the earliest dated duty not done.
            let earliest = json["obligations"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["due"].is_string() && d["status"] != "done")
                .map(|d| d["due"].as_str().unwrap())
                .min()
                .unwrap_or("");
            assert_eq!(row["next_duty_due"], earliest, "{zone} {id}");
            if !earliest.is_empty() {
                assert_eq!(duty(json, &row["next_duty"])["due"], earliest);
            }
        }
        // Citations with commas survive the round trip.
        assert!(rows.iter().any(|r| r["citation_en"].contains(", ")));
    }
}

/// `ftzroute packs --format json`: pack id -> sha256.
fn pack_hashes() -> BTreeMap<String, String> {
    let list: Value = serde_json::from_str(&ok(&["packs", "--format", "json"])).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let sha = p["sha256"].as_str().unwrap().to_string();
            assert_eq!(sha.len(), 64);
            (p["id"].as_str().unwrap().to_string(), sha)
        })
        .collect()
}

#[test]
fn the_markdown_memo_of_each_example_has_every_part_and_the_packs_hashes() {
    let hashes = pack_hashes();
    assert!(hashes.contains_key("national-cbdf-2024"));
    for profile in EXAMPLES {
        let path = example(profile);
        let memo = ok(&["memo", &path]);
        for heading in [
            "# Data-export decision memo: ",
            "## 1. Summary",
            "## 2. The profile",
            "## 3. Routes and duties by zone",
            "## 4. Interpretations applied",
            "## 5. Undetermined points and readings to check",
            "## 6. Packs used",
        ] {
            assert!(memo.contains(heading), "{profile}: {heading}");
        }
        let report = eval_json(&path);
        for zone in report["zones"].as_array().unwrap() {
            for export in zone["exports"].as_array().unwrap() {
                assert!(memo.contains(&format!("#### {}: ", export["id"].as_str().unwrap())));
            }
        }
        for (id, sha) in &hashes {
            assert!(
                memo.contains(&format!("| {id} | ")) && memo.contains(sha.as_str()),
                "{profile}: pack {id} with {sha}"
            );
        }
        // The profile is reproduced verbatim.
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(memo.contains(&text), "{profile}");
    }
}

/// The HTML memo of `profile`, checked for well-formedness and parsed into (element path,
/// text) facts.
struct Parsed {
    elements: Vec<String>,
    h2: Vec<String>,
    title: String,
    text: String,
    attributes: BTreeSet<String>,
}

fn parse_html(html: &str) -> Parsed {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut parsed = Parsed {
        elements: Vec::new(),
        h2: Vec::new(),
        title: String::new(),
        text: String::new(),
        attributes: BTreeSet::new(),
    };
    loop {
        match reader.read_event().expect("well-formed XHTML") {
            Event::Start(start) => {
                let name = String::from_utf8(start.name().as_ref().to_vec()).unwrap();
                for attribute in start.attributes() {
                    let attribute = attribute.unwrap();
                    parsed
                        .attributes
                        .insert(String::from_utf8(attribute.key.as_ref().to_vec()).unwrap());
                }
                stack.push(name.clone());
                parsed.elements.push(stack.join("/"));
            }
            Event::Empty(empty) => {
                let name = String::from_utf8(empty.name().as_ref().to_vec()).unwrap();
                for attribute in empty.attributes() {
                    let attribute = attribute.unwrap();
                    parsed
                        .attributes
                        .insert(String::from_utf8(attribute.key.as_ref().to_vec()).unwrap());
                }
                parsed.elements.push(format!("{}/{name}", stack.join("/")));
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(text) => {
                let text = text.decode().unwrap();
                let text = quick_xml::escape::unescape(&text).unwrap().into_owned();
                match stack.last().map(String::as_str) {
                    Some("h2") => parsed.h2.push(text.clone()),
                    Some("title") => parsed.title.push_str(&text),
                    _ => {}
                }
                parsed.text.push_str(&text);
            }
            Event::GeneralRef(reference) => {
                let name = String::from_utf8(reference.to_vec()).unwrap();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "#39" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                match stack.last().map(String::as_str) {
                    Some("h2") => {
                        if let Some(last) = parsed.h2.last_mut() {
                            last.push_str(c);
                        }
                    }
                    Some("title") => parsed.title.push_str(c),
                    _ => {}
                }
                parsed.text.push_str(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    parsed
}

#[test]
fn the_html_memo_of_each_example_is_well_formed_self_contained_and_structured() {
    let hashes = pack_hashes();
    for profile in EXAMPLES {
        let path = example(profile);
        let html = ok(&["memo", &path, "--format", "html"]);
        assert!(html.starts_with("<!DOCTYPE html>"));
        let parsed = parse_html(&html);
        assert!(parsed.elements.contains(&"html/head/title".to_string()));
        assert!(parsed.elements.contains(&"html/head/style".to_string()));
        assert!(parsed.title.starts_with("Data-export decision memo: "));
        assert!(parsed.elements.iter().any(|e| e == "html/body/h1"));
        assert_eq!(
            parsed.h2,
            [
                "1. Summary",
                "2. The profile",
                "3. Routes and duties by zone",
                "4. Interpretations applied",
                "5. Undetermined points and readings to check",
                "6. Packs used"
            ],
            "{profile}"
        );
        // Every h2 opens its own section.
        assert_eq!(
            parsed
                .elements
                .iter()
                .filter(|e| *e == "html/body/section")
                .count(),
            6
        );
        assert!(parsed
            .elements
            .iter()
            .any(|e| e == "html/body/section/table/tbody/tr/td"));
        assert!(parsed
            .elements
            .iter()
            .any(|e| e == "html/body/section/pre/code"));
        // No script, no external asset: nothing that loads anything.
        for element in &parsed.elements {
            let name = element.rsplit('/').next().unwrap();
            assert!(
                !["script", "link", "img", "iframe", "object", "embed"].contains(&name),
                "{element}"
            );
        }
        for attribute in ["src", "href", "srcset"] {
            assert!(!parsed.attributes.contains(attribute), "{attribute}");
        }
        assert!(!html.contains("url("), "no style sheet reference");
        assert!(html.contains("@media print"));
        // The text survives escaping: the profile verbatim, and the packs' hashes.
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(parsed.text.contains(text.trim_end()), "{profile}");
        for sha in hashes.values() {
            assert!(parsed.text.contains(sha.as_str()));
        }
    }
}

#[test]
fn markup_in_a_profile_is_escaped_in_the_html_memo() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        "title = \"<script>alert('x')</script> & co\"\nas_of = 2025-10-01\n\
         [handler]\nname = \"A <b>bold</b> Co.\"\nsector = \"retail\"\n\
         [[export]]\nid = \"members\"\nlabel = \"</td></tr></table>\"\nkind = \"personal\"\npersons = 10\n",
    )
    .unwrap();
    let html = ok(&["memo", profile.to_str().unwrap(), "--format", "html"]);
    let parsed = parse_html(&html);
    assert!(!parsed
        .elements
        .iter()
        .any(|e| e.ends_with("/script") || e.ends_with("/b")));
    assert!(parsed.title.contains("<script>alert('x')</script> & co"));
    assert!(parsed.text.contains("A <b>bold</b> Co."));
    assert!(parsed.text.contains("</td></tr></table>"));
}

#[test]
fn memo_output_goes_to_a_file_and_unknown_zones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("memo.md");
    let path = example("examples/jiangsu-cro.toml");
    let printed = ok(&[
        "memo",
        &path,
        "--zone",
        "jiangsu",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(printed.is_empty());
    let memo = std::fs::read_to_string(&out).unwrap();
    assert!(memo.contains("(jiangsu)"));
    assert!(
        !memo.contains("### Outside any FTZ list"),
        "only the zone asked for"
    );
    let output = run(&["memo", &path, "--zone", "mars", "--packs", &packs()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown zone `mars`"));
}

fn calendars(text: &str) -> Vec<ical::parser::ical::component::IcalCalendar> {
    ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .map(|calendar| calendar.expect("a valid iCalendar"))
        .collect()
}

fn property<'a>(properties: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[test]
fn the_ics_calendar_parses_back_with_one_all_day_event_per_dated_duty() {
    for profile in EXAMPLES {
        let path = example(profile);
        let text = ok(&["memo", &path, "--format", "ics"]);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "a line of {} octets", line.len());
        }
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        let parsed = calendars(&text);
        assert_eq!(parsed.len(), 1);
        let calendar = &parsed[0];
        assert_eq!(property(&calendar.properties, "VERSION"), Some("2.0"));
        // The events are exactly the dated duties not done, with their dates.
        let report = eval_json(&path);
        let mut expected = BTreeMap::new();
        for zone in report["zones"].as_array().unwrap() {
            for export in zone["exports"].as_array().unwrap() {
                for duty in export["obligations"].as_array().unwrap() {
                    if duty["due"].is_string() && duty["status"] != "done" {
                        let key = format!(
                            "{} — {} ({})",
                            duty["id"].as_str().unwrap(),
                            export["id"].as_str().unwrap(),
                            zone["zone"].as_str().unwrap()
                        );
                        expected.insert(key, duty["due"].as_str().unwrap().replace('-', ""));
                    }
                }
            }
        }
        assert_eq!(calendar.events.len(), expected.len(), "{profile}");
        let mut uids = BTreeSet::new();
        for event in &calendar.events {
            let summary = property(&event.properties, "SUMMARY").unwrap();
            let summary = summary.trim_start_matches("OVERDUE: ");
            let start = event
                .properties
                .iter()
                .find(|p| p.name == "DTSTART")
                .unwrap();
            assert_eq!(Some(&expected[summary]), start.value.as_ref(), "{summary}");
            let params = start.params.as_ref().unwrap();
            assert!(
                params.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]),
                "all-day"
            );
            assert!(uids.insert(property(&event.properties, "UID").unwrap().to_string()));
            assert!(property(&event.properties, "DTSTAMP")
                .unwrap()
                .ends_with('Z'));
            let description = property(&event.properties, "DESCRIPTION").unwrap();
            assert!(description.contains("Basis: "), "{description}");
        }
        // The same profile gives the same UIDs: a re-import updates rather than duplicates.
        let again = calendars(&ok(&["memo", &path, "--format", "ics"]));
        let again: BTreeSet<String> = again[0]
            .events
            .iter()
            .map(|e| property(&e.properties, "UID").unwrap().to_string())
            .collect();
        assert_eq!(again, uids);
    }
}

#[test]
fn folded_chinese_text_unfolds_to_the_duty_as_declared() {
    let path = example("examples/suzhou-biologics.toml");
    let text = ok(&["memo", &path, "--format", "ics", "--zone", "jiangsu"]);
    let calendar = &calendars(&text)[0];
    let filing = calendar
        .events
        .iter()
        .find(|e| {
            property(&e.properties, "SUMMARY") == Some("scc-filing — trial-subjects (jiangsu)")
        })
        .expect("the contract filing is dated");
    assert_eq!(property(&filing.properties, "DTSTART"), Some("20251011"));
    assert_eq!(property(&filing.properties, "DTEND"), Some("20251012"));
    let report = eval_json(&path);
    let zh = duty(
        zone_export(&report, "jiangsu", "trial-subjects"),
        "scc-filing",
    )["duty_zh"]
        .as_str()
        .unwrap()
        .replace(',', "\\,")
        .replace(';', "\\;");
    let description = property(&filing.properties, "DESCRIPTION").unwrap();
    assert!(description.contains(&zh), "{description}");
}
