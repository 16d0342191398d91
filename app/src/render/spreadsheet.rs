//! `eval --format csv`: one row per zone and export, for spreadsheets. The `csv` crate quotes
//! fields that need it (commas, quotes, line breaks), so citations and notes survive intact.
//! `counted_from` and `counted_to` name the window a transfer ledger was counted in;
//! `profile_notes` carries what the profile declares (a sector outside every list) on every row.

use crate::common::dates::format_date;
use crate::core::engine::ZoneResult;
use crate::core::profile::Profile;
use crate::render::report::next_duty;

/// What the document starts with: the UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xef\xbb\xbf";

/// The header, in column order.
pub const COLUMNS: [&str; 18] = [
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
    "error",
];

/// The CSV document: a header, then one row per zone and export, zones in the order given. A zone
/// that could not be judged has one row, route `error`, saying which pack failed and how.
pub fn csv(profile: &Profile, zones: &[ZoneResult]) -> String {
    let mut bytes = Vec::new();
    write_csv(profile, zones, &mut bytes).expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}

/// [`csv`], written row by row to `out`.
pub fn write_csv(
    profile: &Profile,
    zones: &[ZoneResult],
    out: &mut dyn std::io::Write,
) -> csv::Result<()> {
    let notes = profile.notes.join(" ");
    // A UTF-8 byte-order mark first: without it Excel reads the file in the machine's code page
    // and garbles `citation_zh`; CSV readers of other tools skip it.
    out.write_all(BOM)?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for zone in zones {
        let zone = match zone {
            Ok(zone) => zone,
            Err(failure) => {
                let mut row = vec![String::new(); COLUMNS.len()];
                row[0] = failure.zone.clone();
                row[2] = "error".into();
                row[COLUMNS.len() - 2] = notes.clone();
                row[COLUMNS.len() - 1] = failure.fault.to_string();
                writer.write_record(&row)?;
                continue;
            }
        };
        for export in &zone.exports {
            let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
            // The window a ledger was counted in, empty when the profile states the persons.
            let date = |d: Option<time::Date>| d.map(format_date).unwrap_or_default();
            let duty = next_duty(export);
            let row = [
                zone.zone.clone(),
                export.id.clone(),
                export.route.id().to_string(),
                number(export.list_item.map(u64::from)),
                export
                    .rule
                    .as_ref()
                    .map(|r| r.citation.zh.clone())
                    .unwrap_or_default(),
                export
                    .rule
                    .as_ref()
                    .map(|r| r.citation.en.clone())
                    .unwrap_or_default(),
                number(export.counted_persons),
                date(zone.counted.map(|c| c.from)),
                date(zone.counted.map(|c| c.to)),
                export
                    .next
                    .map(|n| n.route.id().to_string())
                    .unwrap_or_default(),
                number(export.next.map(|n| n.at_persons)),
                number(export.next.map(|n| {
                    n.at_persons
                        .saturating_sub(export.counted_persons.unwrap_or(0))
                })),
                duty.map(|d| d.duty.id.clone()).unwrap_or_default(),
                duty.and_then(|d| d.due)
                    .map(format_date)
                    .unwrap_or_default(),
                duty.map(|d| d.status.id().to_string()).unwrap_or_default(),
                export.trial_ended.clone().unwrap_or_default(),
                notes.clone(),
                String::new(),
            ];
            writer.write_record(&row)?;
        }
    }
    writer.flush()?;
    Ok(())
}
